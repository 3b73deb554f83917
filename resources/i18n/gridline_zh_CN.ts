<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlarmBar</name>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="178"/>
        <source>Alarms not loaded</source>
        <translation>告警数据未加载</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="180"/>
        <source>No connection and no cached data</source>
        <translation>未连接, 也没有缓存数据</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="185"/>
        <source>No active alarms</source>
        <translation>当前无告警</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="223"/>
        <source>Not live: alarms as of %1 may be out of date</source>
        <translation>非实时: %1 的告警数据, 可能已过时</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="258"/>
        <source>Acknowledge alarm</source>
        <translation>确认告警</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="259"/>
        <source>Note for %1 (what was done):</source>
        <translation>%1 的处置说明 (已采取的措施):</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="290"/>
        <source>Failed: %1</source>
        <translation>操作失败: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="296"/>
        <source>Ticket %1 created</source>
        <translation>已生成工单 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="302"/>
        <location filename="../../widgets/alarm_bar.py" line="304"/>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="303"/>
        <location filename="../../widgets/alarm_bar.py" line="305"/>
        <source>To ticket</source>
        <translation>转工单</translation>
    </message>
</context>
<context>
    <name>AlarmDelegate</name>
    <message>
        <location filename="../../widgets/alarm_model.py" line="268"/>
        <source>sending…</source>
        <translation>提交中…</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="270"/>
        <source>ACTIVE</source>
        <translation>待确认</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="272"/>
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
    <name>DispatchPanel</name>
    <message>
        <location filename="../../widgets/dispatch_panel.py" line="86"/>
        <source>%1 (head: %2)</source>
        <translation>%1（负责人 %2）</translation>
    </message>
    <message>
        <location filename="../../widgets/dispatch_panel.py" line="173"/>
        <source>Grid / person</source>
        <translation>网格 / 人员</translation>
    </message>
    <message>
        <location filename="../../widgets/dispatch_panel.py" line="174"/>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../../widgets/dispatch_panel.py" line="197"/>
        <source>%1 open</source>
        <translation>%1 件</translation>
    </message>
    <message>
        <location filename="../../widgets/dispatch_panel.py" line="214"/>
        <source>Drop a ticket here to dispatch it</source>
        <translation>把工单拖到这里派遣</translation>
    </message>
    <message>
        <location filename="../../widgets/dispatch_panel.py" line="296"/>
        <location filename="../../widgets/dispatch_panel.py" line="323"/>
        <source>Dispatch · grids and people</source>
        <translation>调度 · 网格与人员</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../widgets/board_filters.py" line="70"/>
        <source>All communities</source>
        <translation>全部社区</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="70"/>
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="71"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="71"/>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="72"/>
        <source>All priorities</source>
        <translation>全部级别</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="77"/>
        <source>Overdue only</source>
        <translation>只看超时</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="78"/>
        <source>Search id / title / address …</source>
        <translation>搜索 编号 / 标题 / 地址 …</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="81"/>
        <source>Sort: %1</source>
        <translation>排序: %1</translation>
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
        <location filename="../../widgets/main_window.py" line="29"/>
        <source>Ticket board</source>
        <translation>工单看板</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="30"/>
        <source>Ticket detail</source>
        <translation>工单详情</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="31"/>
        <location filename="../../widgets/main_window.py" line="376"/>
        <source>Alarms</source>
        <translation>告警</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="32"/>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="33"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="34"/>
        <source>Camera wall</source>
        <translation>视频墙</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="35"/>
        <source>Charts</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="333"/>
        <source>Save layout</source>
        <translation>保存布局</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="333"/>
        <source>Layout name:</source>
        <translation>布局名称:</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="344"/>
        <source>(no saved layouts)</source>
        <translation>(没有已保存的布局)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="361"/>
        <location filename="../../widgets/main_window.py" line="394"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="369"/>
        <location filename="../../widgets/main_window.py" line="395"/>
        <source>About Gridline</source>
        <translation>关于 Gridline</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="370"/>
        <source>Gridline — command-center console for community grid governance.</source>
        <translation>Gridline — 社区网格化治理指挥中心控制台。</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="381"/>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="385"/>
        <source>Gridline — grid governance command center</source>
        <translation>Gridline 网格化治理指挥中心</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="391"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="391"/>
        <source>Wall mode (full screen)</source>
        <translation>大屏模式 (全屏)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="392"/>
        <source>Save layout as…</source>
        <translation>布局另存为…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="392"/>
        <source>Reset to default layout</source>
        <translation>恢复默认布局</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="393"/>
        <source>Switch language</source>
        <translation>切换语言</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="393"/>
        <source>Mute alarm sounds</source>
        <translation>告警静音</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="394"/>
        <source>Go to alarms</source>
        <translation>转到告警</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="395"/>
        <source>Briefing mode</source>
        <translation>简报模式</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="396"/>
        <source>Bulletin…</source>
        <translation>生成通报…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="400"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="400"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="400"/>
        <source>La&amp;yout</source>
        <translation>布局(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="401"/>
        <source>&amp;Alarms</source>
        <translation>告警(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="401"/>
        <source>Lan&amp;guage</source>
        <translation>语言(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="402"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="404"/>
        <source>Restore layout</source>
        <translation>恢复布局</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="405"/>
        <source>Delete layout</source>
        <translation>删除布局</translation>
    </message>
</context>
<context>
    <name>PanelLinks</name>
    <message>
        <location filename="../../widgets/panel_links.py" line="64"/>
        <source>Shown in briefing mode</source>
        <translation>正在简报模式中显示</translation>
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
    <name>ResponsibilityChart</name>
    <message>
        <location filename="../../widgets/responsibility_chart.py" line="86"/>
        <source>No responsibility records yet</source>
        <translation>暂无责任记录</translation>
    </message>
    <message>
        <location filename="../../widgets/responsibility_chart.py" line="110"/>
        <source> (holding)</source>
        <translation>（持有中）</translation>
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
<context>
    <name>TicketActions</name>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="43"/>
        <source>Reason for rejecting</source>
        <translation>不予立案理由</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="44"/>
        <source>Reason for escalating</source>
        <translation>上报理由</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="45"/>
        <source>Handling result</source>
        <translation>处置结果</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="46"/>
        <source>Reason for rework</source>
        <translation>返工原因</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="47"/>
        <source>Reason for extending</source>
        <translation>延期理由</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="74"/>
        <source>Ticket %1 is no longer on the board</source>
        <translation>工单 %1 已不在看板上</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="75"/>
        <source>%1 needs %2 (%3 required)</source>
        <translation>%1需要填写%2 (%3 required)</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="76"/>
        <source>Satisfaction (1 very unsatisfied – 5 very satisfied)</source>
        <translation>满意度 (1 很不满意 – 5 很满意)</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="77"/>
        <source>Minutes to extend by</source>
        <translation>延期分钟数</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="78"/>
        <source>The ticket is already with this grid and person</source>
        <translation>工单已在该网格和人员处, 派遣对象未变化</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="79"/>
        <source>The ticket has no grid yet: drop it on a grid or person in the dispatch panel</source>
        <translation>工单尚无所属网格, 请拖到调度面板中的网格或人员</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="80"/>
        <source>No workflow step from “%1” to “%2”</source>
        <translation>不能从「%1」直接移到「%2」</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="81"/>
        <source>%1 did not take effect: %2</source>
        <translation>%1 未生效: %2</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="82"/>
        <source>%1 was refused: %2</source>
        <translation>%1 被拒绝: %2</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="83"/>
        <source>%1 done</source>
        <translation>%1 已完成</translation>
    </message>
</context>
<context>
    <name>TicketBoard</name>
    <message>
        <location filename="../../widgets/ticket_board.py" line="230"/>
        <location filename="../../widgets/ticket_board.py" line="290"/>
        <source>⇧ Escalate — drop here</source>
        <translation>⇧ 上报上级 — 拖到此处</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_board.py" line="231"/>
        <location filename="../../widgets/ticket_board.py" line="291"/>
        <source>✕ Reject — drop here</source>
        <translation>✕ 不予立案 — 拖到此处</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_board.py" line="329"/>
        <source>Open detail</source>
        <translation>打开详情</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_board.py" line="334"/>
        <source>Move to “%1” · %2</source>
        <translation>移到「%1」· %2</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_board.py" line="350"/>
        <source>Dispatch to…</source>
        <translation>派遣到…</translation>
    </message>
</context>
<context>
    <name>TicketCard</name>
    <message>
        <location filename="../../widgets/ticket_card.py" line="89"/>
        <source>No grid</source>
        <translation>未分配网格</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_card.py" line="104"/>
        <source>Unassigned</source>
        <translation>未指定</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_card.py" line="253"/>
        <source>Submitting…</source>
        <translation>提交中…</translation>
    </message>
</context>
<context>
    <name>TicketDetail</name>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="74"/>
        <source>(after %1)</source>
        <translation>（%1后）</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="75"/>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="149"/>
        <location filename="../../widgets/ticket_detail.py" line="276"/>
        <source>No ticket selected</source>
        <translation>未选择工单</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="199"/>
        <source>Details</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="199"/>
        <source>Timeline</source>
        <translation>时间轴</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="199"/>
        <source>Responsibility</source>
        <translation>责任轴</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="200"/>
        <source>Stage deadlines</source>
        <translation>各阶段时限</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="200"/>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="202"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="202"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="202"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="202"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="203"/>
        <source>Grid / assignee</source>
        <translation>网格 / 责任人</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="203"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="204"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="204"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="204"/>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="204"/>
        <source>Used</source>
        <translation>用时</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="205"/>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="263"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="263"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="305"/>
        <source>No attachments</source>
        <translation>无附件</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="305"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="317"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="335"/>
        <source>Dispatch / reassign …</source>
        <translation>派遣 / 改派 …</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="376"/>
        <source>Could not load the ticket detail: %1</source>
        <translation>无法加载工单详情: %1</translation>
    </message>
</context>
</TS>
