<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AlarmDashboard</name>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="139"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="148"/>
        <source>Alarms</source>
        <translation>Alarms</translation>
    </message>
</context>
<context>
    <name>BriefingWindow</name>
    <message>
        <location filename="../../widgets/briefing.py" line="198"/>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
</context>
<context>
    <name>BulletinDialog</name>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="150"/>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="154"/>
        <source>Failed to load: %1</source>
        <translation>Failed to load: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="197"/>
        <location filename="../../widgets/bulletin_dialog.py" line="209"/>
        <location filename="../../widgets/bulletin_dialog.py" line="220"/>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="198"/>
        <location filename="../../widgets/bulletin_dialog.py" line="207"/>
        <location filename="../../widgets/bulletin_dialog.py" line="218"/>
        <source>Could not write %1</source>
        <translation>Could not write %1</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="224"/>
        <location filename="../../widgets/bulletin_dialog.py" line="253"/>
        <source>Export PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="229"/>
        <location filename="../../widgets/bulletin_dialog.py" line="254"/>
        <source>Export CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="234"/>
        <location filename="../../widgets/bulletin_dialog.py" line="255"/>
        <source>Export XLSX</source>
        <translation>Export XLSX</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="241"/>
        <source>Bulletin</source>
        <translation>Bulletin</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="242"/>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="243"/>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="247"/>
        <source>This week</source>
        <translation>This week</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="247"/>
        <source>This month</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="248"/>
        <source>Custom</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../../widgets/bulletin_dialog.py" line="252"/>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <location filename="../../widgets/charts_base.py" line="28"/>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_base.py" line="29"/>
        <source>Failed to load: %1</source>
        <translation>Failed to load: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_base.py" line="30"/>
        <source>No data</source>
        <translation>No data</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="26"/>
        <source>Closure rate</source>
        <translation>Closure rate</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="27"/>
        <source>On-time closure rate</source>
        <translation>On-time closure rate</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="28"/>
        <source>Rework rate</source>
        <translation>Rework rate</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="29"/>
        <source>Extension rate</source>
        <translation>Extension rate</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="30"/>
        <source>Avg. handling (h)</source>
        <translation>Avg. handling (h)</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="31"/>
        <source>Overdue open</source>
        <translation>Overdue open</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="70"/>
        <source>By region (click a bar to drill down)</source>
        <translation>By region (click a bar to drill down)</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="73"/>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="75"/>
        <source>Tickets due by category</source>
        <translation>Tickets due by category</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="77"/>
        <source>Tickets due by source</source>
        <translation>Tickets due by source</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="28"/>
        <source>Residents</source>
        <translation>Residents</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="29"/>
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="30"/>
        <source>Floating population</source>
        <translation>Floating population</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="31"/>
        <source>Aged 60 and over</source>
        <translation>Aged 60 and over</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="32"/>
        <source>Party members</source>
        <translation>Party members</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="35"/>
        <source>Age pyramid</source>
        <translation>Age pyramid</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="37"/>
        <source>Resident type</source>
        <translation>Resident type</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="39"/>
        <source>Political status</source>
        <translation>Political status</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="41"/>
        <source>Education</source>
        <translation>Education</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="43"/>
        <source>Special-care groups</source>
        <translation>Special-care groups</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="46"/>
        <source>Residents by region</source>
        <translation>Residents by region</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="34"/>
        <source>Performance score (0–100)</source>
        <translation>Performance score (0–100)</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="41"/>
        <source>Staff ranking</source>
        <translation>Staff ranking</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="101"/>
        <source>Alarms this month</source>
        <translation>Alarms this month</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="102"/>
        <source>Avg. time to acknowledge</source>
        <translation>Avg. time to acknowledge</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="103"/>
        <source>Alarms today</source>
        <translation>Alarms today</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="104"/>
        <source>Unacknowledged now</source>
        <translation>Unacknowledged now</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="107"/>
        <source>Alarms by type (this month)</source>
        <translation>Alarms by type (this month)</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="109"/>
        <source>Alarms per day (30 days)</source>
        <translation>Alarms per day (30 days)</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="25"/>
        <source>Reported today</source>
        <translation>Reported today</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="26"/>
        <source>Closed today</source>
        <translation>Closed today</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="27"/>
        <source>Open now</source>
        <translation>Open now</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="28"/>
        <source>Overdue now</source>
        <translation>Overdue now</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="29"/>
        <source>At risk now</source>
        <translation>At risk now</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="30"/>
        <source>Alarms waiting</source>
        <translation>Alarms waiting</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="33"/>
        <source>This month</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="34"/>
        <source>Today (live)</source>
        <translation>Today (live)</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_live.py" line="53"/>
        <source>Open tickets by status (live)</source>
        <translation>Open tickets by status (live)</translation>
    </message>
</context>
<context>
    <name>ChartsPanel</name>
    <message>
        <location filename="../../widgets/charts_panel.py" line="100"/>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_panel.py" line="100"/>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_panel.py" line="100"/>
        <source>Population</source>
        <translation>Population</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_panel.py" line="100"/>
        <source>Staff ranking</source>
        <translation>Staff ranking</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_panel.py" line="101"/>
        <source>Alarms</source>
        <translation>Alarms</translation>
    </message>
    <message>
        <location filename="../../widgets/charts_panel.py" line="104"/>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
</context>
<context>
    <name>PeriodSwitch</name>
    <message>
        <location filename="../../widgets/dashboard_base.py" line="129"/>
        <source>This week</source>
        <translation>This week</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_base.py" line="129"/>
        <source>This month</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_base.py" line="129"/>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
</context>
<context>
    <name>PopulationDashboard</name>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="96"/>
        <source>Male</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="96"/>
        <source>Female</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_population.py" line="98"/>
        <location filename="../../widgets/dashboard_population.py" line="100"/>
        <location filename="../../widgets/dashboard_population.py" line="108"/>
        <source>Other</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>StaffDashboard</name>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="58"/>
        <source>Rank</source>
        <translation>Rank</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="58"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="58"/>
        <source>Duty</source>
        <translation>Duty</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="58"/>
        <source>Grids</source>
        <translation>Grids</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="59"/>
        <source>Workload</source>
        <translation>Workload</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="59"/>
        <source>On-time rate</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="59"/>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_staff.py" line="60"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
</context>
<context>
    <name>TicketDashboard</name>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="159"/>
        <source>Closure rate</source>
        <translation>Closure rate</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="159"/>
        <source>On-time closure rate</source>
        <translation>On-time closure rate</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="172"/>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../widgets/dashboard_tickets.py" line="174"/>
        <source>as of %1</source>
        <translation>as of %1</translation>
    </message>
</context>
</TS>
