// The bench's bare map (tests/perf/bench_map.py): grid outlines, labels and ticket markers as a plain
// QtLocation map shows them, one map item each, as the console drew them before they became one
// picture (widgets/map_canvas.py). Added to the bare map with Map.addMapItemView.
import QtQuick
import QtLocation

Item {
    property real dpr: 1.0

    function attach(map) {
        map.addMapItemView(outlines)
        map.addMapItemView(labels)
        map.addMapItemView(tickets)
    }

    MapItemView {
        id: outlines
        remove: null
        model: polygonModel
        delegate: MapPolygon {
            required path
            required property color fill
            required property color line
            required property real lineWidth
            required property int level
            z: level
            color: fill
            border.width: lineWidth
            border.color: line
        }
    }
    MapItemView {
        id: labels
        remove: null
        model: labelModel
        delegate: MapQuickItem {
            id: labelItem
            z: 10
            required coordinate
            required property string text
            required property string detail
            anchorPoint.x: labelBox.width / 2
            anchorPoint.y: labelBox.height + 14
            sourceItem: Image {
                id: labelBox
                width: implicitWidth / dpr
                height: implicitHeight / dpr
                source: "image://markers/label/" + dpr + "/" + encodeURIComponent(labelItem.text) + "/"
                        + encodeURIComponent(labelItem.detail)
            }
        }
    }
    MapItemView {
        id: tickets
        remove: null
        model: ticketModel
        delegate: MapQuickItem {
            id: mk
            z: 14
            required coordinate
            required property string entityId
            required property string kind
            required property int count
            required property string status
            required property bool highlighted
            anchorPoint.x: dot.width / 2; anchorPoint.y: dot.height / 2
            // One cached picture per look (widgets/map_markers.py): a marker re-bound to another
            // cluster swaps a texture instead of laying its count out again
            sourceItem: Image {
                id: dot
                objectName: "ticketMarker"
                width: mk.count > 1 ? Math.min(56, 28 + 6 * Math.log(mk.count)) : 20
                height: width
                source: "image://markers/ticket/" + mk.status + "/" + mk.count + "/" + (mk.highlighted ? 1 : 0)
                        + "/" + dpr
                smooth: true
                MouseArea { anchors.fill: parent; onClicked: mapBridge.markerClicked(mk.kind, mk.entityId, mk.coordinate.latitude, mk.coordinate.longitude) }
            }
        }
    }
}
