"""The hub over a real websocket on loopback, on a real SQLite file."""

import asyncio

import msgspec
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from .small_street import GRID_A, GRID_B
from .wsclient import Client

LOC_A = {"lat": 37.05, "lon": 117.05}


async def create(c: Client, **kw) -> dict:
    args = {"category": "city_appearance", "title": "垃圾堆放", "location": LOC_A, "source": "resident_app", **kw}
    r = await c.request("ticket.create", args)
    assert r["ok"], r
    return r["data"]["ticket"]


async def test_handshake_welcome_and_snapshot_hold_the_state(hub_server):
    c = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    welcome, state, seq = await c.welcome_and_state()
    assert welcome["protocol"] == 1 and welcome["user"]["role"] == "dispatcher"
    assert "ticket.assign" in welcome["permissions"]
    assert seq == welcome["head"]
    assert set(state["region"]) == {"S1", "S1-C1", GRID_A, GRID_B}
    assert state["alarm"]["A-1"]["status"] == "active"
    assert state["camera"]["CAM-1"]["urls"][0]["url"] == "http://media.test/CAM-1/main.ts"
    assert state["staff"]["P-HEAD-A"]["phone"] == "13800000003"  # dispatchers may ring grid workers
    await c.close()


async def test_staff_phones_are_masked_for_grid_workers(hub_server):
    c = await Client.open(hub_server.ws_url, hub_server.tokens["gw-a"])
    _, state, _ = await c.welcome_and_state()
    assert state["staff"]["P-HEAD-A"]["phone"] == "138****0003"
    await c.close()


async def test_created_ticket_is_routed_to_the_grid_and_pushed_to_everyone(hub_server):
    a = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    b = await Client.open(hub_server.ws_url, hub_server.tokens["duty"])
    _, _, seq_a = await a.welcome_and_state()
    await b.welcome_and_state()
    t = await create(a)
    assert t["region_id"] == GRID_A and t["assignee_id"] == "P-HEAD-A" and t["status"] == "reported"
    ev = await b.until(lambda f: f["type"] == "event" and f["kind"] == "ticket")
    assert ev["data"]["id"] == t["id"] and ev["seq"] == seq_a + 1 and ev["op"] == "upsert"
    await a.close()
    await b.close()


async def test_full_closed_loop_over_the_wire(hub_server):
    d = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    gw = await Client.open(hub_server.ws_url, hub_server.tokens["gw-a"])
    await d.welcome_and_state()
    await gw.welcome_and_state()
    t = await create(d)

    async def step(c, name, **args):
        r = await c.request(name, {"ticket_id": t["id"], "version": step.version, **args})
        assert r["ok"], (name, r)
        step.version = r["data"]["ticket"]["version"]
        return r["data"]["ticket"]

    step.version = t["version"]
    assert (await step(d, "ticket.accept"))["status"] == "accepted"
    assert (await step(d, "ticket.assign", region_id=GRID_A))["status"] == "dispatched"
    assert (await step(gw, "ticket.start"))["status"] == "in_progress"
    assert (await step(gw, "ticket.feedback", result="已清理"))["status"] == "feedback"
    assert (await step(gw, "ticket.verify", passed=True))["status"] == "verified"
    assert (await step(d, "ticket.evaluate", satisfaction=5))["status"] == "verified"
    closed = await step(d, "ticket.close")
    assert closed["status"] == "closed" and closed["satisfaction"] == 5 and closed["closed_at"]
    detail = await d.request("ticket.get", {"ticket_id": t["id"]})
    actions = [s["action"] for s in detail["data"]["timeline"]]
    assert actions == ["create", "accept", "dispatch", "start", "feedback", "verify", "evaluate", "close"]
    assert detail["data"]["responsibility"][0]["holder_id"] == "P-HEAD-A"
    await d.close()
    await gw.close()


async def test_escalation_goes_up_and_the_result_flows_back(hub_server):
    d = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    await d.welcome_and_state()
    t = await create(d)
    r = await d.request("ticket.accept", {"ticket_id": t["id"], "version": t["version"]})
    r = await d.request("ticket.assign", {"ticket_id": t["id"], "version": r["data"]["ticket"]["version"], "region_id": GRID_A})
    v = r["data"]["ticket"]["version"]
    levels = []
    for _ in range(3):
        r = await d.request("ticket.escalate", {"ticket_id": t["id"], "version": v, "reason": "网格无法解决"})
        assert r["ok"], r
        v = r["data"]["ticket"]["version"]
        levels.append((r["data"]["ticket"]["level"], r["data"]["ticket"]["region_id"]))
    assert levels == [(2, "S1-C1"), (1, "S1"), (0, "S1")]
    beyond = await d.request("ticket.escalate", {"ticket_id": t["id"], "version": v, "reason": "再上报"})
    assert not beyond["ok"] and beyond["error"]["code"] == "invalid"
    leader = await Client.open(hub_server.ws_url, hub_server.tokens["leader"])
    await leader.welcome_and_state()
    r = await leader.request("ticket.start", {"ticket_id": t["id"], "version": v})
    r = await leader.request("ticket.feedback", {"ticket_id": t["id"], "version": r["data"]["ticket"]["version"],
                                                 "result": "街道协调解决"})
    assert r["ok"], r
    back = r["data"]["ticket"]
    assert back["status"] == "feedback" and back["region_id"] == GRID_A  # verified by the grid it came from
    await d.close()
    await leader.close()


