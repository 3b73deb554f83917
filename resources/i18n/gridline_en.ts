<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AlarmBar</name>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="178"/>
        <source>Alarms not loaded</source>
        <translation>Alarms not loaded</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="180"/>
        <source>No connection and no cached data</source>
        <translation>No connection and no cached data</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="185"/>
        <source>No active alarms</source>
        <translation>No active alarms</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="223"/>
        <source>Not live: alarms as of %1 may be out of date</source>
        <translation>Not live: alarms as of %1 may be out of date</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="258"/>
        <source>Acknowledge alarm</source>
        <translation>Acknowledge alarm</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="259"/>
        <source>Note for %1 (what was done):</source>
        <translation>Note for %1 (what was done):</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="290"/>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="296"/>
        <source>Ticket %1 created</source>
        <translation>Ticket %1 created</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="302"/>
        <location filename="../../widgets/alarm_bar.py" line="304"/>
        <source>Acknowledge</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_bar.py" line="303"/>
        <location filename="../../widgets/alarm_bar.py" line="305"/>
        <source>To ticket</source>
        <translation>To ticket</translation>
    </message>
</context>
<context>
    <name>AlarmDelegate</name>
    <message>
        <location filename="../../widgets/alarm_model.py" line="268"/>
        <source>sending…</source>
        <translation>sending…</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="270"/>
        <source>ACTIVE</source>
        <translation>ACTIVE</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="272"/>
        <source>Acknowledged</source>
        <translation>Acknowledged</translation>
    </message>
</context>
<context>
    <name>AlarmType</name>
    <message>
        <location filename="../../widgets/alarm_model.py" line="24"/>
        <source>One-key alarm</source>
        <translation>One-key alarm</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="25"/>
        <source>No motion (elderly living alone)</source>
        <translation>No motion (elderly living alone)</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="26"/>
        <source>Smoke detector</source>
        <translation>Smoke detector</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="27"/>
        <source>Fall detected</source>
        <translation>Fall detected</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="28"/>
        <source>Stranger detected</source>
        <translation>Stranger detected</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="29"/>
        <source>Crowd gathering</source>
        <translation>Crowd gathering</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="30"/>
        <source>Area intrusion</source>
        <translation>Area intrusion</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="31"/>
        <source>Smoke or fire detected</source>
        <translation>Smoke or fire detected</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="32"/>
        <source>Gate forced open</source>
        <translation>Gate forced open</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_model.py" line="33"/>
        <source>Tailgating at gate</source>
        <translation>Tailgating at gate</translation>
    </message>
