"""console.operations: checks, requests, optimistic overlays and settling.

Unit tests use a recording connection (the one isolated unit); the end-to-end tests run the real
hub on loopback with two consoles.
"""

from __future__ import annotations

import pytest

from backend.auth import ROLE_PERMISSIONS
from console.operations import BUSY, NOT_SIGNED_IN, Operations
from console.protocol import ErrorInfo, ProtocolError, Reply, decode_args
from console.session import Session
from console.store import Store
from tests.backend.small_street import GRID_A, GRID_B

from .test_connection import create_args


class RecordingConnection:
    """Validates like the real one and records what would be sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict, str]] = []

    def send_request(self, name: str, args: dict, request_id: str) -> None:
        decode_args(name, args)  # raises ProtocolError as Connection.send_request does
        self.sent.append((name, args, request_id))


TICKET = {"id": "T1", "version": 4, "status": "accepted", "region_id": GRID_A, "origin_region_id": GRID_A,
          "assignee_id": "P-HEAD-A", "level": 3, "due_at": "2026-11-23T03:00:00.000Z", "sla_state": "ok",
          "satisfaction": None, "extension_count": 0, "priority": "normal", "category": "city_appearance"}
REGIONS = [
    {"id": "S1", "level": 1, "parent_id": None, "head_id": "P-LEADER"},
    {"id": "S1-C1", "level": 2, "parent_id": "S1", "head_id": "P-SEC"},
    {"id": GRID_A, "level": 3, "parent_id": "S1-C1", "head_id": "P-HEAD-A"},
    {"id": GRID_B, "level": 3, "parent_id": "S1-C1", "head_id": "P-HEAD-B"},
]
ALARM = {"id": "A-1", "version": 2, "status": "active", "ticket_id": None}


def make(role: str = "dispatcher", **ticket):
    store, session, conn = Store(), Session(), RecordingConnection()
    store.load(10, {"ticket": [{**TICKET, **ticket}], "region": REGIONS, "alarm": [ALARM]})
    if role:
        session.welcomed({"id": "U-1", "name": "x", "role": role}, ROLE_PERMISSIONS[role], 10)
    ops = Operations(store, conn, session)
    events = []
    ops.sig_failed.connect(lambda op, code, msg, data: events.append(("failed", op, code, msg, data)))
    ops.sig_succeeded.connect(lambda op, data: events.append(("ok", op, data)))
    return ops, store, conn, events


def test_assign_sends_the_confirmed_version_and_shows_the_expected_result_at_once():
    ops, store, conn, events = make()
    op = ops.assign("T1", region_id=GRID_B)
    assert conn.sent == [("ticket.assign", {"ticket_id": "T1", "version": 4, "region_id": GRID_B}, op.request_id)]
    shown = store.get("ticket", "T1")
    assert (shown["status"], shown["region_id"], shown["assignee_id"], shown["level"]) == (
        "dispatched", GRID_B, "P-HEAD-B", 3)
    assert store.confirmed("ticket", "T1")["status"] == "accepted" and store.pending("ticket", "T1")
    assert (op.name, op.kind, op.entity_id, op.refused) == ("ticket.assign", "ticket", "T1", None)
    assert events == []


def test_a_successful_reply_settles_the_overlay_and_reports_success():
    ops, store, conn, events = make()
    op = ops.transition("T1", "assign", region_id=GRID_A)
    ops.on_reply(Reply(op.request_id, True, {"seq": 11}))
    assert not store.pending("ticket", "T1") and events == [("ok", op, {"seq": 11})]
    ops.on_reply(Reply(op.request_id, True, {"seq": 11}))  # a second copy is ignored
    ops.on_reply(Reply("someone-else", False, error=ErrorInfo("internal")))
    assert len(events) == 1 and ops.pending == {}


def test_a_failed_reply_reverts_the_overlay_and_passes_the_server_message_as_is():
    ops, store, conn, events = make()
    op = ops.assign("T1", region_id=GRID_B)
    data = {"ticket": {**TICKET, "version": 5}, "by": "U-9", "by_name": "调度员", "action": "dispatch"}
    ops.on_reply(Reply(op.request_id, False, error=ErrorInfo("conflict", "工单已被 调度员 执行「dispatch」", data)))
    assert store.get("ticket", "T1")["status"] == "accepted"
    assert events == [("failed", op, "conflict", "工单已被 调度员 执行「dispatch」", data)]


@pytest.mark.parametrize("action, args, fields", [
    ("accept", {}, {"status": "accepted", "due_at": None}),
    ("reject", {"reason": "重复"}, {"status": "rejected"}),
    ("start", {}, {"status": "in_progress", "due_at": TICKET["due_at"]}),
    ("feedback", {"result": "已清理"}, {"status": "feedback"}),
    ("verify", {"passed": True}, {"status": "verified"}),
    ("verify", {"passed": False, "note": "未清理干净"}, {"status": "dispatched"}),
    ("evaluate", {"satisfaction": 5}, {"satisfaction": 5}),
    ("close", {}, {"status": "closed", "due_at": None}),
    ("extend", {"minutes": 60, "reason": "等待材料"}, {"extension_count": 1}),
    ("escalate", {"reason": "网格无法解决"}, {"status": "dispatched", "region_id": "S1-C1", "level": 2,
                                          "assignee_id": "P-SEC"}),
])
def test_each_transition_predicts_its_result(action, args, fields):
    status = {"accept": "reported", "reject": "reported", "start": "dispatched", "feedback": "in_progress",
              "verify": "feedback", "evaluate": "verified", "close": "verified", "extend": "dispatched",
              "escalate": "dispatched"}[action]
    ops, store, conn, events = make("leader", status=status)
    op = ops.transition("T1", action, **args)
    assert events == [] and conn.sent[0][1] == {"ticket_id": "T1", "version": 4, **args}
    shown = store.get("ticket", "T1")
    assert {k: shown[k] for k in fields} == fields
    if action == "close":
        assert shown["closed_at"]  # lands in 今日已结 at once
    assert op.name == f"ticket.{action}"


def test_escalating_from_the_street_predicts_the_leader_level():
    ops, store, _, _ = make("leader", status="dispatched", region_id="S1", level=1)
    ops.escalate("T1", "街道无法解决")
    assert store.get("ticket", "T1")["level"] == 0


@pytest.mark.parametrize("role, status, action, args, code, fragment", [
    (None, "reported", "accept", {}, "forbidden", NOT_SIGNED_IN),
    ("duty", "accepted", "assign", {"region_id": GRID_A}, "forbidden", "duty"),
    ("dispatcher", "accepted", "accept", {}, "invalid", "待派遣"),
    ("dispatcher", "accepted", "assign", {}, "invalid", "assign needs"),
    ("leader", "dispatched", "escalate", {"reason": "  "}, "invalid", "reason is required"),
    ("leader", "dispatched", "escalate", {"reason": "x"}, "invalid", "分包领导"),  # level 0 below
    ("grid_worker", "dispatched", "start", {}, "forbidden", "分包领导"),
])
def test_refused_actions_send_nothing_and_fail_with_the_reason(role, status, action, args, code, fragment):
    ops, store, conn, events = make(role, status=status, level=0 if fragment == "分包领导" else 3)
    op = ops.transition("T1", action, **args)
    assert conn.sent == [] and not store.pending("ticket", "T1")
    assert op.refused == code
    [(kind, failed_op, got_code, message, data)] = events
    assert (kind, failed_op, got_code, data) == ("failed", op, code, None) and fragment in message


def test_rework_needs_a_reason_and_schema_failures_are_refused_before_sending():
    ops, store, conn, events = make("leader", status="feedback")
    assert ops.transition("T1", "verify", passed=False).refused == "invalid"
    assert "返工原因" in events[-1][3]
    ops, store, conn, events = make("leader", status="verified")
    op = ops.transition("T1", "evaluate", satisfaction=9)  # the schema says 1..5
    assert op.refused == "invalid" and "satisfaction" in events[-1][3] and conn.sent == []


def test_unknown_ticket_is_not_found_and_a_pending_ticket_is_busy():
    ops, store, conn, events = make()
    assert ops.assign("T-nope", region_id=GRID_A).refused == "not_found"
    ops.assign("T1", region_id=GRID_A)
    assert ops.check("assign", store.confirmed("ticket", "T1")) == (False, BUSY)
    assert ops.assign("T1", region_id=GRID_B).refused == "invalid" and len(conn.sent) == 1


def test_check_reports_without_sending():
    ops, store, conn, _ = make("duty")
    assert ops.check("accept", {**TICKET, "status": "reported"}) == (True, "")
    ok, reason = ops.check("close", {**TICKET, "status": "verified"})
    assert not ok and "duty" in reason and conn.sent == []


def test_alarm_actions_check_status_and_permission_and_overlay():
    ops, store, conn, events = make("duty")
    op = ops.ack_alarm("A-1", "已电话联系")
    assert conn.sent[-1] == ("alarm.ack", {"alarm_id": "A-1", "version": 2, "note": "已电话联系"}, op.request_id)
    assert store.get("alarm", "A-1")["status"] == "acknowledged"
    assert ops.close_alarm("A-1").refused == "invalid"  # busy: the ack is pending
    ops.on_reply(Reply(op.request_id, True, {}))
    op = ops.close_alarm("A-1", "处置完毕")
    assert store.get("alarm", "A-1")["status"] == "closed"
    ops.on_reply(Reply(op.request_id, True, {}))
    op = ops.alarm_to_ticket("A-1")
    assert conn.sent[-1][:2] == ("alarm.to_ticket", {"alarm_id": "A-1", "version": 2})
    assert ops.ack_alarm("A-nope").refused == "not_found"
    gw, _, gw_conn, gw_events = make("grid_worker")
    assert gw.close_alarm("A-1").refused == "forbidden" and gw_conn.sent == []
    done, store3, _, ev3 = make("duty")
    store3.load(10, {"alarm": [{**ALARM, "status": "closed", "ticket_id": "T9"}]})
    assert done.close_alarm("A-1").refused == "invalid" and done.alarm_to_ticket("A-1").refused == "invalid"


def test_reads_and_create_need_the_permission_only():
    ops, store, conn, events = make("grid_worker")
    assert ops.request("stats.query", {"since": "2026-11-01T00:00:00Z", "until": "2026-11-02T00:00:00Z"}).refused is None
    assert ops.create_ticket(**create_args()).kind == "ticket"
    assert ops.request("resident.reveal", {"resident_id": "R-1", "field": "phone", "reason": "核实"}).refused is None
    duty, _, duty_conn, _ = make("duty")
    assert duty.request("resident.reveal", {"resident_id": "R-1", "field": "phone", "reason": "x"}).refused == "forbidden"
    with pytest.raises(ProtocolError):
        RecordingConnection().send_request("ticket.create", {"title": " "}, "x")


# --- end to end on the real hub -----------------------------------------------------------------

async def accepted_ticket(console) -> str:
    got = []
    console.ops.sig_succeeded.connect(lambda op, data: got.append(data))
    console.ops.create_ticket(**create_args())
    await console.until(lambda: got, what="created")
    tid = got[0]["ticket"]["id"]
    console.ops.transition(tid, "accept")
    await console.until(lambda: len(got) == 2, what="accepted")
    return tid


async def test_assign_shows_optimistically_then_confirmed_by_the_server(server, consoles):
    c = consoles(server.ws_url, server.tokens["dispatcher"])
    await c.live()
    tid = await accepted_ticket(c)
    done = []
    c.ops.sig_succeeded.connect(lambda op, data: done.append(op))
    op = c.ops.assign(tid, region_id=GRID_B)
    shown = c.store.get("ticket", tid)
    assert shown["status"] == "dispatched" and shown["region_id"] == GRID_B and c.store.pending("ticket", tid)
    assert c.store.confirmed("ticket", tid)["status"] == "accepted"
    await c.until(lambda: op in done, what="assign confirmed")
    confirmed = c.store.confirmed("ticket", tid)
    assert not c.store.pending("ticket", tid) and c.store.get("ticket", tid) is confirmed
    assert (confirmed["status"], confirmed["region_id"], confirmed["assignee_id"]) == ("dispatched", GRID_B, "P-HEAD-B")


async def test_a_conflict_reverts_the_overlay_and_reports_the_servers_message(server, consoles):
    mine = consoles(server.ws_url, server.tokens["dispatcher"])
    other = consoles(server.ws_url, server.tokens["leader"])
    await mine.live()
    await other.live()
    tid = await accepted_ticket(mine)
    await other.until(lambda: (other.store.get("ticket", tid) or {}).get("status") == "accepted")
    # The other console dispatches first; ours has not drained that news yet (stale version).
    won = []
    other.ops.sig_succeeded.connect(lambda op, data: won.append(data))
    other.ops.assign(tid, region_id=GRID_A)
    await other.until(lambda: won, what="the other assign")
    failed = []
    mine.ops.sig_failed.connect(lambda op, code, msg, data: failed.append((op, code, msg, data)))
    op = mine.ops.assign(tid, region_id=GRID_B)
    assert mine.store.get("ticket", tid)["region_id"] == GRID_B  # optimistic, for now
    await mine.until(lambda: failed, what="the conflict")
    [(failed_op, code, message, data)] = failed
    assert failed_op == op and code == "conflict"
    assert "李街长" in message and data["ticket"]["region_id"] == GRID_A and data["by_name"] == "李街长"
    shown = mine.store.get("ticket", tid)
    assert not mine.store.pending("ticket", tid) and shown["region_id"] == GRID_A and shown["status"] == "dispatched"


async def test_a_refused_action_sends_nothing_to_the_server(server, consoles):
    duty = consoles(server.ws_url, server.tokens["duty"])
    await duty.live()
    tid = await accepted_ticket(duty)
    version = duty.store.get("ticket", tid)["version"]
    head = server.hub.state.head
    failed = []
    duty.ops.sig_failed.connect(lambda op, code, msg, data: failed.append(code))
    assert duty.ops.assign(tid, region_id=GRID_B).refused == "forbidden"
    assert duty.ops.transition(tid, "close").refused == "forbidden"
    assert failed == ["forbidden", "forbidden"] and duty.conn._requests == {}
    detail = []
    duty.ops.sig_succeeded.connect(lambda op, data: detail.append(data))
    duty.ops.request("ticket.get", {"ticket_id": tid})  # a later request still round-trips
    await duty.until(lambda: detail, what="ticket.get")
    assert [s["action"] for s in detail[0]["timeline"]] == ["create", "accept"]
    assert detail[0]["ticket"]["version"] == version and server.hub.state.head == head
