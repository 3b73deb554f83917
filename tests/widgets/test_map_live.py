"""End to end: a ticket dropped on a grid of the map is assigned there by the real hub, and a
conflict puts it back with the same banner as the board."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QPoint  # noqa: E402

from tests.backend.small_street import GRID_A, GRID_B  # noqa: E402
from tests.widgets.board_fixtures import send_drop  # noqa: E402
from tests.widgets.test_board_live import IN_GRID_A, WAIT_MS, consoles, create, live_server, street  # noqa: E402,F401
from widgets.map_panel import MapPanel  # noqa: E402
from widgets.map_tiles import TileSource  # noqa: E402

pytestmark = pytest.mark.usefixtures("chinese")


@pytest.fixture
def wall(consoles, qtbot, themed):
    c = consoles("admin")
    c.map = MapPanel(c.store, c.ops, c.session, tiles=TileSource())
    qtbot.addWidget(c.map)
    c.map.resize(1200, 800)
    c.map.show()
    qtbot.waitUntil(lambda: c.map.frame is not None and c.map.view.viewport.width > 800, timeout=WAIT_MS)
    c.map.zoom_into("S1-C1")  # the two grids fill the view
    qtbot.wait(800)
    c.map.refresh_now()
    return c


def grid_centre(panel, lon0, lat0, lon1, lat1) -> QPoint:
    x, y = panel.view.viewport.pixel_of((lon0 + lon1) / 2, (lat0 * 0.7 + lat1 * 0.3))
    return QPoint(round(x), round(y))


def test_a_drop_on_a_map_grid_assigns_the_ticket_through_the_hub(wall, consoles, qtbot):
    other = consoles("leader")
    tid = create(qtbot, other, "占道经营")
    other.do(qtbot, other.ops.transition(tid, "accept"))
    qtbot.waitUntil(lambda: wall.ticket(tid).get("status") == "accepted", timeout=WAIT_MS)
    assert wall.map.region_at_pixel(*grid_centre(wall.map, 117.1, 37.0, 117.2, 37.1).toTuple()) == GRID_B
    assert send_drop(wall.map.view, tid, "accepted", grid_centre(wall.map, 117.1, 37.0, 117.2, 37.1))
    [op] = [o for o in wall.ops.pending.values() if o.entity_id == tid]
    assert op.name == "ticket.assign"
    wall.do(qtbot, op)
    confirmed = wall.store.confirmed("ticket", tid)
    assert (confirmed["status"], confirmed["region_id"], confirmed["assignee_id"]) == ("dispatched", GRID_B, "P-HEAD-B")
    qtbot.waitUntil(lambda: "完成" in wall.map.banner.text() or "done" in wall.map.banner.text(), timeout=WAIT_MS)


def test_a_stale_drop_on_the_map_reports_the_conflict_and_the_ticket_stays(wall, consoles, qtbot):
    other = consoles("leader")
    tid = create(qtbot, other, "井盖破损")
    other.do(qtbot, other.ops.transition(tid, "accept"))
    qtbot.waitUntil(lambda: wall.ticket(tid).get("status") == "accepted", timeout=WAIT_MS)
    wall.bridge.stop()  # our wall has not heard the news yet: its version is stale
    other.do(qtbot, other.ops.assign(tid, region_id=GRID_A))
    assert send_drop(wall.map.view, tid, "accepted", grid_centre(wall.map, 117.1, 37.0, 117.2, 37.1))
    assert wall.store.get("ticket", tid)["region_id"] == GRID_B  # optimistic
    wall.bridge.start()
    qtbot.waitUntil(lambda: not wall.store.pending("ticket", tid), timeout=WAIT_MS)
    assert wall.store.get("ticket", tid)["region_id"] == GRID_A  # where the server says it is
    assert wall.map.banner.isVisible() and "李街长" in wall.map.banner.text()


def test_search_finds_a_building_through_the_hub_and_flies_there(wall, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    assert "place.search" in wall.session.permissions
    wall.map.search_box.setText("幸福小区1号楼")  # a building: not pushed, only the server knows it
    QTest.keyClick(wall.map.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wall.map.scene.highlight == ("building", "B-1"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: abs(wall.map.view.viewport.lat - 37.05) < 0.01, timeout=WAIT_MS)
