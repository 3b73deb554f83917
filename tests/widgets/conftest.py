"""Fixtures for the shell widgets: a Store loaded from a small dict, and recording stand-ins.

No network: the Store is loaded directly, `operations` only records what would be sent (unit
isolation), and settings go to an ini file in the test's tmp dir so no test touches the user's.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from psygnal import Signal

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from console.store import ConnectionStatus, Store  # noqa: E402

NOW = datetime.now(timezone.utc).replace(microsecond=0)


def iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def alarm(aid: str, type_: str = "one_key", status: str = "active", minutes_ago: float = 5, **extra: Any) -> dict:
    """An alarm dict as the server pushes it (backend/db/convert.py alarm_dict)."""
    return {"id": aid, "version": 1, "type": type_, "status": status, "severity": "high",
            "message": extra.pop("message", "幸福路1号 3单元 张大爷"), "region_id": "G1",
            "location": {"lat": 37.05, "lon": 117.05}, "camera_id": None, "device_id": None,
            "raised_at": iso(NOW - timedelta(minutes=minutes_ago)), "acked_at": None, "acked_by": None,
            "ack_note": None, "closed_at": None, "ticket_id": None, "updated_at": iso(NOW), **extra}


def small_state() -> dict[str, list[dict]]:
    regions = [{"id": "S1", "version": 1, "level": 1, "parent_id": None, "code": "S1", "name": "许商街道",
                "head_id": None},
               {"id": "C1", "version": 1, "level": 2, "parent_id": "S1", "code": "C1", "name": "幸福社区",
                "head_id": None},
               {"id": "G1", "version": 1, "level": 3, "parent_id": "C1", "code": "G1", "name": "第一网格",
                "head_id": "P1"}]
    staff = [{"id": "P1", "version": 1, "name": "张网格长", "role": "grid_head", "region_ids": ["G1"], "phone": ""}]
    tickets = [{"id": "T-1", "version": 1, "status": "reported", "category": "city_appearance", "source": "hotline",
                "priority": "normal", "title": "路边垃圾堆放", "region_id": "G1", "assignee_id": "P1", "level": 3,
                "location": {"lat": 37.05, "lon": 117.05}, "created_at": iso(NOW - timedelta(hours=1)),
                "due_at": iso(NOW + timedelta(hours=2)), "sla_state": "ok"}]
    alarms = [alarm("A-OLD", "care_fall", minutes_ago=30), alarm("A-NEW", "one_key", minutes_ago=1),
              alarm("A-ACK", "ai_crowd", status="acknowledged", minutes_ago=10, acked_by="duty"),
              alarm("A-CLOSED", "gate_forced", status="closed", minutes_ago=60)]
    return {"region": regions, "staff": staff, "ticket": tickets, "alarm": alarms}


from .board_fixtures import Ev  # noqa: E402  (one event record for all widget tests)


def upsert(store: Store, entity: dict, kind: str = "alarm") -> None:
    store.apply([Ev(store.seq + 1, kind, "upsert", entity["id"], entity)])


@dataclass(frozen=True)
class RecordedOp:
    request_id: str
    name: str
    kind: str | None
    entity_id: str | None
    refused: str | None = None


class RecordingOperations:
    """Stands in for console.operations.Operations: records calls, sends nothing."""

    sig_succeeded = Signal(object, object)
    sig_failed = Signal(object, str, str, object)

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self._ids = itertools.count(1)

    def _op(self, name: str, kind: str | None, entity_id: str | None, *args: Any) -> RecordedOp:
        self.calls.append((name, entity_id, *args))
        return RecordedOp(f"r-{next(self._ids)}", name, kind, entity_id)

    def ack_alarm(self, alarm_id: str, note: str = "") -> RecordedOp:
        return self._op("alarm.ack", "alarm", alarm_id, note)

    def close_alarm(self, alarm_id: str, note: str = "") -> RecordedOp:
        return self._op("alarm.close", "alarm", alarm_id, note)

    def alarm_to_ticket(self, alarm_id: str) -> RecordedOp:
        return self._op("alarm.to_ticket", "alarm", alarm_id)

    # The ticket panels hosted by the main window call these.
    def check(self, action: str, ticket: dict) -> tuple[bool, str]:
        return True, ""

    def assign(self, ticket_id: str, region_id: str | None = None, assignee_id: str | None = None) -> RecordedOp:
        return self._op("ticket.assign", "ticket", ticket_id, region_id, assignee_id)

    def escalate(self, ticket_id: str, reason: str) -> RecordedOp:
        return self._op("ticket.escalate", "ticket", ticket_id, reason)

    def transition(self, ticket_id: str, action: str, **args: Any) -> RecordedOp:
        return self._op(f"ticket.{action}", "ticket", ticket_id, args)

    def request(self, name: str, args: dict[str, Any]) -> RecordedOp:
        return self._op(name, None, None, args)


class FakeSession:
    """The signed-in duty officer, as console.session.Session presents it."""

    sig_changed = Signal()

    def __init__(self) -> None:
        self.user = {"id": "duty", "name": "值班员", "role": "duty"}
        self.role = "duty"
        self.user_id = "duty"
        self.permissions = frozenset({"alarm.ack", "alarm.close", "alarm.to_ticket", "ticket.accept",
                                      "ticket.assign", "ticket.get"})
        self.signed_in = True

    def can(self, permission: str) -> bool:
        return permission in self.permissions


@pytest.fixture(autouse=True)
def private_config_dir(tmp_path, monkeypatch):
    """Each test its own user config dir: the wall's presets and last view (widgets/camera_wall.py)
    go there, never to the user's, and no test starts with a view another one left."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def store() -> Store:
    s = Store()
    s.load(10, small_state())
    s.set_status(ConnectionStatus("live", NOW))
    return s


@pytest.fixture
def operations() -> RecordingOperations:
    return RecordingOperations()


@pytest.fixture
def session() -> FakeSession:
    return FakeSession()


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings
    return QSettings(str(tmp_path / "gridline.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def english(qapp):
    """Run in English (the source strings) and leave English installed afterwards."""
    from widgets import i18n
    i18n.install_language("en")
    yield
    i18n.install_language("en")
    qapp.processEvents()


@pytest.fixture
def chinese(qapp):
    """Run in the default language, Simplified Chinese (the board tests read Chinese labels)."""
    from widgets import i18n
    i18n.install_language(i18n.DEFAULT_LANGUAGE)
    qapp.processEvents()
    yield
    i18n.install_language(i18n.DEFAULT_LANGUAGE)
    qapp.processEvents()


@pytest.fixture
def themed(qapp):
    """The application theme, as the console applies it."""
    from widgets.theme import apply_theme
    apply_theme(qapp)
    return qapp


@pytest.fixture
def main_window(qtbot, themed, english, store, operations, session, settings):
    from widgets.alarm_bar import AlarmSounds
    from widgets.main_window import MainWindow
    win = MainWindow(store, operations, session, settings=settings, sounds=AlarmSounds())
    qtbot.addWidget(win)
    win.resize(1600, 900)
    return win
