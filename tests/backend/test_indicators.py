"""结案率, 按期结案率, 返工率, 延期率, average handling time and overdue-open from ticket records."""

from datetime import datetime, timedelta, timezone

import pytest

from backend.indicators import Indicators, is_due_to_close, ticket_counts
from backend.tickets import Ticket

UTC = timezone.utc
SINCE = datetime(2026, 11, 1, tzinfo=UTC)
UNTIL = datetime(2026, 12, 1, tzinfo=UTC)
D = timedelta(days=1)


def ticket(n, *, status="dispatched", created=SINCE + D, accepted=True, due=SINCE + 5 * D, closed=None,
           on_time=None, rework=0, extension=0, dispatched=None, feedback=None):
    return Ticket(
        id=f"T{n}", category="other", title="t", created_at=created, status=status,
        accepted_at=created if accepted else None, dispatched_at=dispatched or (created if accepted else None),
        handle_due_at=due if accepted else None, closed_at=closed, closed_on_time=on_time,
        feedback_at=feedback, rework_count=rework, extension_count=extension)


def test_from_counts_divides_by_due():
    i = Indicators.from_counts(due_to_close=8, closed=6, closed_on_time=4, reworked=2, extended=1,
                               handling_minutes_total=600, overdue_open=2)
    assert (i.close_rate, i.on_time_rate, i.rework_rate, i.extension_rate) == (0.75, 0.5, 0.25, 0.125)
    assert i.avg_handling_minutes == 100 and i.overdue_open == 2


def test_nothing_due_gives_none_not_zero():
    i = Indicators.from_counts(0, 0, 0, 0, 0, 0.0, 0)
    assert (i.close_rate, i.on_time_rate, i.rework_rate, i.extension_rate, i.avg_handling_minutes) == (None,) * 5
    assert ticket_counts([], SINCE, UNTIL) == i


def test_closed_nothing_gives_no_average_but_rates_of_zero():
    i = ticket_counts([ticket(1)], SINCE, UNTIL)
    assert (i.due_to_close, i.closed, i.close_rate, i.avg_handling_minutes, i.overdue_open) == (1, 0, 0.0, None, 1)


@pytest.mark.parametrize("t, due", [
    (ticket(1), True),                                                       # deadline inside the period
    (ticket(2, due=UNTIL + D), False),                                       # deadline after the period
    (ticket(3, due=UNTIL + D, status="closed", closed=SINCE + 2 * D), True),  # closed early, in the period
    (ticket(4, due=SINCE - 3 * D, created=SINCE - 9 * D), True),             # overdue, carried over
    (ticket(5, created=SINCE - 9 * D, due=SINCE - 3 * D, status="closed", closed=SINCE - D), False),  # closed before
    (ticket(6, status="closed", closed=UNTIL + D), True),                    # due in period, closed after
    (ticket(7, status="rejected", accepted=False, due=None), False),         # 不予立案
    (ticket(8, status="reported", accepted=False), False),                   # not accepted yet
    (ticket(9, created=UNTIL, due=UNTIL - D), False),                        # created after the period
    (ticket(10, due=UNTIL), False),                                          # `until` is excluded
    (ticket(11, status="closed", closed=SINCE, due=UNTIL + D), True),        # `since` is included
])
def test_which_tickets_are_due_to_close(t, due):
    assert is_due_to_close(t, SINCE, UNTIL) is due


def test_counts_over_a_mixed_month():
    tickets = [
        ticket(1, status="closed", closed=SINCE + 3 * D, on_time=True, dispatched=SINCE + D,
               feedback=SINCE + D + timedelta(minutes=90)),
        ticket(2, status="closed", closed=SINCE + 9 * D, on_time=False, rework=2, dispatched=SINCE + D,
               feedback=SINCE + D + timedelta(minutes=30)),                     # reworked twice: one ticket
        ticket(3, status="in_progress", rework=1, extension=3),                 # open and overdue
        ticket(4, status="dispatched", due=UNTIL + 2 * D, extension=1),         # extended past the period
        ticket(5, status="rejected", accepted=False, due=None),
        ticket(6, status="closed", closed=UNTIL + D, on_time=True, feedback=UNTIL),  # closes next month
    ]
    i = ticket_counts(tickets, SINCE, UNTIL)
    assert (i.due_to_close, i.closed, i.closed_on_time) == (4, 2, 1)  # T1, T2, T3, T6
    assert (i.reworked, i.extended, i.overdue_open) == (2, 1, 2)      # T2 and T3; T3; T3 and T6
    assert (i.close_rate, i.on_time_rate, i.rework_rate, i.extension_rate) == (0.5, 0.25, 0.5, 0.25)
    assert i.handling_minutes_total == 120 and i.avg_handling_minutes == 60
