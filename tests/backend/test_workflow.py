"""The ticket state machine: transitions, roles, grid scope, routing, escalation, feedback, rework."""

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from backend import workflow as wf
from backend.tickets import RegionInfo, Status

from .workflow_fixtures import (SH, ADMIN, DISPATCHER, DUTY, LEADER, MONDAY_9, REGIONS, ROLES, WORKER_C1, WORKER_G1,
                                WORKER_G3, WORKER_S1, drive, local, make_ctx, new_ticket)

LATER = MONDAY_9 + timedelta(hours=1)

# Written out by hand, independent of backend.rules, so a change there has to change these too.
FROM = {
    "accept": {"reported"}, "reject": {"reported"}, "assign": {"accepted", "dispatched", "in_progress"},
    "escalate": {"dispatched", "in_progress"}, "start": {"dispatched"}, "feedback": {"in_progress"},
    "verify": {"feedback"}, "evaluate": {"verified"}, "close": {"verified"}, "extend": {"dispatched", "in_progress"},
}
TO = {"accept": "accepted", "reject": "rejected", "assign": "dispatched", "escalate": "dispatched",
      "start": "in_progress", "feedback": "feedback", "verify": "verified", "evaluate": "verified",
      "close": "closed", "extend": None}  # None: status unchanged
ROLE_MAY = {
    "admin": set(FROM), "leader": set(FROM),
    "dispatcher": {"accept", "reject", "assign", "escalate", "evaluate", "close", "extend"},
    "duty": {"accept", "reject"},
    "grid_worker": {"start", "feedback", "verify"},
}
ARGS = {"reject": {"reason": "不属于受理范围"}, "assign": {"region_id": "G2"}, "escalate": {"reason": "无法处置"},
        "feedback": {"result": "已处理"}, "verify": {"passed": True}, "evaluate": {"satisfaction": 4},
        "extend": {"minutes": 60, "reason": "等待配件"}}


@pytest.fixture(scope="module")
def ctx():
    return make_ctx()


@pytest.fixture(scope="module")
def tickets(ctx):
    return {s.value: drive(ctx, s.value) for s in Status}


# --- the full table ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(ROLE_MAY))
@pytest.mark.parametrize("action", list(FROM))
@pytest.mark.parametrize("status", [s.value for s in Status])
def test_every_status_action_and_role(ctx, tickets, status, action, role):
    ticket, actor = tickets[status], ROLES[role]
    assert ticket.status == status
    allowed = action in ROLE_MAY[role] and status in FROM[action]
    assert wf.can(action, ticket, actor, ctx)[0] is allowed
    assert (action in wf.allowed_actions(ticket, actor, ctx)) is allowed
    if allowed:
        out = wf.perform(action, ticket, actor, LATER, ctx, **ARGS.get(action, {}))
        assert out.ticket.status == (TO[action] or status)
        assert out.ticket.version == ticket.version + 1
        assert out.ticket.updated_at == LATER
        assert out.steps[-1].actor_id == actor.user_id
        assert (out.steps[-1].from_status, out.steps[-1].to_status) == (status, out.ticket.status)
    else:
        with pytest.raises(wf.WorkflowError) as err:
            wf.perform(action, ticket, actor, LATER, ctx, **ARGS.get(action, {}))
        assert err.value.code == ("forbidden" if action not in ROLE_MAY[role] else "invalid")
        assert err.value.message and err.value.message == wf.can(action, ticket, actor, ctx)[1]


def test_refusal_message_names_the_status_in_chinese_and_english(ctx, tickets):
    with pytest.raises(wf.WorkflowError) as err:
        wf.accept(tickets["closed"], DUTY, LATER, ctx)
    assert err.value.code == "invalid"
    assert "已结单" in err.value.message and "cannot accept" in err.value.message


def test_allowed_actions_for_a_dispatched_ticket(ctx, tickets):
    assert wf.allowed_actions(tickets["dispatched"], WORKER_G1, ctx) == ["start"]
    assert wf.allowed_actions(tickets["dispatched"], DISPATCHER, ctx) == ["assign", "escalate", "extend"]
    assert wf.allowed_actions(tickets["closed"], ADMIN, ctx) == []


# --- grid scope ----------------------------------------------------------------------------------


def test_grid_worker_outside_the_grid_is_forbidden(ctx, tickets):
    with pytest.raises(wf.WorkflowError) as err:
        wf.start(tickets["dispatched"], WORKER_G3, LATER, ctx)
    assert err.value.code == "forbidden" and "G1" in err.value.message
    assert wf.allowed_actions(tickets["dispatched"], WORKER_G3, ctx) == []


