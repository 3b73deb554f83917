<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlarmBar</name>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="177"/>
        <source>Alarms not loaded</source>
        <translation>告警数据未加载</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="179"/>
        <source>No connection and no cached data</source>
        <translation>未连接, 也没有缓存数据</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="184"/>
        <source>No active alarms</source>
        <translation>当前无告警</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="222"/>
        <source>Not live: alarms as of %1 may be out of date</source>
        <translation>非实时: %1 的告警数据, 可能已过时</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="257"/>
        <source>Acknowledge alarm</source>
        <translation>确认告警</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="258"/>
        <source>Note for %1 (what was done):</source>
        <translation>%1 的处置说明 (已采取的措施):</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="289"/>
        <source>Failed: %1</source>
        <translation>操作失败: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="295"/>
        <source>Ticket %1 created</source>
        <translation>已生成工单 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="301"/>
        <location filename="../../widgets/alarm_bar.py" line="303"/>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="302"/>
        <location filename="../../widgets/alarm_bar.py" line="304"/>
        <source>To ticket</source>
        <translation>转工单</translation>
    </message>
</context>
<context>
    <name>AlarmDelegate</name>
    <message>
        <location filename="../../widgets/alarm_model.py" line="254"/>
        <source>sending…</source>
        <translation>提交中…</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="256"/>
        <source>ACTIVE</source>
        <translation>待确认</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="258"/>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
