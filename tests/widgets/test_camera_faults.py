"""Faults on real streams: the server killed and restarted, stalls, bad URLs, offline cameras, no libvlc.

A tile must always say what is going on, never show a stale picture as live, never crash.
"""

from __future__ import annotations

import pytest

from console.player import RetryPolicy, State
from console.store import Store
from tests.widgets.conftest import small_state, upsert
from tests.widgets.test_camera_support import camera, serve, test_clips
from widgets import camera_tile, video_qt

FAST = RetryPolicy(initial=0.2, cap=1.0, give_up_after=2, failed_retry=5.0, freeze_after=1.5, frozen_restart=1.0,
                   open_timeout=4.0)


@pytest.fixture
def media():
    server = serve(test_clips(), cameras=4)
    yield server
    server.stop()


def make_panel(qtbot, store, tmp_path):
    from widgets.camera_wall import CameraWallPanel
    w = CameraWallPanel(store, None, None, presets_path=tmp_path / "p.json", policy=FAST, layout_key="4")
    qtbot.addWidget(w)
    w.resize(1000, 600)
    w.show()
    return w


def store_with(cameras: list[dict]) -> Store:
    state = small_state()
    state["alarm"] = []
    state["camera"] = cameras
    store = Store()
    store.load(10, state)
    return store


def not_live_and_no_picture(tile) -> bool:
    return tile.state is not State.LIVE and tile._image is None


def test_server_killed_shows_reconnecting_then_recovers_by_itself(qtbot, themed, media, tmp_path):
    panel = make_panel(qtbot, store_with([camera(k, media.base_url) for k in range(4)]), tmp_path)
    for k in range(2):
        panel.wall.assign(k, f"CAM-{k:03d}")
    tiles = panel.grid.tiles[:2]
    qtbot.waitUntil(lambda: all(t.state is State.LIVE for t in tiles), timeout=8000)
    port = media.port
    media.stop()
    qtbot.waitUntil(lambda: all(t.state is State.RECONNECTING for t in tiles), timeout=6000)
    assert all(not_live_and_no_picture(t) for t in tiles)
    qtbot.wait(1500)  # several failed retries against a closed port: still reconnecting, not failed
    assert all(t.state is State.RECONNECTING for t in tiles), [(t.state, t.stream.st) for t in tiles]
    media.port = port
    media.start()
    qtbot.waitUntil(lambda: all(t.state is State.LIVE for t in tiles), timeout=8000)
    painted = [t.painted for t in tiles]
    qtbot.wait(1500)  # libvlc shows a first picture, then may buffer a moment before playing on
    assert all(t.painted > p for t, p in zip(tiles, painted))


def test_stalled_stream_is_shown_frozen_then_reopened(qtbot, themed, media, tmp_path):
    panel = make_panel(qtbot, store_with([camera(0, media.base_url)]), tmp_path)
    panel.wall.assign(0, "CAM-000")
    tile = panel.grid.tiles[0]
    qtbot.waitUntil(lambda: tile.state is State.LIVE, timeout=8000)
    media.stalled = True
    seen: list[State] = []
    tile.stream.sig_state.connect(seen.append)
    qtbot.waitUntil(lambda: State.FROZEN in seen, timeout=8000)
    assert "冻结" in tile.state_text(State.FROZEN) or "FROZEN" in tile.state_text(State.FROZEN)
    qtbot.waitUntil(lambda: tile.state in (State.RECONNECTING, State.FAILED), timeout=5000)
    assert tile._image is None
    media.stalled = False
    qtbot.waitUntil(lambda: tile.state is State.LIVE, timeout=10_000)


def test_unplayable_urls_end_in_a_clear_state(qtbot, themed, media, tmp_path):
    bad = [camera(0, media.base_url, urls=[{"role": "sub", "protocol": "http-ts",
                                           "url": f"{media.base_url}/NO-SUCH/sub.ts"}]),
           camera(1, media.base_url, urls=[{"role": "sub", "protocol": "http-ts", "url": "http://127.0.0.1:9/x.ts"}]),
           camera(2, media.base_url, urls=[{"role": "sub", "protocol": "file", "url": str(tmp_path / "none.ts")}]),
           camera(3, media.base_url, urls=[])]
    panel = make_panel(qtbot, store_with(bad), tmp_path)
    for k in range(4):
        panel.wall.assign(k, f"CAM-{k:03d}")
    tiles = panel.grid.tiles[:4]
    assert tiles[3].state is State.NO_SOURCE
    qtbot.waitUntil(lambda: all(t.state is State.FAILED for t in tiles[:3]), timeout=15_000)
    assert all(not_live_and_no_picture(t) for t in tiles)
    assert {t.stream.source.engine for t in tiles[:3]} <= {"vlc", "qt"}


def test_offline_camera_plays_nothing_until_back_online(qtbot, themed, media, tmp_path):
    store = store_with([camera(0, media.base_url, online=False)])
    panel = make_panel(qtbot, store, tmp_path)
    panel.wall.assign(0, "CAM-000")
    tile = panel.grid.tiles[0]
    assert tile.state is State.OFFLINE and tile.stream.engine_name is None
    upsert(store, {**store.get("camera", "CAM-000"), "online": True, "version": 2}, kind="camera")
    qtbot.waitUntil(lambda: tile.state is State.LIVE, timeout=8000)
    upsert(store, {**store.get("camera", "CAM-000"), "online": False, "version": 3}, kind="camera")
    assert tile.state is State.OFFLINE and tile._image is None


def test_without_libvlc_the_qt_engine_plays_http_ts(qtbot, themed, media, tmp_path, monkeypatch):
    monkeypatch.setattr(camera_tile, "_capabilities", {"vlc": set(), "qt": video_qt.capabilities()})
    panel = make_panel(qtbot, store_with([camera(0, media.base_url)]), tmp_path)
    panel.wall.assign(0, "CAM-000")
    tile = panel.grid.tiles[0]
    qtbot.waitUntil(lambda: tile.state is State.LIVE and tile.painted > 0, timeout=10_000)
    assert tile.stream.engine_name == "qt"


def test_with_no_engine_at_all_the_tile_says_so(qtbot, themed, media, tmp_path, monkeypatch):
    monkeypatch.setattr(camera_tile, "_capabilities", {"vlc": set(), "qt": set()})
    panel = make_panel(qtbot, store_with([camera(0, media.base_url)]), tmp_path)
    panel.wall.assign(0, "CAM-000")
    assert panel.grid.tiles[0].state is State.NO_SOURCE