def test_worker_of_the_community_acts_on_its_grids(ctx, tickets):
    assert wf.start(tickets["dispatched"], WORKER_C1, LATER, ctx).ticket.status == "in_progress"


def test_grid_worker_cannot_act_above_their_grid(ctx, tickets):
    up = wf.escalate(tickets["dispatched"], DISPATCHER, LATER, ctx, reason="社区协调").ticket
    assert up.region_id == "C1"
    assert not wf.can("start", up, WORKER_G1, ctx)[0]
    assert wf.can("start", up, WORKER_C1, ctx)[0]


def test_unknown_role_may_do_nothing(ctx, tickets):
    stranger = wf.Actor("x", "resident")
    ok, why = wf.can("accept", tickets["reported"], stranger, ctx)
    assert not ok and "resident" in why
    with pytest.raises(wf.WorkflowError, match="forbidden|无权") as err:
        wf.create("T9", stranger, MONDAY_9, ctx, category="other", title="x", region_id="G1")
    assert err.value.code == "forbidden"


# --- create and auto-routing ---------------------------------------------------------------------


def test_create_routes_by_location_to_the_grid_and_its_head(ctx):
    seen = []

    def locate(lat, lon):
        seen.append((lat, lon))
        return "G2"

    out = wf.create("T7", DUTY, MONDAY_9, ctx, category="city_appearance", title="井盖缺失",
                    location=(39.9, 116.4), locate=locate, source="resident_app")
    t = out.ticket
    assert seen == [(39.9, 116.4)]
    assert (t.status, t.region_id, t.origin_region_id, t.level, t.assignee_id) == ("reported", "G2", "G2", 3, "g2-head")
    assert (t.version, t.stage, t.stage_started_at, t.created_at) == (1, "accept", MONDAY_9, MONDAY_9)
    assert t.due_at == MONDAY_9 + timedelta(minutes=10)
    assert [(s.action, s.from_status, s.to_status) for s in out.steps] == [("create", None, "reported")]
    assert out.hold_opened == wf.Hold("g2-head", "G2", 3, MONDAY_9, None) and out.hold_released_at is None
    assert out.notifications == ()


def test_create_in_a_building_routes_to_its_grid(ctx):
    t = new_ticket(ctx, region_id="B1")
    assert (t.region_id, t.origin_region_id) == ("G1", "G1")


@pytest.mark.parametrize("kwargs, fragment", [
    ({"region_id": "C1"}, "level-3 grid is required"),
    ({"region_id": "nowhere"}, "unknown region"),
    ({"location": (39.9, 116.4), "locate": lambda lat, lon: None}, "outside every grid"),
    ({}, "location or a region_id is required"),
    ({"region_id": "G1", "category": "graffiti"}, "unknown category"),
    ({"region_id": "G1", "title": "  "}, "title is required"),
    ({"region_id": "G1", "ticket_id": ""}, "ticket_id is required"),
    ({"region_id": "G1", "source": "pigeon"}, "pigeon"),
    ({"region_id": "G1", "location": (91.0, 0.0)}, "out of range"),
])
def test_create_refuses_bad_input(ctx, kwargs, fragment):
    args = {"ticket_id": "T8", "category": "city_appearance", "title": "t", **kwargs}
    with pytest.raises(wf.WorkflowError) as err:
        wf.create(actor=DUTY, now=MONDAY_9, ctx=ctx, **args)
    assert err.value.code == "invalid" and fragment in err.value.message


def test_auto_dispatch_category_skips_acceptance(ctx):
    out = wf.create("T2", DUTY, MONDAY_9, ctx, category="emergency", title="燃气泄漏", region_id="G1")
    t = out.ticket
    assert (t.status, t.priority, t.stage, t.version) == ("dispatched", "emergency", "handle", 1)
    assert t.accepted_at == t.dispatched_at == MONDAY_9
    assert t.handle_due_at == t.due_at == MONDAY_9 + timedelta(minutes=30)  # wall clock
    assert [(s.action, s.actor_id, s.to_status) for s in out.steps] == [
        ("create", "u-duty", "reported"), ("auto_dispatch", "system", "dispatched")]
    assert [(n.kind, n.assignee_id) for n in out.notifications] == [("assigned", "g1-head")]
    assert out.hold_opened.holder_id == "g1-head"


