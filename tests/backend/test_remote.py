"""The platform in its own process: the same protocol, requests, events and faults over the pipe."""

import asyncio

from .test_hub import LOC_A, create
from .wsclient import Client


async def test_requests_and_events_cross_the_process_boundary(split_server):
    d = await Client.open(split_server.ws_url, split_server.tokens["dispatcher"])
    w = await Client.open(split_server.ws_url, split_server.tokens["duty"])
    _, _, seq = await d.welcome_and_state()
    await w.welcome_and_state()
    t = await create(d)
    ev = await w.until(lambda f: f["type"] == "event" and f["kind"] == "ticket")
    assert ev["seq"] == seq + 1 and ev["id"] == t["id"]
    stale = await d.request("ticket.accept", {"ticket_id": t["id"], "version": t["version"] + 5})
    assert stale["error"]["code"] == "conflict"
    again = await d.request("ticket.create", {"category": "other", "title": "x", "location": LOC_A}, rid="twice")
    same = await d.request("ticket.create", {"category": "other", "title": "x", "location": LOC_A}, rid="twice")
    assert again == same and again["ok"]
    denied = await w.request("ticket.assign", {"ticket_id": t["id"], "version": t["version"], "region_id": "S1"})
    assert denied["error"]["code"] == "forbidden"
    await d.close()
    await w.close()


async def test_sla_sweep_runs_through_the_platform_process(split_server):
    d = await Client.open(split_server.ws_url, split_server.tokens["dispatcher"])
    await d.welcome_and_state()
    fut = split_server.platform.sweep()
    result = await asyncio.wrap_future(fut)
    assert result.ok and "changed" in result.data
    await d.close()


async def test_a_dead_platform_process_answers_requests_with_an_error(split_server):
    d = await Client.open(split_server.ws_url, split_server.tokens["dispatcher"])
    await d.welcome_and_state()
    split_server.platform.process.kill()
    split_server.platform.process.join(5)
    r = await d.request("ticket.create", {"category": "other", "title": "y", "location": LOC_A}, timeout=10)
    assert r["ok"] is False and r["error"]["code"] == "internal"
    await d.close()
