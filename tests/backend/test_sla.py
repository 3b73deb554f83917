"""SLA states on the working calendar, the sweep's notifications, and auto-escalation."""

from dataclasses import replace
from datetime import timedelta

import pytest

from backend import workflow as wf
from backend.categories import CategoryTable

from .workflow_fixtures import CATEGORIES, DISPATCHER, DUTY, WORKER_G1, drive, local, make_ctx, new_ticket

SEC = timedelta(seconds=1)


@pytest.fixture(scope="module")
def ctx():
    return make_ctx()


def dispatched_at(ctx, when, category="city_appearance"):
    """A ticket dispatched to G1 at `when` (handling limit of city_appearance: 450 working minutes)."""
    t = new_ticket(ctx, when - timedelta(minutes=2), category)
    if t.status == "dispatched":  # an auto-dispatch category: report it at `when` instead
        return new_ticket(ctx, when, category)
    t = wf.accept(t, DUTY, when - timedelta(minutes=1), ctx).ticket
    return wf.assign(t, DISPATCHER, when, ctx, region_id="G1").ticket


# --- sla_state -------------------------------------------------------------------------------------


def test_friday_afternoon_ticket_runs_over_the_weekend_without_ageing(ctx):
    t = dispatched_at(ctx, local(2026, 11, 20, 16, 0))  # Friday 16:00: 90 min Friday + 360 Monday
    assert t.due_at == local(2026, 11, 23, 16, 0)
    assert wf.sla_state(t, local(2026, 11, 21, 12, 0), ctx) == "ok"    # Saturday: 90/450 used
    assert wf.sla_state(t, local(2026, 11, 23, 14, 29), ctx) == "ok"   # 359/450
    assert wf.sla_state(t, local(2026, 11, 23, 14, 30), ctx) == "at_risk"  # 360/450 = 80 %
    assert wf.sla_state(t, local(2026, 11, 23, 16, 0), ctx) == "at_risk"   # at the deadline
    assert wf.sla_state(t, local(2026, 11, 23, 16, 0) + SEC, ctx) == "overdue"


def test_holiday_week_does_not_count(ctx):
    t = dispatched_at(ctx, local(2026, 9, 30, 16, 0))  # the day before 国庆
    assert t.due_at == local(2026, 10, 8, 16, 0)
    assert wf.sla_state(t, local(2026, 10, 7, 17, 0), ctx) == "ok"
    assert wf.sla_state(t, local(2026, 10, 8, 14, 30), ctx) == "at_risk"
    assert wf.sla_state(t, local(2026, 10, 8, 16, 1), ctx) == "overdue"


def test_make_up_saturday_counts(ctx):
    t = dispatched_at(ctx, local(2026, 10, 9, 16, 0))  # Friday before the make-up Saturday
    assert t.due_at == local(2026, 10, 10, 16, 0)


def test_urgent_category_runs_on_the_wall_clock_at_night(ctx):
    t = wf.create("E1", DUTY, local(2026, 11, 20, 22, 0), ctx, category="emergency", title="火情",
                  region_id="G1").ticket
    assert t.due_at == local(2026, 11, 20, 22, 30)
    assert wf.sla_state(t, local(2026, 11, 20, 22, 23, 59), ctx) == "ok"
    assert wf.sla_state(t, local(2026, 11, 20, 22, 24), ctx) == "at_risk"
    assert wf.sla_state(t, local(2026, 11, 20, 22, 31), ctx) == "overdue"


def test_urgent_priority_forces_the_wall_clock_on_an_ordinary_category(ctx):
    friday = local(2026, 11, 20, 17, 25)  # 10 minutes to accept
    normal = new_ticket(ctx, friday)
    urgent = new_ticket(ctx, friday, priority="urgent")
    assert normal.due_at == local(2026, 11, 23, 8, 35)  # 5 minutes on Friday, 5 on Monday
    assert urgent.due_at == local(2026, 11, 20, 17, 35)
    assert wf.clock_of(urgent, ctx) == "wall" and wf.clock_of(normal, ctx) == "working"


def test_at_risk_threshold_comes_from_the_config(ctx):
    data = {"at_risk_ratio": 0.5, "category": [
        {"code": "other", "name": "其他", "clock": "wall",
         "limits": {"accept": 100, "dispatch": 100, "handle": 100, "verify": 100, "evaluate": 100}}]}
    half = make_ctx(categories=CategoryTable.from_dict(data))
    start = local(2026, 11, 23, 9, 0)
    t = new_ticket(half, start, "other")
    assert wf.sla_state(t, start + timedelta(minutes=49), half) == "ok"
    assert wf.sla_state(t, start + timedelta(minutes=50), half) == "at_risk"
    assert wf.sla_state(t, start + timedelta(minutes=79), ctx) == "ok"  # the default table: 80 %


def test_terminal_tickets_are_ok(ctx):
    closed = drive(ctx, "closed")
    assert wf.sla_state(closed, local(2030, 1, 1), ctx) == "ok"


# --- sweep -----------------------------------------------------------------------------------------


def test_sweep_reports_nothing_while_nothing_changes(ctx):
    t = dispatched_at(ctx, local(2026, 11, 23, 9, 0))
    assert wf.sweep(t, local(2026, 11, 23, 10, 0), ctx) is None


def test_sweep_marks_at_risk_without_notifying(ctx):
    t = dispatched_at(ctx, local(2026, 11, 23, 9, 0))
    out = wf.sweep(t, local(2026, 11, 23, 16, 30), ctx)  # 6 h of 7.5 used
    assert (out.ticket.sla_state, out.ticket.version, out.ticket.ever_overdue) == ("at_risk", t.version + 1, False)
    assert [(s.action, s.actor_id, s.note) for s in out.steps] == [("sla", "system", "at_risk")]
    assert out.notifications == () and out.hold_opened is None and out.hold_released_at is None


