<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>GridCard</name>
    <message>
        <location filename="../../widgets/map_overlays.py" line="165"/>
        <source>Zoom into this grid</source>
        <translation>Zoom into this grid</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="181"/>
        <location filename="../../widgets/map_overlays.py" line="182"/>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="184"/>
        <source>… and %1 more</source>
        <translation>… and %1 more</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="185"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="185"/>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="185"/>
        <source>Head</source>
        <translation>Head</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="186"/>
        <source>Workers</source>
        <translation>Workers</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="186"/>
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="187"/>
        <source>Residents</source>
        <translation>Residents</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="188"/>
        <source>Open tickets</source>
        <translation>Open tickets</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="189"/>
        <source>Overdue tickets</source>
        <translation>Overdue tickets</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="190"/>
        <source>Cameras</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="190"/>
        <source>%1 (%2 online)</source>
        <translation>%1 (%2 online)</translation>
    </message>
</context>
<context>
    <name>MapLegend</name>
    <message>
        <location filename="../../widgets/map_overlays.py" line="97"/>
        <source>Layers</source>
        <translation>Layers</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="98"/>
        <source>Streets</source>
        <translation>Streets</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="98"/>
        <source>Communities</source>
        <translation>Communities</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="98"/>
        <source>Grids</source>
        <translation>Grids</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="99"/>
        <source>Micro-grids</source>
        <translation>Micro-grids</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="99"/>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="99"/>
        <source>Alarms</source>
        <translation>Alarms</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="100"/>
        <source>Cameras</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="100"/>
        <source>Gates</source>
        <translation>Gates</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="100"/>
        <source>Party organisations</source>
        <translation>Party organisations</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="103"/>
        <source>Colour: open tickets</source>
        <translation>Colour: open tickets</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="103"/>
        <source>Colour: overdue tickets</source>
        <translation>Colour: overdue tickets</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="104"/>
        <source>Colour: residents per km²</source>
        <translation>Colour: residents per km²</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="104"/>
        <source>Colour: none</source>
        <translation>Colour: none</translation>
    </message>
    <message>
        <location filename="../../widgets/map_overlays.py" line="108"/>
        <source>%1 on time  %2 at risk  %3 overdue</source>
        <translation>%1 on time  %2 at risk  %3 overdue</translation>
    </message>
</context>
<context>
    <name>MapPanel</name>
    <message>
        <location filename="../../widgets/map_panel.py" line="185"/>
        <source>Drop the ticket on a grid to dispatch it there</source>
        <translation>Drop the ticket on a grid to dispatch it there</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="247"/>
        <source> … and %1 more</source>
        <translation> … and %1 more</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="248"/>
        <source>Not drawn (invalid boundary): %1</source>
        <translation>Not drawn (invalid boundary): %1</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="296"/>
        <location filename="../../widgets/map_panel.py" line="310"/>
        <source>Nothing found for “%1”</source>
        <translation>Nothing found for “%1”</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="305"/>
        <source>Building search failed: %1</source>
        <translation>Building search failed: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="401"/>
        <source>No base map (no tile server configured)</source>
        <translation>No base map (no tile server configured)</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="403"/>
        <source>No base map: the tile server cannot be reached</source>
        <translation>No base map: the tile server cannot be reached</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="438"/>
        <source>Grid map</source>
        <translation>Grid map</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="439"/>
        <source>Search: grid code or name, address, building, ticket id</source>
        <translation>Search: grid code or name, address, building, ticket id</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="440"/>
        <source>Follow alarms</source>
        <translation>Follow alarms</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="441"/>
        <source>%1 open</source>
        <translation>%1 open</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="441"/>
        <source>%1 overdue</source>
        <translation>%1 overdue</translation>
    </message>
    <message>
        <location filename="../../widgets/map_panel.py" line="442"/>
        <source>%1 /km²</source>
        <translation>%1 /km²</translation>
    </message>
</context>
</TS>
