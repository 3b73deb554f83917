"""The shell: main window docks and layouts, wall mode, language switch, status indicator, bridge,
login form, theme and a screenshot that is looked at (/tmp/gridline_shell.png)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QApplication, QDockWidget

from console.store import ConnectionStatus, Store
from tests.widgets.conftest import Ev, alarm
from widgets import i18n
from widgets.alarm_bar import AlarmBar
from widgets.panels import LoadFailedPanel, load_panel
from widgets.status_indicator import StatusIndicator, describe
from widgets.theme import STATUS_COLORS, pick_ui_family, ui_font

UTC = timezone.utc
SCREENSHOT = "/tmp/gridline_shell.png"


def test_main_window_hosts_every_panel_in_a_dock(main_window):
    assert set(main_window.docks) == {"board", "detail", "alarms", "dispatch", "map", "cameras", "charts"}
    assert isinstance(main_window.panels["alarms"], AlarmBar)
    from widgets.camera_wall import CameraWallPanel
    from widgets.charts_panel import ChartsPanel
    from widgets.map_panel import MapPanel
    assert isinstance(main_window.panels["map"], MapPanel)
    assert isinstance(main_window.panels["cameras"], CameraWallPanel)
    assert isinstance(main_window.panels["charts"], ChartsPanel)
    for dock in main_window.docks.values():
        features = dock.features()
        assert features & QDockWidget.DockWidgetFeature.DockWidgetClosable
        assert features & QDockWidget.DockWidgetFeature.DockWidgetMovable


def test_a_panel_that_cannot_load_says_so_instead_of_crashing():
    panel = load_panel("widgets.no_such_panel", "NoSuchPanel", None, None, None)
    assert isinstance(panel, LoadFailedPanel)
    assert "failed to load" in panel.title.text()
    assert "widgets.no_such_panel" in panel.note.text()
    assert panel.title.property("tone") == "overdue"


def test_docks_can_be_closed_and_brought_back(main_window, qtbot):
    main_window.show()
    qtbot.waitExposed(main_window)
    alarms = main_window.docks["alarms"]
    alarms.close()
    assert not alarms.isVisible()
    alarms.toggleViewAction().trigger()
    assert alarms.isVisible()
    main_window.docks["dispatch"].close()
    main_window.reset_layout()
    assert main_window.docks["dispatch"].isVisible()


def test_the_default_layout_gives_the_board_three_quarters_of_a_wall_screen(main_window, qtbot):
    # Two thirds for the board had held only while its minimum width overrode it; once the filters
    # could narrow, the right docks took 690 px and every card's category and grid were elided
    main_window.resize(1920, 1050)
    main_window.show()
    qtbot.waitExposed(main_window)
    qtbot.wait(100)  # the first show sizes the docks (after the first layout pass)
    board, alarms = main_window.docks["board"], main_window.docks["alarms"]
    assert board.width() >= 0.7 * main_window.width() and 400 <= alarms.width() <= 560


def test_the_window_fits_a_1366_by_768_laptop_screen(main_window, qtbot, qapp):
    # The charts' and the map legend's minimum heights made the window 825 px tall: a dispatcher's
    # laptop cut off its bottom (the status bar, the last rows). They scroll there now. In English the
    # board's headers and filter row made it 1,594 px wide: the headers wrap, the search box narrows.
    from widgets import i18n
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.panels["charts"].pages  # every dashboard built, not only "today"
    for lang in ("en", "zh_CN"):
        i18n.install_language(lang)
        qapp.processEvents()
        for name in ("board", "map", "cameras", "charts"):
            main_window.docks[name].raise_()
            qtbot.wait(50)
            least = main_window.minimumSizeHint()
            assert least.height() <= 768 - 30 and least.width() <= 1366, (lang, name, least)


def test_named_layout_round_trip(main_window, qtbot):
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.docks["dispatch"].close()
    main_window.save_layout("夜班 night")
    main_window.reset_layout()
    assert main_window.docks["dispatch"].isVisible()
    assert main_window.layout_names() == ["夜班 night"]
    assert main_window.restore_layout("夜班 night")
    assert not main_window.docks["dispatch"].isVisible()
    main_window.delete_layout("夜班 night")
    assert main_window.layout_names() == []
    assert not main_window.restore_layout("夜班 night")


def test_session_layout_is_restored_in_a_new_window(main_window, qtbot, store, operations, session, settings):
    from widgets.main_window import MainWindow
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.docks["charts"].close()
    main_window.close()  # saves the session
    again = MainWindow(store, operations, session, settings=settings)
    qtbot.addWidget(again)
    assert again.restore_session()
    again.show()
    qtbot.waitExposed(again)
    assert not again.docks["charts"].isVisible()
    assert again.docks["alarms"].isVisible()


def test_wall_mode_goes_full_screen_and_hides_chrome(main_window, qtbot):
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.named_actions["wall"].trigger()  # what F11 does
    qtbot.waitUntil(main_window.isFullScreen)
    assert main_window.menuBar().isHidden()
    assert main_window.status_indicator.isVisible()  # never hide whether the data is live
    assert main_window.docks["board"].features() == QDockWidget.DockWidgetFeature.NoDockWidgetFeatures
    assert main_window.named_actions["wall"].shortcut().toString() == "F11"
    main_window.set_wall_mode(False)
    qtbot.waitUntil(lambda: not main_window.isFullScreen())
    assert not main_window.menuBar().isHidden()


def test_every_command_has_a_shortcut_on_the_window(main_window):
    named = {n: a for n, a in main_window.named_actions.items() if not n.startswith("lang_") and n != "about"}
    assert all(not a.shortcut().isEmpty() for a in named.values()), [n for n, a in named.items()
                                                                     if a.shortcut().isEmpty()]
    shortcuts = [a.shortcut().toString() for a in main_window.actions_with_shortcuts()]
    assert len(shortcuts) == len(set(shortcuts)), shortcuts  # no ambiguous shortcut
    assert {"Ctrl+K", "Ctrl+T", "Ctrl+1", "Ctrl+7"} <= set(shortcuts)


def test_language_switch_retranslates_visible_texts_both_ways(main_window, qtbot):
    dock = main_window.docks["map"]
    assert dock.windowTitle() == "Map"
    main_window.set_language("zh_CN")
    qtbot.waitUntil(lambda: dock.windowTitle() == "地图")
    assert main_window.docks["alarms"].windowTitle() == "告警 (2)"
    assert main_window.menus["layout"].title() == "布局(&Y)"
    assert main_window.alarm_bar.ack_button.text().startswith("确认")
    assert main_window.status_indicator.text() == "● 在线"
    assert main_window.named_actions["briefing"].text() == "简报模式"
    assert main_window.named_actions["lang_zh_CN"].isChecked()
    main_window.set_language("en")
    qtbot.waitUntil(lambda: dock.windowTitle() == "Map")
    assert main_window.alarm_bar.ack_button.text().startswith("Acknowledge")
    assert main_window.status_indicator.text() == "● Live"
    assert main_window.settings.value("language") == "en"


def status(state: str, *, detail: str = "", as_of: datetime | None = None) -> ConnectionStatus:
    return ConnectionStatus(state, datetime(2026, 11, 23, 2, 3, 4, tzinfo=UTC), detail, as_of)


@pytest.mark.parametrize("state, as_of, expected, tone", [
    ("live", None, "● Live", "ok"),
    ("connecting", None, "Connecting…", "info"),
    ("connecting", datetime(2026, 11, 23, 1, 30, tzinfo=UTC), "Connecting…, showing cached data from ", "info"),
    ("reconnecting", None, "Reconnecting since ", "at_risk"),
    ("reconnecting", datetime(2026, 11, 23, 1, 30, tzinfo=UTC), "Reconnecting since ", "at_risk"),
    ("offline", datetime(2026, 11, 23, 1, 30, tzinfo=UTC), "Offline, showing cached data from ", "overdue"),
    ("offline", None, "Offline, no data", "overdue"),
])
def test_status_indicator_states(qtbot, english, state, as_of, expected, tone):
    store = Store()
    indicator = StatusIndicator(store)
    qtbot.addWidget(indicator)
    store.set_status(status(state, detail="why", as_of=as_of))
    assert indicator.text().startswith(expected)
    assert indicator.property("tone") == tone
    assert ("Live" in indicator.text()) == (state == "live")  # never claims live when not
    local = datetime(2026, 11, 23, 2, 3, 4, tzinfo=UTC).astimezone()
    if state == "reconnecting":
        assert local.strftime("%H:%M:%S") in indicator.text()
    if as_of is not None:
        assert as_of.astimezone().strftime("%H:%M") in indicator.text()
    assert "why" in indicator.toolTip()


def test_status_texts_in_chinese(english):
    i18n.install_language("zh_CN")
    as_of = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)
    assert describe(status("live"))[0] == "● 在线"
    assert describe(status("reconnecting"))[0].startswith("重连中")
    assert describe(status("offline", as_of=as_of))[0] == f"离线, 显示 {as_of.astimezone():%H:%M} 的缓存数据"


class CountingFeed:
    """Stands in for console.feed.Feed: counts drains and applies one queued snapshot."""

    def __init__(self) -> None:
        self.calls = 0
        self.queue: list = []

    def drain(self, store, operations=None, session=None) -> int:
        self.calls += 1
        items, self.queue = self.queue, []
        for seq, entities in items:
            store.load(seq, entities)
        return len(items)


def test_bridge_drains_on_the_ui_thread_once_per_frame(qtbot):
    from widgets.bridge import FeedBridge
    store, feed = Store(), CountingFeed()
    bridge = FeedBridge(feed, store)
    bridge.start()
    feed.queue.append((3, {"alarm": [alarm("A-1")]}))
    qtbot.waitUntil(lambda: store.seq == 3, timeout=1000)
    calls = feed.calls
    qtbot.wait(300)
    bridge.stop()
    assert 5 <= feed.calls - calls <= 30  # ~18 frames of 16 ms in 300 ms, never a busy loop
    assert bridge.drains == 1 and bridge.items == 1
    assert bridge.longest_drain_ms > 0


def test_bridge_with_the_real_feed_applies_events_in_one_batch(qtbot):
    from console.feed import Events, Feed, SnapshotReady
    from widgets.bridge import FeedBridge
    store, feed = Store(), Feed()
    batches = []
    store.sig_changed.connect(batches.append)
    bridge = FeedBridge(feed, store)
    feed.put(SnapshotReady(1, {"alarm": []}))
    for i in range(2, 52):
        feed.put(Events([Ev(i, "alarm", "upsert", f"A-{i}", alarm(f"A-{i}"))]))
    bridge.start()
    qtbot.waitUntil(lambda: store.seq == 51, timeout=1000)
    bridge.stop()
    assert len(batches) == 1 and len(batches[0]) == 50


def test_login_dialog_validates_and_returns_credentials(qtbot, settings, english):
    from widgets.login_dialog import LoginDialog
    dialog = LoginDialog("http://wrong", settings)
    qtbot.addWidget(dialog)
    dialog.use_token.setChecked(True)
    dialog.buttons.accepted.emit()
    assert "ws://" in dialog.error_label.text() and not dialog.result()
    dialog.url_edit.setText("ws://10.0.0.5:8765/ws")
    dialog.token_edit.setText("secret-token")
    dialog.buttons.accepted.emit()
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    login = dialog.login()
    assert (login.url, login.token, login.user) == ("ws://10.0.0.5:8765/ws", "secret-token", None)
    assert settings.value("login/url") == "ws://10.0.0.5:8765/ws"
    assert "secret-token" not in str([settings.value(k) for k in settings.allKeys()])  # secrets not kept


def test_theme_exports_one_status_scheme_and_a_cjk_font(themed):
    assert set(STATUS_COLORS) == {"ok", "at_risk", "overdue", "info"}
    assert 15 <= themed.font().pointSize() <= 16
    family = pick_ui_family()
    assert family == "Noto Sans CJK SC"  # fonts-noto-cjk is installed by scripts/setup.sh
    metrics = QFontMetrics(ui_font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "网格告警确认转工单")


def render_text(text: str) -> np.ndarray:
    img = QImage(60, 40, QImage.Format.Format_Grayscale8)
    img.fill(0)
    p = QPainter(img)
    p.setFont(QFont(ui_font(20)))
    p.setPen("white")
    p.drawText(5, 30, text)
    p.end()
    return np.frombuffer(img.constBits(), np.uint8, img.sizeInBytes()).copy()


def test_chinese_glyphs_are_not_tofu(themed):
    # Missing glyphs all draw the same box: distinct characters must draw distinct pixels.
    shapes = [render_text(ch) for ch in "地图告警"]
    assert all(s.std() > 10 for s in shapes)
    assert len({s.tobytes() for s in shapes}) == 4


def test_screenshot_is_not_blank(main_window, qtbot, store, tmp_path):
    main_window.set_language("zh_CN")
    store.apply([Ev(store.seq + 1, "alarm", "upsert", "A-X", alarm("A-X", "ai_fire", minutes_ago=0))])
    store.set_status(ConnectionStatus("reconnecting", datetime.now(UTC) - timedelta(seconds=42), "timeout",
                                      data_as_of=datetime.now(UTC) - timedelta(minutes=3)))
    main_window.resize(1920, 1080)
    main_window.show()
    qtbot.waitExposed(main_window)
    qtbot.wait(100)  # the first-show sizing runs after the first layout pass
    QApplication.processEvents()
    pixmap = main_window.grab()
    path = tmp_path / "shell.png"
    assert pixmap.save(str(path))
    pixmap.save(SCREENSHOT)  # looked at by a person: Chinese rendering, readability, overlap
    img = pixmap.toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = np.frombuffer(img.constBits(), np.uint8, img.sizeInBytes())
    assert pixels.std() > 15, "screenshot looks blank"
    assert main_window.status_indicator.text().startswith("重连中")


def test_command_line_defaults_to_the_embedded_backend():
    from widgets.app import parse_args
    args = parse_args([])
    assert (args.server, args.lang, args.wall) == (None, None, False)
    args = parse_args(["--server", "ws://10.0.0.5:8765/ws", "--lang", "en", "--wall"])
    assert (args.server, args.lang, args.wall) == ("ws://10.0.0.5:8765/ws", "en", True)


class Recorder:
    def __init__(self, name: str, log: list) -> None:
        self.name, self.log = name, log

    def stop(self) -> None:
        self.log.append(self.name)


def test_shutdown_stops_connection_before_backend_and_saves_the_cache(qapp, tmp_path, settings):
    from console.cache import Cache
    from widgets.app import ConsoleApp, parse_args
    app = ConsoleApp(qapp, parse_args(["--data-dir", str(tmp_path)]), settings)
    order: list[str] = []
    app.bridge, app.connection, app.backend = (Recorder(n, order) for n in ("bridge", "connection", "backend"))
    app.store.load(7, {"alarm": [alarm("A-1")]})
    app.store.set_status(ConnectionStatus("live", datetime.now(UTC)))
    app.shutdown()
    assert order == ["bridge", "connection", "backend"]
    seq, entities, _saved_at = Cache(tmp_path / "cache-embedded.db").load()
    assert seq == 7 and entities["alarm"][0]["id"] == "A-1"


def test_a_snapshot_load_settles_the_heap_a_moment_later(qapp, qtbot, tmp_path, settings):
    import gc
    from widgets.app import ConsoleApp, parse_args
    app = ConsoleApp(qapp, parse_args(["--data-dir", str(tmp_path)]), settings)
    try:
        gc.unfreeze()
        app.store.load(3, {"alarm": [alarm("A-1")]})
        assert gc.get_freeze_count() == 0  # not inside the load: the views rebuild from it first
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=3000)
    finally:
        app.shutdown()
        gc.unfreeze()


def test_a_cache_is_kept_per_server(qapp, tmp_path, settings):
    from widgets.app import ConsoleApp, parse_args
    a = ConsoleApp(qapp, parse_args(["--data-dir", str(tmp_path), "--server", "ws://a:1/ws"]), settings)
    b = ConsoleApp(qapp, parse_args(["--data-dir", str(tmp_path), "--server", "ws://b:1/ws"]), settings)
    assert a.cache.path != b.cache.path
    for app in (a, b):
        app.shutdown()


def test_splash_waits_for_live_data_not_for_the_cache(qapp, tmp_path, settings):
    from widgets.app import ConsoleApp, parse_args
    app = ConsoleApp(qapp, parse_args(["--data-dir", str(tmp_path)]), settings)
    app.store.load(5, {"alarm": []})  # the cache
    cached = ConnectionStatus("offline", datetime.now(UTC), "cache", data_as_of=datetime.now(UTC))
    app.store.set_status(cached)
    assert not app._first_state_arrived(cached, has_cache=True)
    app.store.set_status(ConnectionStatus("connecting", datetime.now(UTC), data_as_of=cached.data_as_of))
    assert not app._first_state_arrived(cached, has_cache=True)
    app.store.set_status(ConnectionStatus("live", datetime.now(UTC)))
    assert app._first_state_arrived(cached, has_cache=True)
    app.shutdown()
