"""The grid map panel offscreen: the demo grids on screen (pixel checks), clicks, drops, search,
focus and follow mode. A real Store and a real QtLocation map; operations are recorded."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from backend import geo  # noqa: E402
from tests.widgets.board_fixtures import Ev, send_drop  # noqa: E402
from tests.widgets.test_map_support import demo_geography, demo_store  # noqa: E402
from widgets.map_panel import ZOOM_SETTLE_S, MapPanel  # noqa: E402
from widgets.map_tiles import TileSource  # noqa: E402
from widgets.map_view import CAMERA_MIME, camera_mime  # noqa: E402
from widgets.theme import COLORS  # noqa: E402

WAIT_MS = 5000


def clear_of_chips(p: QPoint, label_points: list[QPoint]) -> bool:
    """Outside every grid label's chip (drawn just above its point, MapView.qml), with a margin."""
    return all(not (abs(p.x() - q.x()) <= 70 and -70 <= p.y() - q.y() <= 10) for q in label_points)


def settle(qtbot, panel, ms=150):
    qtbot.wait(ms + int(ZOOM_SETTLE_S * 1000))  # a zoom (a flight) re-forms its clusters once it rests
    panel.refresh_now()
    qtbot.wait(30)


@pytest.fixture
def panel(qtbot, themed, operations, session):
    p = MapPanel(demo_store(), operations, session, tiles=TileSource())
    qtbot.addWidget(p)
    p.resize(1600, 900)
    p.show()
    qtbot.waitUntil(lambda: p.frame is not None and p.view.viewport.width > 1000, timeout=WAIT_MS)
    settle(qtbot, p)
    return p


def pixel(panel, lat, lon) -> QPoint:
    x, y = panel.view.viewport.pixel_of(lon, lat)
    return QPoint(round(x), round(y))


def clear_spot(panel, grid) -> QPoint:
    """A point inside the grid at least 26 px from every marker and off every label (clicks must hit
    the map)."""
    import random
    rng = random.Random(1)
    taken = [pixel(panel, m.lat, m.lon) for ms in panel.frame.markers.values() for m in ms]
    chips = [pixel(panel, a.lat, a.lon) for a in panel.frame.labels]
    for _ in range(500):
        lat, lon = geo.random_point_in(grid.polygon, rng)
        p = pixel(panel, lat, lon)
        if all(abs(p.x() - q.x()) + abs(p.y() - q.y()) > 52 for q in taken) and clear_of_chips(p, chips) \
                and geo.boundary_distance(grid.polygon, lat, lon) > 0.0004:
            return p
    raise AssertionError(f"no clear spot in {grid.id}")


def test_the_demo_grids_are_drawn_on_a_plain_dark_background(panel):
    image = panel.view.grabFramebuffer()
    bg = QColor(COLORS["bg"])
    inside = 0
    for grid in demo_geography().grids:
        c = image.pixelColor(clear_spot(panel, grid))
        # A grid fill (blue ramp at 62 % over the background) is clearly bluer than the background.
        inside += c.blue() > bg.blue() + 25 and c.blue() > c.red()
    assert inside == len(demo_geography().grids)
    corner = image.pixelColor(QPoint(image.width() - 5, image.height() - 5))  # outside the street
    assert abs(corner.red() - bg.red()) + abs(corner.green() - bg.green()) + abs(corner.blue() - bg.blue()) < 12
    assert panel.frame.level == 3 and len(panel.view.polygons.items) == len(demo_geography().grids)
    assert panel.notice.isVisible() and "tile server" in panel.notice.text() or "瓦片" in panel.notice.text()
    assert panel.frame.item_count <= 500


def test_grid_labels_are_drawn_just_above_their_points(panel):
    image = panel.view.grabFramebuffer()
    text = QColor(COLORS["text"])
    drawn = 0
    for label in panel.frame.labels:
        p = pixel(panel, label.lat, label.lon)
        if not (60 < p.x() < image.width() - 60 and 60 < p.y() < image.height() - 10):
            continue
        chip = [image.pixelColor(x, y) for x in range(p.x() - 30, p.x() + 30, 2) for y in range(p.y() - 40, p.y() - 4, 2)]
        below = [image.pixelColor(x, y) for x in range(p.x() - 30, p.x() + 30, 2) for y in range(p.y() + 8, p.y() + 30, 2)]
        glyph = lambda c: abs(c.red() - text.red()) + abs(c.green() - text.green()) + abs(c.blue() - text.blue()) < 90
        drawn += sum(map(glyph, chip)) > 5 and sum(map(glyph, below)) <= 2
    assert drawn >= 0.7 * len(panel.frame.labels) > 0