def test_patrol_report_by_grid_worker_is_dispatched_to_that_worker(ctx):
    out = wf.create("T3", WORKER_G1, MONDAY_9, ctx, category="city_appearance", title="乱堆杂物",
                    region_id="G1", source="patrol")
    assert (out.ticket.status, out.ticket.assignee_id) == ("dispatched", "w-g1")
    resident = wf.create("T4", WORKER_G1, MONDAY_9, ctx, category="city_appearance", title="乱堆杂物",
                         region_id="G1", source="resident_app")
    assert resident.ticket.status == "reported"


def test_patrol_report_outside_own_grid_goes_to_that_grids_head(ctx):
    out = wf.create("T5", WORKER_G1, MONDAY_9, ctx, category="city_appearance", title="x", region_id="G3",
                    source="patrol")
    assert (out.ticket.status, out.ticket.assignee_id) == ("dispatched", "g3-head")


# --- accept, reject, assign ----------------------------------------------------------------------


def test_reject_needs_a_reason_and_is_terminal(ctx, tickets):
    with pytest.raises(wf.WorkflowError, match="reason is required"):
        wf.reject(tickets["reported"], DUTY, LATER, ctx, reason=" ")
    out = wf.reject(tickets["reported"], DUTY, LATER, ctx, reason="重复")
    assert (out.ticket.status, out.ticket.stage, out.ticket.due_at) == ("rejected", None, None)
    assert out.hold_released_at == LATER and out.hold_opened is None
    assert out.steps[-1].note == "重复"


def test_first_dispatch_starts_the_handling_clock_and_moves_the_origin(ctx, tickets):
    out = wf.assign(tickets["accepted"], DISPATCHER, LATER, ctx, region_id="G2")
    t = out.ticket
    assert (t.status, t.region_id, t.origin_region_id, t.assignee_id, t.level) == ("dispatched", "G2", "G2", "g2-head", 3)
    # Monday 10:00 + 450 working minutes (one working day) = Tuesday 10:00.
    assert t.dispatched_at == LATER and t.handle_due_at == t.due_at == local(2026, 11, 24, 10, 0)
    assert out.steps[-1].action == "dispatch"
    assert out.hold_opened == wf.Hold("g2-head", "G2", 3, LATER) and out.hold_released_at == LATER
    assert [n.kind for n in out.notifications] == ["assigned"]


def test_reassign_keeps_the_running_clock(ctx, tickets):
    t0 = tickets["in_progress"]
    out = wf.assign(t0, DISPATCHER, LATER, ctx, region_id="G2")
    t = out.ticket
    assert (t.status, t.region_id, t.assignee_id, t.origin_region_id) == ("dispatched", "G2", "g2-head", "G1")
    assert (t.due_at, t.handle_due_at, t.stage_started_at) == (t0.due_at, t0.handle_due_at, t0.stage_started_at)
    assert out.steps[-1].action == "reassign"


def test_reassign_to_a_person_only(ctx, tickets):
    t = wf.assign(tickets["dispatched"], DISPATCHER, LATER, ctx, assignee_id="w-g1").ticket
    assert (t.region_id, t.assignee_id) == ("G1", "w-g1")


@pytest.mark.parametrize("kwargs, fragment", [
    ({}, "region_id and/or assignee_id"),
    ({"region_id": "G1"}, "already with this grid"),
    ({"region_id": "zz"}, "unknown region"),
])
def test_assign_refuses(ctx, tickets, kwargs, fragment):
    with pytest.raises(wf.WorkflowError, match=fragment):
        wf.assign(tickets["dispatched"], DISPATCHER, LATER, ctx, **kwargs)


# --- escalation ----------------------------------------------------------------------------------


def test_escalation_climbs_3_2_1_0_then_refuses(ctx, tickets):
    t = tickets["in_progress"]
    handle_due = t.handle_due_at
    seen = []
    now = LATER
    for _ in range(3):
        out = wf.escalate(t, DISPATCHER, now, ctx, reason="本级无法解决")
        t = out.ticket
        seen.append((t.level, t.region_id, t.assignee_id, t.status))
        assert out.hold_released_at == now and out.hold_opened == wf.Hold(t.assignee_id, t.region_id, t.level, now)
        assert t.stage_started_at == now and t.handle_due_at == handle_due
        now += timedelta(minutes=5)
    assert seen == [(2, "C1", "c1-head", "dispatched"), (1, "S1", "s1-head", "dispatched"),
                    (0, "S1", "u-leader", "dispatched")]
    assert t.escalation_count == 3
    with pytest.raises(wf.WorkflowError) as err:
        wf.escalate(t, ADMIN, now, ctx, reason="再上报")
    assert err.value.code == "invalid" and "cannot escalate further" in err.value.message


