"""The vectorised counting of stats.query agrees with the reference `ticket_counts` on random tickets."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from backend import stats
from backend.db import Database, ticket_repo
from backend.db.models import Ticket
from backend.indicators import ticket_counts
from backend.stats_frame import TicketFrame
from backend.tickets import RegionIndex

from .small_street import GRID_A, GRID_B

UTC = timezone.utc
T0 = datetime(2026, 11, 1, tzinfo=UTC)
PERIODS = [(T0, T0 + timedelta(days=30)), (T0 + timedelta(days=3), T0 + timedelta(days=4)),
           (T0 + timedelta(days=10, hours=5), T0 + timedelta(days=17))]


def random_tickets(n: int, seed: int) -> list[Ticket]:
    rng = random.Random(seed)
    # Whole seconds, and many exactly on a period boundary, where `<` and `<=` differ.
    edges = [p for pair in PERIODS for p in pair]

    def when(lo: float, hi: float) -> datetime:
        if rng.random() < 0.15:
            return rng.choice(edges)
        return T0 + timedelta(seconds=int(rng.uniform(lo, hi) * 86400))

    out = []
    for i in range(n):
        created = when(-10, 32)
        accepted = rng.random() < 0.9
        status = rng.choice(["closed", "closed", "in_progress", "feedback", "rejected", "reported"])
        closed = when(-5, 40) if status == "closed" else None
        dispatched = created + timedelta(minutes=rng.randint(0, 90)) if accepted and rng.random() < 0.9 else None
        out.append(Ticket(
            id=f"R{i}", version=1, status=status, category=rng.choice(["a", "b", "c"]),
            source=rng.choice(["hotline", "patrol"]), priority="normal", title="t", region_id=GRID_A,
            origin_region_id=rng.choice([GRID_A, GRID_B]), level=3, assignee_id=rng.choice(["P-HEAD-A", None]),
            created_at=created, updated_at=created, accepted_at=created if accepted else None,
            dispatched_at=dispatched, feedback_at=(dispatched + timedelta(minutes=rng.randint(1, 3000)))
            if dispatched and rng.random() < 0.7 else None,
            handle_due_at=when(-3, 35) if accepted and rng.random() < 0.95 else None, closed_at=closed,
            closed_on_time=rng.random() < 0.6 if closed else None, rework_count=rng.choice([0, 0, 1, 2]),
            extension_count=rng.choice([0, 0, 0, 1]), satisfaction=rng.choice([None, 3, 5])))
    return out


@pytest.fixture
def random_db(small_db):
    url, _ = small_db
    db = Database(url)
    with db.session() as s:
        s.add_all(random_tickets(600, seed=11))
    with db.sessions() as s:
        yield s, RegionIndex(ticket_repo.region_infos(s)), stats.region_names(s)
    db.dispose()


@pytest.mark.parametrize("since, until", PERIODS)
def test_frame_counts_equal_the_reference(random_db, since, until):
    s, regions, names = random_db
    reference_rows = stats._candidates(s, since, until, None, None)
    expected = ticket_counts(reference_rows, since, until)
    assert expected.due_to_close > 0
    frame = TicketFrame.load(s, since, until, None, None)
    got = frame.counts(since, until)
    assert got.handling_minutes_total == pytest.approx(expected.handling_minutes_total)
    assert got.__dict__ | {"handling_minutes_total": 0, "avg_handling_minutes": 0} == \
        expected.__dict__ | {"handling_minutes_total": 0, "avg_handling_minutes": 0}
    out = stats.query(s, regions, names, since=since, until=until, region_id=None, group_by="category", level=None,
                      category=None)
    for g in out["groups"]:
        ref = ticket_counts([r for r in reference_rows if r.category == g["key"]], since, until)
        assert (g["due_to_close"], g["closed"], g["closed_on_time"], g["reworked"], g["extended"],
                g["overdue_open"]) == (ref.due_to_close, ref.closed, ref.closed_on_time, ref.reworked, ref.extended,
                                       ref.overdue_open)


def test_days_equal_the_reference_day_by_day(random_db):
    s, regions, names = random_db
    since, until = PERIODS[0]
    out = stats.query(s, regions, names, since=since, until=until, region_id=GRID_A, group_by="day", level=None,
                      category=None)
    rows = stats._candidates(s, since, until, {GRID_A}, None)
    for g in out["groups"]:
        day = datetime.fromisoformat(g["key"]).replace(tzinfo=stats.LOCAL)
        lo, hi = max(day, since), min(day + timedelta(days=1), until)
        assert g["due_to_close"] == ticket_counts(rows, lo, hi).due_to_close
        assert g["closed"] == ticket_counts(rows, lo, hi).closed
