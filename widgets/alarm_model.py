"""The alarm list as a Qt item model over the Store, and the delegate that paints a row.

`AlarmModel` keeps only the order of the visible alarm ids (newest first); every value it shows
is read from the Store when asked, so it cannot drift from the truth. Store batches become row
inserts/removes/dataChanged, which keeps the officer's selection when a new alarm arrives.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractListModel, QCoreApplication, QModelIndex, QObject, QRect, QSize,
                            Qt, Signal)
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from widgets.bridge import bind
from widgets.theme import COLORS, status_color

# Alarm types of backend/alarm_ops.py, English source names (translated in context "AlarmType";
# QT_TRANSLATE_NOOP only marks them for pyside6-lupdate).
ALARM_TYPE_NAMES = {
    "one_key": QT_TRANSLATE_NOOP("AlarmType", "One-key alarm"),
    "care_no_motion": QT_TRANSLATE_NOOP("AlarmType", "No motion (elderly living alone)"),
    "care_smoke": QT_TRANSLATE_NOOP("AlarmType", "Smoke detector"),
    "care_fall": QT_TRANSLATE_NOOP("AlarmType", "Fall detected"),
    "ai_stranger": QT_TRANSLATE_NOOP("AlarmType", "Stranger detected"),
    "ai_crowd": QT_TRANSLATE_NOOP("AlarmType", "Crowd gathering"),
    "ai_intrusion": QT_TRANSLATE_NOOP("AlarmType", "Area intrusion"),
    "ai_fire": QT_TRANSLATE_NOOP("AlarmType", "Smoke or fire detected"),
    "gate_forced": QT_TRANSLATE_NOOP("AlarmType", "Gate forced open"),
    "gate_tailgating": QT_TRANSLATE_NOOP("AlarmType", "Tailgating at gate"),
}

SHOWN_STATUSES = ("active", "acknowledged")  # closed alarms leave the bar; the ticket carries on


def type_name(alarm_type: str) -> str:
    source = ALARM_TYPE_NAMES.get(alarm_type)
    return QCoreApplication.translate("AlarmType", source) if source else alarm_type


def sound_family(alarm_type: str) -> str:
    """The tone family of an alarm type: one_key, care, ai or gate (resources/sounds/<family>.wav)."""
    for prefix in ("care", "ai", "gate"):
        if alarm_type.startswith(prefix + "_"):
            return prefix
    return "one_key"  # one-key and any unknown type: the most urgent sound, a person may need help


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _short_time(value: str | None) -> str:
    dt = parse_time(value)
    if dt is None:
        return ""
    local = dt.astimezone()
    today = datetime.now(timezone.utc).astimezone().date()
    return local.strftime("%H:%M:%S") if local.date() == today else local.strftime("%m-%d %H:%M")


class AlarmModel(QAbstractListModel):
    """Visible alarms of the store (active and acknowledged), newest first."""

    AlarmRole = Qt.ItemDataRole.UserRole + 1  # the entity dict, as the store shows it now
    ActiveRole = Qt.ItemDataRole.UserRole + 2
    PendingRole = Qt.ItemDataRole.UserRole + 3  # an optimistic change awaits the server's reply

    sig_raised = Signal(list)
    """New active alarms (entity dicts) that arrived in a store batch: the bar sounds them."""
    sig_counts_changed = Signal()
    """Rows or their states changed: active count, empty/loaded state may differ."""

    def __init__(self, store: Any, parent: QObject | None = None, session: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._session = session
        self._ids: list[str] = self._visible_ids()
        bind(self, store.sig_reset, self._on_reset)
        bind(self, store.sig_changed, self._on_changed)

    # --- reading ---------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._ids)

    def alarm_id(self, row: int) -> str:
        return self._ids[row]

    def alarm(self, row: int) -> dict | None:
        return self._store.get("alarm", self._ids[row]) if 0 <= row < len(self._ids) else None

    def row_of(self, alarm_id: str) -> int:
        try:
            return self._ids.index(alarm_id)
        except ValueError:
            return -1

    def active_count(self) -> int:
        return sum(1 for a in self._store.all("alarm") if a.get("status") == "active")

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        alarm = self.alarm(index.row()) if index.isValid() else None
        if alarm is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{type_name(alarm.get('type', ''))} — {alarm.get('message', '')}"
        if role == self.AlarmRole:
            return alarm
        if role == self.ActiveRole:
            return alarm.get("status") == "active"
        if role == self.PendingRole:
            return self._store.pending("alarm", alarm["id"])
        if role == Qt.ItemDataRole.ToolTipRole:
            return alarm.get("message", "")
        return None

    def region_name(self, region_id: str | None) -> str:
        region = self._store.get("region", region_id) if region_id else None
        return (region or {}).get("name", region_id or "")

    def person_name(self, person_id: str | None) -> str:
        """Who acknowledged: a staff name, the signed-in user's name for their own id, else the id
        (a user of another console with no staff link: the id is still a precise answer)."""
        if not person_id:
            return ""
        staff = self._store.get("staff", person_id)
        if staff and staff.get("name"):
            return staff["name"]
        user = getattr(self._session, "user", None) or {}
        if user.get("id") == person_id and user.get("name"):
            return user["name"]
        return person_id

    def retranslate(self) -> None:
        """Type names are translated when painted: repaint every row."""
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    # --- adapting the store ----------------------------------------------------------------------

    def _visible_ids(self) -> list[str]:
        shown = [a for a in self._store.all("alarm") if a.get("status") in SHOWN_STATUSES]
        shown.sort(key=lambda a: (a.get("raised_at") or "", a["id"]), reverse=True)
        return [a["id"] for a in shown]

    def _on_reset(self) -> None:
        self.beginResetModel()
        self._ids = self._visible_ids()
        self.endResetModel()
        self.sig_counts_changed.emit()

    def _on_changed(self, changes: list) -> None:
        mine = [c for c in changes if c.kind == "alarm"]
        if not mine:
            return
        self._sync_rows(self._visible_ids())
        for c in mine:
            row = self.row_of(c.id)
            if row >= 0:
                self.dataChanged.emit(self.index(row), self.index(row))
        # Only alarms seen for the first time sound: an overlay settling back must not re-ring.
        raised = [c.new for c in mine if c.old is None and c.new and c.new.get("status") == "active"]
        if raised:
            self.sig_raised.emit(raised)
        self.sig_counts_changed.emit()

    def _sync_rows(self, new_ids: list[str]) -> None:
        """Turn the old order into `new_ids` with row removes and inserts (selection survives)."""
        if new_ids == self._ids:
            return
        keep = set(new_ids)
        for row in range(len(self._ids) - 1, -1, -1):
            if self._ids[row] not in keep:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._ids[row]
                self.endRemoveRows()
        old = set(self._ids)
        if [i for i in new_ids if i in old] != self._ids:
            # Kept rows changed order (a raised_at was corrected): rare, so a reset is fine.
            self.beginResetModel()
            self._ids = list(new_ids)
            self.endResetModel()
            return
        for row, alarm_id in enumerate(new_ids):
            if alarm_id not in old:
                self.beginInsertRows(QModelIndex(), row, row)
                self._ids.insert(row, alarm_id)
                self.endInsertRows()


class AlarmDelegate(QStyledItemDelegate):
    """Paints an alarm as a two-line card: type and time, then message, grid and state."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.blink_on = False  # toggled by the bar's timer; active rows flash while it runs

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        fm = option.fontMetrics
        return QSize(320, int(fm.height() * 2.6) + 12)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        alarm = index.data(AlarmModel.AlarmRole)
        if alarm is None:
            return
        model: AlarmModel = index.model()
        active = alarm.get("status") == "active"
        pending = bool(index.data(AlarmModel.PendingRole))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        r = option.rect.adjusted(2, 2, -2, -2)
        accent = status_color("overdue" if active else "at_risk")

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bg = QColor(COLORS["surface2"])
        if active and self.blink_on:
            bg = QColor("#5c1a17")
        painter.setPen(QColor(COLORS["info"]) if selected else Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(r, 4, 4)
        painter.fillRect(QRect(r.left(), r.top(), 8, r.height()), accent)

        font = QFont(option.font)
        fm = option.fontMetrics
        line = fm.height()
        text_left = r.left() + 18
        right = r.right() - 10
        top = r.top() + 6
        when = _short_time(alarm.get("raised_at"))
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(accent if active else QColor(COLORS["text"]))
        time_w = fm.horizontalAdvance(when) + 20
        painter.drawText(QRect(text_left, top, right - text_left - time_w, line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(type_name(alarm.get("type", "")), Qt.TextElideMode.ElideRight,
                                       right - text_left - time_w))
        painter.setFont(font)
        painter.setPen(QColor(COLORS["text"]))
        painter.drawText(QRect(right - time_w, top, time_w, line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when)

        state = self._state_text(alarm, pending, model.person_name(alarm.get("acked_by")))
        state_w = fm.horizontalAdvance(state) + 20
        detail = " · ".join(p for p in (model.region_name(alarm.get("region_id")), alarm.get("message", "")) if p)
        second = QRect(text_left, top + line + 4, right - text_left - state_w, line)
        painter.setPen(QColor(COLORS["muted"]))
        painter.drawText(second, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(detail, Qt.TextElideMode.ElideRight, second.width()))
        painter.setPen(accent)
        painter.drawText(QRect(right - state_w, top + line + 4, state_w, line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, state)
        painter.restore()

    @staticmethod
    def _state_text(alarm: dict, pending: bool, acked_by: str = "") -> str:
        if pending:
            return QCoreApplication.translate("AlarmDelegate", "sending…")
        if alarm.get("status") == "active":
            text = QCoreApplication.translate("AlarmDelegate", "ACTIVE")
        else:
            text = QCoreApplication.translate("AlarmDelegate", "Acknowledged")
            if acked_by:
                text += " · " + acked_by
        if alarm.get("ticket_id"):
            text += " → " + alarm["ticket_id"]
        return text
