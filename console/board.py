"""The ticket board's rules, pure: columns, what a drop means, filters, urgency and countdowns.

No Qt and no I/O: every function takes plain ticket dicts (PROTOCOL.md field names) and, where
time matters, `now` as an aware datetime. The transition and role tables mirror
`backend/rules.py` (the console never imports the backend); the server checks everything again,
so these tables only decide what the console offers and refuses *before* sending.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple
from zoneinfo import ZoneInfo

Ticket = Mapping[str, Any]
LOCAL = ZoneInfo("Asia/Shanghai")
"""The board's day (今日已结) is the local day of the command center."""


# --- statuses and columns -----------------------------------------------------------------------

STATUS_ZH: Mapping[str, str] = MappingProxyType({
    "reported": "待受理", "accepted": "待派遣", "dispatched": "已派遣", "in_progress": "处置中",
    "feedback": "待核查", "verified": "待评价", "closed": "已结单", "rejected": "不予立案",
})


class Column(NamedTuple):
    """One board column: `key` names it in DROP_ACTIONS, `statuses` are the ticket statuses it shows."""

    key: str
    zh: str
    en: str
    statuses: frozenset[str]


COLUMNS: tuple[Column, ...] = (
    Column("reported", "待受理", "To accept", frozenset({"reported"})),
    Column("accepted", "待派遣", "To dispatch", frozenset({"accepted"})),
    Column("handling", "处置中", "Handling", frozenset({"dispatched", "in_progress"})),
    Column("feedback", "待核查", "To verify", frozenset({"feedback"})),
    Column("verified", "待结案", "To close", frozenset({"verified"})),
    Column("closed_today", "今日已结", "Closed today", frozenset({"closed"})),
)
REJECT_TARGET = "rejected"
"""Drop target that is not a column: dropping a 待受理 card there rejects it (不予立案)."""

_COLUMN_OF_STATUS = {s: c.key for c in COLUMNS for s in c.statuses}


def parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 wire time ("...Z") as an aware datetime; None for None, "" or garbage."""
    return _parse_time(text) if text else None


@lru_cache(maxsize=65536)  # the same few thousand due times are parsed on every re-sort
def _parse_time(text: str) -> datetime | None:
    try:
        t = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return t if t.tzinfo is not None else t.replace(tzinfo=timezone.utc)


def local_day(now: datetime) -> date:
    """The command center's calendar day (Asia/Shanghai) at `now`."""
    return now.astimezone(LOCAL).date()


def column_of(ticket: Ticket, now: datetime) -> str | None:
    """The key of the column showing `ticket`, or None (rejected, or closed before today)."""
    key = _COLUMN_OF_STATUS.get(ticket.get("status", ""))
    if key == "closed_today":
        closed = parse_time(ticket.get("closed_at"))
        if closed is None or local_day(closed) != local_day(now):
            return None
    return key


# --- drag and drop ------------------------------------------------------------------------------

class DropAction(NamedTuple):
    """What dropping a card from one column on another does.

    `action` is the ticket action (request `ticket.<action>`), `args` the fixed arguments, `asks`
    the name of the argument the UI must ask the user for first (None: ask nothing), `zh` the
    label. A tuple, so `spec[0]` is the action and `spec[1]` the fixed args.
    """

    action: str
    args: Mapping[str, Any] = MappingProxyType({})
    asks: str | None = None
    zh: str = ""

    def args_for(self, ticket: Ticket, answer: str | None = None) -> dict[str, Any]:
        """The request arguments (without ticket_id and version) for this drop of `ticket`."""
        args = dict(self.args)
        if self.action == "assign":
            args["region_id"] = ticket.get("region_id")  # dispatch to the grid that owns it now
        if self.asks is not None:
            args[self.asks] = answer if answer is not None else ""
        return args


DROP_ACTIONS: Mapping[tuple[str, str], DropAction] = MappingProxyType({
    ("reported", "accepted"): DropAction("accept", zh="受理"),
    ("reported", REJECT_TARGET): DropAction("reject", asks="reason", zh="不予立案"),
    ("accepted", "handling"): DropAction("assign", zh="派遣"),
    ("handling", "feedback"): DropAction("feedback", asks="result", zh="反馈"),
    ("feedback", "verified"): DropAction("verify", MappingProxyType({"passed": True}), zh="核查通过"),
    ("feedback", "handling"): DropAction("verify", MappingProxyType({"passed": False}), asks="note", zh="返工"),
    ("verified", "closed_today"): DropAction("close", zh="结案"),
})
"""(from column key, to column key) → the action; a pair not listed is not a valid drop."""


# --- filters ------------------------------------------------------------------------------------

