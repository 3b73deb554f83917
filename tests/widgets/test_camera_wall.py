"""The camera wall end to end: real clips, a real HTTP-TS server on loopback, libvlc, a Qt window.

Layouts, tours, alarm pop-ups, drops, keyboard, hiding and detaching, and a 16-tile screenshot.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from console.player import RetryPolicy, State
from console.store import Store
from tests.widgets.conftest import alarm, small_state, upsert
from tests.widgets.test_camera_support import camera, pump, serve, test_clips
from widgets.camera_tile import CAMERA_MIME

FAST = RetryPolicy(initial=0.2, cap=1.0, give_up_after=3, failed_retry=5.0, freeze_after=1.5, frozen_restart=1.0,
                   open_timeout=4.0)
SHOTS = Path(os.environ.get("GRIDLINE_SHOTS", "/tmp/gridline-shots"))


@pytest.fixture(scope="module")
def media():
    server = serve(test_clips(), cameras=20)
    yield server
    server.stop()


@pytest.fixture
def wall_store(media) -> Store:
    state = small_state()
    state["alarm"] = []
    state["camera"] = [camera(k, media.base_url) for k in range(20)]
    store = Store()
    store.load(10, state)
    return store


@pytest.fixture
def panel(qtbot, themed, chinese, wall_store, tmp_path):
    from widgets.camera_wall import CameraWallPanel
    w = CameraWallPanel(wall_store, None, None, presets_path=tmp_path / "presets.json", policy=FAST,
                        snapshot_dir=tmp_path / "shots", layout_key="4")
    qtbot.addWidget(w)
    w.resize(1600, 900)
    w.show()
    yield w
    w.grid.set_active(False)


def all_live(panel, n: int) -> bool:
    return all(t.state is State.LIVE and t.painted > 0 for t in panel.grid.tiles[:n])


def test_sixteen_tile_wall_plays_live_video_with_chinese_osd(panel, qtbot, qapp):
    panel.set_layout("16")
    for k in range(16):
        panel.wall.assign(k, f"CAM-{k:03d}")
    qtbot.waitUntil(lambda: all_live(panel, 16), timeout=10_000)
    pump(qapp, 1.0)
    assert all(t.stream.engine_name == "vlc" for t in panel.grid.tiles[:16])
    shot = panel.grab().toImage()
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot.save(str(SHOTS / "wall16.png"))
    # Video is visible: the centre of every tile has the clip's colours, not the black of an empty tile.
    for tile in panel.grid.tiles[:16]:
        centre = tile.mapTo(panel, tile.rect().center())
        c = shot.pixelColor(centre.x(), centre.y())
        assert c.red() + c.green() + c.blue() > 60, (tile.index, c.name())
    assert panel.grid.tiles[0].state_text(State.LIVE) == "直播"


def test_layout_switch_keeps_playing_tiles_and_is_quick(panel, qtbot, qapp):
    panel.set_layout("9")
    for k in range(4):
        panel.wall.assign(k, f"CAM-{k:03d}")
    qtbot.waitUntil(lambda: all_live(panel, 4), timeout=8000)
    generations = [t.stream.st.generation for t in panel.grid.tiles[:4]]
    for key in ("16", "25", "36", "9"):
        panel.set_layout(key)
        qapp.processEvents()
        assert panel.grid.last_layout_ms < 300, (key, panel.grid.last_layout_ms)
        assert panel.layout_buttons[key].isChecked()
    # 9 → 16 → 25 → 36 → 9: small tiles all along, so the playing streams were never restarted
    assert [t.stream.st.generation for t in panel.grid.tiles[:4]] == generations
    for key in ("6", "1", "4"):  # a bigger tile changes to the main stream: a restart, still quick
        panel.set_layout(key)
        qapp.processEvents()
        assert panel.grid.last_layout_ms < 300, (key, panel.grid.last_layout_ms)
    assert [panel.wall.shown(i) for i in range(4)] == [f"CAM-{k:03d}" for k in range(4)]
    qtbot.waitUntil(lambda: all_live(panel, 4), timeout=8000)


def test_six_layout_gives_the_big_tile_the_main_stream(panel, qtbot):
    panel.set_layout("6")
    panel.wall.assign(0, "CAM-000")
    panel.wall.assign(1, "CAM-001")
    assert panel.grid.tiles[0].stream.source.role == "main"
    assert panel.grid.tiles[1].stream.source.role == "sub"
    assert panel.grid.tiles[0].width() > panel.grid.tiles[1].width() * 1.5


def test_tour_shows_cameras_in_order_with_dwell_pause_and_next(panel, qtbot, qapp):
    cams = [f"CAM-{k:03d}" for k in range(10)]
    panel.start_tour(cams, dwell=3)
    assert [panel.wall.shown(i) for i in range(4)] == cams[0:4]
    t0 = time.monotonic()
    qtbot.waitUntil(lambda: panel.wall.tour_step == 1, timeout=5000)
    assert 2.8 <= time.monotonic() - t0 <= 4.0
    assert [panel.wall.shown(i) for i in range(4)] == cams[4:8]
    panel.pause_button.click()
    assert panel.wall.tour_paused and not panel._tour_timer.isActive()
    panel.next_button.click()
    assert [panel.wall.shown(i) for i in range(4)] == cams[8:10] + [None, None]
    pump(qapp, 0.5)
    panel.next_button.click()  # wraps to the first page
    assert [panel.wall.shown(i) for i in range(4)] == cams[0:4]
    panel.tour_button.click()
    assert panel.wall.tour is None


def test_a_tour_on_a_group_of_tiles_picked_with_ctrl_click_and_t(panel, qtbot, qapp):
    from widgets.theme import COLORS
    for k in range(4):
        panel.wall.assign(k, f"CAM-{k:03d}")
    tiles = panel.grid.tiles
    qtbot.mouseClick(tiles[1], Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(tiles[0], Qt.MouseButton.LeftButton)  # a plain click only selects
    qtbot.keyClick(panel.grid, Qt.Key.Key_Right)  # keyboard: select tile 1 → right → 2 ...
    qtbot.keyClick(panel.grid, Qt.Key.Key_Down)  # ... → down → 3 ...
    qtbot.keyClick(panel.grid, Qt.Key.Key_T)  # ... into the group
    assert panel.wall.tour_group == (1, 3)
    assert [t.grouped for t in tiles[:4]] == [False, True, False, True]
    assert panel.status.text() == "轮巡组：2 个窗格"
    # the group's tiles say so on the wall: the dashed blue frame of tile 1 (tile 3 is selected: solid)
    shot = panel.grab().toImage()
    edge = tiles[1].mapTo(panel, tiles[1].rect().topLeft())
    blue = QImage(1, 1, QImage.Format.Format_RGB32)
    blue.fill(COLORS["info"])
    frame = [shot.pixelColor(edge.x() + 1 + dx, edge.y() + 1) for dx in range(60)]
    assert any(c == blue.pixelColor(0, 0) for c in frame) and any(c != blue.pixelColor(0, 0) for c in frame)
    cams = [f"CAM-{k:03d}" for k in range(10, 16)]
    panel.start_tour(cams, dwell=3)
    assert panel.wall.tour.tiles == (1, 3)
    assert [panel.wall.shown(i) for i in range(4)] == ["CAM-000", "CAM-010", "CAM-002", "CAM-011"]
    assert panel.status.text() == "轮巡 1/3"
    panel.next_button.click()
    assert [panel.wall.shown(i) for i in (1, 3)] == ["CAM-012", "CAM-013"]
    panel.tour_button.click()  # stop: the page number goes, the group stays for the next tour
    assert panel.wall.tour is None and panel.status.text() == "轮巡组：2 个窗格"
    qtbot.mouseClick(tiles[1], Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier)  # out again
    assert panel.wall.tour_group == (3,)
    qtbot.keyClick(panel.grid, Qt.Key.Key_Down)
    qtbot.keyClick(panel.grid, Qt.Key.Key_T)
    assert panel.wall.tour_group == () and panel.status.text() == ""
    assert not any(t.grouped for t in tiles[:4])


def test_an_alarm_whose_message_is_its_kind_says_it_once(panel, wall_store):
    from widgets.alarm_model import type_name
    kind = type_name("ai_fire")
    upsert(wall_store, alarm("A-FIRE", "ai_fire", camera_id="CAM-005", message=kind))
    text = panel.grid.tiles[2].alarm_text
    assert text and text.count(kind) == 1
    gate = type_name("gate_forced")
    upsert(wall_store, alarm("A-GATE", "gate_forced", camera_id="CAM-006", message=f"{gate}: 锦绣华城小区南门"))
    text = panel.grid.tiles[2].alarm_text
    assert text.count(gate) == 1 and "锦绣华城小区南门" in text


def test_dwell_below_three_seconds_is_refused(panel):
    assert panel.dwell.minimum() == 3
    with pytest.raises(ValueError):
        panel.wall.start_tour(["CAM-000"], 2)


def test_alarm_pops_up_nearest_cameras_in_red_until_acknowledged(panel, qtbot, wall_store):
    panel.wall.assign(2, "CAM-010")
    a = alarm("A-POP", "ai_intrusion", camera_id="CAM-005", location={"lat": 37.0524, "lon": 117.05},
              message="北门区域入侵")
    upsert(wall_store, a)
    group = [2, 3]  # bottom row of the 2×2 layout
    assert [panel.wall.shown(i) for i in group] == ["CAM-005", "CAM-004"]
    tile = panel.grid.tiles[2]
    assert "北门区域入侵" in tile.alarm_text and "区域入侵" in tile.alarm_text
    assert panel.grid.tiles[0].alarm_text == ""
    qtbot.waitUntil(lambda: tile.state is State.LIVE, timeout=8000)
    shot = tile.grab().toImage()
    assert shot.pixelColor(1, shot.height() // 2).red() > 200  # the red frame
    upsert(wall_store, {**a, "status": "acknowledged", "version": 2})
    assert panel.wall.popup is None and tile.alarm_text == ""
    assert panel.wall.shown(2) == "CAM-010"  # the user's camera comes back


def send_drop(target, camera_id: str) -> None:
    mime = QMimeData()
    mime.setData(CAMERA_MIME, QByteArray(camera_id.encode("utf-8")))
    pos = target.rect().center()
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, QDragEnterEvent(pos, *args))
    QApplication.sendEvent(target, QDragMoveEvent(pos, *args))
    QApplication.sendEvent(target, QDropEvent(QPointF(pos), *args))


def test_drop_and_show_camera_and_tree_double_click(panel, qtbot):
    send_drop(panel.grid.tiles[1], "CAM-007")
    assert panel.wall.shown(1) == "CAM-007"
    panel.show_camera("CAM-008")
    assert panel.wall.shown(0) == "CAM-008" and panel.wall.selected == 0
    panel.show_camera("CAM-007")
    assert panel.wall.selected == 1
    panel.tree.sig_camera_activated.emit("CAM-009")
    assert panel.wall.solo is not None and panel.wall.shown(panel.wall.solo) == "CAM-009"
    assert panel.grid.tiles[panel.wall.solo].stream.source.role == "main"


def test_tree_groups_by_community_and_grid_and_searches(panel, wall_store):
    tree = panel.tree
    top = tree.tree.topLevelItem(0)
    assert top.text(0).startswith("幸福社区") and top.child(0).text(0) == "第一网格"
    assert top.child(0).childCount() == 20
    tree.search.setText("和平路口5")
    visible = tree.visible_camera_ids()
    assert visible == ["CAM-005"]
    upsert(wall_store, {**wall_store.get("camera", "CAM-005"), "online": False, "version": 2}, kind="camera")
    tree.rebuild()
    assert "离线" in tree.tree.topLevelItem(0).child(0).child(5).text(0)


def test_keyboard_moves_selection_and_toggles_full_screen(panel, qtbot):
    panel.grid.setFocus()
    qtbot.keyClick(panel.grid, Qt.Key.Key_Right)
    qtbot.keyClick(panel.grid, Qt.Key.Key_Down)
    assert panel.wall.selected == 3
    qtbot.keyClick(panel.grid, Qt.Key.Key_Return)
    assert panel.wall.solo == 3 and panel.grid.tiles[3].isVisible() and not panel.grid.tiles[0].isVisible()
    qtbot.keyClick(panel.grid, Qt.Key.Key_Escape)
    assert panel.wall.solo is None and panel.grid.tiles[0].isVisible()


def test_hidden_panel_decodes_nothing_and_resumes(panel, qtbot):
    for k in range(4):
        panel.wall.assign(k, f"CAM-{k:03d}")
    qtbot.waitUntil(lambda: all_live(panel, 4), timeout=8000)
    panel.hide()
    assert panel.grid.playing() == [] and all(t.state is State.IDLE for t in panel.grid.tiles)
    panel.show()
    qtbot.waitUntil(lambda: all_live(panel, 4), timeout=8000)


def test_tiles_off_screen_paint_and_poll_nothing(panel, qtbot, qapp):
    panel.set_layout("16")
    for k in range(16):
        panel.wall.assign(k, f"CAM-{k:03d}")
    qtbot.waitUntil(lambda: all_live(panel, 16), timeout=10_000)
    panel.set_layout("4")
    tiles = panel.grid.tiles
    polled = []
    for t in tiles[4:16]:
        t.poll_frame = lambda t=t: polled.append(t.index) or False
    before = [t.painted for t in tiles[:16]]
    pump(qapp, 1.0)
    assert polled == [] and panel.grid._shown == tiles[:4]
    assert [t.painted for t in tiles[4:16]] == before[4:16]
    assert all(t.state is State.IDLE and t.stream.engine_name is None for t in tiles[4:16])
    qtbot.waitUntil(lambda: all_live(panel, 4), timeout=8000)


def test_a_live_tile_paints_each_picture_once_and_renders_its_bars_once_a_second(panel, qtbot, qapp):
    panel.wall.assign(1, "CAM-001")
    tile = panel.grid.tiles[1]
    qtbot.waitUntil(lambda: tile.state is State.LIVE and tile.painted > 5, timeout=8000)
    renders = []
    render = tile._render_bars
    tile._render_bars = lambda *a: renders.append(a) or render(*a)
    painted = tile.painted
    pump(qapp, 2.0)
    assert 40 <= tile.painted - painted <= 55  # 25 fps, each picture painted once
    assert 1 <= len(renders) <= 3  # the clock's seconds, not every picture


def test_a_renamed_camera_shows_its_new_name_at_once(panel, qtbot, qapp, wall_store):
    panel.wall.assign(0, "CAM-000")
    tile = panel.grid.tiles[0]
    qtbot.waitUntil(lambda: tile.state is State.LIVE and tile.painted > 0, timeout=8000)
    upsert(wall_store, {**wall_store.get("camera", "CAM-000"), "name": "新名字", "version": 2}, kind="camera")
    pump(qapp, 0.2)
    assert "新名字" in tile._osd_full


def test_detach_moves_the_tiles_to_their_own_window_and_back(panel, qtbot):
    panel.wall.assign(0, "CAM-000")
    panel.detach()
    assert panel.detached and panel.grid.window() is not panel.window() and panel.grid.isVisible()
    qtbot.waitUntil(lambda: panel.grid.tiles[0].state is State.LIVE, timeout=8000)
    panel.detach()
    assert not panel.detached and panel.grid.window() is panel.window()
    qtbot.waitUntil(lambda: panel.grid.tiles[0].state is State.LIVE, timeout=8000)


def test_snapshot_saves_a_png(panel, qtbot, tmp_path):
    panel.wall.assign(0, "CAM-001")
    qtbot.waitUntil(lambda: panel.grid.tiles[0].state is State.LIVE, timeout=8000)
    path = panel.grid.snapshot(0)
    assert path is not None and path.suffix == ".png"
    image = QImage(str(path))
    assert image.width() == panel.grid.tiles[0].width() and not image.isNull()


def test_the_wall_comes_back_as_it_was_left(qtbot, themed, chinese, wall_store, tmp_path, qapp):
    from widgets.camera_wall import CameraWallPanel
    path = tmp_path / "presets.json"
    first = CameraWallPanel(wall_store, None, None, presets_path=path, policy=FAST, layout_key="4")
    qtbot.addWidget(first)
    first.set_layout("9")
    first.wall.assign(4, "CAM-004")
    qtbot.waitUntil(lambda: path.exists() and "CAM-004" in path.read_text(encoding="utf-8"), timeout=3000)
    first.grid.set_active(False)
    again = CameraWallPanel(wall_store, None, None, presets_path=path, policy=FAST, layout_key="4")
    qtbot.addWidget(again)
    assert again.wall.layout.key == "9" and again.wall.shown(4) == "CAM-004"
    assert again.layout_buttons["9"].isChecked() and again.preset_box.count() == 1  # no preset named ""
    # An unreadable last view: the wall starts with its default layout, empty
    path.write_text('{"": {"layout": "no such layout", "cameras": ["CAM-001"]}}', encoding="utf-8")
    fresh = CameraWallPanel(wall_store, None, None, presets_path=path, policy=FAST, layout_key="4")
    qtbot.addWidget(fresh)
    assert fresh.wall.layout.key == "4" and fresh.wall.shown(0) is None


def test_presets_round_trip_through_the_panel(panel):
    panel.set_layout("9")
    panel.wall.assign(4, "CAM-004")
    panel.save_preset("值班")
    panel.set_layout("1")
    panel.apply_preset("值班")
    assert panel.wall.layout.key == "9" and panel.wall.shown(4) == "CAM-004"
    assert panel.preset_box.findData("值班") > 0


def test_the_first_wall_opens_on_online_cameras_then_the_operators_view_is_kept(qtbot, themed, chinese, media,
                                                                                 tmp_path):
    from widgets.camera_wall import CameraWallPanel
    state = small_state()
    state["alarm"] = []
    state["camera"] = [camera(0, media.base_url, online=False)] + [camera(k, media.base_url) for k in range(1, 8)]
    store = Store()  # the snapshot arrives after the panel is made, as in the console
    path = tmp_path / "presets.json"
    first = CameraWallPanel(store, None, None, presets_path=path, policy=FAST, layout_key="4")
    qtbot.addWidget(first)
    assert [first.wall.shown(i) for i in range(4)] == [None] * 4
    store.load(10, state)
    shown = [first.wall.shown(i) for i in range(4)]
    assert shown == [c for c in first.tree.visible_camera_ids() if c != "CAM-000"][:4]  # tree order, online first
    # The operator empties the wall: that view is kept, and not filled again at the next start
    for i in range(4):
        first.wall.assign(i, None)
    qtbot.waitUntil(lambda: path.exists() and "CAM-" not in path.read_text(encoding="utf-8"), timeout=3000)
    again = CameraWallPanel(store, None, None, presets_path=path, policy=FAST, layout_key="4")
    qtbot.addWidget(again)
    store.load(11, state)
    assert [again.wall.shown(i) for i in range(4)] == [None] * 4


def test_the_camera_tree_keeps_its_width_when_the_wall_was_laid_out_small_first(qtbot, themed, chinese, wall_store,
                                                                                tmp_path):
    from widgets.camera_wall import TREE_WIDTH, CameraWallPanel
    w = CameraWallPanel(wall_store, None, None, presets_path=tmp_path / "p.json", policy=FAST, layout_key="4")
    qtbot.addWidget(w)
    w.resize(200, 300)  # as a dock tab behind the board is laid out before it is ever shown
    w.show()
    qtbot.wait(50)
    w.resize(1428, 880)  # the wall's dock in the console's window on a 1920 x 1080 screen
    qtbot.waitUntil(lambda: w.tree.width() >= TREE_WIDTH - 10, timeout=2000)  # the toolbar leaves it room
    # and a narrow wall (a 1366 px laptop) does not widen the window: what does not fit goes behind »
    assert w.minimumSizeHint().width() <= 700
    w.grid.set_active(False)
