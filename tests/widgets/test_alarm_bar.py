"""The alarm bar: order, blinking, the not-loaded/empty distinction, actions, sounds, the dock count."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PySide6.QtCore import Qt

from console.store import ConnectionStatus, Store
from tests.widgets.conftest import Ev, RecordedOp, alarm, upsert
from widgets.alarm_bar import SOUNDS_DIR, AlarmBar, AlarmSounds
from widgets.alarm_model import ALARM_TYPE_NAMES, AlarmModel, sound_family


@pytest.fixture
def bar(qtbot, english, store, operations, session):
    w = AlarmBar(store, operations, session, sounds=AlarmSounds())
    qtbot.addWidget(w)
    w.resize(500, 600)
    return w


def shown_ids(bar: AlarmBar) -> list[str]:
    return [bar.model.alarm_id(r) for r in range(bar.model.rowCount())]


def test_rows_are_newest_first_and_closed_alarms_are_not_shown(bar):
    assert shown_ids(bar) == ["A-NEW", "A-ACK", "A-OLD"]


def test_a_new_alarm_arrives_on_top_and_keeps_the_selection(bar, store):
    bar.select_alarm("A-OLD")
    upsert(store, alarm("A-NEWER", "ai_fire", minutes_ago=0))
    assert shown_ids(bar)[0] == "A-NEWER"
    assert bar.selected_alarm()["id"] == "A-OLD"


def test_rows_read_the_store_not_a_copy(bar, store):
    upsert(store, {**store.get("alarm", "A-OLD"), "message": "已更新的消息", "version": 2})
    row = bar.model.row_of("A-OLD")
    assert bar.model.data(bar.model.index(row), AlarmModel.AlarmRole)["message"] == "已更新的消息"


def test_active_alarms_blink_until_acknowledged(bar, store, qtbot):
    assert bar.active_count() == 2
    assert bar.blinking
    qtbot.waitUntil(lambda: bar.delegate.blink_on, timeout=2000)  # the timer really toggles
    upsert(store, {**store.get("alarm", "A-NEW"), "status": "acknowledged", "version": 2})
    assert bar.blinking  # A-OLD is still active
    upsert(store, {**store.get("alarm", "A-OLD"), "status": "acknowledged", "version": 2})
    assert not bar.blinking
    assert bar.delegate.blink_on is False


def test_removed_and_closed_alarms_leave_the_list(bar, store):
    upsert(store, {**store.get("alarm", "A-ACK"), "status": "closed", "version": 2})
    assert "A-ACK" not in shown_ids(bar)
    store.apply([Ev(store.seq + 1, "alarm", "remove", "A-OLD", None)])
    assert shown_ids(bar) == ["A-NEW"]


def test_store_without_data_shows_not_loaded_in_the_error_colour(qtbot, english, operations):
    store = Store()  # no snapshot, no cache: alarms are unknown
    store.set_status(ConnectionStatus("offline", datetime.now(timezone.utc), "connection refused"))
    w = AlarmBar(store, operations, sounds=AlarmSounds())
    qtbot.addWidget(w)
    assert w.stack.currentWidget() is w.empty_label
    assert "Alarms not loaded" in w.empty_label.text()
    assert "connection refused" in w.empty_label.text()
    assert w.empty_label.property("tone") == "overdue"
    assert "No active alarms" not in w.empty_label.text()


def test_loaded_store_without_alarms_says_no_active_alarms(qtbot, english, operations):
    store = Store()
    w = AlarmBar(store, operations, sounds=AlarmSounds())
    qtbot.addWidget(w)
    assert "not loaded" in w.empty_label.text()
    store.load(5, {"region": [], "alarm": [alarm("A-1", status="closed")]})
    assert w.empty_label.text() == "No active alarms"
    assert w.empty_label.property("tone") == "muted"
    upsert(store, alarm("A-2"))
    assert w.stack.currentWidget() is w.view


def test_cached_data_is_marked_as_not_live(bar, store):
    store.set_status(ConnectionStatus("reconnecting", datetime.now(timezone.utc), "timeout",
                                      data_as_of=datetime.now(timezone.utc)))
    assert not bar.banner.isHidden()
    assert "Not live" in bar.banner.text()
    store.set_status(ConnectionStatus("live", datetime.now(timezone.utc)))
    assert bar.banner.isHidden()


def test_acknowledge_asks_a_note_and_calls_ack_alarm(bar, operations, qtbot, monkeypatch):
    bar.select_alarm("A-NEW")
    assert bar.ack_button.isEnabled()
    monkeypatch.setattr(bar, "ask_note", lambda a: "已电话联系, 网格员前往")
    qtbot.mouseClick(bar.ack_button, Qt.MouseButton.LeftButton)
    assert operations.calls == [("alarm.ack", "A-NEW", "已电话联系, 网格员前往")]


def test_cancelled_note_sends_nothing(bar, operations, monkeypatch):
    bar.select_alarm("A-NEW")
    monkeypatch.setattr(bar, "ask_note", lambda a: None)
    bar.action_ack.trigger()
    assert operations.calls == []


def test_acknowledged_alarm_cannot_be_acknowledged_again_but_can_become_a_ticket(bar, operations):
    bar.select_alarm("A-ACK")
    assert not bar.ack_button.isEnabled()
    assert bar.ticket_button.isEnabled()
    bar.ticket_button.click()
    assert operations.calls == [("alarm.to_ticket", "A-ACK")]


def test_a_failed_operation_is_shown(bar, operations):
    operations.sig_failed.emit(RecordedOp("r-1", "alarm.ack", "alarm", "A-NEW"), "conflict", "已被他人确认", None)
    assert "已被他人确认" in bar.banner.text()
    assert bar.banner.property("tone") == "overdue"


def test_each_alarm_family_has_its_own_small_sound_file():
    families = {sound_family(t) for t in ALARM_TYPE_NAMES}
    assert families == {"one_key", "care", "ai", "gate"}
    sizes = {f: (SOUNDS_DIR / f"{f}.wav").stat().st_size for f in families}
    assert all(0 < s < 100_000 for s in sizes.values()), sizes
    contents = {(SOUNDS_DIR / f"{f}.wav").read_bytes() for f in families}
    assert len(contents) == 4  # distinct patterns, not copies


def test_a_new_active_alarm_sounds_its_family(bar, store):
    upsert(store, alarm("A-CARE", "care_smoke", minutes_ago=0))
    assert bar.sounds.last_family == "care"
    bar.sounds.last_family = None
    upsert(store, {**store.get("alarm", "A-CARE"), "status": "acknowledged", "version": 2})
    assert bar.sounds.last_family is None  # only new alarms ring
    bar.sounds.muted = True
    upsert(store, alarm("A-GATE", "gate_forced", minutes_ago=0))
    assert bar.sounds.last_family is None


def test_dock_title_counts_active_alarms(main_window, store):
    dock = main_window.docks["alarms"]
    assert dock.windowTitle() == "Alarms (2)"
    upsert(store, alarm("A-3", "ai_stranger", minutes_ago=0))
    assert dock.windowTitle() == "Alarms (3)"
    for aid in ("A-3", "A-NEW", "A-OLD"):
        upsert(store, {**store.get("alarm", aid), "status": "acknowledged", "version": 5})
    assert dock.windowTitle() == "Alarms"


def test_who_acknowledged_is_shown_by_name(bar, store):
    model = bar.model
    assert model.person_name("duty") == "值班员"  # the signed-in user (a user id, no staff link)
    assert model.person_name("P1") == "张网格长"  # a staff id
    assert model.person_name("U-unknown") == "U-unknown"  # someone else: the id, not nothing
    assert model.person_name(None) == ""
    upsert(store, {**store.get("alarm", "A-OLD"), "status": "acknowledged", "acked_by": "P1", "version": 2})
    from widgets.alarm_model import AlarmDelegate
    assert AlarmDelegate._state_text(store.get("alarm", "A-OLD"), False,
                                     model.person_name("P1")).endswith("· 张网格长")


def test_server_messages_show_in_the_interface_language(english):
    from widgets import i18n
    msg = "工单状态为已派遣, 不能受理 (ticket is dispatched; cannot accept)"
    assert i18n.localize(msg) == "ticket is dispatched; cannot accept"
    i18n.install_language("zh_CN")
    try:
        assert i18n.localize(msg) == "工单状态为已派遣, 不能受理"
        assert i18n.localize("plain English (no Chinese)") == "plain English (no Chinese)"
        assert i18n.localize("") == ""
    finally:
        i18n.install_language("en")
