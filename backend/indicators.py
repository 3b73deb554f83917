"""The indicators published by 数字城管 centers, computed from plain ticket records.

`ticket_counts` is the reference implementation: SQL versions elsewhere are tested against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

from .tickets import Status, Ticket


def _ratio(part: int, whole: int) -> float | None:
    # Nothing due means "no data", not "0 %": a quiet grid must not look like a failing one.
    return part / whole if whole else None


@dataclass(frozen=True)
class Indicators:
    """Counts for one period and the rates derived from them; a rate is None when nothing was due.

    close_rate 结案率 = closed / due_to_close; on_time_rate 按期结案率 = closed_on_time / due_to_close;
    rework_rate 返工率 = reworked / due_to_close; extension_rate 延期率 = extended / due_to_close;
    avg_handling_minutes = handling_minutes_total / closed (None when nothing closed).
    """

    due_to_close: int
    closed: int
    closed_on_time: int
    reworked: int
    extended: int
    handling_minutes_total: float
    overdue_open: int
    close_rate: float | None
    on_time_rate: float | None
    rework_rate: float | None
    extension_rate: float | None
    avg_handling_minutes: float | None

    @classmethod
    def from_counts(cls, due_to_close: int, closed: int, closed_on_time: int, reworked: int, extended: int,
                    handling_minutes_total: float, overdue_open: int) -> Indicators:
        """Derive the rates from raw counts."""
        return cls(
            due_to_close=due_to_close, closed=closed, closed_on_time=closed_on_time, reworked=reworked,
            extended=extended, handling_minutes_total=handling_minutes_total, overdue_open=overdue_open,
            close_rate=_ratio(closed, due_to_close), on_time_rate=_ratio(closed_on_time, due_to_close),
            rework_rate=_ratio(reworked, due_to_close), extension_rate=_ratio(extended, due_to_close),
            avg_handling_minutes=handling_minutes_total / closed if closed else None,
        )


def is_due_to_close(t: Ticket, since: datetime, until: datetime) -> bool:
    """Whether ticket `t` is due to close (应结案) in the period [since, until).

    A ticket is due when all hold:
    - it was accepted (立案): `accepted_at` is set and it is not rejected;
    - it was created before `until`;
    - its handling deadline `handle_due_at` is before `until`, or it was closed before `until`
      (closing early makes it due in the period it closed);
    - it was not closed before `since` (closed tickets leave the count of later periods, while
      an open overdue ticket is carried over into every period until it closes).
    """
    if t.status == Status.REJECTED or t.accepted_at is None or t.created_at >= until:
        return False
    closed_before_until = t.closed_at is not None and t.closed_at < until
    deadline_before_until = t.handle_due_at is not None and t.handle_due_at < until
    if not (closed_before_until or deadline_before_until):
        return False
    return not (t.closed_at is not None and t.closed_at < since)


def ticket_counts(tickets: Iterable[Ticket], since: datetime, until: datetime) -> Indicators:
    """Indicators of [since, until) from ticket records, as they are now.

    Among the tickets due to close (`is_due_to_close`):
    - closed: closed before `until` (hence within the period);
    - closed_on_time: closed, with `closed_on_time` true;
    - reworked / extended: with `rework_count` / `extension_count` > 0 — a ticket counts once,
      however many reworks or extensions it had;
    - handling_minutes_total: over closed tickets, wall-clock minutes from `dispatched_at` to the
      accepted `feedback_at`;
    - overdue_open: not closed before `until`, with `handle_due_at` before `until`.
    Counters are read from the records as they are now, not as they were at `until`.
    """
    due = closed = on_time = reworked = extended = overdue_open = 0
    minutes = 0.0
    for t in tickets:
        if not is_due_to_close(t, since, until):
            continue
        due += 1
        reworked += t.rework_count > 0
        extended += t.extension_count > 0
        if t.closed_at is not None and t.closed_at < until:
            closed += 1
            on_time += bool(t.closed_on_time)
            if t.dispatched_at is not None and t.feedback_at is not None:
                minutes += (t.feedback_at - t.dispatched_at) / timedelta(minutes=1)
        elif t.handle_due_at is not None and t.handle_due_at < until:
            overdue_open += 1
    return Indicators.from_counts(due, closed, on_time, reworked, extended, minutes, overdue_open)