</context>
<context>
    <name>DispatchPanel</name>
    <message>
        <location filename="../../widgets/dispatch_panel.py" line="86"/>
        <source>%1 (head: %2)</source>
        <translation>%1 (head: %2)</translation>
    </message>
    <message>
        <location filename="../../widgets/dispatch_panel.py" line="173"/>
        <source>Grid / person</source>
        <translation>Grid / person</translation>
    </message>
    <message>
        <location filename="../../widgets/dispatch_panel.py" line="174"/>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../widgets/dispatch_panel.py" line="197"/>
        <source>%1 open</source>
        <translation>%1 open</translation>
    </message>
    <message>
        <location filename="../../widgets/dispatch_panel.py" line="214"/>
        <source>Drop a ticket here to dispatch it</source>
        <translation>Drop a ticket here to dispatch it</translation>
    </message>
    <message>
        <location filename="../../widgets/dispatch_panel.py" line="296"/>
        <location filename="../../widgets/dispatch_panel.py" line="323"/>
        <source>Dispatch · grids and people</source>
        <translation>Dispatch · grids and people</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../widgets/board_filters.py" line="70"/>
        <source>All communities</source>
        <translation>All communities</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="70"/>
        <source>All grids</source>
        <translation>All grids</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="71"/>
        <source>All categories</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="71"/>
        <source>All sources</source>
        <translation>All sources</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="72"/>
        <source>All priorities</source>
        <translation>All priorities</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="77"/>
        <source>Overdue only</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="78"/>
        <source>Search id / title / address …</source>
        <translation>Search id / title / address …</translation>
    </message>
    <message>
        <location filename="../../widgets/board_filters.py" line="81"/>
        <source>Sort: %1</source>
        <translation>Sort: %1</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../widgets/login_dialog.py" line="30"/>
        <source>The server URL must start with ws:// or wss://</source>
        <translation>The server URL must start with ws:// or wss://</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="32"/>
        <source>Enter an access token</source>
        <translation>Enter an access token</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="34"/>
        <source>Enter a user name and a password</source>
        <translation>Enter a user name and a password</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="112"/>
        <source>Sign in to the Gridline server</source>
        <translation>Sign in to the Gridline server</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="113"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="114"/>
        <source>Access token</source>
        <translation>Access token</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="115"/>
        <source>User and password</source>
        <translation>User and password</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="116"/>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="117"/>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="118"/>
        <source>Password</source>
        <translation>Password</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../widgets/main_window.py" line="29"/>
        <source>Ticket board</source>
        <translation>Ticket board</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="30"/>
        <source>Ticket detail</source>
        <translation>Ticket detail</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="31"/>
        <location filename="../../widgets/main_window.py" line="376"/>
        <source>Alarms</source>
        <translation>Alarms</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="32"/>
        <source>Dispatch</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="33"/>
        <source>Map</source>
        <translation>Map</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="34"/>
        <source>Camera wall</source>
        <translation>Camera wall</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="35"/>
        <source>Charts</source>
        <translation>Charts</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="333"/>
        <source>Save layout</source>
        <translation>Save layout</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="333"/>
        <source>Layout name:</source>
        <translation>Layout name:</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="344"/>
        <source>(no saved layouts)</source>
        <translation>(no saved layouts)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="361"/>
        <location filename="../../widgets/main_window.py" line="394"/>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="369"/>
        <location filename="../../widgets/main_window.py" line="395"/>
        <source>About Gridline</source>
        <translation>About Gridline</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="370"/>
        <source>Gridline — command-center console for community grid governance.</source>
        <translation>Gridline — command-center console for community grid governance.</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="381"/>
        <source>Not signed in</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="385"/>
        <source>Gridline — grid governance command center</source>
        <translation>Gridline — grid governance command center</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="391"/>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="391"/>
        <source>Wall mode (full screen)</source>
        <translation>Wall mode (full screen)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="392"/>
        <source>Save layout as…</source>
        <translation>Save layout as…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="392"/>
        <source>Reset to default layout</source>
        <translation>Reset to default layout</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="393"/>
        <source>Switch language</source>
        <translation>Switch language</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="393"/>
        <source>Mute alarm sounds</source>
        <translation>Mute alarm sounds</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="394"/>
        <source>Go to alarms</source>
        <translation>Go to alarms</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="395"/>
        <source>Briefing mode</source>
        <translation>Briefing mode</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="396"/>
        <source>Bulletin…</source>
        <translation>Bulletin…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="400"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="400"/>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="400"/>
        <source>La&amp;yout</source>
        <translation>La&amp;yout</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="401"/>
        <source>&amp;Alarms</source>
        <translation>&amp;Alarms</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="401"/>
        <source>Lan&amp;guage</source>
        <translation>Lan&amp;guage</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="402"/>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="404"/>
        <source>Restore layout</source>
        <translation>Restore layout</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="405"/>
        <source>Delete layout</source>
        <translation>Delete layout</translation>
    </message>
