<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlarmDashboard</name>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="139"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="148"/>
        <source>Alarms</source>
        <translation>报警统计</translation>
    </message>
</context>
<context>
    <name>BriefingWindow</name>
    <message>
        <location filename="../../widgets/briefing.py" line="198"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
</context>
<context>
    <name>BulletinDialog</name>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="150"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="154"/>
        <source>Failed to load: %1</source>
        <translation>加载失败：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="197"/>
        <location filename="../../widgets/bulletin_dialog.py" line="209"/>
        <location filename="../../widgets/bulletin_dialog.py" line="220"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="198"/>
        <location filename="../../widgets/bulletin_dialog.py" line="207"/>
        <location filename="../../widgets/bulletin_dialog.py" line="218"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="224"/>
        <location filename="../../widgets/bulletin_dialog.py" line="253"/>
        <source>Export PDF</source>
        <translation>导出PDF</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="229"/>
        <location filename="../../widgets/bulletin_dialog.py" line="254"/>
        <source>Export CSV</source>
        <translation>导出CSV</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="234"/>
        <location filename="../../widgets/bulletin_dialog.py" line="255"/>
        <source>Export XLSX</source>
        <translation>导出XLSX</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="241"/>
        <source>Bulletin</source>
        <translation>通报</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="242"/>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="243"/>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="247"/>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="247"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="248"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="252"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <location filename="../../widgets/charts_base.py" line="28"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_base.py" line="29"/>
        <source>Failed to load: %1</source>
        <translation>加载失败：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_base.py" line="30"/>
        <source>No data</source>
        <translation>暂无数据</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="26"/>
        <source>Closure rate</source>
        <translation>结案率</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="27"/>
        <source>On-time closure rate</source>
        <translation>按期结案率</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="28"/>
        <source>Rework rate</source>
        <translation>返工率</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="29"/>
        <source>Extension rate</source>
        <translation>延期率</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="30"/>
        <source>Avg. handling (h)</source>
        <translation>平均处置时长(小时)</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="31"/>
        <source>Overdue open</source>
        <translation>超期未结</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="70"/>
        <source>By region (click a bar to drill down)</source>
        <translation>分区域指标（点击柱形下钻）</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="73"/>
        <source>Last 30 days</source>
        <translation>近30天</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="75"/>
        <source>Tickets due by category</source>
        <translation>分类应结案数</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="77"/>
        <source>Tickets due by source</source>
        <translation>事件来源分布</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="28"/>
        <source>Residents</source>
        <translation>实有人口</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="29"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="30"/>
        <source>Floating population</source>
        <translation>流动人口</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="31"/>
        <source>Aged 60 and over</source>
        <translation>60岁以上</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="32"/>
        <source>Party members</source>
        <translation>党员</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="35"/>
        <source>Age pyramid</source>
        <translation>年龄结构（人口金字塔）</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="37"/>
        <source>Resident type</source>
        <translation>人口类型</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="39"/>
        <source>Political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="41"/>
        <source>Education</source>
        <translation>学历结构</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="43"/>
        <source>Special-care groups</source>
        <translation>重点关爱人群</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="46"/>
        <source>Residents by region</source>
        <translation>人员分布</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="34"/>
        <source>Performance score (0–100)</source>
        <translation>绩效综合得分（0–100）</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="41"/>
        <source>Staff ranking</source>
        <translation>绩效排名</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="101"/>
        <source>Alarms this month</source>
        <translation>本月报警</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="102"/>
        <source>Avg. time to acknowledge</source>
        <translation>平均响应时长</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="103"/>
        <source>Alarms today</source>
        <translation>今日报警</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="104"/>
        <source>Unacknowledged now</source>
        <translation>当前未响应</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="107"/>
        <source>Alarms by type (this month)</source>
        <translation>本月报警类型</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="109"/>
        <source>Alarms per day (30 days)</source>
        <translation>近30天每日报警</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="25"/>
        <source>Reported today</source>
        <translation>今日上报</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="26"/>
        <source>Closed today</source>
        <translation>今日办结</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="27"/>
        <source>Open now</source>
        <translation>当前在办</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="28"/>
        <source>Overdue now</source>
        <translation>当前超时</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="29"/>
        <source>At risk now</source>
        <translation>当前预警</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="30"/>
        <source>Alarms waiting</source>
        <translation>待处置报警</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="33"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="34"/>
        <source>Today (live)</source>
        <translation>今日（实时）</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="53"/>
        <source>Open tickets by status (live)</source>
        <translation>在办事件状态分布（实时）</translation>
    </message>
</context>
<context>
    <name>ChartsPanel</name>
    <message>
        <location filename="../../widgets/charts_panel.py" line="100"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_panel.py" line="100"/>
        <source>Tickets</source>
        <translation>事件指标</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_panel.py" line="100"/>
        <source>Population</source>
        <translation>人口结构</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_panel.py" line="100"/>
        <source>Staff ranking</source>
        <translation>绩效排名</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_panel.py" line="101"/>
        <source>Alarms</source>
        <translation>报警统计</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_panel.py" line="104"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>PeriodSwitch</name>
    <message>
        <location filename="../../widgets/dashboard_base.py" line="129"/>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_base.py" line="129"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_base.py" line="129"/>
        <source>Last 30 days</source>
        <translation>近30天</translation>
    </message>
</context>
<context>
    <name>PopulationDashboard</name>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="96"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="96"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="98"/>
        <location filename="../../widgets/dashboard_population.py" line="100"/>
        <location filename="../../widgets/dashboard_population.py" line="108"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>StaffDashboard</name>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="58"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="58"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="58"/>
        <source>Duty</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="58"/>
        <source>Grids</source>
        <translation>负责网格</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="59"/>
        <source>Workload</source>
        <translation>工作量</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="59"/>
        <source>On-time rate</source>
        <translation>按期结案率</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="59"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="60"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
</context>
<context>
    <name>TicketDashboard</name>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="159"/>
        <source>Closure rate</source>
        <translation>结案率</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="159"/>
        <source>On-time closure rate</source>
        <translation>按期结案率</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="172"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="174"/>
        <source>as of %1</source>
        <translation>更新于 %1</translation>
    </message>
</context>
</TS>