async def test_stale_version_is_a_conflict_carrying_the_current_ticket_and_who_changed_it(hub_server):
    d = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    await d.welcome_and_state()
    t = await create(d)
    ok = await d.request("ticket.accept", {"ticket_id": t["id"], "version": t["version"]})
    assert ok["ok"]
    stale = await d.request("ticket.reject", {"ticket_id": t["id"], "version": t["version"], "reason": "重复"})
    assert stale["ok"] is False and stale["error"]["code"] == "conflict"
    assert stale["error"]["data"]["ticket"]["status"] == "accepted"
    assert stale["error"]["data"]["action"] == "accept"
    assert "调度员" in stale["error"]["message"]
    await d.close()


async def test_repeated_request_id_returns_the_same_reply_with_no_second_effect(hub_server):
    d = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    await d.welcome_and_state()
    args = {"category": "city_appearance", "title": "井盖缺失", "location": LOC_A}
    first = await d.request("ticket.create", args, rid="same-id")
    again = await d.request("ticket.create", args, rid="same-id")
    assert first["ok"] and again == first
    # a different user may use the same id independently
    duty = await Client.open(hub_server.ws_url, hub_server.tokens["duty"])
    await duty.welcome_and_state()
    other = await duty.request("ticket.create", args, rid="same-id")
    assert other["data"]["ticket"]["id"] != first["data"]["ticket"]["id"]
    await d.close()
    await duty.close()


async def test_request_lost_with_a_dropped_connection_is_safe_to_retry(hub_server):
    d = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    _, state, _ = await d.welcome_and_state()
    before = len(state.get("ticket", {}))
    await d.send({"type": "request", "id": "lost-1", "name": "ticket.create",
                  "args": {"category": "city_appearance", "title": "路灯不亮", "location": LOC_A}})
    d.ws.transport.abort()  # drop without a close handshake
    await asyncio.sleep(0.3)
    d2 = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    await d2.welcome_and_state()
    r1 = await d2.request("ticket.create", {"category": "city_appearance", "title": "路灯不亮", "location": LOC_A},
                          rid="lost-1")
    r2 = await d2.request("ticket.create", {"category": "city_appearance", "title": "路灯不亮", "location": LOC_A},
                          rid="lost-1")
    assert r1["ok"] and r1 == r2
    d3 = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    _, state3, _ = await d3.welcome_and_state()
    assert len(state3["ticket"]) == before + 1
    await d2.close()
    await d3.close()


async def test_roles_and_grid_scope_are_checked_on_every_request(hub_server):
    d = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    gw_b = await Client.open(hub_server.ws_url, hub_server.tokens["gw-b"])
    await d.welcome_and_state()
    await gw_b.welcome_and_state()
    t = await create(d)
    r = await gw_b.request("ticket.accept", {"ticket_id": t["id"], "version": t["version"]})
    assert r["error"]["code"] == "forbidden"  # grid workers do not accept reports
    r = await d.request("ticket.accept", {"ticket_id": t["id"], "version": t["version"]})
    r = await d.request("ticket.assign", {"ticket_id": t["id"], "version": r["data"]["ticket"]["version"],
                                          "region_id": GRID_A})
    r = await gw_b.request("ticket.start", {"ticket_id": t["id"], "version": r["data"]["ticket"]["version"]})
    assert r["error"]["code"] == "forbidden" and "网格" in r["error"]["message"]  # grid B may not touch grid A
    r = await d.request("ticket.get", {"ticket_id": "T-nope"})
    assert r["error"]["code"] == "not_found"
    r = await gw_b.request("resident.reveal", {"resident_id": "R-1", "field": "phone", "reason": "走访"})
    assert r["error"]["code"] == "forbidden"
    await d.close()
    await gw_b.close()


