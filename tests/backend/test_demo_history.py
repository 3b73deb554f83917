"""The demo's 90-day history: realistic mix of outcomes, made by the workflow, consistent with itself."""

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from backend.db import Database, ticket_repo
from backend.db.models import Alarm, Ticket, TicketHold, TicketStep
from backend.demo.history import seed_demo
from backend.indicators import ticket_counts
from backend.stats import query as stats_query
from backend.tickets import RegionIndex

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)  # a Monday, 10:00 in Shanghai
OPEN = ("reported", "accepted", "dispatched", "in_progress", "feedback", "verified")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    db.upgrade()
    info = seed_demo(db, seed=7, now=NOW)
    with db.sessions() as s:
        rows = list(s.scalars(select(Ticket)))
    yield db, info, rows
    db.dispose()


def test_about_thirty_tickets_a_day_for_ninety_days(demo):
    _, _, rows = demo
    history = [t for t in rows if t.created_at < NOW - timedelta(days=3)]
    per_day = len(history) / 87
    assert 24 <= per_day <= 36, per_day
    assert min(t.created_at for t in rows) >= NOW - timedelta(days=91)


def test_open_backlog_spreads_over_every_open_stage(demo):
    _, _, rows = demo
    by_status = Counter(t.status for t in rows if t.status in OPEN)
    assert set(by_status) == set(OPEN), by_status
    assert 120 <= sum(by_status.values()) <= 320, by_status
    assert all(by_status[s] >= 5 for s in OPEN), by_status


def test_history_holds_every_kind_of_outcome(demo):
    _, _, rows = demo
    closed = [t for t in rows if t.status == "closed"]
    assert sum(t.closed_on_time is True for t in closed) > 0.7 * len(closed)
    assert sum(t.closed_on_time is False for t in closed) > 0.05 * len(closed)  # late ones
    assert sum(t.rework_count > 0 for t in closed) > 20
    assert sum(t.escalation_count > 0 for t in rows) > 50
    assert sum(t.extension_count > 0 for t in rows) > 10
    assert sum(t.status == "rejected" for t in rows) > 30
    assert sum(t.satisfaction is not None for t in closed) > 0.5 * len(closed)
    open_overdue = [t for t in rows if t.status in OPEN and t.sla_state == "overdue"]
    open_ok = [t for t in rows if t.status in OPEN and t.sla_state == "ok"]
    assert open_overdue and open_ok


def test_tickets_lie_in_their_origin_grid_and_timelines_are_ordered(demo):
    db, info, rows = demo
    for t in rows[:400]:
        assert info.locate(t.lat, t.lon) == t.origin_region_id
    with db.sessions() as s:
        steps = s.execute(select(TicketStep.ticket_id, TicketStep.at, TicketStep.action).order_by(TicketStep.id)).all()
        holds = s.execute(select(TicketHold.ticket_id, TicketHold.since, TicketHold.until).order_by(TicketHold.id)).all()
    by_ticket: dict[str, list] = {}
    for tid, at, action in steps:
        by_ticket.setdefault(tid, []).append((at, action))
    assert len(by_ticket) == len(rows)
    for seq in by_ticket.values():
        assert seq[0][1] == "create"
        assert [a for a, _ in seq] == sorted(a for a, _ in seq)
    spans: dict[str, list] = {}
    for tid, since, until in holds:
        spans.setdefault(tid, []).append((since, until))
    for tid, ss in spans.items():
        assert all(u is not None for _, u in ss[:-1]), tid  # only the newest hold may be open
        assert all(ss[i][1] <= ss[i + 1][0] for i in range(len(ss) - 1)), tid


def test_sql_indicators_equal_the_reference_on_the_demo(demo):
    db, info, rows = demo
    since, until = NOW - timedelta(days=30), NOW
    records = [ticket_repo.to_record(r) for r in rows]
    expected = ticket_counts(records, since, until)
    with db.sessions() as s:
        regions = RegionIndex(ticket_repo.region_infos(s))
        got = stats_query(s, regions, {}, since=since, until=until, region_id=None, group_by="region", level=2,
                          category=None)
    assert got["total"]["due_to_close"] == expected.due_to_close > 500
    assert got["total"]["close_rate"] == pytest.approx(expected.close_rate)
    assert got["total"]["on_time_rate"] == pytest.approx(expected.on_time_rate)
    assert sum(g["due_to_close"] for g in got["groups"]) == expected.due_to_close
    assert {g["key"] for g in got["groups"]} == set(info.community_ids)


def test_past_alarms_and_a_few_that_need_someone_now(demo):
    db, _, _ = demo
    with db.sessions() as s:
        statuses = Counter(s.scalars(select(Alarm.status)))
    assert statuses["active"] >= 3 and statuses["acknowledged"] >= 1 and statuses["closed"] > 300


def test_tickets_older_than_a_month_have_all_finished(demo):
    """Nothing from months ago may sit half-way (a 'reject' plan on an auto-dispatched ticket once did)."""
    _, _, rows = demo
    old = [t for t in rows if t.created_at < NOW - timedelta(days=30)]
    stuck = [(t.id, t.status) for t in old if t.status not in ("closed", "rejected")]
    assert old and stuck == []