</context>
<context>
    <name>PanelLinks</name>
    <message>
        <location filename="../../widgets/panel_links.py" line="64"/>
        <source>Shown in briefing mode</source>
        <translation>Shown in briefing mode</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location filename="../../widgets/panels.py" line="24"/>
        <source>The street map will come here: grid boundaries of every level, open tickets and active alarms at their locations, cameras and gates.</source>
        <translation>The street map will come here: grid boundaries of every level, open tickets and active alarms at their locations, cameras and gates.</translation>
    </message>
    <message>
        <location filename="../../widgets/panels.py" line="27"/>
        <source>The camera wall will come here: live video of the cameras nearest to the selected alarm or ticket, and a chosen set of fixed views.</source>
        <translation>The camera wall will come here: live video of the cameras nearest to the selected alarm or ticket, and a chosen set of fixed views.</translation>
    </message>
    <message>
        <location filename="../../widgets/panels.py" line="30"/>
        <source>Charts will come here: closure rate, on-time closure rate, rework rate and overdue counts per community, grid and category.</source>
        <translation>Charts will come here: closure rate, on-time closure rate, rework rate and overdue counts per community, grid and category.</translation>
    </message>
    <message>
        <location filename="../../widgets/panels.py" line="36"/>
        <source>not built yet</source>
        <translation>not built yet</translation>
    </message>
    <message>
        <location filename="../../widgets/panels.py" line="37"/>
        <source>This panel failed to load</source>
        <translation>This panel failed to load</translation>
    </message>
</context>
<context>
    <name>ResponsibilityChart</name>
    <message>
        <location filename="../../widgets/responsibility_chart.py" line="86"/>
        <source>No responsibility records yet</source>
        <translation>No responsibility records yet</translation>
    </message>
    <message>
        <location filename="../../widgets/responsibility_chart.py" line="110"/>
        <source> (holding)</source>
        <translation> (holding)</translation>
    </message>
</context>
<context>
    <name>StartupSplash</name>
    <message>
        <location filename="../../widgets/app.py" line="51"/>
        <source>Gridline — grid governance command center</source>
        <translation>Gridline — grid governance command center</translation>
    </message>
    <message>
        <location filename="../../widgets/app.py" line="53"/>
        <source>Starting…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <location filename="../../widgets/app.py" line="57"/>
        <source>Open the console now</source>
        <translation>Open the console now</translation>
    </message>
    <message>
        <location filename="../../widgets/app.py" line="58"/>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../widgets/app.py" line="156"/>
        <source>Loading the current state from %1…</source>
        <translation>Loading the current state from %1…</translation>
    </message>
    <message>
        <location filename="../../widgets/app.py" line="171"/>
        <source>Sign in to %1</source>
        <translation>Sign in to %1</translation>
    </message>
    <message>
        <location filename="../../widgets/app.py" line="198"/>
        <source>The embedded backend did not start:
%1</source>
        <translation>The embedded backend did not start:
%1</translation>
    </message>
</context>
<context>
    <name>StatusIndicator</name>
    <message>
        <location filename="../../widgets/status_indicator.py" line="24"/>
        <source>● Live</source>
        <translation>● Live</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="25"/>
        <source>Reconnecting since %1</source>
        <translation>Reconnecting since %1</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="26"/>
        <source>, data as of %1</source>
        <translation>, data as of %1</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="27"/>
        <source>Offline, showing cached data from %1</source>
        <translation>Offline, showing cached data from %1</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="28"/>
        <source>Offline, no data</source>
        <translation>Offline, no data</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="29"/>
        <source>Connecting…, showing cached data from %1</source>
        <translation>Connecting…, showing cached data from %1</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="30"/>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../../widgets/status_indicator.py" line="31"/>
        <source>State: %1 since %2</source>
        <translation>State: %1 since %2</translation>
    </message>
