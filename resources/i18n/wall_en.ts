<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CameraTile</name>
    <message>
        <location filename="../../widgets/camera_tile.py" line="145"/>
        <source>No camera</source>
        <translation>No camera</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="145"/>
        <source>Connecting</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="146"/>
        <source>Buffering</source>
        <translation>Buffering</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="146"/>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="147"/>
        <source>FROZEN: no picture</source>
        <translation>FROZEN: no picture</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="147"/>
        <source>Reconnecting</source>
        <translation>Reconnecting</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="148"/>
        <source>Camera offline</source>
        <translation>Camera offline</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="148"/>
        <source>Cannot play this stream</source>
        <translation>Cannot play this stream</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="149"/>
        <source>No player for this stream</source>
        <translation>No player for this stream</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="165"/>
        <source>Drop a camera here</source>
        <translation>Drop a camera here</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="219"/>
        <source>last picture %1 s ago</source>
        <translation>last picture %1 s ago</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="291"/>
        <source>Full screen</source>
        <translation>Full screen</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="292"/>
        <source>Snapshot to PNG</source>
        <translation>Snapshot to PNG</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="293"/>
        <source>Clear tile</source>
        <translation>Clear tile</translation>
    </message>
</context>
<context>
    <name>CameraTree</name>
    <message>
        <location filename="../../widgets/camera_tree.py" line="65"/>
        <source>Search cameras</source>
        <translation>Search cameras</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tree.py" line="92"/>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tree.py" line="97"/>
        <source>No grid</source>
        <translation>No grid</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tree.py" line="103"/>
        <source>(offline)</source>
        <translation>(offline)</translation>
    </message>
</context>
<context>
    <name>CameraWallPanel</name>
    <message>
        <location filename="../../widgets/camera_wall.py" line="163"/>
        <source>Camera wall</source>
        <translation>Camera wall</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="191"/>
        <source>ALARM</source>
        <translation>ALARM</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="203"/>
        <source>No cameras to tour</source>
        <translation>No cameras to tour</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="230"/>
        <location filename="../../widgets/camera_wall.py" line="289"/>
        <source>Presets…</source>
        <translation>Presets…</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="248"/>
        <location filename="../../widgets/camera_wall.py" line="277"/>
        <source>Save preset</source>
        <translation>Save preset</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="248"/>
        <source>Preset name:</source>
        <translation>Preset name:</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="253"/>
        <source>Custom layout</source>
        <translation>Custom layout</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="253"/>
        <source>Rows x columns (e.g. 3x5):</source>
        <translation>Rows x columns (e.g. 3x5):</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="259"/>
        <source>Not a layout: %1</source>
        <translation>Not a layout: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="273"/>
        <source>Snapshot saved: %1</source>
        <translation>Snapshot saved: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="276"/>
        <source>Custom…</source>
        <translation>Custom…</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="278"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="279"/>
        <source>Tour dwell time per page (at least 3 s)</source>
        <translation>Tour dwell time per page (at least 3 s)</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="281"/>
        <source>Stop tour</source>
        <translation>Stop tour</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="281"/>
        <source>Start tour</source>
        <translation>Start tour</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="282"/>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="282"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="284"/>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="286"/>
        <source>Attach wall</source>
        <translation>Attach wall</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="286"/>
        <source>Detach wall</source>
        <translation>Detach wall</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="287"/>
        <source>The camera wall is in its own window.</source>
        <translation>The camera wall is in its own window.</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="292"/>
        <source>Tour page %1/%2</source>
        <translation>Tour page %1/%2</translation>
    </message>
</context>
</TS>