</context>
<context>
    <name>AlarmType</name>
    <message>
        <location filename="../../widgets/alarm_model.py" line="24"/>
        <source>One-key alarm</source>
        <translation>一键报警</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="25"/>
        <source>No motion (elderly living alone)</source>
        <translation>独居老人无活动</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="26"/>
        <source>Smoke detector</source>
        <translation>烟感报警</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="27"/>
        <source>Fall detected</source>
        <translation>跌倒报警</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="28"/>
        <source>Stranger detected</source>
        <translation>陌生人识别</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="29"/>
        <source>Crowd gathering</source>
        <translation>人员聚集</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="30"/>
        <source>Area intrusion</source>
        <translation>区域入侵</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="31"/>
        <source>Smoke or fire detected</source>
        <translation>烟火识别</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="32"/>
        <source>Gate forced open</source>
        <translation>门禁强行开启</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="33"/>
        <source>Tailgating at gate</source>
        <translation>尾随进入</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../widgets/login_dialog.py" line="30"/>
        <source>The server URL must start with ws:// or wss://</source>
        <translation>服务器地址须以 ws:// 或 wss:// 开头</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="32"/>
        <source>Enter an access token</source>
        <translation>请输入访问令牌</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="34"/>
        <source>Enter a user name and a password</source>
        <translation>请输入用户名和密码</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="112"/>
        <source>Sign in to the Gridline server</source>
        <translation>登录 Gridline 服务器</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="113"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="114"/>
        <source>Access token</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="115"/>
        <source>User and password</source>
        <translation>用户名和密码</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="116"/>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="117"/>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="118"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../widgets/main_window.py" line="28"/>
        <source>Ticket board</source>
        <translation>工单看板</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="29"/>
        <source>Ticket detail</source>
        <translation>工单详情</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="30"/>
        <location filename="../../widgets/main_window.py" line="345"/>
        <source>Alarms</source>
        <translation>告警</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="31"/>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="32"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="33"/>
        <source>Camera wall</source>
        <translation>视频墙</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="34"/>
        <source>Charts</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="302"/>
        <source>Save layout</source>
        <translation>保存布局</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="302"/>
        <source>Layout name:</source>
        <translation>布局名称:</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="313"/>
        <source>(no saved layouts)</source>
        <translation>(没有已保存的布局)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="330"/>
        <location filename="../../widgets/main_window.py" line="363"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="338"/>
        <location filename="../../widgets/main_window.py" line="364"/>
        <source>About Gridline</source>
        <translation>关于 Gridline</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="339"/>
        <source>Gridline — command-center console for community grid governance.</source>
        <translation>Gridline — 社区网格化治理指挥中心控制台。</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="350"/>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="354"/>
        <source>Gridline — grid governance command center</source>
        <translation>Gridline 网格化治理指挥中心</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="360"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="360"/>
        <source>Wall mode (full screen)</source>
        <translation>大屏模式 (全屏)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="361"/>
        <source>Save layout as…</source>
        <translation>布局另存为…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="361"/>
        <source>Reset to default layout</source>
        <translation>恢复默认布局</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="362"/>
        <source>Switch language</source>
        <translation>切换语言</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="362"/>
        <source>Mute alarm sounds</source>
        <translation>告警静音</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="363"/>
        <source>Go to alarms</source>
        <translation>转到告警</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="368"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="368"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="368"/>
        <source>La&amp;yout</source>
        <translation>布局(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="369"/>
        <source>&amp;Alarms</source>
        <translation>告警(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="369"/>
        <source>Lan&amp;guage</source>
        <translation>语言(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="370"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="372"/>
        <source>Restore layout</source>
        <translation>恢复布局</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="373"/>
        <source>Delete layout</source>
        <translation>删除布局</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location filename="../../widgets/panels.py" line="24"/>
        <source>The street map will come here: grid boundaries of every level, open tickets and active alarms at their locations, cameras and gates.</source>
        <translation>这里将显示街道地图: 各级网格边界, 未结工单和待确认告警的位置, 摄像头和门禁。</translation>
    </message>
    <message>
        <location filename="../../widgets/panels.py" line="27"/>
        <source>The camera wall will come here: live video of the cameras nearest to the selected alarm or ticket, and a chosen set of fixed views.</source>
        <translation>这里将显示视频墙: 距所选告警或工单最近的摄像头实时画面, 以及固定的监控画面。</translation>
    </message>
    <message>
        <location filename="../../widgets/panels.py" line="30"/>
        <source>Charts will come here: closure rate, on-time closure rate, rework rate and overdue counts per community, grid and category.</source>
        <translation>这里将显示统计图表: 按社区、网格和类别统计的结案率、按期结案率、返工率和超时数。</translation>
    </message>
    <message>
        <location filename="../../widgets/panels.py" line="36"/>
        <source>not built yet</source>
        <translation>尚未建设</translation>
    </message>
    <message>
        <location filename="../../widgets/panels.py" line="37"/>
        <source>This panel failed to load</source>
        <translation>此面板加载失败</translation>
    </message>
</context>
<context>
    <name>StartupSplash</name>
    <message>
        <location filename="../../widgets/app.py" line="51"/>
        <source>Gridline — grid governance command center</source>
        <translation>Gridline 网格化治理指挥中心</translation>
    </message>
    <message>
        <location filename="../../widgets/app.py" line="53"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../widgets/app.py" line="57"/>
        <source>Open the console now</source>
        <translation>立即打开控制台</translation>
    </message>
    <message>
        <location filename="../../widgets/app.py" line="58"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../widgets/app.py" line="156"/>
        <source>Loading the current state from %1…</source>
        <translation>正在从 %1 加载当前数据…</translation>
    </message>
    <message>
        <location filename="../../widgets/app.py" line="171"/>
        <source>Sign in to %1</source>
        <translation>登录 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/app.py" line="198"/>
        <source>The embedded backend did not start:
%1</source>
        <translation>内置后台未能启动:
%1</translation>
    </message>
</context>
<context>
    <name>StatusIndicator</name>
    <message>
        <location filename="../../widgets/status_indicator.py" line="24"/>
        <source>● Live</source>
        <translation>● 在线</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="25"/>
        <source>Reconnecting since %1</source>
        <translation>重连中 (自 %1 起)</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="26"/>
        <source>, data as of %1</source>
        <translation>, 数据截至 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="27"/>
        <source>Offline, showing cached data from %1</source>
        <translation>离线, 显示 %1 的缓存数据</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="28"/>
        <source>Offline, no data</source>
        <translation>离线, 无数据</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="29"/>
        <source>Connecting…, showing cached data from %1</source>
        <translation>连接中…, 显示 %1 的缓存数据</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="30"/>
        <source>Connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="31"/>
        <source>State: %1 since %2</source>
        <translation>状态: %1, 自 %2 起</translation>
    </message>
</context>
</TS>