def test_escalation_to_a_district_gives_the_leader(tickets):
    ctx = make_ctx([RegionInfo("D", 0, None, "d-head"), *(replace(r, parent_id="D") if r.id == "S1" else r
                                                           for r in REGIONS)])
    t = wf.escalate(replace(tickets["dispatched"], level=1, region_id="S1"), DISPATCHER, LATER, ctx, reason="x").ticket
    assert (t.level, t.region_id, t.assignee_id) == (0, "D", "u-leader")


def test_escalation_needs_a_reason(ctx, tickets):
    with pytest.raises(wf.WorkflowError, match="reason is required"):
        wf.escalate(tickets["dispatched"], DISPATCHER, LATER, ctx, reason="")


def test_leader_handles_level_0_and_grid_workers_may_not(ctx, tickets):
    t = tickets["dispatched"]
    for _ in range(3):
        t = wf.escalate(t, DISPATCHER, LATER, ctx, reason="x").ticket
    assert t.level == 0
    with pytest.raises(wf.WorkflowError) as err:
        wf.start(t, WORKER_S1, LATER, ctx)
    assert err.value.code == "forbidden"
    t = wf.start(t, LEADER, LATER, ctx).ticket
    out = wf.feedback(t, LEADER, LATER, ctx, result="协调城管处理完毕")
    # The result flows back down to the origin grid for verification.
    assert (out.ticket.region_id, out.ticket.assignee_id, out.ticket.level) == ("G1", "g1-head", 0)


# --- feedback, verification, rework --------------------------------------------------------------


def test_feedback_above_grid_level_flows_back_to_origin(ctx, tickets):
    t = wf.escalate(tickets["in_progress"], DISPATCHER, LATER, ctx, reason="需社区协调").ticket
    t = wf.start(t, WORKER_C1, LATER, ctx).ticket
    out = wf.feedback(t, WORKER_C1, LATER, ctx, result="已协调物业修复")
    fb = out.ticket
    assert (fb.status, fb.region_id, fb.assignee_id, fb.level, fb.stage) == ("feedback", "G1", "g1-head", 2, "verify")
    assert fb.feedback_at == LATER and out.steps[-1].note == "已协调物业修复"
    assert out.hold_opened == wf.Hold("g1-head", "G1", 2, LATER)
    assert [(n.kind, n.assignee_id) for n in out.notifications] == [("assigned", "g1-head")]
    assert wf.can("verify", fb, WORKER_G1, ctx)[0]


def test_feedback_at_grid_level_stays_and_needs_a_result(ctx, tickets):
    with pytest.raises(wf.WorkflowError, match="result is required"):
        wf.feedback(tickets["in_progress"], WORKER_G1, LATER, ctx, result="")
    out = wf.feedback(tickets["in_progress"], WORKER_G1, LATER, ctx, result="ok")
    assert (out.ticket.region_id, out.ticket.assignee_id) == ("G1", "g1-head")
    assert out.hold_opened is None and out.hold_released_at is None


def test_failed_verification_is_rework_back_at_the_handling_level(ctx, tickets):
    t = wf.escalate(tickets["in_progress"], DISPATCHER, LATER, ctx, reason="x").ticket
    now = LATER
    for n in (1, 2):
        t = wf.start(t, WORKER_C1, now, ctx).ticket
        t = wf.feedback(t, WORKER_C1, now, ctx, result="修好了").ticket
        now += timedelta(minutes=30)
        with pytest.raises(wf.WorkflowError, match="rework reason is required"):
            wf.verify(t, WORKER_G1, now, ctx, passed=False)
        out = wf.verify(t, WORKER_G1, now, ctx, passed=False, note="仍有积水")
        t = out.ticket
        assert (t.status, t.level, t.region_id, t.assignee_id, t.rework_count) == ("dispatched", 2, "C1", "c1-head", n)
        assert (t.stage, t.stage_started_at) == ("handle", now)
        assert out.steps[-1].action == "rework"
    t = wf.start(t, WORKER_C1, now, ctx).ticket
    t = wf.feedback(t, WORKER_C1, now, ctx, result="已排水").ticket
    t = wf.verify(t, WORKER_G1, now, ctx, passed=True).ticket
    assert (t.status, t.stage, t.rework_count) == ("verified", "evaluate", 2)