def test_clicking_a_grid_opens_its_card(panel, qtbot):
    grid = demo_geography().grids[4]
    QTest.mouseClick(panel.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, clear_spot(panel, grid))
    qtbot.waitUntil(panel.card.isVisible, timeout=WAIT_MS)
    s = panel.card.summary
    assert s["id"] == grid.id and s["head"]["phone"] == "138****0004"  # masked as the server sent it
    assert grid.id in panel.card.body.text() and "138****0004" in panel.card.body.text()
    assert panel.scene.highlight == ("region", grid.id)
    settle(qtbot, panel)
    assert panel.view.polygons.item(grid.id).highlighted


def test_zoom_into_from_the_card_shows_the_micro_grids(panel, qtbot):
    grid = demo_geography().grids[0]
    panel.zoom_into(grid.id)
    qtbot.waitUntil(lambda: panel.view.viewport.zoom > 16.5, timeout=WAIT_MS)
    qtbot.wait(700)
    settle(qtbot, panel)
    assert panel.frame.level == 4
    assert any(p.region_id.startswith(grid.id) and p.level == 4 for p in panel.frame.polygons)
    # Micro-grids cover only the buildings: the grid itself is drawn beneath them, so a spot between
    # buildings shows the grid's fill (not the bare background) and a click there opens the grid.
    assert panel.frame.context_level == 3 and any(p.region_id == grid.id for p in panel.frame.polygons)
    buildings = [r["polygon"] for r in panel._store.all("region") if r["level"] == 4]
    spot = between_buildings(panel, grid, buildings)
    c = panel.view.grabFramebuffer().pixelColor(spot)
    bg = QColor(COLORS["bg"])
    assert c.blue() > bg.blue() + 25 and c.blue() > c.red(), c.name()
    QTest.mouseClick(panel.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
    qtbot.waitUntil(panel.card.isVisible, timeout=WAIT_MS)
    assert panel.card.summary["id"] == grid.id


def between_buildings(panel, grid, buildings) -> QPoint:
    """A point on screen inside the grid, outside every micro-grid, clear of markers and labels."""
    import random
    rng = random.Random(2)
    vp = panel.view.viewport
    taken = [pixel(panel, m.lat, m.lon) for ms in panel.frame.markers.values() for m in ms]
    chips = [pixel(panel, a.lat, a.lon) for a in panel.frame.labels]
    for _ in range(2000):
        x, y = rng.uniform(40, vp.width - 40), rng.uniform(40, vp.height - 40)
        lon, lat = vp.lonlat_at(x, y)
        p = QPoint(round(x), round(y))
        if geo.contains(grid.polygon, lat, lon) and geo.boundary_distance(grid.polygon, lat, lon) > 0.0002 \
                and not any(geo.contains(b, lat, lon) or geo.boundary_distance(b, lat, lon) < 0.0001
                            for b in buildings) \
                and all(abs(p.x() - q.x()) + abs(p.y() - q.y()) > 70 for q in taken) and clear_of_chips(p, chips):
            return p
    raise AssertionError(f"no spot between the buildings of {grid.id}")


def test_dropping_a_ticket_on_a_grid_assigns_it_there(panel, operations):
    grids = demo_geography().grids
    ticket = next(t for t in panel._store.all("ticket") if t["region_id"] == grids[0].id)
    assert send_drop(panel.view, ticket["id"], "handling", clear_spot(panel, grids[7]))
    assert operations.calls[-1] == ("ticket.assign", ticket["id"], grids[7].id, None)


def test_a_drop_off_the_grids_is_refused_with_a_banner(panel, operations):
    ticket = panel._store.all("ticket")[0]
    assert send_drop(panel.view, ticket["id"], "handling", QPoint(panel.view.width() - 5, panel.view.height() - 5))
    assert operations.calls == [] and panel.banner.isVisible()


def test_ticket_and_camera_clicks_ask_the_main_window(panel, qtbot):
    with qtbot.waitSignal(panel.sig_open_ticket) as opened:
        panel.view.bridge.markerClicked("ticket", "T20261123-0001", 37.3, 117.1)
    assert opened.args == ["T20261123-0001"]
    with qtbot.waitSignal(panel.sig_show_camera) as shown:
        panel.view.bridge.markerClicked("camera", "CAM-003", 37.3, 117.1)
    assert shown.args == ["CAM-003"]
    mime = camera_mime("CAM-003")
    assert bytes(mime.data(CAMERA_MIME)).decode("utf-8") == "CAM-003"


def test_a_real_click_on_a_camera_marker_shows_that_camera(panel, qtbot):
    cam = next(m for m in panel.frame.markers["cameras"] if m.entity_id)
    with qtbot.waitSignal(panel.sig_show_camera, timeout=WAIT_MS) as shown:
        QTest.mouseClick(panel.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         pixel(panel, cam.lat, cam.lon))
    assert shown.args == [cam.entity_id]


def test_a_real_click_on_a_ticket_and_an_alarm_marker_names_that_entity(panel, qtbot):
    # The delegates take their roles as required properties: a click must still carry the row's own
    # kind, id and position (a role left undeclared would arrive empty).
    for layer, kind in (("tickets", "ticket"), ("alarms", "alarm")):
        marker = next(m for m in panel.frame.markers[layer] if m.entity_id)
        with qtbot.waitSignal(panel.view.sig_marker_clicked, timeout=WAIT_MS) as clicked:
            QTest.mouseClick(panel.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             pixel(panel, marker.lat, marker.lon))
        assert clicked.args[:2] == [kind, marker.entity_id]
        assert clicked.args[2:] == pytest.approx([marker.lat, marker.lon], abs=1e-9)


def test_search_flies_to_a_grid_and_highlights_it(panel, qtbot):
    grid = demo_geography().grids[9]
    panel.search_box.setText(grid.name)
    QTest.keyClick(panel.search_box, Qt.Key.Key_Return)
    lat, lon = grid.centroid
    qtbot.waitUntil(lambda: abs(panel.view.viewport.lat - lat) < 0.002 and abs(panel.view.viewport.lon - lon) < 0.002,
                    timeout=WAIT_MS)
    assert panel.scene.highlight == ("region", grid.id) and panel.card.summary["id"] == grid.id


def _asked(operations):
    """Record the Ops that `operations.request` returns (the panel's place lookups)."""
    made, original = [], operations.request
    operations.request = lambda name, args: made.append(original(name, args)) or made[-1]
    return made


PLACE = {"kind": "building", "id": "B-9", "name": "和平小区3号楼", "address": "月湖街240号", "rank": 0}


def test_a_building_is_asked_of_the_server_and_flown_to(panel, qtbot, operations, session):
    session.permissions = session.permissions | {"place.search"}
    made = _asked(operations)
    grid = demo_geography().grids[2]
    lat, lon = grid.centroid
    panel.search_box.setText("和平小区3号楼")
    QTest.keyClick(panel.search_box, Qt.Key.Key_Return)
    assert [(op.name, op.kind) for op in made] == [("place.search", None)]
    assert operations.calls[-1] == ("place.search", None, {"query": "和平小区3号楼", "limit": 10})
    assert not panel.banner.isVisible()  # no "nothing found" before the server has answered
    operations.sig_succeeded.emit(made[0], {"places": [{**PLACE, "lat": lat, "lon": lon}]})
    qtbot.waitUntil(lambda: abs(panel.view.viewport.lat - lat) < 0.002 and abs(panel.view.viewport.lon - lon) < 0.002,
                    timeout=WAIT_MS)
    assert panel.scene.highlight == ("building", "B-9")


def test_a_failed_building_lookup_is_said_never_nothing_found(panel, qtbot, operations, session):
    session.permissions = session.permissions | {"place.search"}
    made = _asked(operations)
    panel.search_box.setText("和平小区3号楼")
    QTest.keyClick(panel.search_box, Qt.Key.Key_Return)
    operations.sig_failed.emit(made[0], "internal", "读取失败 (read failed): disk I/O error", None)
    qtbot.waitUntil(panel.banner.isVisible, timeout=WAIT_MS)
    assert "读取失败" in panel.banner.text() and "未找到" not in panel.banner.text()
    made.clear()
    panel.search_box.setText("不存在的地方")
    QTest.keyClick(panel.search_box, Qt.Key.Key_Return)
    operations.sig_succeeded.emit(made[0], {"places": []})  # answered, and empty: now it is "nothing found"
    qtbot.waitUntil(lambda: "不存在的地方" in panel.banner.text(), timeout=WAIT_MS)


def test_focus_flies_to_a_ticket_and_knows_what_it_cannot_find(panel, qtbot):
    ticket = panel._store.all("ticket")[5]
    assert panel.focus("ticket", ticket["id"])
    loc = ticket["location"]
    qtbot.waitUntil(lambda: abs(panel.view.viewport.lat - loc["lat"]) < 1e-4 and panel.view.viewport.zoom >= 16.9,
                    timeout=WAIT_MS)
    settle(qtbot, panel)
    assert any(m.entity_id == ticket["id"] and m.highlighted for m in panel.frame.markers["tickets"])
    assert not panel.focus("ticket", "T-NOPE") and not panel.focus("camera", "CAM-NOPE")


def test_follow_mode_pans_to_a_new_alarm_and_returns(panel, qtbot):
    home = panel.view.viewport
    panel.set_follow(True, 1.0)
    store = panel._store
    far = demo_geography().grids[-1]
    lat, lon = geo.random_point_in(far.polygon, __import__("random").Random(4))
    alarm = {"id": "A-NEW", "version": 1, "type": "care_fall", "status": "active", "message": "跌倒报警",
             "region_id": far.id, "location": {"lat": lat, "lon": lon}, "camera_id": None}
    store.apply([Ev(store.seq + 1, "alarm", "upsert", "A-NEW", alarm)])
    qtbot.waitUntil(lambda: abs(panel.view.viewport.lat - lat) < 1e-4 and abs(panel.view.viewport.lon - lon) < 1e-4,
                    timeout=WAIT_MS)
    assert panel.scene.highlight == ("alarm", "A-NEW")
    qtbot.waitUntil(lambda: abs(panel.view.viewport.lat - home.lat) < 1e-4 and
                    abs(panel.view.viewport.zoom - home.zoom) < 0.01, timeout=WAIT_MS)
    assert panel.scene.highlight is None


def test_an_invalid_boundary_from_the_server_is_named_and_the_rest_is_drawn(qtbot, themed, operations, session):
    store = demo_store()
    grid = demo_geography().grids[2]
    bad = dict(store.get("region", grid.id), polygon={"type": "Polygon", "coordinates": [[["x", 37.3], [117.1, 37.3], [117.1, 37.31], ["x", 37.3]]]},
               version=2)
    store.apply([Ev(store.seq + 1, "region", "upsert", grid.id, bad)])
    p = MapPanel(store, operations, session, tiles=TileSource())
    qtbot.addWidget(p)
    p.resize(1400, 800)
    p.show()
    qtbot.waitUntil(lambda: p.frame is not None and p.view.viewport.width > 900, timeout=WAIT_MS)
    assert p.banner.isVisible() and grid.id in p.banner.text() and "invalid position" in p.banner.text()
    p.refresh_now()
    drawn = {x.region_id for x in p.view.polygons.items}
    assert grid.id not in drawn and len(drawn) == len(demo_geography().grids) - 1



def test_clusters_are_kept_while_the_zoom_moves_and_re_form_once_it_rests(panel, qtbot):
    from PySide6.QtCore import QObject
    vp = panel.view.viewport
    panel.view.fly_to(vp.lat, vp.lon, 14.0, 0)
    settle(qtbot, panel)
    before = {m.key for m in panel.frame.markers["tickets"]}
    assert any(m.count > 1 for m in panel.frame.markers["tickets"])
    map_item = panel.view.rootObject().findChild(QObject, "map")
    for z in (14.2, 14.4, 14.6):  # an animated zoom, a step further than the clusters were made at
        map_item.setProperty("zoomLevel", z)
        panel.refresh_now()
        assert {m.key for m in panel.frame.markers["tickets"]} <= before, z
    qtbot.waitUntil(lambda: bool({m.key for m in panel.frame.markers["tickets"]} - before), timeout=WAIT_MS)
    assert panel.view.viewport.zoom == pytest.approx(14.6)


def test_a_hidden_map_does_no_frame_work_and_catches_up_when_shown(panel, qtbot):
    store = panel._store
    panel.hide()
    before = panel.frames_computed
    ticket = next(iter(store.all("ticket")))
    store.apply([Ev(store.seq + 1, "ticket", "upsert", ticket["id"], {**ticket, "version": ticket["version"] + 1,
                                                                        "sla_state": "overdue"})])
    qtbot.wait(120)  # several 16 ms frames
    assert panel.frames_computed == before
    panel.show()
    qtbot.waitUntil(lambda: panel.frames_computed > before, timeout=WAIT_MS)


def test_a_pan_inside_the_populated_margin_changes_no_model_row(panel, qtbot):
    """The scene hands back the same frame while the view stays within its cover: no row is
    inserted, removed or re-bound, so QtLocation only moves the items it already has; and the grids'
    picture is moved with the map, not painted again."""
    from PySide6.QtCore import QObject
    from PySide6.QtPositioning import QGeoCoordinate

    events = []
    canvas = panel.view.canvas
    painted, x0 = canvas.painted, canvas.x()
    for model in panel.view.markers.values():
        model.rowsInserted.connect(lambda *_: events.append("insert"))
        model.rowsRemoved.connect(lambda *_: events.append("remove"))
        model.dataChanged.connect(lambda *_: events.append("changed"))
        model.modelReset.connect(lambda: events.append("reset"))
    map_obj = panel.view.rootObject().findChild(QObject, "map")
    first, reused = panel.frame, panel.scene.frames_reused
    assert first.cover is not None
    vp = panel.view.viewport
    for dx in (40, 80, 120, 80, 40):  # a drag back and forth, 40 px a frame
        lon, lat = vp.lonlat_at(vp.width / 2 + dx, vp.height / 2)
        map_obj.setProperty("center", QGeoCoordinate(lat, lon))
        panel.refresh_now()
        assert panel.frame is first
    assert events == [] and panel.scene.frames_reused == reused + 5
    lon, lat = vp.lonlat_at(vp.width / 2 + 40, vp.height / 2)
    map_obj.setProperty("center", QGeoCoordinate(lat, lon))
    assert canvas.painted is painted and canvas.x() == x0 - 40  # moved with the map, to the pixel
    # Far away the frame is computed anew and the models follow.
    lon, lat = vp.lonlat_at(vp.width / 2 + 3 * vp.width, vp.height / 2)
    map_obj.setProperty("center", QGeoCoordinate(lat, lon))
    panel.refresh_now()
    assert panel.frame is not first and events


def test_a_removed_row_leaves_the_map_at_once(panel, qtbot):
    """MapItemView fades a removed row's item out over 300 ms by default, drawing and moving it on
    every frame meanwhile; the map has no exit fade, so after a zoom the map holds exactly the
    markers' rows (plus the highlight ring: the grids are one picture, not map items)."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    map_obj = panel.view.rootObject().findChild(QObject, "map")
    models = tuple(panel.view.markers.values())

    def counts():
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return len(map_obj.property("mapItems")), 1 + sum(m.rowCount() for m in models)

    removed = []
    for m in models:
        m.rowsRemoved.connect(lambda _p, a, b: removed.append(b - a + 1))
    start = panel.view.viewport.zoom
    for zoom in (start + 2.5, start):  # in to the grids and back: rows removed each way
        map_obj.setProperty("zoomLevel", zoom)
        panel.refresh_now()
        qtbot.wait(30)  # a frame or two, far less than the 300 ms fade
        items, rows = counts()
        assert items == rows
    assert sum(removed) > 10


def test_label_pictures_are_made_while_idle_before_the_map_shows_them(panel, qtbot):
    # Every region's label, at every level: a level switch or a pan then finds its pictures made
    images, dpr = panel.view.marker_images, panel.view.devicePixelRatioF()
    qtbot.waitUntil(lambda: panel.label_warmer.pending == 0, timeout=WAIT_MS)
    lines = panel.scene.all_label_lines()
    assert len(lines) == panel._store.count("region") and all(images.has_label(t, d, dpr) for t, d in lines)
    assert all(images.has_label(a.text, a.detail, dpr) for a in panel.frame.labels)
    # Another colouring says other things on the labels: their pictures are made again, ahead
    panel._on_colour_mode("density")
    assert panel.label_warmer.pending > 0
    qtbot.waitUntil(lambda: panel.label_warmer.pending == 0, timeout=WAIT_MS)
    assert all(images.has_label(t, d, dpr) for t, d in panel.scene.all_label_lines())


def wheel(panel, at: QPoint, notches: int) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication
    event = QWheelEvent(QPointF(at), QPointF(panel.view.mapToGlobal(at)), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(panel.view, event)


def test_the_wheel_zooms_about_the_point_under_the_cursor_and_notches_add_up(panel, qtbot):
    vp = panel.view.viewport
    zoom, level = vp.zoom, panel.frame.level
    at = QPoint(int(vp.width * 0.25), int(vp.height * 0.7))  # well off the centre
    lon, lat = vp.lonlat_at(at.x(), at.y())
    wheel(panel, at, 1)
    qtbot.wait(60)
    wheel(panel, at, 1)  # turned again while the first notch glides
    assert panel.view.viewport.zoom < zoom + 2  # a glide, not a jump
    qtbot.waitUntil(lambda: abs(panel.view.viewport.zoom - (zoom + 2)) < 1e-6, timeout=WAIT_MS)
    x, y = panel.view.viewport.pixel_of(lon, lat)
    assert abs(x - at.x()) < 2 and abs(y - at.y()) < 2  # the place looked at stayed under the cursor
    settle(qtbot, panel)
    assert panel.frame.level > level  # re-formed at rest: the finer grids of the closer zoom
    wheel(panel, at, -1)
    qtbot.waitUntil(lambda: abs(panel.view.viewport.zoom - (zoom + 1)) < 1e-6, timeout=WAIT_MS)


def test_the_grids_picture_is_scaled_through_a_zoom_and_painted_again_once_it_rests(panel, qtbot):
    """The outlines, labels and tickets are one picture (widgets/map_canvas.py): a zoom under way
    scales it with the map, and once the zoom rests it is painted again at the new zoom."""
    from PySide6.QtCore import QObject

    canvas, view = panel.view.canvas, panel.view
    view.grabFramebuffer()
    painted, paints, zoom = canvas.painted, canvas.paints, view.viewport.zoom
    assert painted is not None and painted.view.zoom == zoom and canvas.scale() == 1.0
    map_obj = view.rootObject().findChild(QObject, "map")
    map_obj.setProperty("zoomLevel", zoom + 0.3)
    assert panel.behind  # the move is not drawn yet
    panel.refresh_now()
    assert not panel.behind
    view.grabFramebuffer()
    assert canvas.painted is painted and canvas.paints == paints  # moved and scaled, not painted
    assert canvas.scale() == pytest.approx(2 ** 0.3)
    qtbot.waitUntil(lambda: not panel.scene.zoom_moving, timeout=WAIT_MS)
    panel.refresh_now()
    view.grabFramebuffer()
    assert canvas.painted.view.zoom == pytest.approx(zoom + 0.3) and canvas.scale() == 1.0
    assert canvas.paints == paints + 1  # once, with the rested frame's items


def test_tickets_are_painted_in_their_sla_colour_where_they_are(panel):
    from widgets.theme import STATUS_COLORS

    image = panel.view.grabFramebuffer()
    others = [pixel(panel, m.lat, m.lon) for name, ms in panel.frame.markers.items() if name != "tickets" for m in ms]
    singles = [m for m in panel.frame.markers["tickets"] if m.count == 1
               and all(abs(pixel(panel, m.lat, m.lon).x() - q.x()) + abs(pixel(panel, m.lat, m.lon).y() - q.y()) > 40
                       for q in others)]
    assert singles and panel.view.canvas.tickets.items == sorted(panel.frame.markers["tickets"],
                                                                 key=lambda m: m.highlighted)
    hits = 0
    for m in singles:
        c, want = image.pixelColor(pixel(panel, m.lat, m.lon)), QColor(STATUS_COLORS[m.state])
        hits += abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue()) < 30
    assert hits >= 0.8 * len(singles)  # a few lie under another ticket's disc
