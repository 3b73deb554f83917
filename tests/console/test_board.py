"""console.board: columns, drops, filters, urgency and countdowns, and the mirrored rules."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest

from backend import rules as backend_rules
from backend.auth import ROLE_PERMISSIONS
from console import board
from console.board import COLUMNS, DROP_ACTIONS, REJECT_TARGET, Filter, column_of, countdown, deadline_key, urgency_key

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)  # 10:00 in Shanghai


def iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def ticket(**kw) -> dict:
    t = {"id": "T1", "version": 1, "status": "dispatched", "category": "city_appearance", "source": "hotline",
         "priority": "normal", "title": "垃圾堆放", "region_id": "G1", "origin_region_id": "G1", "level": 3,
         "due_at": None, "stage_started_at": None, "sla_state": "ok", "satisfaction": None, "closed_at": None}
    t.update(kw)
    return t


# --- columns ------------------------------------------------------------------------------------

def test_columns_are_the_six_board_stages_in_order():
    assert [(c.key, c.zh) for c in COLUMNS] == [
        ("reported", "待受理"), ("accepted", "待派遣"), ("handling", "处置中"), ("feedback", "待核查"),
        ("verified", "待结案"), ("closed_today", "今日已结")]
    assert COLUMNS[2].statuses == {"dispatched", "in_progress"}
    assert all(c[0] == c.key and c[3] == c.statuses for c in COLUMNS)  # plain tuples work too


@pytest.mark.parametrize("status, key", [
    ("reported", "reported"), ("accepted", "accepted"), ("dispatched", "handling"), ("in_progress", "handling"),
    ("feedback", "feedback"), ("verified", "verified"), ("rejected", None), ("unknown", None),
])
def test_each_open_status_has_its_column_and_rejected_none(status, key):
    assert column_of(ticket(status=status), NOW) == key


@pytest.mark.parametrize("closed_at, shown", [
    (datetime(2026, 11, 22, 16, 0, tzinfo=timezone.utc), True),   # 00:00 local today: first instant
    (datetime(2026, 11, 22, 15, 59, 59, 999000, tzinfo=timezone.utc), False),  # 23:59:59.999 yesterday
    (datetime(2026, 11, 23, 1, 59, tzinfo=timezone.utc), True),
    (datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc), False),
])
def test_closed_tickets_show_only_on_the_local_day_they_closed(closed_at, shown):
    t = ticket(status="closed", closed_at=iso(closed_at))
    assert column_of(t, NOW) == ("closed_today" if shown else None)


def test_closed_today_uses_the_shanghai_day_not_the_utc_day():
    # 23:30 UTC on the 22nd is 07:30 on the 23rd in Shanghai: a ticket closed at 17:00 UTC that
    # day (01:00 local on the 23rd) is "today", one closed at 15:00 UTC (23:00 on the 22nd) is not.
    now = datetime(2026, 11, 22, 23, 30, tzinfo=timezone.utc)
    assert column_of(ticket(status="closed", closed_at="2026-11-22T17:00:00.000Z"), now) == "closed_today"
    assert column_of(ticket(status="closed", closed_at="2026-11-22T15:00:00.000Z"), now) is None
    assert board.local_day(now).isoformat() == "2026-11-23"


def test_closed_ticket_without_closed_at_or_with_garbage_is_not_shown():
    assert column_of(ticket(status="closed", closed_at=None), NOW) is None
    assert column_of(ticket(status="closed", closed_at="yesterday"), NOW) is None


# --- drops --------------------------------------------------------------------------------------

def test_drop_action_table():
    table = {pair: (spec.action, dict(spec.args), spec.asks) for pair, spec in DROP_ACTIONS.items()}
    assert table == {
        ("reported", "accepted"): ("accept", {}, None),
        ("reported", REJECT_TARGET): ("reject", {}, "reason"),
        ("accepted", "handling"): ("assign", {}, None),
        ("handling", "feedback"): ("feedback", {}, "result"),
        ("feedback", "verified"): ("verify", {"passed": True}, None),
        ("feedback", "handling"): ("verify", {"passed": False}, "note"),
        ("verified", "closed_today"): ("close", {}, None),
    }
    assert REJECT_TARGET not in {c.key for c in COLUMNS}


def test_every_drop_action_is_allowed_from_every_status_of_its_source_column():
    keys = {c.key: c for c in COLUMNS}
    for (src, _), spec in DROP_ACTIONS.items():
        for status in keys[src].statuses:
            if spec.action == "feedback" and status == "dispatched":
                continue  # a dispatched ticket must be started first: the server says so too
            assert status in board.TRANSITIONS[spec.action], (src, spec.action, status)


@pytest.mark.parametrize("pair", [("reported", "handling"), ("accepted", "reported"), ("closed_today", "verified"),
                                  ("verified", "feedback"), ("handling", "closed_today")])
def test_moves_that_skip_or_reverse_stages_are_not_drops(pair):
    assert pair not in DROP_ACTIONS


def test_drop_args_assign_to_the_current_grid_and_carry_the_answer():
    t = ticket(status="accepted", region_id="G2")
    assert DROP_ACTIONS[("accepted", "handling")].args_for(t) == {"region_id": "G2"}
    assert DROP_ACTIONS[("feedback", "handling")].args_for(t, "没扫干净") == {"passed": False, "note": "没扫干净"}
    assert DROP_ACTIONS[("feedback", "verified")].args_for(t) == {"passed": True}
    assert DROP_ACTIONS[("handling", "feedback")].args_for(t) == {"result": ""}


# --- filters ------------------------------------------------------------------------------------

REGIONS = {
    "S1": {"id": "S1", "parent_id": None}, "C1": {"id": "C1", "parent_id": "S1"},
    "C2": {"id": "C2", "parent_id": "S1"}, "G1": {"id": "G1", "parent_id": "C1"},
    "G2": {"id": "G2", "parent_id": "C1"}, "G3": {"id": "G3", "parent_id": "C2"},
}


def test_empty_filter_matches_everything_and_filters_compare_by_value():
    assert Filter().matches(ticket(), REGIONS)
    assert Filter(grid="G1") == Filter(grid="G1") and Filter(grid="G1") != Filter(grid="G2")


@pytest.mark.parametrize("flt, kw, expected", [
    (Filter(community="C1"), {}, True),
    (Filter(community="C2"), {}, False),
    (Filter(grid="G1"), {}, True),
    (Filter(grid="G2"), {}, False),
    (Filter(community="C1", grid="G2"), {}, False),
    # escalated to the community: still under its origin grid, and under the community
    (Filter(grid="G1"), {"region_id": "C1", "level": 2}, True),
    (Filter(community="C1"), {"region_id": "S1", "level": 1}, True),
    (Filter(community="C2"), {"region_id": "S1", "level": 1}, False),
    (Filter(category="city_appearance"), {}, True),
    (Filter(category="dispute"), {}, False),
    (Filter(source="hotline"), {}, True),
    (Filter(source="patrol"), {}, False),
    (Filter(priority="urgent"), {"priority": "urgent"}, True),
    (Filter(priority="urgent"), {}, False),
    (Filter(overdue_only=True), {"sla_state": "overdue"}, True),
    (Filter(overdue_only=True), {"sla_state": "at_risk"}, False),
    (Filter(text="垃圾"), {}, True),
    (Filter(text="  t1 "), {}, True),  # id, case-insensitive, trimmed
    (Filter(text="幸福路"), {"address": "幸福路1号"}, True),
    (Filter(text="路灯"), {}, False),
])
def test_filter_criteria(flt, kw, expected):
    assert flt.matches(ticket(**kw), REGIONS) is expected


def test_filter_survives_unknown_regions_and_cycles():
    cyclic = {"A": {"id": "A", "parent_id": "B"}, "B": {"id": "B", "parent_id": "A"}}
    assert not Filter(community="C9").matches(ticket(region_id="A", origin_region_id=None), cyclic)
    assert not Filter(grid="G1").matches(ticket(region_id="nowhere", origin_region_id=None), {})


# --- countdown and urgency ----------------------------------------------------------------------

def due_in(seconds: float, **kw) -> dict:
    return ticket(due_at=iso(NOW + timedelta(seconds=seconds)), **kw)


@pytest.mark.parametrize("seconds, text", [
    (5025, "剩 01:23:45"), (0.4, "剩 00:00:01"), (1, "剩 00:00:01"), (0, "剩 00:00:00"),
    (-0.4, "超时 00:00:00"), (-723, "超时 00:12:03"), (-1, "超时 00:00:01"),
    (100 * 3600, "剩 100:00:00"),
])
def test_countdown_text_at_the_boundaries(seconds, text):
    t = ticket(due_at=(NOW + timedelta(seconds=seconds)).isoformat())
    left, shown, _ = countdown(t, NOW)
    assert shown == text and left == pytest.approx(seconds, abs=1e-3)


def test_countdown_without_deadline_is_empty_and_ok():
    assert countdown(ticket(due_at=None), NOW) == (None, "", "ok")
    assert countdown(ticket(status="closed", due_at=None, sla_state="ok"), NOW) == (None, "", "ok")


@pytest.mark.parametrize("seconds, state", [(0, "ok"), (-0.001, "overdue"), (-1, "overdue"), (3600, "ok")])
def test_overdue_starts_right_after_the_deadline_on_the_local_clock(seconds, state):
    t = ticket(due_at=(NOW + timedelta(seconds=seconds)).isoformat())  # no stage start: no wall-clock ratio
    assert countdown(t, NOW)[2] == state


def test_server_at_risk_or_overdue_shows_at_risk_while_time_is_left():
    assert countdown(due_in(3600, sla_state="at_risk"), NOW)[2] == "at_risk"
    assert countdown(due_in(3, sla_state="overdue"), NOW)[2] == "at_risk"  # skewed clock: not yet over
    assert countdown(due_in(-3, sla_state="ok"), NOW)[2] == "overdue"  # the sweep lags: the clock decides


@pytest.mark.parametrize("used, state", [(0.79, "ok"), (0.8, "at_risk"), (0.99, "at_risk")])
def test_wall_clock_tickets_turn_at_risk_at_80_percent(used, state):
    started = NOW - timedelta(seconds=used * 1000)
    t = due_in((1 - used) * 1000, priority="urgent", stage_started_at=iso(started))
    assert countdown(t, NOW)[2] == state
    t = due_in((1 - used) * 1000, category="emergency", stage_started_at=iso(started))
    assert countdown(t, NOW)[2] == state


def test_working_clock_tickets_trust_the_server_for_at_risk():
    started = NOW - timedelta(hours=60)  # a weekend: 90 % of the wall time, little working time
    t = due_in(6 * 3600, stage_started_at=iso(started), sla_state="ok")
    assert countdown(t, NOW)[2] == "ok"


def test_urgency_orders_overdue_first_then_least_time_left_then_priority():
    tickets = {
        "long-overdue": due_in(-7200), "overdue": due_in(-60), "soon": due_in(300),
        "later-emergency": due_in(3600, priority="emergency"), "later-normal": due_in(3600),
        "later-urgent": due_in(3600, priority="urgent"), "no-deadline": ticket(due_at=None),
    }
    order = sorted(tickets, key=lambda k: (urgency_key(tickets[k], NOW), k))
    assert order == ["long-overdue", "overdue", "soon", "later-emergency", "later-urgent", "later-normal",
                     "no-deadline"]
    assert urgency_key(ticket(due_at=None, priority="odd"), NOW) == (2, math.inf, 3)


def test_deadline_order_equals_urgency_order_at_any_time():
    """The board sorts by deadline_key so that it never has to re-sort as time passes."""
    import random
    rng = random.Random(7)
    tickets = {f"t{i}": (due_in(rng.randint(-90_000, 90_000), priority=rng.choice(["normal", "urgent", "emergency"]))
                         if i % 9 else ticket(due_at=None)) for i in range(300)}
    tickets["tie-a"] = tickets["tie-b"] = due_in(600)
    by_deadline = sorted(tickets, key=lambda k: (deadline_key(tickets[k]), k))
    for hours in (-30, 0, 0.2, 5, 30):
        now = NOW + timedelta(hours=hours)
        assert sorted(tickets, key=lambda k: (urgency_key(tickets[k], now), k)) == by_deadline


def test_parse_time_accepts_wire_times_and_rejects_garbage():
    assert board.parse_time("2026-11-23T02:00:00.000Z") == NOW
    assert board.parse_time("2026-11-23T02:00:00") == NOW  # naive is read as UTC
    assert board.parse_time(None) is None and board.parse_time("") is None and board.parse_time("soon") is None


# --- transitions and roles ----------------------------------------------------------------------

def test_tables_mirror_the_backend_rules():
    assert board.ACTIONS == backend_rules.ACTIONS
    assert {a: set(s) for a, s in board.TRANSITIONS.items()} == {
        a: {str(x) for x in s} for a, s in backend_rules.TRANSITIONS.items()}
    assert {str(r): set(a) for r, a in board.ROLE_ACTIONS.items()} == {
        str(r): set(a) for r, a in backend_rules.ROLE_ACTIONS.items()}
    assert dict(board.ACTION_ZH) == backend_rules.ACTION_ZH


STATUSES = ["reported", "accepted", "dispatched", "in_progress", "feedback", "verified", "closed", "rejected"]


@pytest.mark.parametrize("role", sorted(ROLE_PERMISSIONS))
def test_transition_allowed_exhaustively_matches_role_and_status_tables(role):
    perms = ROLE_PERMISSIONS[role]
    for action in board.ACTIONS:
        for status in STATUSES:
            ok, reason = board.transition_allowed(action, ticket(status=status), perms, role)
            expected = action in board.ROLE_ACTIONS[role] and status in board.TRANSITIONS[action]
            assert ok is expected, (role, action, status, reason)
            assert (reason == "") is ok


def test_refusals_come_in_the_servers_order_with_codes():
    duty = ROLE_PERMISSIONS["duty"]
    code, msg = board.check_transition("assign", ticket(status="closed"), duty, "duty")
    assert code == "forbidden" and "duty" in msg  # role first, even though the status is wrong too
    code, msg = board.check_transition("accept", ticket(status="dispatched"), duty, "duty")
    assert code == "invalid" and "已派遣" in msg
    assert board.check_transition("teleport", ticket(), duty)[0] == "invalid"
    assert board.check_transition("accept", ticket(status="reported"), frozenset())[0] == "forbidden"


def test_level_zero_and_action_rules():
    admin, disp, leader = (ROLE_PERMISSIONS[r] for r in ("admin", "dispatcher", "leader"))
    top = ticket(status="dispatched", level=0)
    assert board.check_transition("start", top, admin, "admin") is None
    assert board.check_transition("start", top, leader, "leader") is None
    # a grid worker's permissions, but level 0 is the leader's
    code, msg = board.check_transition("start", top, ROLE_PERMISSIONS["grid_worker"], "grid_worker")
    assert code == "forbidden" and "分包领导" in msg
    assert board.check_transition("escalate", top, disp, "dispatcher")[0] == "invalid"
    assert board.check_transition("escalate", ticket(status="dispatched", level=1), disp, "dispatcher") is None
    assert board.check_transition("evaluate", ticket(status="verified", satisfaction=4), disp)[0] == "invalid"
    assert board.check_transition("evaluate", ticket(status="verified"), disp) is None


def test_allowed_actions_per_status_for_a_leader():
    leader = ROLE_PERMISSIONS["leader"]
    got = {s: board.allowed_actions(ticket(status=s), leader, "leader") for s in STATUSES}
    assert got == {
        "reported": ["accept", "reject"], "accepted": ["assign"],
        "dispatched": ["assign", "escalate", "start", "extend"],
        "in_progress": ["assign", "escalate", "feedback", "extend"], "feedback": ["verify"],
        "verified": ["evaluate", "close"], "closed": [], "rejected": [],
    }


def test_countdown_speaks_english_when_asked():
    assert countdown(due_in(3723), NOW, "en")[1] == "01:02:03 left"
    assert countdown(due_in(-61), NOW, "en")[1] == "over 00:01:01"
    assert countdown(due_in(-1001 * 3600), NOW, "en")[1] == "over 41d 17h"
    assert countdown(due_in(-1001 * 3600), NOW)[1] == "超时 41天17时"
