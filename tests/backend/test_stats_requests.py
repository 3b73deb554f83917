"""Statistics against a hand-computed month (tests/backend/stats_fixtures.py), in SQL and through the hub."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timezone

import pytest

from backend import stats, stats_alarms, stats_people, stats_staff
from backend.db import Database, ticket_repo
from backend.server import Server, ServeOptions
from backend.tickets import RegionIndex
from backend.writer import OpError

from .stats_fixtures import COMMUNITY, GRID_A, GRID_B, SINCE, STREET, UNTIL, seed_month
from .wsclient import Client

TODAY = date(2026, 11, 23)
PERIOD = {"since": SINCE.isoformat(), "until": UNTIL.isoformat()}


@pytest.fixture
def month_db(small_db):
    url, tokens = small_db
    seed_month(url)
    return url, tokens


@pytest.fixture
def reader(month_db):
    db = Database(month_db[0])
    with db.sessions() as s:
        regions = RegionIndex(ticket_repo.region_infos(s))
        names = stats.region_names(s)
        yield s, regions, names
    db.dispose()


def _rates(ind):
    return (ind["due_to_close"], ind["closed"], ind["closed_on_time"], ind["reworked"], ind["extended"],
            ind["overdue_open"])


def test_month_totals_match_the_hand_count(reader):
    s, regions, names = reader
    out = stats.query(s, regions, names, since=SINCE, until=UNTIL, region_id=None, group_by="none", level=None,
                      category=None)
    t = out["total"]
    assert _rates(t) == (5, 3, 2, 2, 2, 2)  # A1 A2 A3 B1 B2 due; A1 A2 B1 closed; A3 B2 overdue
    assert (t["close_rate"], t["on_time_rate"], t["rework_rate"], t["extension_rate"]) == (0.6, 0.4, 0.4, 0.4)
    assert t["handling_minutes_total"] == 210 and t["avg_handling_minutes"] == 70  # B2's feedback is not counted


def test_drill_down_street_community_grid(reader):
    s, regions, names = reader
    by_comm = stats.query(s, regions, names, since=SINCE, until=UNTIL, region_id=STREET, group_by="region",
                          level=None, category=None)
    assert [(g["key"], g["name"], g["due_to_close"]) for g in by_comm["groups"]] == [(COMMUNITY, "测试社区", 5)]
    by_grid = stats.query(s, regions, names, since=SINCE, until=UNTIL, region_id=COMMUNITY, group_by="region",
                          level=None, category=None)
    g = {x["key"]: x for x in by_grid["groups"]}
    assert _rates(g[GRID_A]) == (3, 2, 1, 1, 1, 1) and g[GRID_A]["close_rate"] == pytest.approx(2 / 3)
    assert _rates(g[GRID_B]) == (2, 1, 1, 1, 1, 1) and g[GRID_B]["close_rate"] == 0.5
    assert g[GRID_A]["name"] == "第一网格"


def test_by_category_source_and_day(reader):
    s, regions, names = reader
    cat = stats.query(s, regions, names, since=SINCE, until=UNTIL, region_id=None, group_by="category", level=None,
                      category=None)
    assert {x["key"]: x["due_to_close"] for x in cat["groups"]} == {"city_appearance": 2, "facility_repair": 2,
                                                                    "dispute": 1}
    src = stats.query(s, regions, names, since=SINCE, until=UNTIL, region_id=None, group_by="source", level=None,
                      category=None)
    assert {x["key"]: x["closed"] for x in src["groups"]} == {"hotline": 2, "patrol": 1}
    day = stats.query(s, regions, names, since=SINCE, until=UNTIL, region_id=None, group_by="day", level=None,
                      category=None)
    assert len(day["groups"]) == 30 and day["groups"][0]["key"] == "2026-11-01"
    # 11-01: nothing due that day -> no data, not 0 %
    assert day["groups"][0]["close_rate"] is None
    # 11-04 (local): A1 closed that day
    d4 = next(x for x in day["groups"] if x["key"] == "2026-11-04")
    assert (d4["due_to_close"], d4["closed"], d4["close_rate"]) == (1, 1, 1.0)


def test_a_quiet_period_has_null_rates(reader):
    s, regions, names = reader
    out = stats.query(s, regions, names, since=datetime(2025, 1, 1, tzinfo=timezone.utc),
                      until=datetime(2025, 2, 1, tzinfo=timezone.utc), region_id=None, group_by="none", level=None,
                      category=None)
    assert out["total"]["due_to_close"] == 0 and out["total"]["close_rate"] is None


def test_staff_ranking_of_the_month(reader):
    s, regions, names = reader
    out = stats_staff.ranking(s, regions, names, since=SINCE, until=UNTIL, region_id=None, limit=10)
    rows = out["rows"]
    assert [r["staff_id"] for r in rows] == ["P-HEAD-A", "P-HEAD-B"]
    a, b = rows
    # A: on time 1/3, closed 2/3, satisfaction (5+3)/2 = 4 -> (50/3 + 20 + 15) = 51.7
    assert (a["workload"], a["closed"], a["closed_on_time"], a["satisfaction"], a["score"], a["rank"]) == \
        (3, 2, 1, 4.0, 51.7, 1)
    # B: on time 1/2, closed 1/2, nobody evaluated -> (25 + 15) / 80 = 50.0
    assert (b["workload"], b["satisfaction"], b["evaluated"], b["score"]) == (2, None, 0, 50.0)
    assert a["name"] == "张网格长" and a["region_names"] == ["第一网格"]


def test_overdue_list_and_alarm_counts(reader):
    s, regions, names = reader
    od = stats_staff.overdue(s, regions, names, until=UNTIL, region_id=None, limit=50)
    assert [r["id"] for r in od["rows"]] == ["B2", "A3"]  # oldest deadline first
    assert od["rows"][0]["community_name"] == "测试社区" and od["rows"][0]["assignee_name"] == "赵网格长"
    assert "reporter_phone" not in od["rows"][0] and "reporter_name" not in od["rows"][0]
    assert od["rows"][1]["overdue_hours"] == pytest.approx((UNTIL - (SINCE + (9 + 5) * stats.timedelta(days=1)))
                                                           .total_seconds() / 3600, abs=0.05)
    al = stats_alarms.alarm_counts(s, regions, since=SINCE, until=UNTIL, region_id=None)
    # A-1 of the tiny street (one_key, 11-23) and A-FALL (acked after 90 s); A-OCT was raised in October
    assert al["total"] == 2 and al["by_type"] == {"care_fall": 1, "one_key": 1}
    assert al["acknowledged"] == 1 and al["avg_ack_seconds"] == 90
    assert len(al["days"]) == 30 and sum(d["count"] for d in al["days"]) == 2
    only_a = stats_alarms.alarm_counts(s, regions, since=SINCE, until=UNTIL, region_id=GRID_A)
    assert only_a["by_type"] == {"one_key": 1}


def test_population_structure(reader):
    s, regions, names = reader
    p = stats_people.population(s, regions, names, region_id=None, today=TODAY)
    assert p["total"] == 4 and p["households"] == 1
    # R-1 male 86 -> 80+; R-4 male sixty today -> 60-69; R-2 female 35; R-3 female 6
    assert p["age_bands"][0] == "0-9" and p["age_bands"][-1] == "80+"
    assert p["age_male"] == [0, 0, 0, 0, 0, 0, 1, 0, 1]
    assert p["age_female"] == [1, 0, 0, 1, 0, 0, 0, 0, 0]
    assert p["resident_type"] == {"registered": 3, "floating": 1}
    assert p["political_status"] == {"群众": 2, "中共党员": 2}
    assert p["care_tags"] == {"elderly_alone": 1, "disabled": 1, "low_income": 1}  # a repeated tag counts once
    assert p["by_region"] == [{"key": STREET, "name": "测试街道", "count": 4}]
    grid_b = stats_people.population(s, regions, names, region_id=GRID_B, today=TODAY)
    assert grid_b["total"] == 2 and grid_b["education"] == {"本科": 1, "高中": 1}
    with pytest.raises(OpError) as e:
        stats_people.population(s, regions, names, region_id="NOPE", today=TODAY)
    assert e.value.code == "not_found"


def test_birthday_edge():
    assert stats_people.age_on(date(1966, 11, 23), TODAY) == 60
    assert stats_people.age_on(date(1966, 11, 24), TODAY) == 59
    assert stats_people.age_band(123) == 8 and stats_people.age_band(9) == 0


def test_score_rescales_without_satisfaction():
    assert stats_staff.score(1.0, 1.0, None) == 100.0
    assert stats_staff.score(1.0, 1.0, 1) == 80.0
    assert stats_staff.score(None, None, 5) is None


# --- through the real hub -------------------------------------------------------------------------

@pytest.fixture
async def month_server(month_db):
    url, tokens = month_db
    server = Server(ServeOptions(db_url=url, port=0, sweep_seconds=3600))
    await server.start()
    server.ws_url = f"ws://127.0.0.1:{server.hub.port}/ws"
    server.tokens = tokens
    yield server
    await server.stop()


async def test_new_stats_requests_over_the_wire(month_server):
    c = await Client.open(month_server.ws_url, month_server.tokens["gw-a"])  # the least privileged role
    welcome, _, _ = await c.welcome_and_state()
    assert {"stats.population", "stats.staff", "stats.alarms", "stats.overdue"} <= set(welcome["permissions"])
    q = await c.request("stats.query", {**PERIOD, "group_by": "region", "region_id": COMMUNITY})
    assert q["ok"] and q["data"]["total"]["close_rate"] == 0.6
    pop = await c.request("stats.population", {"region_id": STREET})
    assert pop["ok"] and pop["data"]["total"] == 4
    staff = await c.request("stats.staff", {**PERIOD, "limit": 1})
    assert staff["ok"] and [r["staff_id"] for r in staff["data"]["rows"]] == ["P-HEAD-A"]
    assert staff["data"]["total"] == 2
    al = await c.request("stats.alarms", PERIOD)
    assert al["ok"] and al["data"]["total"] == 2
    od = await c.request("stats.overdue", {"until": UNTIL.isoformat(), "region_id": GRID_B})
    assert od["ok"] and [r["id"] for r in od["data"]["rows"]] == ["B2"]
    await c.close()


@pytest.mark.parametrize("name, args, message", [
    ("stats.staff", {"since": "2026-11-01", "until": "2026-12-01T00:00:00Z"}, "needs a time zone"),
    ("stats.alarms", {"since": "2026-12-01T00:00:00Z", "until": "2026-11-01T00:00:00Z"}, "since must be before"),
    ("stats.overdue", {"until": "yesterday"}, "not an ISO 8601"),
    ("stats.staff", {**PERIOD, "limit": 0}, "limit"),
    ("stats.population", {"region_id": ""}, "region_id"),
])
async def test_bad_stats_args_get_a_clear_error(month_server, name, args, message):
    c = await Client.open(month_server.ws_url, month_server.tokens["duty"])
    await c.welcome_and_state()
    r = await c.request(name, args)
    assert not r["ok"] and r["error"]["code"] == "invalid" and message in r["error"]["message"]
    await c.close()


async def test_unknown_region_and_long_period_are_refused(month_server):
    c = await Client.open(month_server.ws_url, month_server.tokens["duty"])
    await c.welcome_and_state()
    r = await c.request("stats.population", {"region_id": "S9"})
    assert not r["ok"] and r["error"]["code"] == "not_found"
    r = await c.request("stats.staff", {"since": "2024-01-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"})
    assert not r["ok"] and "400" in r["error"]["message"]
    await c.close()


@pytest.mark.parametrize("name", ["stats.population", "stats.staff", "stats.alarms", "stats.overdue"])
def test_stats_requests_are_permission_checked(month_db, name):
    from backend.auth import ROLES, permissions_for
    from backend.platform import Platform
    from backend.users import Principal
    from console.protocol import decode_args

    assert all(name in permissions_for(role) for role in ROLES)  # aggregates: every role reads them
    platform = Platform(Database(month_db[0]))
    try:
        args = decode_args(name, {**PERIOD} if name in ("stats.staff", "stats.alarms") else
                           {"until": UNTIL.isoformat()} if name == "stats.overdue" else {})
        nobody = Principal("u", "x", "x", "visitor", None, frozenset(), frozenset({"stats.query"}))
        refused = platform.request(nobody, "r1", name, args).result(10)
        assert not refused.ok and refused.error["code"] == "forbidden"
        duty = Principal("u", "x", "x", "duty", None, frozenset(), permissions_for("duty"))
        assert platform.request(duty, "r2", name, args).result(10).ok
    finally:
        platform.readers.shutdown(wait=True)  # the writer was never started: reads only
        platform.db.dispose()
