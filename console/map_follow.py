"""Follow mode for the wall: new alarms and urgent tickets pull the map to them, then it returns.

Pure decisions over Store change batches and a clock; the view does the flying. The first target
remembers the view to return to; every new target restarts the return countdown, so a burst of
alarms keeps the map on them and it goes back `return_after_s` after the last one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

URGENT_PRIORITIES = frozenset({"urgent", "emergency"})
OPEN = frozenset({"reported", "accepted", "dispatched", "in_progress", "feedback", "verified"})


@dataclass(frozen=True)
class FollowTarget:
    kind: str  # alarm or ticket
    id: str
    lat: float
    lon: float


def _located(e: dict | None) -> tuple[float, float] | None:
    loc = (e or {}).get("location") or None
    if loc and loc.get("lat") is not None and loc.get("lon") is not None:
        return loc["lat"], loc["lon"]
    return None


def is_new_alarm(old: dict | None, new: dict | None) -> bool:
    return new is not None and new.get("status") == "active" and (old is None or old.get("status") != "active")


def is_new_urgent_ticket(old: dict | None, new: dict | None) -> bool:
    return (old is None and new is not None and new.get("priority") in URGENT_PRIORITIES
            and new.get("status") in OPEN)


def targets(changes: Iterable[Any]) -> list[FollowTarget]:
    """New active alarms first, then new urgent/emergency tickets, each with a location."""
    alarms, tickets = [], []
    for c in changes:
        if c.kind == "alarm" and is_new_alarm(c.old, c.new) and _located(c.new):
            alarms.append(FollowTarget("alarm", c.id, *_located(c.new)))
        elif c.kind == "ticket" and is_new_urgent_ticket(c.old, c.new) and _located(c.new):
            tickets.append(FollowTarget("ticket", c.id, *_located(c.new)))
    return alarms + tickets


class FollowPolicy:
    """When on: which target to show for a batch, and when to go back to the remembered view."""

    def __init__(self, return_after_s: float = 30.0) -> None:
        self.on = False
        self.return_after_s = return_after_s
        self.saved_view: Any = None  # the view before the first target, restored on return
        self.current: FollowTarget | None = None
        self.return_at: float | None = None

    def set(self, on: bool, return_after_s: float | None = None) -> None:
        self.on = on
        if return_after_s is not None:
            self.return_after_s = max(0.0, float(return_after_s))
        if not on:
            self.current, self.return_at, self.saved_view = None, None, None

    def on_changes(self, changes: Iterable[Any], now: float, current_view: Any) -> FollowTarget | None:
        """The target to fly to for this batch (the last alarm, else the last urgent ticket), or None."""
        if not self.on:
            return None
        found = targets(changes)
        if not found:
            return None
        alarms = [t for t in found if t.kind == "alarm"]
        target = (alarms or found)[-1]
        if self.saved_view is None:
            self.saved_view = current_view
        self.current = target
        self.return_at = now + self.return_after_s
        return target

    def due_return(self, now: float) -> Any:
        """The view to go back to when the time is up (once), else None."""
        if self.return_at is None or now < self.return_at:
            return None
        view, self.saved_view, self.current, self.return_at = self.saved_view, None, None, None
        return view

    def user_moved(self) -> None:
        """The operator took the map over: do not pull it back to an old view."""
        self.saved_view, self.return_at, self.current = None, None, None