def _within(region_id: str | None, ancestor: str, regions: Mapping[str, Mapping[str, Any]]) -> bool:
    seen = 0
    while region_id is not None and seen < 16:  # 16: deeper than any grid tree; guards a cycle
        if region_id == ancestor:
            return True
        region = regions.get(region_id)
        region_id = region.get("parent_id") if region is not None else None
        seen += 1
    return False


_TEXT_FIELDS = ("id", "title", "address", "description", "reporter_name", "category")


@dataclass(frozen=True)
class Filter:
    """What the board shows. A region filter matches a ticket whose current grid *or* origin grid
    lies in (or is) that region, so an escalated ticket still shows under its community."""

    community: str | None = None
    grid: str | None = None
    category: str | None = None
    source: str | None = None
    priority: str | None = None
    overdue_only: bool = False
    text: str = ""

    def matches(self, ticket: Ticket, regions: Mapping[str, Mapping[str, Any]]) -> bool:
        """True when `ticket` passes every set criterion; `regions` maps region id → region."""
        for wanted, key in ((self.category, "category"), (self.source, "source"),
                            (self.priority, "priority")):
            if wanted is not None and ticket.get(key) != wanted:
                return False
        if self.overdue_only and ticket.get("sla_state") != "overdue":
            return False
        homes = (ticket.get("region_id"), ticket.get("origin_region_id"))
        for area in (self.community, self.grid):
            if area is not None and not any(_within(h, area, regions) for h in homes):
                return False
        needle = self.text.strip().casefold()
        if needle:
            return any(needle in str(ticket.get(f) or "").casefold() for f in _TEXT_FIELDS)
        return True


# --- urgency and countdown ----------------------------------------------------------------------

PRIORITY_RANK: Mapping[str, int] = MappingProxyType({"emergency": 0, "urgent": 1, "normal": 2})
WALL_CLOCK_CATEGORIES = frozenset({"emergency", "public_security"})
"""Categories timed on the wall clock (backend/config/categories.toml); the rest count working
minutes, whose 80 % point only the server can compute (its `sla_state`)."""
AT_RISK_RATIO = 0.8


def seconds_left(ticket: Ticket, now: datetime) -> float | None:
    """Seconds until the running stage's `due_at` (negative when overdue); None without a deadline."""
    due = parse_time(ticket.get("due_at"))
    return None if due is None else (due - now).total_seconds()


def _wall_clock(ticket: Ticket) -> bool:
    return ticket.get("priority") in ("urgent", "emergency") or ticket.get("category") in WALL_CLOCK_CATEGORIES


def sla_state(ticket: Ticket, now: datetime) -> str:
    """ok / at_risk / overdue now: overdue from the local clock (the server's sweep lags up to
    5 s); at_risk from the server, or from the wall clock for wall-clock tickets."""
    left = seconds_left(ticket, now)
    if left is None:
        return "ok"
    if left < 0:
        return "overdue"
    if ticket.get("sla_state") in ("at_risk", "overdue"):
        return "at_risk"
    started = parse_time(ticket.get("stage_started_at"))
    if started is not None and _wall_clock(ticket):
        total = (parse_time(ticket["due_at"]) - started).total_seconds()  # type: ignore[operator]
        if total <= 0 or (now - started).total_seconds() >= AT_RISK_RATIO * total:
            return "at_risk"
    return "ok"


def _hms(seconds: int, lang: str = "zh") -> str:
    h, rest = divmod(seconds, 3600)
    if h >= 1000:  # weeks overdue: days read better than 2119:35:03, and fit the card
        return f"{h // 24}天{h % 24:02d}时" if lang == "zh" else f"{h // 24}d {h % 24:02d}h"
    return f"{h:02d}:{rest // 60:02d}:{rest % 60:02d}"


COUNTDOWN_WORDS = {"zh": ("剩 {}", "超时 {}"), "en": ("{} left", "over {}")}


def countdown(ticket: Ticket, now: datetime, lang: str = "zh") -> tuple[float | None, str, str]:
    """(seconds_left, text, state) for a ticket card: "剩 01:23:45" or "超时 00:12:03"
    (English: "01:23:45 left", "over 00:12:03").

    Time left is rounded up and time over rounded down, so "剩 00:00:00" shows only at the
    deadline itself and a card never reads overdue early. No deadline: (None, "", "ok").
    """
    left = seconds_left(ticket, now)
    if left is None:
        return None, "", "ok"
    state = sla_state(ticket, now)
    words = COUNTDOWN_WORDS.get(lang, COUNTDOWN_WORDS["zh"])
    if left >= 0:
        return left, words[0].format(_hms(math.ceil(left), lang)), state
    return left, words[1].format(_hms(math.floor(-left), lang)), state


