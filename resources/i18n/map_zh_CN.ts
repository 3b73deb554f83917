<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>GridCard</name>
    <message>
        <location filename="../../widgets/map_overlays.py" line="165"/>
        <source>Zoom into this grid</source>
        <translation>放大到本网格</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="181"/>
        <location filename="../../widgets/map_overlays.py" line="182"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="184"/>
        <source>… and %1 more</source>
        <translation>……另有 %1 人</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="185"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="185"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="185"/>
        <source>Head</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="186"/>
        <source>Workers</source>
        <translation>网格力量</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="186"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="187"/>
        <source>Residents</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="188"/>
        <source>Open tickets</source>
        <translation>在办事件</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="189"/>
        <source>Overdue tickets</source>
        <translation>超时事件</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="190"/>
        <source>Cameras</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="190"/>
        <source>%1 (%2 online)</source>
        <translation>%1 个（在线 %2）</translation>
    </message>
</context>
<context>
    <name>MapLegend</name>
    <message>
        <location filename="../../widgets/map_overlays.py" line="97"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="98"/>
        <source>Streets</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="98"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="98"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="99"/>
        <source>Micro-grids</source>
        <translation>微网格</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="99"/>
        <source>Tickets</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="99"/>
        <source>Alarms</source>
        <translation>报警</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="100"/>
        <source>Cameras</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="100"/>
        <source>Gates</source>
        <translation>门禁</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="100"/>
        <source>Party organisations</source>
        <translation>党组织（党建地图）</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="103"/>
        <source>Colour: open tickets</source>
        <translation>着色：在办事件数</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="103"/>
        <source>Colour: overdue tickets</source>
        <translation>着色：超时事件数</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="104"/>
        <source>Colour: residents per km²</source>
        <translation>着色：人口密度（人/km²）</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="104"/>
        <source>Colour: none</source>
        <translation>着色：无</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="108"/>
        <source>%1 on time  %2 at risk  %3 overdue</source>
        <translation>%1 正常  %2 临期  %3 超时</translation>
    </message>
</context>
<context>
    <name>MapPanel</name>
    <message>
        <location filename="../../widgets/map_panel.py" line="185"/>
        <source>Drop the ticket on a grid to dispatch it there</source>
        <translation>请把事件拖到网格上派遣</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="247"/>
        <source> … and %1 more</source>
        <translation> ……另有 %1 个</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="248"/>
        <source>Not drawn (invalid boundary): %1</source>
        <translation>边界无效，未绘制：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="296"/>
        <location filename="../../widgets/map_panel.py" line="310"/>
        <source>Nothing found for “%1”</source>
        <translation>未找到“%1”</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="305"/>
        <source>Building search failed: %1</source>
        <translation>楼栋/小区查询失败：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="401"/>
        <source>No base map (no tile server configured)</source>
        <translation>无底图（未配置瓦片服务）</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="403"/>
        <source>No base map: the tile server cannot be reached</source>
        <translation>无底图：瓦片服务器无法连接</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="438"/>
        <source>Grid map</source>
        <translation>网格地图</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="439"/>
        <source>Search: grid code or name, address, building, ticket id</source>
        <translation>搜索：网格编码或名称、地址、楼栋、事件编号</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="440"/>
        <source>Follow alarms</source>
        <translation>跟随报警</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="441"/>
        <source>%1 open</source>
        <translation>在办 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="441"/>
        <source>%1 overdue</source>
        <translation>超时 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="442"/>
        <source>%1 /km²</source>
        <translation>%1 人/km²</translation>
    </message>
</context>
</TS>
