"""Working-time calendar: SLA limits of ordinary categories count working minutes only.

All instants in and out are timezone-aware UTC (any aware datetime is accepted); the calendar
itself (intervals, weekends, holidays, make-up days) is local time in `WorkCalendar.tz`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable
from zoneinfo import ZoneInfo

DEFAULT_CALENDAR = Path(__file__).parent / "config" / "calendar.toml"

# A calendar with no working day for this long is a configuration error, not a long wait.
_MAX_DAYS = 3 * 366


class Clock(StrEnum):
    """How a time limit is counted."""

    WORKING = "working"  # working minutes of the calendar
    WALL = "wall"        # wall-clock minutes, day and night


def _require_aware(t: datetime, name: str) -> None:
    if t.tzinfo is None or t.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC), got naive {t!r}")


def _parse_hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class WorkCalendar:
    """Working days and hours of the command center, loaded from `calendar.toml`.

    A day works when it is a listed make-up day (调休), or it is not a weekend day and not a
    holiday. Make-up days win over everything, so a make-up Saturday works.
    """

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    intervals: tuple[tuple[time, time], ...] = ((time(8, 30), time(12, 0)), (time(13, 30), time(17, 30)))
    weekend: frozenset[int] = frozenset({6, 7})
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        previous_end: time | None = None
        for start, end in self.intervals:
            if not start < end:
                raise ValueError(f"working interval {start}-{end} is empty or reversed")
            if previous_end is not None and start < previous_end:
                raise ValueError(f"working intervals must be sorted and disjoint, {start} < {previous_end}")
            previous_end = end
        both = self.holidays & self.workdays
        if both:
            raise ValueError(f"dates listed as both holiday and make-up day: {sorted(both)}")
        if not self.intervals:
            raise ValueError("a working calendar needs at least one working interval")

    # --- loading ---------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path = DEFAULT_CALENDAR) -> WorkCalendar:
        """Read a calendar TOML file (see backend/config/calendar.toml for the format)."""
        with open(path, "rb") as f:
            return cls.from_dict(tomllib.load(f))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WorkCalendar:
        """Build from the parsed TOML mapping; missing keys take the defaults."""
        kwargs: dict[str, Any] = {}
        if "timezone" in data:
            kwargs["tz"] = ZoneInfo(data["timezone"])
        if "intervals" in data:
            kwargs["intervals"] = tuple((_parse_hhmm(s), _parse_hhmm(e)) for s, e in data["intervals"])
        if "weekend" in data:
            kwargs["weekend"] = frozenset(int(d) for d in data["weekend"])
        kwargs["holidays"] = _dates(data.get("holidays", ()))
        kwargs["workdays"] = _dates(data.get("workdays", ()))
        return cls(**kwargs)

    # --- days ------------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """True when `day` (a local date) has working hours."""
        if day in self.workdays:
            return True
        return day.isoweekday() not in self.weekend and day not in self.holidays

    def working_spans(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The working intervals of a local date as UTC instants; empty on a day off."""
        return _spans(self, day)

    def is_working_time(self, t: datetime) -> bool:
        """True when the instant `t` falls inside a working interval (start included, end excluded)."""
        _require_aware(t, "t")
        return any(s <= t < e for s, e in self.working_spans(self._local_date(t)))

    def _local_date(self, t: datetime) -> date:
        return t.astimezone(self.tz).date()

    # --- arithmetic ------------------------------------------------------------------------------

    def add_working_minutes(self, start: datetime, minutes: float) -> datetime:
        """The instant at which `minutes` working minutes have elapsed since `start` (UTC).

        Time outside working intervals does not count. When the minutes run out exactly at the
        end of an interval the result is that end (12:00), not the next start (13:30).
        Zero minutes returns `start` unchanged.
        """
        _require_aware(start, "start")
        if minutes < 0:
            raise ValueError(f"minutes must not be negative, got {minutes}")
        start = start.astimezone(timezone.utc)
        if minutes == 0:
            return start
        remaining = timedelta(minutes=minutes)
        day = self._local_date(start)
        for _ in range(_MAX_DAYS):
            for span_start, span_end in self.working_spans(day):
                begin = max(span_start, start)
                if begin >= span_end:
                    continue
                available = span_end - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
            day += timedelta(days=1)
        raise ValueError(f"no working time within {_MAX_DAYS} days after {start}; check the calendar")

    def working_minutes_between(self, a: datetime, b: datetime) -> float:
        """Working minutes from `a` to `b`; negative when `b` is before `a`."""
        _require_aware(a, "a")
        _require_aware(b, "b")
        if b < a:
            return -self.working_minutes_between(b, a)
        a, b = a.astimezone(timezone.utc), b.astimezone(timezone.utc)
        total = timedelta()
        day, last = self._local_date(a), self._local_date(b)
        while day <= last:
            for span_start, span_end in self.working_spans(day):
                lo, hi = max(span_start, a), min(span_end, b)
                if lo < hi:
                    total += hi - lo
            day += timedelta(days=1)
        return total / timedelta(minutes=1)

    def add_minutes(self, start: datetime, minutes: float, clock: str) -> datetime:
        """Add `minutes` on the given clock: working minutes or wall-clock minutes."""
        if Clock(clock) is Clock.WORKING:
            return self.add_working_minutes(start, minutes)
        _require_aware(start, "start")
        return start.astimezone(timezone.utc) + timedelta(minutes=minutes)

    def minutes_between(self, a: datetime, b: datetime, clock: str) -> float:
        """Minutes from `a` to `b` on the given clock (negative when `b` is before `a`)."""
        if Clock(clock) is Clock.WORKING:
            return self.working_minutes_between(a, b)
        _require_aware(a, "a")
        _require_aware(b, "b")
        return (b - a) / timedelta(minutes=1)


def _dates(items: Iterable[str | date]) -> frozenset[date]:
    # tomllib already yields `date` for bare TOML dates; quoted strings are accepted too.
    return frozenset(d if isinstance(d, date) else date.fromisoformat(d) for d in items)


@lru_cache(maxsize=4096)
def _spans(cal: WorkCalendar, day: date) -> tuple[tuple[datetime, datetime], ...]:
    # Cached because SLA sweeps ask for the same few days over and over.
    if not cal.is_working_day(day):
        return ()
    return tuple(
        (datetime.combine(day, s, cal.tz).astimezone(timezone.utc),
         datetime.combine(day, e, cal.tz).astimezone(timezone.utc))
        for s, e in cal.intervals
    )
