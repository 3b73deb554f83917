"""Today's live counters derived from the Store as events arrive (no request, no polling).

Kept incrementally: each change subtracts the old entity's contribution and adds the new one's,
so a burst of 500 events costs 500 small updates, not 500 scans of the store. A new local day or a
store reset recomputes everything once.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterable

from psygnal import Signal

from console.board import local_day, parse_time

OPEN_TERMINAL = ("closed", "rejected")


def _day_of(text: str | None) -> date | None:
    t = parse_time(text)
    return local_day(t) if t is not None else None


def contributions(kind: str, e: dict[str, Any] | None, today: date) -> Iterable[str]:
    """The counter keys one entity adds to (e.g. 'open', 'status:dispatched', 'overdue_open')."""
    if e is None:
        return ()
    keys: list[str] = []
    if kind == "ticket":
        status = e.get("status")
        if _day_of(e.get("created_at")) == today:
            keys.append("reported_today")
        if status == "closed" and _day_of(e.get("closed_at")) == today:
            keys.append("closed_today")
        if status not in OPEN_TERMINAL:
            keys += ["open", f"status:{status}"]
            sla = e.get("sla_state")
            if sla == "overdue":
                keys.append("overdue_open")
            elif sla == "at_risk":
                keys.append("at_risk_open")
    elif kind == "alarm":
        if e.get("status") == "active":
            keys.append("alarms_active")
        if _day_of(e.get("raised_at")) == today:
            keys.append("alarms_today")
            keys.append(f"alarm_type:{e.get('type')}")
    return keys


class LiveCounters:
    """Counters of today (Asia/Shanghai) over the store's tickets and alarms."""

    sig_changed = Signal()
    """Some counter changed (views redraw on their next frame, not on every event)."""

    def __init__(self, store: Any, clock: Callable[[], datetime] | None = None) -> None:
        self._store = store
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self._counts: Counter = Counter()
        self._day: date | None = None
        self.version = 0
        store.sig_changed.connect(self._on_changed)
        store.sig_reset.connect(self.recompute)
        self.recompute()

    def close(self) -> None:
        for sig, slot in ((self._store.sig_changed, self._on_changed), (self._store.sig_reset, self.recompute)):
            try:
                sig.disconnect(slot)
            except (ValueError, RuntimeError):
                pass

    def recompute(self) -> None:
        self._day = local_day(self.clock())
        counts: Counter = Counter()
        for kind in ("ticket", "alarm"):
            for e in self._store.all(kind):
                counts.update(contributions(kind, e, self._day))
        self._counts = counts
        self._bump()

    def _bump(self) -> None:
        self.version += 1
        self.sig_changed.emit()

    def _on_changed(self, changes: list[Any]) -> None:
        if local_day(self.clock()) != self._day:
            self.recompute()
            return
        touched = False
        for ch in changes:
            if ch.kind not in ("ticket", "alarm"):
                continue
            old = contributions(ch.kind, ch.old, self._day)
            new = contributions(ch.kind, ch.new, self._day)
            if old == new:
                continue
            self._counts.subtract(old)
            self._counts.update(new)
            touched = True
        if touched:
            self._bump()

    def get(self, key: str) -> int:
        if local_day(self.clock()) != self._day:
            self.recompute()
        return max(self._counts.get(key, 0), 0)

    def snapshot(self) -> dict[str, Any]:
        """The counters as plain data (same names as `stats.query`'s `live`, plus alarm figures)."""
        g = self.get
        by_status = {k.split(":", 1)[1]: v for k, v in self._counts.items() if k.startswith("status:") and v > 0}
        return {"reported_today": g("reported_today"), "closed_today": g("closed_today"), "open": g("open"),
                "open_by_status": by_status, "overdue_open": g("overdue_open"), "at_risk_open": g("at_risk_open"),
                "alarms_active": g("alarms_active"), "alarms_today": g("alarms_today")}
