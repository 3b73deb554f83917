"""console.connection against the real hub on loopback (real SQLite files), plus a scripted hub
for the faults a correct server never makes (malformed frames, gaps)."""

from __future__ import annotations

import asyncio
import random
import socket
import time

import msgspec
from websockets.asyncio.server import serve

from backend.auth import hash_password
from backend.db import Database
from backend.users import add_user
from console.connection import Backoff, Connection, Credentials
from console.feed import Feed
from console.protocol import PROTOCOL_VERSION, UserInfo, Welcome, encode
from tests.backend.small_street import GRID_A

from .conftest import Console, start_server

LOC_A = {"lat": 37.05, "lon": 117.05}


def create_args(title: str = "垃圾堆放") -> dict:
    return {"category": "city_appearance", "title": title, "location": LOC_A, "source": "resident_app"}


def consecutive(seqs: list[int]) -> bool:
    return all(b == a + 1 for a, b in zip(seqs, seqs[1:]))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- backoff ------------------------------------------------------------------------------------

def test_backoff_doubles_from_half_a_second_to_ten_without_jitter():
    d = Backoff(jitter=0.0).delays()
    assert [next(d) for _ in range(8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0]


def test_backoff_jitter_stays_within_its_band_and_is_reproducible_with_a_seeded_rng():
    a = [x for x, _ in zip(Backoff(rng=random.Random(3)).delays(), range(30))]
    b = [x for x, _ in zip(Backoff(rng=random.Random(3)).delays(), range(30))]
    assert a == b
    base = [min(10.0, 0.5 * 2 ** i) for i in range(30)]
    assert all(0.8 * x - 1e-9 <= y <= min(10.0, 1.2 * x) + 1e-9 for x, y in zip(base, a))
    assert len(set(a[6:])) > 1 and max(a) <= 10.0  # jittered at the cap, never above it


def test_a_new_schedule_starts_over():
    backoff = Backoff(jitter=0.0)
    first = backoff.delays()
    [next(first) for _ in range(5)]
    assert next(backoff.delays()) == 0.5


# --- the real hub -------------------------------------------------------------------------------

async def test_connect_loads_the_snapshot_welcomes_and_goes_live(server, consoles):
    c = consoles(server.ws_url, server.tokens["dispatcher"])
    await c.live()
    assert c.statuses[0] == "connecting" and c.statuses[-1] == "live"
    assert {r["id"] for r in c.store.all("region")} == {"S1", "S1-C1", GRID_A, "S1-C1-G2"}
    assert c.store.get("alarm", "A-1")["status"] == "active"
    assert c.session.role == "dispatcher" and c.session.can("ticket.assign")
    assert c.conn.last_seq == c.store.seq == server.hub.state.head


async def test_a_live_event_arrives_and_a_request_gets_its_reply(server, consoles):
    c = consoles(server.ws_url, server.tokens["dispatcher"])
    await c.live()
    got = []
    c.ops.sig_succeeded.connect(lambda op, data: got.append(data))
    op = c.ops.create_ticket(**create_args())
    await c.until(lambda: got, what="the reply")
    tid = got[0]["ticket"]["id"]
    assert c.store.get("ticket", tid)["region_id"] == GRID_A  # the event came before the reply
    assert c.store.seq == got[0]["seq"] and op.name == "ticket.create"


async def test_backend_restart_on_the_same_port_resumes_without_loss_or_duplicates(street_db, consoles):
    url, tokens = street_db
    srv = await start_server(url)
    port = srv.hub.port
    # A fixed 1 s first retry: the tickets below are created while the console is still away.
    c = consoles(srv.ws_url, tokens["duty"], backoff=Backoff(initial=1.0, maximum=1.0, jitter=0.0))
    await c.live()
    writer = Console(srv.ws_url, tokens["dispatcher"]).start()
    await writer.live()
    for i in range(3):
        writer.ops.create_ticket(**create_args(f"before {i}"))
    await c.until(lambda: c.store.count("ticket") == 3, what="3 tickets")
    await writer.stop()
    lost_before = time.monotonic()
    await srv.stop()
    await c.until(lambda: c.store.status.state == "reconnecting", what="reconnecting")
    since = c.store.status.since
    assert c.store.status.data_as_of is not None  # the shown data was live until the link dropped
    srv = await start_server(url, port=port)
    try:
        writer = Console(srv.ws_url, tokens["dispatcher"]).start()
        await writer.live()
        for i in range(4):
            writer.ops.create_ticket(**create_args(f"after {i}"))
        await writer.until(lambda: writer.store.count("ticket") == 7, what="writer sees 7")
        assert c.store.status.state == "reconnecting" and c.store.status.since == since  # still away
        await c.until(lambda: c.store.count("ticket") == 7 and c.store.status.state == "live", what="resumed")
        assert time.monotonic() - lost_before >= 0.9
        fresh = Console(srv.ws_url, tokens["duty"]).start()
        await fresh.live()
        assert c.store.seq == fresh.store.seq == srv.hub.state.head
        for kind in ("ticket", "alarm", "region", "staff", "camera"):
            assert c.store.kinds().get(kind) == fresh.store.kinds().get(kind), kind
        assert len(c.feed.snapshots) == 1  # the resume came from the event log, not a second snapshot
        assert consecutive(c.feed.event_seqs) and c.feed.event_seqs[0] == c.feed.snapshots[0] + 1
        assert c.statuses.count("live") == 2
        await fresh.stop()
        await writer.stop()
    finally:
        await srv.stop()


async def test_with_the_server_down_it_reconnects_until_the_server_comes_up(street_db, consoles):
    url, tokens = street_db
    port = free_port()
    c = consoles(f"ws://127.0.0.1:{port}/ws", tokens["dispatcher"])
    c.conn.send_request("ticket.create", create_args("held"), "held-1")  # held until welcomed
    await c.until(lambda: c.store.status.state == "reconnecting", what="reconnecting")
    status = c.store.status
    assert "cannot connect" in status.detail and status.data_as_of is None
    await asyncio.sleep(0.5)  # several failed attempts; `since` stays the moment the link was lost
    c.feed.drain(c.store)
    assert c.store.status.since == status.since
    srv = await start_server(url, port=port)
    try:
        await c.live()
        await c.until(lambda: c.store.count("ticket") == 1, what="the held request's ticket")
        # its answer may come just after the ticket's event (the protocol orders events, not an
        # answer against them): a fresh clone's run once looked in between
        await c.until(lambda: not c.conn._requests, what="the held request answered")
    finally:
        await c.stop()
        await srv.stop()


async def test_a_bad_token_goes_offline_with_the_reason_and_never_retries(server, consoles):
    c = consoles(server.ws_url, "gl_not-a-token")
    await c.until(lambda: c.store.status.state == "offline", what="offline")
    assert "token" in c.store.status.detail
    await asyncio.to_thread(c.conn._thread.join, 2.0)
    assert not c.conn._thread.is_alive()  # no retry loop
    assert c.statuses == ["connecting", "offline"]
    failed = []
    c.ops.sig_failed.connect(lambda op, code, msg, data: failed.append(code))
    c.session.welcomed({"id": "U", "name": "x", "role": "dispatcher"}, frozenset({"ticket.create"}), 0)
    c.ops.create_ticket(**create_args())
    await c.until(lambda: failed, what="the refusal")
    assert failed == ["unauthorized"]


async def test_user_and_password_log_in_instead_of_a_token(street_db, consoles):
    url, _ = street_db
    db = Database(url)
    with db.session() as s:
        add_user(s, "night", "duty", "夜班值班员", password_hash=hash_password("s3cret", rounds=1000))
    db.dispose()
    srv = await start_server(url)
    try:
        c = Console(srv.ws_url, "")
        c.conn.credentials = Credentials(user="night", password="s3cret")
        c.start()
        await c.live()
        assert c.session.user["name"] == "夜班值班员"
        assert "s3cret" not in repr(c.conn.credentials)
        await c.stop()
    finally:
        await srv.stop()


async def test_an_invalid_url_goes_offline_and_requests_after_stop_fail_at_once(consoles):
    c = consoles("http://not-a-websocket/", "t")
    await c.until(lambda: c.store.status.state == "offline", what="offline")
    assert "invalid URL" in c.store.status.detail
    live = Console("ws://127.0.0.1:1/ws", "t").start()
    await live.stop()
    live.feed.drain(live.store)
    assert live.store.status.state == "offline" and "stopped" in live.store.status.detail
    failed = []
    live.ops.sig_failed.connect(lambda op, code, msg, data: failed.append(code))
    live.session.welcomed({"id": "U", "name": "x", "role": "duty"}, frozenset({"ticket.get"}), 0)
    live.ops.request("ticket.get", {"ticket_id": "T1"})
    live.feed.drain(live.store, live.ops, live.session)
    assert failed == ["offline"]


async def test_stop_joins_the_thread_quickly_in_every_phase(server):
    # live
    c = Console(server.ws_url, server.tokens["duty"]).start()
    await c.live()
    assert await c.stop() < 2.0 and not c.conn._thread.is_alive()
    # sleeping between attempts
    c = Console(f"ws://127.0.0.1:{free_port()}/ws", "t", backoff=Backoff(initial=30, jitter=0)).start()
    await c.until(lambda: c.store.status.state == "reconnecting")
    assert await c.stop() < 2.0 and not c.conn._thread.is_alive()
    # stuck in the opening handshake (a peer that accepts TCP and says nothing)
    silent = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = silent.sockets[0].getsockname()[1]
    c = Console(f"ws://127.0.0.1:{port}/ws", "t").start()
    await asyncio.sleep(0.3)
    assert await c.stop() < 2.0 and not c.conn._thread.is_alive()
    silent.close()
    # never started
    Connection("ws://127.0.0.1:1/ws", Credentials("t"), Feed()).stop()


# --- a scripted hub: faults the real one never makes --------------------------------------------

class ScriptedHub:
    """Serves one script per connection; records each hello and request it receives."""

    def __init__(self, scripts):
        self.scripts = list(scripts)
        self.hellos: list[dict] = []
        self.requests: list[dict] = []

    async def handler(self, ws):
        script = self.scripts.pop(0) if self.scripts else self.scripts_default
        self.hellos.append(msgspec.json.decode(await ws.recv()))
        await script(self, ws)

    @staticmethod
    async def scripts_default(hub, ws):
        await ws.wait_closed()

    async def __aenter__(self):
        self.server = await serve(self.handler, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/ws"
        return self

    async def __aexit__(self, *exc):
        self.server.close()
        await self.server.wait_closed()


def welcome(head: int) -> str:
    return encode(Welcome(PROTOCOL_VERSION, UserInfo("U-1", "值班员", "duty"), ["ticket.accept", "ticket.get"], head)).decode()


def snapshot(seq: int, tickets=()) -> str:
    return msgspec.json.encode({"type": "snapshot", "seq": seq, "part": 1, "parts": 1,
                                "entities": {"ticket": [{"id": t, "version": 1} for t in tickets]}}).decode()


def event(seq: int, tid: str) -> str:
    return msgspec.json.encode({"type": "event", "seq": seq, "ts": "2026-11-23T02:00:00.000Z", "kind": "ticket",
                                "op": "upsert", "id": tid, "data": {"id": tid, "version": seq}}).decode()


async def test_malformed_frames_are_skipped_and_the_stream_goes_on():
    async def script(hub, ws):
        await ws.send(welcome(5))
        await ws.send(snapshot(5, ["T1"]))
        for bad in ("not json", "[1]", '{"type": "teleport"}', '{"type": "event", "seq": "x"}'):
            await ws.send(bad)
        await ws.send(event(6, "T2"))
        await ws.wait_closed()

    async with ScriptedHub([script]) as hub:
        c = Console(hub.url, "tok").start()
        await c.until(lambda: c.store.seq == 6 and c.store.status.state == "live")
        assert c.store.get("ticket", "T2") is not None and c.statuses == ["connecting", "live"]
        await c.stop()


async def test_a_gap_resumes_from_the_last_applied_seq_and_a_second_one_asks_for_a_snapshot():
    async def gap(hub, ws):
        await ws.send(welcome(5))
        await ws.send(snapshot(5, ["T1"]))
        await ws.send(event(6, "T2"))
        await ws.send(event(8, "T3"))  # 7 is missing
        await ws.wait_closed()

    async def gap_again(hub, ws):
        await ws.send(welcome(6))
        await ws.send(event(9, "T4"))
        await ws.wait_closed()

    async def good(hub, ws):
        await ws.send(welcome(8))
        await ws.send(snapshot(8, ["T1", "T2", "T3"]))
        await ws.wait_closed()

    async with ScriptedHub([gap, gap_again, good]) as hub:
        c = Console(hub.url, "tok").start()
        await c.until(lambda: c.store.seq == 8 and c.store.status.state == "live")
        assert [h["resume_from"] for h in hub.hellos] == [None, 6, None]
        assert c.store.count("ticket") == 3 and c.store.get("ticket", "T4") is None
        assert c.feed.event_seqs == [6]
        await c.stop()


async def test_unanswered_requests_are_sent_again_with_the_same_id_after_a_reconnect():
    async def drop_request(hub, ws):
        await ws.send(welcome(0))
        await ws.send(snapshot(0))
        hub.requests.append(msgspec.json.decode(await ws.recv()))
        await ws.close()  # gone before answering

    async def answer(hub, ws):
        await ws.send(welcome(0))
        await ws.send(snapshot(0))
        req = msgspec.json.decode(await ws.recv())
        hub.requests.append(req)
        await ws.send(msgspec.json.encode({"type": "reply", "id": req["id"], "ok": True, "data": {}}).decode())
        await ws.wait_closed()

    async with ScriptedHub([drop_request, answer]) as hub:
        c = Console(hub.url, "tok").start()
        await c.live()
        got = []
        c.ops.sig_succeeded.connect(lambda op, data: got.append(op.request_id))
        op = c.ops.request("ticket.get", {"ticket_id": "T1"})
        await c.until(lambda: got == [op.request_id], what="the reply on the second link")
        assert [r["id"] for r in hub.requests] == [op.request_id, op.request_id]
        assert [h["resume_from"] for h in hub.hellos] == [None, 0]
        await c.stop()