def deadline_key(ticket: Ticket) -> tuple[int, float, int]:
    """The urgency order without a clock: deadline first, then priority; no deadline last.

    Sorting by it equals sorting by `urgency_key` at any `now` (overdue-first-longest-overdue, then
    least time left, is simply "earliest deadline first"), so a board sorted by it never needs a
    periodic re-sort as time passes: only a ticket's own change moves its card.
    """
    due = parse_time(ticket.get("due_at"))
    rank = PRIORITY_RANK.get(ticket.get("priority", ""), len(PRIORITY_RANK))
    if due is None:
        return (1, math.inf, rank)
    return (0, due.timestamp(), rank)


def urgency_key(ticket: Ticket, now: datetime) -> tuple[int, float, int]:
    """Sort key, most urgent first: overdue tickets (longest overdue first), then least time
    left, then priority; tickets with no deadline last."""
    left = seconds_left(ticket, now)
    rank = PRIORITY_RANK.get(ticket.get("priority", ""), len(PRIORITY_RANK))
    if left is None:
        return (2, math.inf, rank)
    return (0 if left < 0 else 1, left, rank)


# --- transitions and roles (mirror of backend/rules.py) -----------------------------------------

ACTIONS = ("accept", "reject", "assign", "escalate", "start", "feedback", "verify", "evaluate", "close", "extend")
ACTION_ZH: Mapping[str, str] = MappingProxyType({
    "create": "上报", "accept": "受理", "reject": "不予立案", "assign": "派遣", "escalate": "上报上级",
    "start": "开始处置", "feedback": "反馈", "verify": "核查", "evaluate": "评价", "close": "结案", "extend": "延期",
})
TRANSITIONS: Mapping[str, frozenset[str]] = MappingProxyType({
    "accept": frozenset({"reported"}),
    "reject": frozenset({"reported"}),
    "assign": frozenset({"accepted", "dispatched", "in_progress"}),
    "escalate": frozenset({"dispatched", "in_progress"}),
    "start": frozenset({"dispatched"}),
    "feedback": frozenset({"in_progress"}),
    "verify": frozenset({"feedback"}),
    "evaluate": frozenset({"verified"}),
    "close": frozenset({"verified"}),
    "extend": frozenset({"dispatched", "in_progress"}),
})
"""Action → the statuses it may start from."""

_ALL = frozenset({"create", *ACTIONS})
ROLE_ACTIONS: Mapping[str, frozenset[str]] = MappingProxyType({
    "admin": _ALL,
    "leader": _ALL,
    "dispatcher": frozenset({"create", "accept", "reject", "assign", "escalate", "evaluate", "close", "extend"}),
    "duty": frozenset({"create", "accept", "reject"}),
    "grid_worker": frozenset({"create", "start", "feedback", "verify"}),
})
_LEADER_HANDLING = frozenset({"start", "feedback"})


def check_transition(action: str, ticket: Ticket, permissions: frozenset[str] | set[str],
                     role: str | None = None) -> tuple[str, str] | None:
    """None when `action` may be tried on `ticket`, else (code, message) with code "forbidden" or
    "invalid", checked in the server's order (backend/rules.py `check`). `role` enables the
    level-0 rule; grid scope is left to the server (the console does not know the user's grids)."""
    if action not in TRANSITIONS:
        return "invalid", f"未知操作 {action!r} (unknown action {action!r})"
    verb = ACTION_ZH[action]
    if f"ticket.{action}" not in permissions:
        if role:
            return "forbidden", f"角色 {role} 无权{verb} (role {role!r} may not {action})"
        return "forbidden", f"无权{verb} (you may not {action})"
    status = ticket.get("status", "")
    if status not in TRANSITIONS[action]:
        return "invalid", (f"工单状态为{STATUS_ZH.get(status, status)}, 不能{verb} "
                           f"(cannot {action} a ticket that is {status})")
    level = ticket.get("level")
    if action in _LEADER_HANDLING and level == 0 and role is not None and role not in ("leader", "admin"):
        return "forbidden", f"该工单由分包领导处置, 您不能{verb} (level-0 tickets are handled by the leader)"
    if action == "escalate" and level is not None and level <= 0:
        return "invalid", "已上报至分包领导, 不能再上报 (already with the leader in charge; cannot escalate further)"
    if action == "evaluate" and ticket.get("satisfaction") is not None:
        return "invalid", "工单已评价 (ticket already evaluated)"
    return None


def transition_allowed(action: str, ticket: Ticket, permissions: frozenset[str] | set[str],
                       role: str | None = None) -> tuple[bool, str]:
    """(True, "") when `check_transition` passes, else (False, the refusal message)."""
    refusal = check_transition(action, ticket, permissions, role)
    return (True, "") if refusal is None else (False, refusal[1])


def allowed_actions(ticket: Ticket, permissions: frozenset[str] | set[str], role: str | None = None) -> list[str]:
    """The actions that would pass `check_transition` now, in ACTIONS order (for buttons)."""
    return [a for a in ACTIONS if check_transition(a, ticket, permissions, role) is None]
