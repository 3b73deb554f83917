"""Working-time arithmetic across lunch, nights, weekends, 2026 holidays and make-up days."""

import random
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from backend.worktime import Clock, WorkCalendar

SH = ZoneInfo("Asia/Shanghai")
UTC = timezone.utc


def local(y, m, d, hh=0, mm=0, ss=0):
    """A Shanghai wall-clock time as the UTC instant the API takes."""
    return datetime(y, m, d, hh, mm, ss, tzinfo=SH).astimezone(UTC)


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar.load()


# --- the configured calendar ------------------------------------------------------------------------


def test_config_has_shanghai_hours_and_2026_holidays(cal):
    assert cal.tz.key == "Asia/Shanghai"
    assert [(s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in cal.intervals] == [
        ("08:30", "12:00"), ("13:30", "17:30")]
    assert date(2026, 10, 1) in cal.holidays and date(2026, 2, 17) in cal.holidays
    assert date(2026, 2, 14) in cal.workdays and date(2026, 9, 20) in cal.workdays


@pytest.mark.parametrize("day, works", [
    (date(2026, 11, 20), True),   # Friday
    (date(2026, 11, 21), False),  # Saturday
    (date(2026, 11, 22), False),  # Sunday
    (date(2026, 1, 1), False),    # 元旦, Thursday
    (date(2026, 1, 4), True),     # make-up Sunday
    (date(2026, 2, 14), True),    # make-up Saturday before 春节
    (date(2026, 2, 23), False),   # last day of 春节, Monday
    (date(2026, 2, 24), True),
    (date(2026, 5, 9), True),     # make-up Saturday after 劳动节
    (date(2026, 10, 7), False),   # 国庆, Wednesday
    (date(2026, 10, 10), True),   # make-up Saturday
])
def test_working_days_follow_weekends_holidays_and_make_up_days(cal, day, works):
    assert cal.is_working_day(day) is works


def test_is_working_time_includes_start_and_excludes_end(cal):
    assert cal.is_working_time(local(2026, 11, 23, 8, 30))
    assert not cal.is_working_time(local(2026, 11, 23, 12, 0))
    assert not cal.is_working_time(local(2026, 11, 23, 13, 29, 59))
    assert cal.is_working_time(local(2026, 11, 23, 17, 29, 59))
    assert not cal.is_working_time(local(2026, 11, 21, 10, 0))  # Saturday


# --- adding working minutes -------------------------------------------------------------------------


@pytest.mark.parametrize("start, minutes, expected", [
    (local(2026, 11, 23, 9, 0), 60, local(2026, 11, 23, 10, 0)),      # inside the morning
    (local(2026, 11, 23, 11, 30), 60, local(2026, 11, 23, 14, 0)),    # across lunch
    (local(2026, 11, 23, 11, 0), 60, local(2026, 11, 23, 12, 0)),     # ends exactly at lunch
    (local(2026, 11, 23, 12, 30), 30, local(2026, 11, 23, 14, 0)),    # starts in lunch
    (local(2026, 11, 23, 7, 0), 10, local(2026, 11, 23, 8, 40)),      # starts before work
    (local(2026, 11, 23, 20, 0), 30, local(2026, 11, 24, 9, 0)),      # starts at night
    (local(2026, 11, 23, 17, 0), 30, local(2026, 11, 23, 17, 30)),    # ends exactly at close
    (local(2026, 11, 23, 8, 30), 450, local(2026, 11, 23, 17, 30)),   # one full working day
    (local(2026, 11, 23, 8, 30), 451, local(2026, 11, 24, 8, 31)),
    (local(2026, 11, 20, 16, 0), 120, local(2026, 11, 23, 9, 0)),     # Friday afternoon, due Monday
    (local(2026, 11, 20, 17, 45), 1, local(2026, 11, 23, 8, 31)),     # Friday after hours
    (local(2026, 11, 21, 10, 0), 10, local(2026, 11, 23, 8, 40)),     # reported on Saturday
    (local(2026, 9, 30, 17, 0), 60, local(2026, 10, 8, 9, 0)),        # over the 国庆 week
    (local(2026, 10, 9, 17, 0), 60, local(2026, 10, 10, 9, 0)),       # into a make-up Saturday
    (local(2026, 9, 19, 10, 0), 30, local(2026, 9, 20, 9, 0)),        # Saturday into make-up Sunday
    (local(2026, 2, 14, 17, 0), 60, local(2026, 2, 24, 9, 0)),        # make-up Saturday, then 春节
    (local(2026, 12, 31, 17, 0), 60, local(2027, 1, 1, 9, 0)),        # 2027 not listed yet: only weekends apply
])
def test_add_working_minutes(cal, start, minutes, expected):
    assert cal.add_working_minutes(start, minutes) == expected


def test_friday_afternoon_ticket_with_three_day_limit_is_due_next_wednesday(cal):
    due = cal.add_working_minutes(local(2026, 11, 20, 15, 0), 3 * 450)
    assert due == local(2026, 11, 25, 15, 0)
    assert due.tzinfo is not None and due.utcoffset() == timedelta(0)


def test_zero_minutes_returns_start_even_at_night(cal):
    night = local(2026, 11, 22, 3, 0)
    assert cal.add_working_minutes(night, 0) == night


def test_fractional_minutes_are_kept(cal):
    assert cal.add_working_minutes(local(2026, 11, 23, 11, 59), 1.5) == local(2026, 11, 23, 13, 30, 30)


def test_negative_minutes_and_naive_times_are_refused(cal):
    with pytest.raises(ValueError):
        cal.add_working_minutes(local(2026, 11, 23, 9), -1)
    with pytest.raises(ValueError, match="aware"):
        cal.add_working_minutes(datetime(2026, 11, 23, 9), 10)
    with pytest.raises(ValueError, match="aware"):
        cal.working_minutes_between(datetime(2026, 11, 23, 9), local(2026, 11, 23, 10))


def test_other_zones_are_accepted_and_results_are_utc(cal):
    start = datetime(2026, 11, 23, 9, 0, tzinfo=SH)  # not converted by the caller
    due = cal.add_working_minutes(start, 30)
    assert due == local(2026, 11, 23, 9, 30) and due.tzinfo == UTC


# --- measuring working minutes ----------------------------------------------------------------------


@pytest.mark.parametrize("a, b, minutes", [
    (local(2026, 11, 23, 9, 0), local(2026, 11, 23, 9, 0), 0),
    (local(2026, 11, 23, 11, 0), local(2026, 11, 23, 14, 0), 90),
    (local(2026, 11, 20, 16, 0), local(2026, 11, 23, 9, 0), 120),
    (local(2026, 11, 21, 0, 0), local(2026, 11, 23, 0, 0), 0),             # a weekend
    (local(2026, 11, 23, 0, 0), local(2026, 11, 30, 0, 0), 5 * 450),       # an ordinary week
    (local(2026, 9, 28, 0, 0), local(2026, 10, 12, 0, 0), 6 * 450),        # 国庆 fortnight: 6 working days
    (local(2026, 10, 1, 0, 0), local(2026, 10, 8, 0, 0), 0),               # the holiday itself
])
def test_working_minutes_between(cal, a, b, minutes):
    assert cal.working_minutes_between(a, b) == pytest.approx(minutes)


def test_national_day_fortnight_counts_each_working_day():
    # Sep 28–30 (Mon–Wed) work, Oct 1–7 off, Oct 8–9 (Thu–Fri) work, Oct 10 (Sat) make-up, Oct 11 Sunday.
    cal = WorkCalendar.load()
    working = [d for d in (date(2026, 9, 28) + timedelta(n) for n in range(14)) if cal.is_working_day(d)]
    assert working == [date(2026, 9, 28), date(2026, 9, 29), date(2026, 9, 30), date(2026, 10, 8),
                       date(2026, 10, 9), date(2026, 10, 10)]


def test_between_is_negative_when_reversed(cal):
    assert cal.working_minutes_between(local(2026, 11, 23, 10), local(2026, 11, 23, 9)) == pytest.approx(-60)


def test_between_agrees_with_a_minute_by_minute_count(cal):
    # An independent oracle: walk every minute and ask whether it is working time.
    rng = random.Random(7)
    for _ in range(25):
        a = local(2026, 9, 15) + timedelta(minutes=rng.randrange(0, 40 * 24 * 60))
        b = a + timedelta(minutes=rng.randrange(0, 5 * 24 * 60))
        brute = sum(cal.is_working_time(a + timedelta(minutes=i)) for i in range(int((b - a).total_seconds() // 60)))
        assert cal.working_minutes_between(a, b) == pytest.approx(brute), (a, b)


def test_add_then_between_round_trips(cal):
    # Property test by loops (hypothesis is not in the venv): 3,000 random starts over all of 2026,
    # night and day, with limits from seconds to two working weeks.
    rng = random.Random(2026)
    year = local(2026, 1, 1)
    for _ in range(3000):
        start = year + timedelta(seconds=rng.randrange(0, 365 * 24 * 3600))
        minutes = rng.choice([rng.randrange(0, 30), rng.uniform(0, 500), rng.randrange(0, 4500)])
        due = cal.add_working_minutes(start, minutes)
        assert due >= start
        assert cal.working_minutes_between(start, due) == pytest.approx(minutes, abs=1e-4), (start, minutes)
        if minutes > 0:
            # The clock stops only in working time: just before `due` it is working time.
            assert cal.is_working_time(due - timedelta(seconds=0.5)), (start, minutes, due)


def test_between_then_add_round_trips_for_ends_in_working_time(cal):
    rng = random.Random(11)
    year = local(2026, 1, 1)
    checked = 0
    while checked < 1000:
        a = year + timedelta(minutes=rng.randrange(0, 360 * 24 * 60))
        b = a + timedelta(minutes=rng.randrange(1, 20 * 24 * 60))
        if not cal.is_working_time(b) or not cal.is_working_time(b - timedelta(minutes=1)):
            continue  # b at an interval start maps back to the previous interval's end
        assert cal.add_working_minutes(a, cal.working_minutes_between(a, b)) == b
        checked += 1


def test_add_is_monotonic(cal):
    start = local(2026, 2, 13, 16, 0)
    dues = [cal.add_working_minutes(start, m) for m in range(0, 2000, 7)]
    assert dues == sorted(dues)


# --- clocks and configuration -----------------------------------------------------------------------


def test_add_minutes_dispatches_on_clock(cal):
    friday = local(2026, 11, 20, 17, 20)
    assert cal.add_minutes(friday, 30, Clock.WALL) == local(2026, 11, 20, 17, 50)
    assert cal.add_minutes(friday, 30, "working") == local(2026, 11, 23, 8, 50)
    assert cal.minutes_between(friday, local(2026, 11, 23, 8, 50), "wall") == pytest.approx(2 * 24 * 60 + 15 * 60 + 30)
    assert cal.minutes_between(friday, local(2026, 11, 23, 8, 50), "working") == pytest.approx(30)
    with pytest.raises(ValueError):
        cal.add_minutes(friday, 30, "lunar")


def test_custom_calendar_from_dict():
    cal = WorkCalendar.from_dict({"timezone": "UTC", "intervals": [["09:00", "17:00"]], "weekend": [7],
                                  "holidays": ["2026-11-24"], "workdays": []})
    saturday = datetime(2026, 11, 21, 16, 0, tzinfo=UTC)
    # Saturday works here, Sunday does not, Tuesday is a holiday.
    assert cal.add_working_minutes(saturday, 120) == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert cal.add_working_minutes(datetime(2026, 11, 23, 16, 0, tzinfo=UTC), 120) == datetime(
        2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("data, message", [
    ({"intervals": [["12:00", "08:30"]]}, "empty or reversed"),
    ({"intervals": [["08:30", "12:00"], ["11:00", "17:00"]]}, "disjoint"),
    ({"intervals": []}, "at least one"),
    ({"holidays": ["2026-10-10"], "workdays": ["2026-10-10"]}, "both"),
])
def test_bad_calendars_are_refused(data, message):
    with pytest.raises(ValueError, match=message):
        WorkCalendar.from_dict(data)


def test_calendar_without_working_days_fails_instead_of_looping():
    cal = WorkCalendar.from_dict({"weekend": [1, 2, 3, 4, 5, 6, 7]})
    with pytest.raises(ValueError, match="no working time"):
        cal.add_working_minutes(local(2026, 11, 23, 9), 10)