async def test_residents_are_masked_and_a_reveal_is_audited_with_its_reason(hub_server):
    from sqlalchemy import select

    from backend.db.models import AuditRecord

    lead = await Client.open(hub_server.ws_url, hub_server.tokens["leader"])
    await lead.welcome_and_state()
    r = await lead.request("resident.search", {"query": "刘"})
    person = r["data"]["residents"][0]
    assert person["id_number"] == "3701**********1234" and person["phone"] == "139****5678"
    assert "elderly_alone" in person["care_tags"] and person["age"] == 86
    r = await lead.request("resident.search", {"query": "5678"})  # phone by its end: allowed, stays masked
    assert r["data"]["total"] == 1 and r["data"]["residents"][0]["phone"] == "139****5678"
    r = await lead.request("resident.search", {"query": "1391234"})  # but not by a leading fragment
    assert r["data"]["total"] == 0
    r = await lead.request("resident.reveal", {"resident_id": "R-1", "field": "id_number", "reason": "核实独居老人身份"})
    assert r["ok"] and r["data"]["value"] == "370126194005061234"
    duty = await Client.open(hub_server.ws_url, hub_server.tokens["duty"])
    await duty.welcome_and_state()
    denied = await duty.request("resident.reveal", {"resident_id": "R-1", "field": "phone", "reason": "x"})
    assert denied["error"]["code"] == "forbidden"
    with hub_server.db.sessions() as s:
        audits = s.scalars(select(AuditRecord).where(AuditRecord.action == "resident.reveal")).all()
    assert [(a.target_id, a.detail["reason"]) for a in audits] == [("R-1", "核实独居老人身份")]
    await lead.close()
    await duty.close()


async def test_alarm_ack_then_to_ticket(hub_server):
    duty = await Client.open(hub_server.ws_url, hub_server.tokens["duty"])
    _, state, _ = await duty.welcome_and_state()
    a = state["alarm"]["A-1"]
    r = await duty.request("alarm.ack", {"alarm_id": "A-1", "version": a["version"], "note": "已电话联系"})
    assert r["ok"] and r["data"]["alarm"]["status"] == "acknowledged" and r["data"]["alarm"]["acked_at"]
    again = await duty.request("alarm.ack", {"alarm_id": "A-1", "version": a["version"]})
    assert again["error"]["code"] == "conflict"
    r = await duty.request("alarm.to_ticket", {"alarm_id": "A-1", "version": r["data"]["alarm"]["version"]})
    assert r["ok"], r
    assert r["data"]["ticket"]["alarm_id"] == "A-1" and r["data"]["alarm"]["ticket_id"] == r["data"]["ticket"]["id"]
    assert r["data"]["ticket"]["region_id"] == GRID_A
    await duty.close()


async def test_stats_query_reports_indicators(hub_server):
    d = await Client.open(hub_server.ws_url, hub_server.tokens["leader"])
    await d.welcome_and_state()
    r = await d.request("stats.query", {"since": "2026-01-01T00:00:00Z", "until": "2027-01-01T00:00:00Z",
                                        "group_by": "region", "region_id": "S1"})
    assert r["ok"], r
    assert r["data"]["total"]["due_to_close"] == 0 and r["data"]["total"]["close_rate"] is None
    assert r["data"]["live"]["overdue_open"] == 0
    bad = await d.request("stats.query", {"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"})
    assert bad["error"]["code"] == "invalid"
    await d.close()


async def test_search_wildcards_cannot_probe_a_phone_by_its_start(hub_server):
    lead = await Client.open(hub_server.ws_url, hub_server.tokens["leader"])
    await lead.welcome_and_state()
    for probe in ("1391234%", "139_____678", "%5678"):
        r = await lead.request("resident.search", {"query": probe})
        assert r["data"]["total"] == 0, probe
    await lead.close()


async def test_grid_workers_see_and_ack_only_their_own_grids(hub_server):
    gw_b = await Client.open(hub_server.ws_url, hub_server.tokens["gw-b"])
    _, state, _ = await gw_b.welcome_and_state()
    r = await gw_b.request("resident.get", {"resident_id": "R-1"})
    assert r["error"]["code"] == "forbidden"
    r = await gw_b.request("alarm.ack", {"alarm_id": "A-1", "version": state["alarm"]["A-1"]["version"]})
    assert r["error"]["code"] == "forbidden"
    gw_a = await Client.open(hub_server.ws_url, hub_server.tokens["gw-a"])
    await gw_a.welcome_and_state()
    assert (await gw_a.request("resident.get", {"resident_id": "R-1"}))["ok"]
    await gw_a.close()
    await gw_b.close()


async def test_category_default_priority_and_unknown_assign_targets(hub_server):
    d = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    await d.welcome_and_state()
    t = await create(d, category="emergency", title="燃气泄漏气味")
    assert t["priority"] != "normal"
    t = await create(d)
    r = await d.request("ticket.accept", {"ticket_id": t["id"], "version": t["version"]})
    v = r["data"]["ticket"]["version"]
    r = await d.request("ticket.assign", {"ticket_id": t["id"], "version": v, "region_id": "NOWHERE"})
    assert r["error"]["code"] == "not_found"
    r = await d.request("ticket.assign", {"ticket_id": t["id"], "version": v, "assignee_id": "NOBODY"})
    assert r["error"]["code"] == "not_found"
    r = await d.request("ticket.create", {"category": "other", "title": "x" * 201, "location": LOC_A})
    assert r["error"]["code"] == "invalid"
    await d.close()
