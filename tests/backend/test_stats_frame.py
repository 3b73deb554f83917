"""The vectorised counting of stats.query agrees with the reference `ticket_counts` on random tickets.

Both loaders of `TicketFrame` are checked: the SQLite one (stored text parsed by numpy) and the
generic one (typed rows, what PostgreSQL uses), against the reference and against each other.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from sqlalchemy import select, text

from backend import stats
from backend.db import Database, ticket_repo
from backend.db.models import Ticket
from backend.indicators import ticket_counts
from backend.stats_frame import NO_TIME, TicketFrame, _parse_times, us
from backend.tickets import RegionIndex

from .small_street import GRID_A, GRID_B

UTC = timezone.utc
T0 = datetime(2026, 11, 1, tzinfo=UTC)
PERIODS = [(T0, T0 + timedelta(days=30)), (T0 + timedelta(days=3), T0 + timedelta(days=4)),
           (T0 + timedelta(days=10, hours=5), T0 + timedelta(days=17))]
# Bounds off the whole second (an API client may send any instant).
MICRO_PERIOD = (T0 + timedelta(days=2, microseconds=7), T0 + timedelta(days=9, microseconds=999_993))


def random_tickets(n: int, seed: int, micros: bool = False, keys: tuple[str, ...] = ("a", "b", "c"),
                   assignees: tuple[str | None, ...] = ("P-HEAD-A", None)) -> list[Ticket]:
    rng = random.Random(seed)
    # Whole seconds (or any microsecond), and many exactly on a period boundary, where `<` and `<=`
    # differ, or a microsecond either side of one.
    edges = [p for pair in PERIODS for p in pair]
    if micros:
        edges += [*MICRO_PERIOD] + [T0 + timedelta(days=d, hours=-8) for d in range(-12, 42)]  # + local midnights

    def when(lo: float, hi: float) -> datetime:
        if rng.random() < 0.15:
            edge = rng.choice(edges)
            return edge + timedelta(microseconds=rng.choice([-1, 0, 0, 1])) if micros else edge
        if micros:
            return T0 + timedelta(microseconds=int(rng.uniform(lo, hi) * 86400e6))
        return T0 + timedelta(seconds=int(rng.uniform(lo, hi) * 86400))

    out = []
    for i in range(n):
        created = when(-10, 32)
        accepted = rng.random() < 0.9
        status = rng.choice(["closed", "closed", "in_progress", "feedback", "rejected", "reported"])
        closed = when(-5, 40) if status == "closed" else None
        dispatched = created + timedelta(minutes=rng.randint(0, 90)) if accepted and rng.random() < 0.9 else None
        out.append(Ticket(
            id=f"R{i}", version=1, status=status, category=rng.choice(keys),
            source=rng.choice(["hotline", "patrol"]), priority="normal", title="t", region_id=GRID_A,
            origin_region_id=rng.choice([GRID_A, GRID_B]), level=3, assignee_id=rng.choice(assignees),
            created_at=created, updated_at=created, accepted_at=created if accepted else None,
            dispatched_at=dispatched, feedback_at=(dispatched + timedelta(minutes=rng.randint(1, 3000),
                                                                          microseconds=rng.randrange(10**6) if micros else 0))
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


def _loaded(s, loader: str, *args, **kwargs) -> TicketFrame:
    if loader == "load_sqlite" and s.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite loader")
    frame = getattr(TicketFrame, loader)(s, *args, **kwargs)
    assert frame is not None  # the SQLite loader took the stored text: no fallback
    return frame


@pytest.mark.parametrize("loader", ["load_sqlite", "load_generic"])
@pytest.mark.parametrize("since, until", PERIODS)
def test_frame_counts_equal_the_reference(random_db, since, until, loader):
    s, regions, names = random_db
    reference_rows = stats._candidates(s, since, until, None, None)
    expected = ticket_counts(reference_rows, since, until)
    assert expected.due_to_close > 0
    frame = _loaded(s, loader, since, until, None, None)
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


@pytest.fixture
def odd_db(small_db):
    """Random tickets at any microsecond, a microsecond either side of the bounds, with awkward keys."""
    url, _ = small_db
    db = Database(url)
    with db.session() as s:
        s.add_all(random_tickets(800, seed=5, micros=True, keys=("a", "b,c", '类"别', "d\\e"),
                                 assignees=("P-HEAD-A", "P-HEAD-B", None, "x,y", "张")))
    with db.sessions() as s:
        yield s
    db.dispose()


def _same(got, expected) -> None:
    assert got.handling_minutes_total == pytest.approx(expected.handling_minutes_total, rel=1e-12)
    skip = {"handling_minutes_total": 0, "avg_handling_minutes": 0}
    assert got.__dict__ | skip == expected.__dict__ | skip


@pytest.mark.parametrize("key", [None, "category", "source", "origin_region_id", "assignee_id"])
@pytest.mark.parametrize("origins, category", [(None, None), ({GRID_A}, None), (None, "b,c"), ({GRID_B}, "a")])
def test_sqlite_loader_equals_the_generic_loader(odd_db, key, origins, category):
    s = odd_db
    since, until = PERIODS[0]
    fast = _loaded(s, "load_sqlite", since, until, origins, category, key=key)
    generic = _loaded(s, "load_generic", since, until, origins, category, key=key)
    assert fast.n == generic.n > 0
    assert sorted(fast.groups, key=repr) == sorted(generic.groups, key=repr)
    # The day trend's bounds and the test periods inside the loaded one.
    bounds = [(since, until), *PERIODS[1:], MICRO_PERIOD] + [(max(d, since), min(d + timedelta(days=1), until))
                                              for d in (T0 + timedelta(days=k, hours=-8) for k in range(31))]
    for lo, hi in bounds:
        if lo >= hi:
            continue
        _same(fast.counts(lo, hi), generic.counts(lo, hi))
        got, expected = fast.grouped(lo, hi), generic.grouped(lo, hi)
        assert got.keys() == expected.keys()
        for k in got:
            _same(got[k][0], expected[k][0])
            assert got[k][1:] == pytest.approx(expected[k][1:])
    # And both against the reference rule.
    rows = stats._candidates(s, since, until, origins, category)
    _same(fast.counts(since, until), ticket_counts(rows, since, until))


def test_sqlite_loader_falls_back_on_text_in_another_format(odd_db):
    s = odd_db
    if s.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite text")
    since, until = PERIODS[0]
    # Whole seconds written without the fraction (as another tool might): same order against the bounds.
    ids = s.scalars(select(Ticket.id).where(Ticket.closed_at.is_not(None)).limit(20)).all()
    s.execute(text("UPDATE tickets SET closed_at = substr(closed_at, 1, 19) WHERE id IN (%s)"
                   % ",".join(f"'{i}'" for i in ids)))
    s.expire_all()
    assert TicketFrame.load_sqlite(s, since, until, None, None) is None
    frame = TicketFrame.load(s, since, until, None, None)
    rows = stats._candidates(s, since, until, None, None)
    # (Truncated to the second, so the reference is read back from the same rows.)
    _same(frame.counts(since, until), ticket_counts(rows, since, until))


def test_parse_times_reads_the_stored_text_exactly():
    rng = random.Random(3)
    lo, hi = us(datetime(1, 1, 1, tzinfo=UTC)), us(datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC))
    times = [datetime(1, 1, 1, tzinfo=UTC) + timedelta(microseconds=rng.randrange(hi - lo)) for _ in range(5000)]
    # Either side of month ends and leap days (1900 and 2100 are not leap years, 2000 is).
    times += [datetime(y, m, 1, tzinfo=UTC) + timedelta(microseconds=dt) for y in (1, 1900, 1970, 2000, 2024, 2100)
              for m in (1, 2, 3, 12) for dt in (-1, 0, 1) if (y, m, dt) != (1, 1, -1)]
    texts = [t.replace(tzinfo=None).isoformat(" ", "microseconds") for t in times] + ["0000-00-00 00:00:00.000000"]
    got = _parse_times(",".join(texts), len(texts))
    assert got.tolist() == [us(t) for t in times] + [NO_TIME]
    assert _parse_times("", 0).tolist() == []
    for bad in ["2026-11-01T00:00:00.000000", "2026-11-01 00:00:00", "2026-11-01 00:00:00.00000Z",
                "2026-11-01 00:00:00.00000٣", "2026-11-01 00:00:00.000000,"]:
        assert _parse_times(bad, 1) is None, bad
    assert np.array_equal(_parse_times("2026-11-01 00:00:00.000001", 1), [us(T0) + 1])


def test_the_migrated_schema_has_the_stats_index_and_sqlite_reads_only_it(random_db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import event, inspect

    from backend.db import Base

    s, _, _ = random_db
    if s.get_bind().dialect.name != "sqlite":
        # (Type comparisons of reflected PostgreSQL columns are not this test's business.)
        assert "ix_tickets_stats" in {ix["name"] for ix in inspect(s.connection()).get_indexes("tickets")}
        return
    # The migrations build the same schema as the models (ix_tickets_stats included).
    assert compare_metadata(MigrationContext.configure(s.connection()), Base.metadata) == []
    statements = []
    listener = lambda conn, cursor, statement, params, context, many: statements.append((statement, params))  # noqa: E731
    engine = s.get_bind()
    event.listen(engine, "before_cursor_execute", listener)
    try:
        for origins, key in ((None, "assignee_id"), ({GRID_A}, "category"), ({GRID_A, GRID_B}, None)):
            since, until = PERIODS[0]
            assert TicketFrame.load_sqlite(s, since, until, origins, None, key=key) is not None
            statement, params = statements[-1]
            plan = " / ".join(r[3] for r in s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params))
            # Every branch of the candidate rule is a range of the covering index: no table lookups.
            assert plan.count("USING COVERING INDEX ix_tickets_stats") == 3, plan
    finally:
        event.remove(engine, "before_cursor_execute", listener)