</context>
<context>
    <name>TicketActions</name>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="43"/>
        <source>Reason for rejecting</source>
        <translation>Reason for rejecting</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="44"/>
        <source>Reason for escalating</source>
        <translation>Reason for escalating</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="45"/>
        <source>Handling result</source>
        <translation>Handling result</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="46"/>
        <source>Reason for rework</source>
        <translation>Reason for rework</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="47"/>
        <source>Reason for extending</source>
        <translation>Reason for extending</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="74"/>
        <source>Ticket %1 is no longer on the board</source>
        <translation>Ticket %1 is no longer on the board</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="75"/>
        <source>%1 needs %2 (%3 required)</source>
        <translation>%1 needs %2 (%3 required)</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="76"/>
        <source>Satisfaction (1 very unsatisfied – 5 very satisfied)</source>
        <translation>Satisfaction (1 very unsatisfied – 5 very satisfied)</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="77"/>
        <source>Minutes to extend by</source>
        <translation>Minutes to extend by</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="78"/>
        <source>The ticket is already with this grid and person</source>
        <translation>The ticket is already with this grid and person</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="79"/>
        <source>The ticket has no grid yet: drop it on a grid or person in the dispatch panel</source>
        <translation>The ticket has no grid yet: drop it on a grid or person in the dispatch panel</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="80"/>
        <source>No workflow step from “%1” to “%2”</source>
        <translation>No workflow step from “%1” to “%2”</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="81"/>
        <source>%1 did not take effect: %2</source>
        <translation>%1 did not take effect: %2</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="82"/>
        <source>%1 was refused: %2</source>
        <translation>%1 was refused: %2</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_actions.py" line="83"/>
        <source>%1 done</source>
        <translation>%1 done</translation>
    </message>
</context>
<context>
    <name>TicketBoard</name>
    <message>
        <location filename="../../widgets/ticket_board.py" line="230"/>
        <location filename="../../widgets/ticket_board.py" line="290"/>
        <source>⇧ Escalate — drop here</source>
        <translation>⇧ Escalate — drop here</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_board.py" line="231"/>
        <location filename="../../widgets/ticket_board.py" line="291"/>
        <source>✕ Reject — drop here</source>
        <translation>✕ Reject — drop here</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_board.py" line="329"/>
        <source>Open detail</source>
        <translation>Open detail</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_board.py" line="334"/>
        <source>Move to “%1” · %2</source>
        <translation>Move to “%1” · %2</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_board.py" line="350"/>
        <source>Dispatch to…</source>
        <translation>Dispatch to…</translation>
    </message>
</context>
<context>
    <name>TicketCard</name>
    <message>
        <location filename="../../widgets/ticket_card.py" line="89"/>
        <source>No grid</source>
        <translation>No grid</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_card.py" line="104"/>
        <source>Unassigned</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_card.py" line="253"/>
        <source>Submitting…</source>
        <translation>Submitting…</translation>
    </message>
</context>
<context>
    <name>TicketDetail</name>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="74"/>
        <source>(after %1)</source>
        <translation>(after %1)</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="75"/>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="149"/>
        <location filename="../../widgets/ticket_detail.py" line="276"/>
        <source>No ticket selected</source>
        <translation>No ticket selected</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="199"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="199"/>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="199"/>
        <source>Responsibility</source>
        <translation>Responsibility</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="200"/>
        <source>Stage deadlines</source>
        <translation>Stage deadlines</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="200"/>
        <source>Attachments</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="202"/>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="202"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="202"/>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="202"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="203"/>
        <source>Grid / assignee</source>
        <translation>Grid / assignee</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="203"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="204"/>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="204"/>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="204"/>
        <source>End</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="204"/>
        <source>Used</source>
        <translation>Used</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="205"/>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="263"/>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="263"/>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="305"/>
        <source>No attachments</source>
        <translation>No attachments</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="305"/>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="317"/>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="335"/>
        <source>Dispatch / reassign …</source>
        <translation>Dispatch / reassign …</translation>
    </message>
    <message>
        <location filename="../../widgets/ticket_detail.py" line="376"/>
        <source>Could not load the ticket detail: %1</source>
        <translation>Could not load the ticket detail: %1</translation>
    </message>
</context>
</TS>
