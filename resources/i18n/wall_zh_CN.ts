<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CameraTile</name>
    <message>
        <location filename="../../widgets/camera_tile.py" line="257"/>
        <source>No camera</source>
        <translation>无摄像机</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="257"/>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="258"/>
        <source>Buffering</source>
        <translation>正在缓冲</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="258"/>
        <source>Live</source>
        <translation>直播</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="259"/>
        <source>FROZEN: no picture</source>
        <translation>画面冻结：无图像</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="259"/>
        <source>Reconnecting</source>
        <translation>正在重连</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="260"/>
        <source>Camera offline</source>
        <translation>摄像机离线</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="260"/>
        <source>Cannot play this stream</source>
        <translation>无法播放此视频流</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="261"/>
        <source>No player for this stream</source>
        <translation>没有可播放此视频流的播放器</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="312"/>
        <source>Drop a camera here</source>
        <translation>将摄像机拖到此处</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="382"/>
        <source>last picture %1 s ago</source>
        <translation>最后画面于 %1 秒前</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="519"/>
        <source>Tour</source>
        <translation>轮巡</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="578"/>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="579"/>
        <source>Snapshot to PNG</source>
        <translation>截图保存为 PNG</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="580"/>
        <source>Clear tile</source>
        <translation>清空窗格</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="581"/>
        <source>Remove from tour group (Ctrl+click, T)</source>
        <translation>移出轮巡组（Ctrl+单击，T）</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="582"/>
        <source>Add to tour group (Ctrl+click, T)</source>
        <translation>加入轮巡组（Ctrl+单击，T）</translation>
    </message>
</context>
<context>
    <name>CameraTree</name>
    <message>
        <location filename="../../widgets/camera_tree.py" line="65"/>
        <source>Search cameras</source>
        <translation>搜索摄像机</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tree.py" line="92"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tree.py" line="97"/>
        <source>No grid</source>
        <translation>未划网格</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tree.py" line="103"/>
        <source>(offline)</source>
        <translation>（离线）</translation>
    </message>
</context>
<context>
    <name>CameraWallPanel</name>
    <message>
        <location filename="../../widgets/camera_wall.py" line="234"/>
        <source>Camera wall</source>
        <translation>视频墙</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="304"/>
        <source>ALARM</source>
        <translation>报警</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="316"/>
        <source>No cameras to tour</source>
        <translation>没有可轮巡的摄像机</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="361"/>
        <location filename="../../widgets/camera_wall.py" line="420"/>
        <source>Presets…</source>
        <translation>预案…</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="379"/>
        <location filename="../../widgets/camera_wall.py" line="408"/>
        <source>Save preset</source>
        <translation>保存预案</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="379"/>
        <source>Preset name:</source>
        <translation>预案名称：</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="384"/>
        <source>Custom layout</source>
        <translation>自定义分屏</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="384"/>
        <source>Rows x columns (e.g. 3x5):</source>
        <translation>行 x 列（如 3x5）：</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="390"/>
        <source>Not a layout: %1</source>
        <translation>无效的分屏：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="404"/>
        <source>Snapshot saved: %1</source>
        <translation>截图已保存：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="407"/>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="409"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="410"/>
        <source>Tour dwell time per page (at least 3 s)</source>
        <translation>轮巡每页停留时间（至少 3 秒）</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="412"/>
        <source>Stop tour</source>
        <translation>停止轮巡</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="412"/>
        <source>Start tour</source>
        <translation>开始轮巡</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="413"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="413"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="415"/>
        <source>Next</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="417"/>
        <source>Attach wall</source>
        <translation>收回视频墙</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="417"/>
        <source>Detach wall</source>
        <translation>分离视频墙</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="418"/>
        <source>The camera wall is in its own window.</source>
        <translation>视频墙已在独立窗口中显示。</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="421"/>
        <source>Tours the cameras listed in the tree (search narrows them) on the tour group, or on the whole wall without one. Ctrl+click tiles (or T) to make a tour group.</source>
        <translation>轮巡摄像机树中列出的摄像机（搜索可缩小范围）：有轮巡组时在轮巡组的窗格上，没有时在整面视频墙上。按住 Ctrl 单击窗格（或按 T）组成轮巡组。</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="433"/>
        <source>Tour page %1/%2</source>
        <translation>轮巡 %1/%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../widgets/camera_wall.py" line="434"/>
        <source>Tour group: %n tile(s)</source>
        <translation>
            <numerusform>轮巡组：%n 个窗格</numerusform>
        </translation>
    </message>
</context>
</TS>