def test_overdue_notifies_once(ctx):
    t = dispatched_at(ctx, local(2026, 11, 23, 9, 0))
    late = local(2026, 11, 24, 9, 1)
    out = wf.sweep(t, late, ctx)
    assert (out.ticket.sla_state, out.ticket.ever_overdue) == ("overdue", True)
    [note] = out.notifications
    assert (note.kind, note.ticket_id, note.stage, note.region_id, note.assignee_id, note.due_at) == (
        "overdue", "T1", "handle", "G1", "g1-head", t.due_at)
    assert "超时" in note.message and "overdue" in note.message
    assert wf.sweep(out.ticket, late + timedelta(minutes=1), ctx) is None
    assert wf.sweep(out.ticket, late + timedelta(days=3), ctx) is None


def test_a_new_stage_resets_the_state_and_keeps_ever_overdue(ctx):
    t = dispatched_at(ctx, local(2026, 11, 23, 9, 0))
    t = wf.sweep(t, local(2026, 11, 24, 9, 1), ctx).ticket
    t = wf.start(t, WORKER_G1, local(2026, 11, 24, 9, 2), ctx).ticket
    assert t.sla_state == "overdue"  # same stage, same deadline
    t = wf.feedback(t, WORKER_G1, local(2026, 11, 24, 9, 3), ctx, result="done").ticket
    assert (t.stage, t.sla_state, t.ever_overdue) == ("verify", "ok", True)


def test_extension_clears_overdue_and_the_next_deadline_notifies_again(ctx):
    t = dispatched_at(ctx, local(2026, 11, 23, 9, 0))
    t = wf.sweep(t, local(2026, 11, 24, 9, 1), ctx).ticket
    out = wf.extend(t, DISPATCHER, local(2026, 11, 24, 9, 5), ctx, minutes=120, reason="等待施工队")
    assert (out.ticket.sla_state, out.ticket.due_at) == ("ok", local(2026, 11, 24, 11, 0))
    assert wf.sweep(out.ticket, local(2026, 11, 24, 11, 1), ctx).notifications[0].kind == "overdue"


def test_an_operation_that_finds_the_stage_overdue_notifies(ctx):
    t = dispatched_at(ctx, local(2026, 11, 23, 9, 0))  # never swept
    out = wf.start(t, WORKER_G1, local(2026, 11, 24, 10, 0), ctx)
    assert out.ticket.sla_state == "overdue" and out.ticket.ever_overdue
    assert [n.kind for n in out.notifications] == ["overdue"]


# --- auto-escalation -------------------------------------------------------------------------------


def test_overdue_handling_is_escalated_when_enabled(ctx):
    assert CATEGORIES["street_order"].auto_escalate
    t = dispatched_at(ctx, local(2026, 11, 23, 9, 0), "street_order")  # 240 working minutes
    late = local(2026, 11, 23, 14, 31)
    assert wf.sweep(t, late, ctx, auto_escalate=False).ticket.level == 3
    out = wf.sweep(t, late, ctx, auto_escalate=True)
    e = out.ticket
    assert (e.level, e.region_id, e.assignee_id, e.status, e.escalation_count) == (2, "C1", "c1-head", "dispatched", 1)
    assert (e.sla_state, e.ever_overdue, e.stage_started_at, e.version) == ("ok", True, late, t.version + 1)
    assert e.handle_due_at == t.handle_due_at
    assert [(s.action, s.actor_id, s.region_id) for s in out.steps] == [
        ("sla", "system", "G1"), ("escalate", "system", "C1")]
    assert [(n.kind, n.assignee_id) for n in out.notifications] == [("overdue", "g1-head"), ("assigned", "c1-head")]
    assert out.hold_released_at == late and out.hold_opened == wf.Hold("c1-head", "C1", 2, late)
    assert wf.sweep(e, late + timedelta(minutes=1), ctx, auto_escalate=True) is None


def test_category_without_auto_escalation_only_marks_overdue(ctx):
    assert not CATEGORIES["dispute"].auto_escalate
    t = dispatched_at(ctx, local(2026, 11, 23, 9, 0), "dispute")
    out = wf.sweep(t, local(2026, 12, 31, 9, 0), ctx, auto_escalate=True)
    assert (out.ticket.sla_state, out.ticket.level) == ("overdue", 3)


def test_only_the_handling_stage_is_auto_escalated(ctx):
    t = new_ticket(ctx, local(2026, 11, 23, 9, 0), "street_order")
    assert t.status == "dispatched"  # street_order is auto-dispatched
    reported = new_ticket(ctx, local(2026, 11, 23, 9, 0), "city_appearance")
    out = wf.sweep(reported, local(2026, 11, 23, 9, 11), ctx, auto_escalate=True)
    assert (out.ticket.status, out.ticket.sla_state, out.ticket.level) == ("reported", "overdue", 3)


def test_auto_escalation_stops_at_the_leader(ctx):
    t = dispatched_at(ctx, local(2026, 11, 23, 9, 0), "street_order")
    for _ in range(3):
        t = wf.escalate(t, DISPATCHER, local(2026, 11, 23, 9, 5), ctx, reason="x").ticket
    out = wf.sweep(t, local(2026, 11, 30, 9, 0), ctx, auto_escalate=True)
    assert (out.ticket.level, out.ticket.sla_state) == (0, "overdue")
    assert [n.kind for n in out.notifications] == ["overdue"]


def test_stale_state_on_a_closed_ticket_is_cleared(ctx):
    closed = replace(drive(ctx, "closed"), sla_state="overdue")
    out = wf.sweep(closed, local(2026, 12, 1), ctx)
    assert out.ticket.sla_state == "ok" and out.notifications == ()