def test_rework_at_grid_level_returns_to_the_same_holder(ctx, tickets):
    t = wf.verify(tickets["feedback"], WORKER_G1, LATER, ctx, passed=False, note="没扫干净").ticket
    assert (t.status, t.region_id, t.assignee_id, t.level, t.rework_count) == ("dispatched", "G1", "g1-head", 3, 1)


# --- evaluate, close, extend ---------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0, 6, 3.5, True, "5", None])
def test_satisfaction_must_be_1_to_5(ctx, tickets, bad):
    with pytest.raises(wf.WorkflowError, match="1..5"):
        wf.evaluate(tickets["verified"], DISPATCHER, LATER, ctx, satisfaction=bad)


def test_evaluate_once_then_close_on_time(ctx, tickets):
    t = wf.evaluate(tickets["verified"], DISPATCHER, LATER, ctx, satisfaction=5).ticket
    assert (t.satisfaction, t.status) == (5, "verified")
    with pytest.raises(wf.WorkflowError, match="already evaluated"):
        wf.evaluate(t, DISPATCHER, LATER, ctx, satisfaction=4)
    out = wf.close(t, DISPATCHER, LATER, ctx)
    assert (out.ticket.status, out.ticket.closed_at, out.ticket.closed_on_time) == ("closed", LATER, True)
    assert (out.ticket.stage, out.ticket.due_at, out.ticket.sla_state) == (None, None, "ok")
    assert out.hold_released_at == LATER and out.hold_opened is None


def test_close_after_late_feedback_is_not_on_time(ctx, tickets):
    late = replace(tickets["verified"], feedback_at=tickets["verified"].handle_due_at + timedelta(seconds=1))
    assert wf.close(late, DISPATCHER, LATER, ctx).ticket.closed_on_time is False


def test_extension_moves_both_deadlines_in_working_minutes(ctx, tickets):
    t0 = tickets["dispatched"]  # dispatched Monday 09:02, due Tuesday 09:02
    out = wf.extend(t0, DISPATCHER, LATER, ctx, minutes=450, reason="等待配件")
    t = out.ticket
    assert t.extension_count == 1
    assert t.handle_due_at == t0.handle_due_at + timedelta(days=1) == local(2026, 11, 25, 9, 2)
    assert t.due_at == t0.due_at + timedelta(days=1)
    assert "等待配件" in out.steps[-1].note and out.steps[-1].action == "extend"
    for bad in (0, -5, True):
        with pytest.raises(wf.WorkflowError, match="positive"):
            wf.extend(t0, DISPATCHER, LATER, ctx, minutes=bad, reason="x")
    with pytest.raises(wf.WorkflowError, match="reason is required"):
        wf.extend(t0, DISPATCHER, LATER, ctx, minutes=10)


# --- plumbing ------------------------------------------------------------------------------------


def test_perform_refuses_bad_arguments_and_unknown_actions(ctx, tickets):
    with pytest.raises(wf.WorkflowError, match="bad arguments"):
        wf.perform("verify", tickets["feedback"], WORKER_G1, LATER, ctx)
    with pytest.raises(wf.WorkflowError, match="bad arguments"):
        wf.perform("accept", tickets["reported"], DUTY, LATER, ctx, colour="red")
    with pytest.raises(wf.WorkflowError, match="unknown action"):
        wf.perform("teleport", tickets["reported"], DUTY, LATER, ctx)


def test_naive_time_is_refused(ctx, tickets):
    with pytest.raises(wf.WorkflowError, match="timezone-aware"):
        wf.accept(tickets["reported"], DUTY, datetime(2026, 11, 23, 9), ctx)


def test_times_in_other_zones_are_stored_as_utc(ctx):
    beijing = MONDAY_9.astimezone(SH)
    t = wf.create("T6", DUTY, beijing, ctx, category="other", title="x", region_id="G1").ticket
    assert t.created_at == MONDAY_9 and t.created_at.utcoffset() == timedelta(0)
    assert wf.accept(t, DUTY, beijing, ctx).ticket.accepted_at.tzinfo == timezone.utc


def test_records_coerce_plain_strings_from_the_database(tickets):
    t = replace(tickets["dispatched"], status="in_progress", stage="handle", sla_state="at_risk")
    assert t.status is Status.IN_PROGRESS and t.sla_state == "at_risk"
    with pytest.raises(ValueError):
        replace(t, status="lost")


def test_operations_never_mutate_their_input(ctx, tickets):
    before = tickets["dispatched"]
    snapshot = replace(before)
    wf.escalate(before, DISPATCHER, LATER, ctx, reason="x")
    assert before == snapshot and before.level == 3
