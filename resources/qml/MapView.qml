// The live grid map (网格进图). Everything drawn comes from Python list models (widgets/map_models.py)
// that hold only what is in view; clicks and view moves go back through `mapBridge`.
import QtQuick
import QtQuick.Window
import QtLocation
import QtPositioning

Rectangle {
    id: root
    color: theme.bg
    // `theme` and `tiles` are Python dicts (QVariantMap): every read of one converts the whole map
    // to a new JS object. Converted once here; the delegates read these (creating and re-binding
    // hundreds of map items per zoom step made that conversion a third of their cost).
    readonly property var th: theme
    readonly property bool osm: tiles.osm
    readonly property real dpr: Screen.devicePixelRatio  // marker pictures are made at the screen's density

    function flyTo(lat, lon, zoom, ms) {
        flight.stop()
        wheelGlide.stop()  // a search or follow-mode flight takes over from the wheel
        if (ms <= 0) {
            map.center = QtPositioning.coordinate(lat, lon)
            map.zoomLevel = zoom
            return
        }
        centerAnim.to = QtPositioning.coordinate(lat, lon)
        zoomAnim.to = zoom
        centerAnim.duration = ms
        zoomAnim.duration = ms
        flight.start()
    }

    function setHighlight(lat, lon, on) {
        ring.coordinate = QtPositioning.coordinate(lat, lon)
        ring.visible = on
    }

    Map {
        id: map
        objectName: "map"
        anchors.fill: parent
        color: theme.bg
        copyrightsVisible: tiles.osm
        plugin: Plugin {
            name: tiles.osm ? "osm" : "itemsoverlay"
            PluginParameter { name: "osm.mapping.custom.host"; value: tiles.url }
            PluginParameter { name: "osm.mapping.providersrepository.disabled"; value: true }
            PluginParameter { name: "osm.mapping.cache.directory"; value: tiles.cacheDir }
            PluginParameter { name: "osm.mapping.highdpi_tiles"; value: false }
            PluginParameter { name: "osm.useragent"; value: "gridline-console" }
        }
        // The custom-URL type is the last one the osm plugin lists.
        activeMapType: tiles.osm ? supportedMapTypes[supportedMapTypes.length - 1] : supportedMapTypes[0]
        center: QtPositioning.coordinate(start.lat, start.lon)
        zoomLevel: start.zoom
        minimumZoomLevel: 3
        maximumZoomLevel: 19

        function report() { mapBridge.viewMoved(map.center.latitude, map.center.longitude, map.zoomLevel, map.width, map.height) }
        onCenterChanged: report()
        onZoomLevelChanged: {
            if (wheelGlide.running)  // the wheel's glide keeps the point under the cursor in place
                alignCoordinateToPoint(wheelAnchor, wheelAt)
            report()
        }
        onWidthChanged: report()
        onHeightChanged: report()

        ParallelAnimation {
            id: flight
            CoordinateAnimation { id: centerAnim; target: map; property: "center"; easing.type: Easing.InOutQuad }
            NumberAnimation { id: zoomAnim; target: map; property: "zoomLevel"; easing.type: Easing.InOutQuad }
        }

        property geoCoordinate pinchStart
        PinchHandler {
            id: pinch
            target: null
            onActiveChanged: if (active) map.pinchStart = map.toCoordinate(pinch.centroid.position, false)
            onScaleChanged: (delta) => {
                map.zoomLevel += Math.log2(delta)
                map.alignCoordinateToPoint(map.pinchStart, pinch.centroid.position)
            }
        }
        // The wheel zooms about the point under the cursor, as web maps do, gliding a level per notch
        // (notches turned while it glides add up): a jump of a whole level in one frame lost the
        // place the duty officer was looking at. The items are kept through the glide and re-formed
        // once it rests (console/map_layers.py, FRAME_HOLD_IN_STEPS).
        property point wheelAt
        property geoCoordinate wheelAnchor
        NumberAnimation {
            id: wheelGlide
            target: map; property: "zoomLevel"; duration: 200; easing.type: Easing.OutQuad
        }
        function wheelZoom(x, y, levels) {
            if (levels === 0)
                return
            const goal = wheelGlide.running ? wheelGlide.to : zoomLevel
            flight.stop()
            wheelGlide.stop()
            wheelAt = Qt.point(x, y)
            wheelAnchor = toCoordinate(wheelAt, false)
            wheelGlide.from = zoomLevel
            wheelGlide.to = Math.max(minimumZoomLevel, Math.min(maximumZoomLevel, goal + levels))
            wheelGlide.start()
            mapBridge.userMoved()
        }
        WheelHandler {
            acceptedDevices: PointerDevice.Mouse | PointerDevice.TouchPad
            target: null
            onWheel: (event) => map.wheelZoom(event.x, event.y, event.angleDelta.y / 120)
        }
        DragHandler {
            target: null
            onTranslationChanged: (delta) => map.pan(-delta.x, -delta.y)
            onActiveChanged: if (active) mapBridge.userMoved()
        }
        TapHandler {
            onTapped: (eventPoint) => mapBridge.mapTapped(eventPoint.position.x, eventPoint.position.y)
        }

        // Removed rows: a MapItemView fades a removed row's item out over 300 ms by default (its
        // `remove` transition), and the item stays on the map, drawn, moved and blended on every
        // frame until then. A zoom step or a pan that drops rows left dozens of such items behind,
        // and each fade tick repainted the map. The frame that drops a row shows its replacement
        // (cluster, lower level) at once, so the item goes at once too.

        // Delegates take their roles as required properties: a re-bound row (a pan or zoom step hands a
        // row that left to one that came) sets just those properties, about a third cheaper than the
        // `model.x` lookups, and roles no delegate declares are never fetched from Python.

        // --- grids and tickets: the outlines, their labels and the ticket markers are one picture
        // under the other markers (GridCanvas, z 5), painted and placed from Python
        // (widgets/map_canvas.py), not an item each; a tap on a ticket is hit-tested there.

        // --- points (each layer its own view: simple delegates, z order by importance) -----------
        MapItemView {
            remove: null  // no exit fade: see "removed rows" above
            model: partyModel
            delegate: MapQuickItem {
                id: mk
                z: 11
                required coordinate
                required property string entityId
                required property string kind
                required property int count
                required property string status
                required property bool highlighted
                anchorPoint.x: 13; anchorPoint.y: 13
                sourceItem: Rectangle {
                    width: 26; height: 26; radius: 5
                    color: root.th.party
                    border.color: mk.highlighted ? root.th.highlight : root.th.bg; border.width: 2
                    Text { anchors.centerIn: parent; text: mk.count > 1 ? mk.count : "党"; color: "white"
                           font.family: root.th.fontFamily; font.pixelSize: 14; font.bold: true }
                    MouseArea { anchors.fill: parent; onClicked: mapBridge.markerClicked(mk.kind, mk.entityId, mk.coordinate.latitude, mk.coordinate.longitude) }
                }
            }
        }
        MapItemView {
            remove: null  // no exit fade: see "removed rows" above
            model: gateModel
            delegate: MapQuickItem {
                id: mk
                z: 12
                required coordinate
                required property string entityId
                required property string kind
                required property int count
                required property string status
                required property bool highlighted
                anchorPoint.x: 11; anchorPoint.y: 11
                sourceItem: Rectangle {
                    width: 22; height: 22; rotation: 45
                    color: mk.status === "offline" || mk.status === "at_risk" ? root.th.offline : root.th.gate
                    border.color: mk.highlighted ? root.th.highlight : root.th.bg; border.width: 2
                    MouseArea { anchors.fill: parent; onClicked: mapBridge.markerClicked(mk.kind, mk.entityId, mk.coordinate.latitude, mk.coordinate.longitude) }
                }
            }
        }
        MapItemView {
            remove: null  // no exit fade: see "removed rows" above
            model: cameraModel
            delegate: MapQuickItem {
                id: mk
                z: 13
                required coordinate
                required property string entityId
                required property string kind
                required property int count
                required property string status
                required property bool highlighted
                anchorPoint.x: 15; anchorPoint.y: 12
                sourceItem: Rectangle {
                    width: mk.count > 1 ? 38 : 30; height: 24; radius: 6
                    color: mk.status === "offline" ? root.th.offline : root.th.camera
                    border.color: mk.highlighted ? root.th.highlight : root.th.bg; border.width: 2
                    Text { anchors.centerIn: parent; text: mk.count > 1 ? mk.count : "▶"; color: "white"
                           font.family: root.th.fontFamily; font.pixelSize: 14; font.bold: true }
                    MouseArea {
                        anchors.fill: parent
                        property point pressedAt
                        onPressed: (mouse) => pressedAt = Qt.point(mouse.x, mouse.y)
                        onPositionChanged: (mouse) => {
                            if (pressed && mk.count === 1
                                    && Math.abs(mouse.x - pressedAt.x) + Math.abs(mouse.y - pressedAt.y) > 12)
                                mapBridge.cameraDragged(mk.entityId)
                        }
                        onClicked: mapBridge.markerClicked(mk.kind, mk.entityId, mk.coordinate.latitude, mk.coordinate.longitude)
                    }
                }
            }
        }
        MapItemView {
            remove: null  // no exit fade: see "removed rows" above
            model: alarmModel
            delegate: MapQuickItem {
                id: mk
                z: 15
                required coordinate
                required property string entityId
                required property string kind
                required property int count
                required property string status
                required property bool highlighted
                anchorPoint.x: 18; anchorPoint.y: 18
                sourceItem: Item {
                    width: 36; height: 36
                    Rectangle {  // the pulse: only while the alarm waits for a person
                        anchors.centerIn: parent
                        width: 36; height: 36; radius: 18
                        color: "transparent"; border.color: root.th.status.overdue; border.width: 3
                        visible: mk.status === "active" || mk.status === "overdue"
                        SequentialAnimation on scale {
                            running: mk.status === "active" || mk.status === "overdue"
                            loops: Animation.Infinite
                            NumberAnimation { from: 0.6; to: 1.25; duration: 700 }
                            NumberAnimation { from: 1.25; to: 0.6; duration: 700 }
                        }
                    }
                    Rectangle {
                        anchors.centerIn: parent
                        width: 22; height: 22; radius: 11
                        color: mk.status === "acknowledged" ? root.th.status.at_risk : root.th.status.overdue
                        border.color: mk.highlighted ? root.th.highlight : root.th.bg; border.width: 2
                        Text { anchors.centerIn: parent; text: mk.count > 1 ? mk.count : "!"; color: "white"
                               font.pixelSize: 14; font.bold: true }
                    }
                    MouseArea { anchors.fill: parent; onClicked: mapBridge.markerClicked(mk.kind, mk.entityId, mk.coordinate.latitude, mk.coordinate.longitude) }
                }
            }
        }

        // --- the highlight of a focus / search / follow target ---------------------------------------
        MapQuickItem {
            id: ring
            z: 20
            visible: false
            anchorPoint.x: 40; anchorPoint.y: 40
            sourceItem: Rectangle {
                width: 80; height: 80; radius: 40
                color: "transparent"; border.color: root.th.highlight; border.width: 4
                SequentialAnimation on opacity {
                    running: ring.visible
                    loops: Animation.Infinite
                    NumberAnimation { from: 1.0; to: 0.25; duration: 600 }
                    NumberAnimation { from: 0.25; to: 1.0; duration: 600 }
                }
            }
        }
    }
}
