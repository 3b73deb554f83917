"""One ticket in full: every field, the timeline (时间轴), the responsibility axis (责任轴),
the SLA of each stage, attachments, and buttons for the actions the server allows now.

Fields are read from the Store (so they follow live events at once); the timeline, holds,
attachments and allowed actions come from a `ticket.get` request, asked again whenever the
Store's ticket changes. Buttons run through the same `TicketActions` as the board's drags.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QListWidget, QMenu, QPushButton, QScrollArea,
                               QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from console import board

from .bridge import bind
from .dispatch_panel import fill_dispatch_menu
from .i18n import Bilingual, pick
from .i18n import short_language as _lang
from .responsibility_chart import LEVEL_ZH, ResponsibilityChart, hold_bars
from .ticket_actions import ACTIONS, Banner, TicketActions, action_label
from .ticket_card import (COLORS, PRIORITY_ZH, SLA_ZH, SOURCE_ZH, STATUS_COLORS, STATUS_ZH, category_name,
                          region_name, span_text, staff_name)
from .ticket_models import utc_now

FIELDS = [("id", "编号"), ("title", "标题"), ("status", "状态"), ("category", "类别"), ("source", "来源"),
          ("priority", "紧急程度"), ("description", "描述"), ("region_id", "当前网格"), ("origin_region_id", "发生网格"),
          ("assignee_id", "责任人"), ("level", "处置层级"), ("address", "地址"), ("location", "位置"),
          ("reporter_name", "报告人"), ("reporter_phone", "报告人电话"), ("created_at", "上报时间"),
          ("stage", "当前阶段"), ("stage_started_at", "阶段开始"), ("due_at", "阶段时限"), ("handle_due_at", "处置时限"),
          ("sla_state", "时限状态"), ("ever_overdue", "曾超时"), ("rework_count", "返工次数"),
          ("escalation_count", "上报次数"), ("extension_count", "延期次数"), ("satisfaction", "满意度"),
          ("accepted_at", "立案时间"), ("dispatched_at", "派遣时间"), ("feedback_at", "反馈时间"),
          ("closed_at", "结案时间"), ("closed_on_time", "按期结案"), ("alarm_id", "关联报警"), ("version", "版本"),
          ("updated_at", "更新时间")]
FIELD_EN = {"id": "ID", "title": "Title", "status": "Status", "category": "Category", "source": "Source",
            "priority": "Priority", "description": "Description", "region_id": "Current grid",
            "origin_region_id": "Origin grid", "assignee_id": "Assignee", "level": "Handling level",
            "address": "Address", "location": "Location", "reporter_name": "Reporter",
            "reporter_phone": "Reporter phone", "created_at": "Reported at", "stage": "Current stage",
            "stage_started_at": "Stage started", "due_at": "Stage due", "handle_due_at": "Handling due",
            "sla_state": "SLA state", "ever_overdue": "Ever overdue", "rework_count": "Reworks",
            "escalation_count": "Escalations", "extension_count": "Extensions", "satisfaction": "Satisfaction",
            "accepted_at": "Accepted at", "dispatched_at": "Dispatched at", "feedback_at": "Feedback at",
            "closed_at": "Closed at", "closed_on_time": "Closed on time", "alarm_id": "Linked alarm",
            "version": "Version", "updated_at": "Updated at"}
STAGE_ZH = Bilingual({"accept": "受理", "dispatch": "派遣", "handle": "处置", "verify": "核查", "evaluate": "评价结案"},
                     {"accept": "Accept", "dispatch": "Dispatch", "handle": "Handle", "verify": "Verify",
                      "evaluate": "Evaluate and close"})
STAGE_OF_STATUS = {"reported": "accept", "accepted": "dispatch", "dispatched": "handle", "in_progress": "handle",
                   "feedback": "verify", "verified": "evaluate"}
STEP_ZH = Bilingual({**board.ACTION_ZH, "dispatch": "派遣", "auto_dispatch": "自动派遣", "reassign": "改派",
                     "rework": "返工", "sla": "时限变化"},
                    {"create": "Report", "accept": "Accept", "reject": "Reject", "assign": "Dispatch",
                     "escalate": "Escalate", "start": "Start handling", "feedback": "Feedback", "verify": "Verify",
                     "evaluate": "Evaluate", "close": "Close", "extend": "Extend", "dispatch": "Dispatch",
                     "auto_dispatch": "Auto-dispatch", "reassign": "Reassign", "rework": "Rework",
                     "sla": "SLA change"})
_WORSE = {"ok": 0, "at_risk": 1, "overdue": 2}
# Server action -> the UI actions (buttons) it offers; verify is two buttons, assign a menu.
_BUTTONS = {"verify": ("verify_pass", "verify_fail")}


def _tr(text: str) -> str:
    return QCoreApplication.translate("TicketDetail", text)

# Texts passed to `_tr` at run time, listed here so that lupdate keeps them in the catalogue.
_RUNTIME_TEXTS = (
    QT_TRANSLATE_NOOP("TicketDetail", "(after %1)"),
    QT_TRANSLATE_NOOP("TicketDetail", "In progress"),
)


def field_label(key: str, zh: str) -> str:
    return pick(zh, FIELD_EN.get(key, zh))


def local_text(text: str | None) -> str:
    t = board.parse_time(text)
    return t.astimezone(board.LOCAL).strftime("%Y-%m-%d %H:%M:%S") if t else "—"


def stage_rows(timeline: list[dict], ticket: dict, now: datetime) -> list[tuple[str, str, str, str, str, str]]:
    """(stage, start, end, used, SLA text, SLA state) per stage run, from the timeline's steps.

    A new run starts when the stage changes or its clock restarts (escalation, rework); SLA
    steps (action "sla", the state in `note`) mark the worst state each run reached.
    """
    runs: list[dict] = []
    for step in timeline:
        if step.get("action") == "sla":
            if runs:
                runs[-1]["state"] = max(runs[-1]["state"], step.get("note") or "ok", key=lambda s: _WORSE.get(s, 0))
            continue
        stage = STAGE_OF_STATUS.get(step.get("to_status") or "")
        if not runs or runs[-1]["stage"] != stage or step.get("action") in ("escalate", "rework"):
            if runs:
                runs[-1]["end"] = step.get("at")
            runs.append({"stage": stage, "start": step.get("at"), "end": None, "state": "ok",
                         "why": step.get("action", "")})
    rows = []
    for i, run in enumerate(runs):
        if run["stage"] is None:
            continue
        start, end = board.parse_time(run["start"]), board.parse_time(run["end"])
        current = end is None and i == len(runs) - 1
        used = span_text(((end or now) - start).total_seconds()) if start else "—"
        if current:
            _, text, state = board.countdown(ticket, now, _lang())
            sla = f"{SLA_ZH.get(state, state)}  {text}".strip()
        else:
            state = run["state"]
            sla = SLA_ZH.get(state, state)
        after = _tr("(after %1)").replace("%1", STEP_ZH.get(run["why"], run["why"]))
        label = STAGE_ZH[run["stage"]] + (after if run["why"] in ("escalate", "rework") else "")
        rows.append((label, local_text(run["start"]), _tr("In progress") if current else local_text(run["end"]), used,
                     sla, state))
    return rows


def _fit(tree: QTreeWidget) -> None:
    """Columns as wide as their content plus air; the last one takes what is left."""
    for i in range(tree.columnCount() - 1):
        tree.resizeColumnToContents(i)
        tree.setColumnWidth(i, tree.columnWidth(i) + 18)


class TicketDetail(QWidget):
    """The detail of one ticket; `show_ticket(id)` switches to it and fetches its history."""

    sig_loaded = Signal(str)
    """A ticket.get reply was shown (ticket id)."""

    def __init__(self, store: Any, operations: Any, session: Any, parent: QWidget | None = None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(parent)
        self._store, self._ops, self.session, self._clock = store, operations, session, clock
        self.ticket_id: str | None = None
        self.reply: dict[str, Any] | None = None  # the last ticket.get data (history is not in the Store)
        self._request_id: str | None = None
        self._loading = False
        self.actions = TicketActions(store, operations, self)
        self.banner = Banner(self)
        self.header = QLabel(self.tr("No ticket selected"))
        self.header.setProperty("role", "panel-title")
        self.header.setWordWrap(True)
        self.countdown = QLabel()
        self.buttons_row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}

        self.fields = QWidget()
        self.form = QFormLayout(self.fields)
        self.values: dict[str, QLabel] = {}
        for key, zh in FIELDS:
            value = QLabel("—")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            self.form.addRow(f"{field_label(key, zh)}{pick('：', ': ')}", value)
        fields_scroll = QScrollArea()
        fields_scroll.setWidgetResizable(True)
        fields_scroll.setWidget(self.fields)
        self.timeline = self._tree([""] * 6)
        self.chart = ResponsibilityChart(clock=clock)
        self.stages = self._tree([""] * 5)
        self.attachments = QListWidget()
        self.tabs = QTabWidget()
        for widget in (fields_scroll, self.timeline, self.chart, self.stages, self.attachments):
            self.tabs.addTab(widget, "")
        self._retranslate_labels()

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.countdown)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(self.buttons_row)
        layout.addWidget(self.tabs, 1)

        self.actions.sig_message.connect(self.banner.show_message)
        bind(self, operations.sig_succeeded, self._on_succeeded)
        bind(self, operations.sig_failed, self._on_failed)
        bind(self, store.sig_changed, self._on_store_changed)
        bind(self, store.sig_reset, self._on_store_reset)
        # A burst of events on one ticket asks the server once, not once per event.
        self._refetch = QTimer(self, singleShot=True, interval=300)
        self._refetch.timeout.connect(self.refresh)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()

    def _retranslate_labels(self) -> None:
        for i, title in enumerate((self.tr("Details"), self.tr("Timeline"), self.tr("Responsibility"),
                                   self.tr("Stage deadlines"), self.tr("Attachments"))):
            self.tabs.setTabText(i, title)
        self.timeline.setHeaderLabels([self.tr("Time"), self.tr("Action"), self.tr("By"), self.tr("Status"),
                                       self.tr("Grid / assignee"), self.tr("Note")])
        self.stages.setHeaderLabels([self.tr("Stage"), self.tr("Start"), self.tr("End"), self.tr("Used"),
                                     self.tr("Deadline")])
        for key, zh in FIELDS:
            label = self.form.labelForField(self.values[key])
            if label is not None:
                label.setText(f"{field_label(key, zh)}{pick('：', ': ')}")

    def changeEvent(self, event: Any) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "tabs"):
            self._retranslate_labels()
            self._show_fields()
            self._show_history()
        super().changeEvent(event)

    @staticmethod
    def _tree(headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels(headers)
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        return tree

    # --- public ---------------------------------------------------------------------------------

    def show_ticket(self, ticket_id: str) -> None:
        """Show `ticket_id` now from the Store and ask the server for its history."""
        self.ticket_id = ticket_id
        self.reply = None
        self._show_fields()
        self._show_history()
        self.refresh()

    def refresh(self) -> None:
        if self.ticket_id is not None:
            self._loading = True  # a refusal (not signed in) is emitted during the call itself
            try:
                op = self._ops.request("ticket.get", {"ticket_id": self.ticket_id})
            finally:
                self._loading = False
            self._request_id = None if getattr(op, "refused", None) else op.request_id

    def ticket(self) -> dict | None:
        """The ticket as the Store shows it, else as the last reply had it (closed long ago)."""
        found = self._store.get("ticket", self.ticket_id) if self.ticket_id else None
        return found or (self.reply or {}).get("ticket")

    # --- rendering ------------------------------------------------------------------------------

    def _value(self, key: str, v: Any) -> str:
        if v is None or v == "":
            return "—"
        if key in ("region_id", "origin_region_id"):
            return region_name(self._store, v)
        if key == "assignee_id":
            return staff_name(self._store, v)
        if key.endswith("_at"):
            return local_text(v)
        if isinstance(v, bool):
            return self.tr("Yes") if v else self.tr("No")
        table = {"status": STATUS_ZH, "source": SOURCE_ZH, "priority": PRIORITY_ZH, "sla_state": SLA_ZH,
                 "stage": STAGE_ZH, "level": LEVEL_ZH}.get(key)
        if table is not None:
            return table.get(v, str(v))
        if key == "category":
            return category_name(v)
        if key == "location":
            return f"{v.get('lat', 0):.5f}, {v.get('lon', 0):.5f}"
        return str(v)

    def _show_fields(self) -> None:
        t = self.ticket() or {}
        self.header.setText(f"{t.get('id', self.ticket_id or '')}  {t.get('title', '')}" if t else self.tr("No ticket selected"))
        for key, _ in FIELDS:
            self.values[key].setText(self._value(key, t.get(key)))
        self._on_tick()

    def _show_history(self) -> None:
        data = self.reply or {}
        self.timeline.clear()
        for s in data.get("timeline", []):
            who = f"{region_name(self._store, s.get('region_id'))} / {staff_name(self._store, s.get('assignee_id'))}"
            status = STATUS_ZH.get(s.get("to_status") or "", s.get("to_status") or "")
            self.timeline.addTopLevelItem(QTreeWidgetItem([
                local_text(s.get("at")), STEP_ZH.get(s.get("action", ""), s.get("action", "")),
                self._actor(s.get("actor_id")), status, who, self._note(s)]))
        _fit(self.timeline)
        self.chart.set_bars(hold_bars(data.get("responsibility", []), self._hold_label))
        self.stages.clear()
        t = self.ticket()
        if t is not None:
            for *texts, state in stage_rows(data.get("timeline", []), t, self._clock()):
                item = QTreeWidgetItem(texts)
                item.setForeground(4, QColor(STATUS_COLORS.get(state, COLORS["text"])))
                self.stages.addTopLevelItem(item)
        _fit(self.stages)
        self.attachments.clear()
        for a in data.get("attachments", []):
            self.attachments.addItem(f"{a.get('name') or a.get('url')}  ·  {a.get('kind', '')}  ·  "
                                     f"{local_text(a.get('created_at'))}  ·  {self._actor(a.get('uploaded_by'))}")
        if not data.get("attachments"):
            self.attachments.addItem(self.tr("No attachments") if self.reply is not None else self.tr("Loading…"))
        self._show_buttons(data.get("allowed_actions", []))

    @staticmethod
    def _note(step: dict) -> str:
        note = step.get("note") or ""
        return SLA_ZH.get(note, note) if step.get("action") == "sla" else note

    def _actor(self, actor_id: str | None) -> str:
        if not actor_id:
            return "—"
        if actor_id == "system":
            return self.tr("System")
        user = getattr(self.session, "user", None) or {}
        if user.get("id") == actor_id:
            return user.get("name", actor_id)
        return staff_name(self._store, actor_id)

    def _hold_label(self, h: dict) -> str:
        level = LEVEL_ZH.get(h.get("level"), "")
        return f"{staff_name(self._store, h.get('holder_id'))} · {region_name(self._store, h.get('region_id'))} {level}"

    def _show_buttons(self, allowed: list[str]) -> None:
        while self.buttons_row.count():
            item = self.buttons_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = {}
        for action in allowed:
            if action == "assign":
                button = QPushButton(self.tr("Dispatch / reassign …"))
                menu = QMenu(button)
                fill_dispatch_menu(menu, self._store, lambda rid, sid: self.actions.run(
                    self.ticket_id, "assign", region_id=rid, assignee_id=sid))
                button.setMenu(menu)
                self.buttons["assign"] = button
                self.buttons_row.addWidget(button)
                continue
            for ui_action in _BUTTONS.get(action, (action,)):
                if ui_action not in ACTIONS:
                    continue
                button = QPushButton(action_label(ui_action))
                button.clicked.connect(lambda _=False, a=ui_action: self.actions.run(self.ticket_id, a))
                self.buttons[ui_action] = button
                self.buttons_row.addWidget(button)
        self.buttons_row.addStretch(1)

    # --- handlers -------------------------------------------------------------------------------

    def _on_tick(self) -> None:
        t = self.ticket()
        if t is None:
            self.countdown.setText("")
            return
        _, text, state = board.countdown(t, self._clock(), _lang())
        self.countdown.setText(f"{STATUS_ZH.get(t.get('status', ''), '')}  {text}")
        self.countdown.setStyleSheet(f"color: {STATUS_COLORS.get(state, COLORS['muted'])}; font-weight: bold;"
                                     " font-size: 18pt;")

    def _on_succeeded(self, op: Any, data: Any) -> None:
        if op.request_id == self._request_id:
            self._request_id = None
            if (data or {}).get("ticket", {}).get("id") == self.ticket_id:
                self.reply = data
                self._show_fields()
                self._show_history()
                self.sig_loaded.emit(self.ticket_id)

    def _on_failed(self, op: Any, code: str, message: str, data: Any) -> None:
        if op.request_id == self._request_id or (self._loading and op.name == "ticket.get"):
            self._request_id = None
            self.banner.show_message(self.tr("Could not load the ticket detail: %1").replace("%1", message), "overdue")

    def _on_store_changed(self, changes: list) -> None:
        if self.ticket_id and any(c.kind == "ticket" and c.id == self.ticket_id for c in changes):
            self._show_fields()  # at once from the Store; the history follows from the server
            self._refetch.start()

    def _on_store_reset(self) -> None:
        if self.ticket_id:
            self._show_fields()
            self._refetch.start()
