<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CameraTile</name>
    <message>
        <location filename="../../widgets/camera_tile.py" line="257"/>
        <source>No camera</source>
        <translation>No camera</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="257"/>
        <source>Connecting</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="258"/>
        <source>Buffering</source>
        <translation>Buffering</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="258"/>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="259"/>
        <source>FROZEN: no picture</source>
        <translation>FROZEN: no picture</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="259"/>
        <source>Reconnecting</source>
        <translation>Reconnecting</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="260"/>
        <source>Camera offline</source>
        <translation>Camera offline</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="260"/>
        <source>Cannot play this stream</source>
        <translation>Cannot play this stream</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="261"/>
        <source>No player for this stream</source>
        <translation>No player for this stream</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="312"/>
        <source>Drop a camera here</source>
        <translation>Drop a camera here</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="382"/>
        <source>last picture %1 s ago</source>
        <translation>last picture %1 s ago</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="519"/>
        <source>Tour</source>
        <translation>Tour</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="578"/>
        <source>Full screen</source>
        <translation>Full screen</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="579"/>
        <source>Snapshot to PNG</source>
        <translation>Snapshot to PNG</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="580"/>
        <source>Clear tile</source>
        <translation>Clear tile</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="581"/>
        <source>Remove from tour group (Ctrl+click, T)</source>
        <translation>Remove from tour group (Ctrl+click, T)</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_tile.py" line="582"/>
        <source>Add to tour group (Ctrl+click, T)</source>
        <translation>Add to tour group (Ctrl+click, T)</translation>
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
        <location filename="../../widgets/camera_wall.py" line="234"/>
        <source>Camera wall</source>
        <translation>Camera wall</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="304"/>
        <source>ALARM</source>
        <translation>ALARM</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="316"/>
        <source>No cameras to tour</source>
        <translation>No cameras to tour</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="361"/>
        <location filename="../../widgets/camera_wall.py" line="420"/>
        <source>Presets…</source>
        <translation>Presets…</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="379"/>
        <location filename="../../widgets/camera_wall.py" line="408"/>
        <source>Save preset</source>
        <translation>Save preset</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="379"/>
        <source>Preset name:</source>
        <translation>Preset name:</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="384"/>
        <source>Custom layout</source>
        <translation>Custom layout</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="384"/>
        <source>Rows x columns (e.g. 3x5):</source>
        <translation>Rows x columns (e.g. 3x5):</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="390"/>
        <source>Not a layout: %1</source>
        <translation>Not a layout: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="404"/>
        <source>Snapshot saved: %1</source>
        <translation>Snapshot saved: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="407"/>
        <source>Custom…</source>
        <translation>Custom…</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="409"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="410"/>
        <source>Tour dwell time per page (at least 3 s)</source>
        <translation>Tour dwell time per page (at least 3 s)</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="412"/>
        <source>Stop tour</source>
        <translation>Stop tour</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="412"/>
        <source>Start tour</source>
        <translation>Start tour</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="413"/>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="413"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="415"/>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="417"/>
        <source>Attach wall</source>
        <translation>Attach wall</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="417"/>
        <source>Detach wall</source>
        <translation>Detach wall</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="418"/>
        <source>The camera wall is in its own window.</source>
        <translation>The camera wall is in its own window.</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="421"/>
        <source>Tours the cameras listed in the tree (search narrows them) on the tour group, or on the whole wall without one. Ctrl+click tiles (or T) to make a tour group.</source>
        <translation>Tours the cameras listed in the tree (search narrows them) on the tour group, or on the whole wall without one. Ctrl+click tiles (or T) to make a tour group.</translation>
    </message>
    <message>
        <location filename="../../widgets/camera_wall.py" line="433"/>
        <source>Tour page %1/%2</source>
        <translation>Tour %1/%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../widgets/camera_wall.py" line="434"/>
        <source>Tour group: %n tile(s)</source>
        <translation>
            <numerusform>Tour group: %n tile</numerusform>
            <numerusform>Tour group: %n tiles</numerusform>
        </translation>
    </message>
</context>
</TS>
