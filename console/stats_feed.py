"""Statistics fetched from the server: periods, named queries and their state (loading, ok, failed).

Qt-free. A view asks `StatsFeed.fetch(key, name, args)`; the reply lands in `state(key)` and
`sig_updated(key)` fires. A failed fetch keeps its message and never turns into zeros, and a reply
to a superseded fetch of the same key is dropped (the newest question wins).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable

from psygnal import Signal

from console.board import LOCAL

PERIOD_KINDS = ("week", "month", "custom")


def iso(t: datetime) -> str:
    """ISO 8601 with the zone, as `stats.query` requires."""
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def local_midnight(d: date) -> datetime:
    return datetime.combine(d, time.min, LOCAL)


@dataclass(frozen=True)
class Period:
    """[since, until) in local time; `until` never lies in the future (a deadline not yet reached is not due)."""

    kind: str
    since: datetime
    until: datetime
    first_day: date
    last_day: date

    @property
    def args(self) -> dict[str, str]:
        return {"since": iso(self.since), "until": iso(self.until)}

    def label_zh(self) -> str:
        if self.first_day == self.last_day:
            return f"{self.first_day:%Y年%m月%d日}"
        return f"{self.first_day:%Y年%m月%d日}至{self.last_day:%Y年%m月%d日}"


def period_of(kind: str, now: datetime, first: date | None = None, last: date | None = None) -> Period:
    """The current week (from Monday) or month to date, the last 30 days, or a custom range of days.

    Raises ValueError with a readable message on a bad range.
    """
    today = now.astimezone(LOCAL).date()
    if kind == "week":
        first, end = today - timedelta(days=today.weekday()), today
    elif kind == "month":
        first, end = today.replace(day=1), today
    elif kind == "last30":
        first, end = today - timedelta(days=29), today
    elif kind == "custom":
        if first is None or last is None:
            raise ValueError("自定义时段需要起止日期 (a custom period needs a first and a last day)")
        if first > last:
            raise ValueError("起始日期晚于结束日期 (the first day is after the last day)")
        if first > today:
            raise ValueError("起始日期在未来 (the first day is in the future)")
        if (last - first).days >= 400:
            raise ValueError("时间段最长 400 天 (period longer than 400 days)")
        end = min(last, today)
    else:
        raise ValueError(f"unknown period kind {kind!r}")
    since = local_midnight(first)
    until = min(local_midnight(end + timedelta(days=1)), now)
    return Period(kind, since, until, first, end)


@dataclass(frozen=True)
class QueryState:
    status: str = "idle"  # idle, loading, ok, failed
    data: dict[str, Any] | None = None
    message: str = ""
    code: str = ""


class StatsFeed:
    """Named stats requests over `operations` (console.operations.Operations or a stand-in)."""

    sig_updated = Signal(str)
    """(key): the state of that query changed (loading, a result, or a failure)."""

    def __init__(self, operations: Any, clock: Callable[[], datetime] | None = None) -> None:
        self._ops = operations
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self._states: dict[str, QueryState] = {}
        self._pending: dict[str, str] = {}  # request id -> key
        self._latest: dict[str, str] = {}  # key -> request id of the newest fetch
        self._refusals: dict[str, tuple[str, str]] = {}
        operations.sig_succeeded.connect(self._on_succeeded)
        operations.sig_failed.connect(self._on_failed)

    def close(self) -> None:
        for sig, slot in ((self._ops.sig_succeeded, self._on_succeeded), (self._ops.sig_failed, self._on_failed)):
            try:
                sig.disconnect(slot)
            except (ValueError, RuntimeError):
                pass

    def state(self, key: str) -> QueryState:
        return self._states.get(key, QueryState())

    def data(self, key: str) -> dict[str, Any] | None:
        st = self._states.get(key)
        return st.data if st is not None and st.status == "ok" else None

    def fetch(self, key: str, name: str, args: dict[str, Any]) -> None:
        """Ask again; the previous result stays visible (marked loading) until the answer comes."""
        op = self._ops.request(name, args)
        if getattr(op, "refused", None):
            code, message = self._refusals.pop(op.request_id, (op.refused, ""))
            self._set(key, QueryState("failed", self.state(key).data, message or code, code))
            return
        self._pending[op.request_id] = key
        self._latest[key] = op.request_id
        self._set(key, QueryState("loading", self.state(key).data))

    def _set(self, key: str, st: QueryState) -> None:
        self._states[key] = st
        self.sig_updated.emit(key)

    def _on_succeeded(self, op: Any, data: Any) -> None:
        key = self._pending.pop(op.request_id, None)
        if key is None or self._latest.get(key) != op.request_id:
            return
        self._set(key, QueryState("ok", data if isinstance(data, dict) else {}))

    def _on_failed(self, op: Any, code: str, message: str, data: Any) -> None:
        if getattr(op, "refused", None):
            self._refusals[op.request_id] = (code, message)  # read back by fetch() right after the call
            return
        key = self._pending.pop(op.request_id, None)
        if key is None or self._latest.get(key) != op.request_id:
            return
        # Keep the old data for reference, but the state says failed: views show the failure.
        self._set(key, QueryState("failed", None, message or code, code))
