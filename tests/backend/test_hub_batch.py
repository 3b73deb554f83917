"""`events` frames [EXT]: a client whose hello says `batch: true` gets a commit's events in one frame;
a client of PROTOCOL.md (no flag) keeps getting one `event` frame per event, byte for byte the same."""

from __future__ import annotations

import msgspec
from websockets.asyncio.client import connect

from console.protocol import ClientSession, Delta, Events, decode_server_frame, encode, encode_event, encode_events
from tests.backend.wsclient import Client


def _three_region_touches(tx):
    # Re-publish three regions unchanged: one commit carrying three events.
    for rid in ("S1", "S1-C1", "S1"):
        tx.emit("region", "upsert", rid, {"id": rid, "version": 1, "level": 1, "parent_id": None, "code": rid,
                                          "name": "x", "polygon": None, "head_id": None})
    return {}


async def _batch_client(url: str, token: str) -> Client:
    ws = await connect(url, max_size=64 * 1024 * 1024)
    c = Client(ws)
    await c.send({"type": "hello", "protocol": 1, "token": token, "resume_from": None, "client": "t", "batch": True})
    return c


async def test_one_commit_reaches_a_batch_client_as_one_events_frame_and_others_as_single_events(hub_server):
    plain = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    batch = await _batch_client(hub_server.ws_url, hub_server.tokens["dispatcher"])
    _, _, seq0 = await plain.welcome_and_state()
    _, _, seq1 = await batch.welcome_and_state()
    assert seq0 == seq1
    result = hub_server.platform.writer.run_now(_three_region_touches)
    assert result.ok
    singles = [await plain.until(lambda f: f["type"] == "event") for _ in range(3)]
    assert [f["seq"] for f in singles] == [seq0 + 1, seq0 + 2, seq0 + 3]
    frame = await batch.until(lambda f: f["type"] in ("event", "events"))
    assert frame["type"] == "events"
    assert frame["events"] == singles  # the same events, in the same order, each a complete event
    await plain.close()
    await batch.close()


def test_events_frame_encoding_equals_the_struct_and_the_session_orders_it():
    frames = [encode_event(s, "2026-11-23T02:00:00.000Z", "ticket", "upsert", f"T-{s}",
                           msgspec.json.encode({"id": f"T-{s}", "version": s})) for s in (5, 6, 7)]
    data = encode_events(frames)
    decoded = decode_server_frame(data)
    assert isinstance(decoded, Events) and [e.seq for e in decoded.events] == [5, 6, 7]
    assert encode(decoded) == data
    session = ClientSession("tok", resume_from=4, batch=True)
    assert msgspec.json.decode(session.hello_frame())["batch"] is True
    out = session.receive(data)
    assert [e.event.seq for e in out if isinstance(e, Delta)] == [5, 6, 7] and session.last_seq == 7
    # a gap inside a batch is found like a gap between frames
    gap = encode_events([frames[0].replace(b'"seq":5', b'"seq":9')])
    assert type(session.receive(gap)[0]).__name__ == "GapDetected"


def test_a_plain_hello_stays_exactly_the_protocol_one():
    assert "batch" not in msgspec.json.decode(ClientSession("tok").hello_frame())
