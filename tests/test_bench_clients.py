"""The benchmarks' lean websocket client (tests/perf/lean_ws.py): its figures are only as good as
its framing, so it is checked against a real `websockets` server on loopback."""

from __future__ import annotations

import asyncio
import json
import struct
import zlib

import pytest
from websockets.asyncio.server import serve

from tests.perf import lean_ws
from tests.perf.common import Conn


def server_frame(opcode: int, payload: bytes, fin: bool = True, rsv1: bool = False) -> bytes:
    b0 = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | opcode
    n = len(payload)
    if n < 126:
        return struct.pack("!BB", b0, n) + payload
    if n < 1 << 16:
        return struct.pack("!BBH", b0, 126, n) + payload
    return struct.pack("!BBQ", b0, 127, n) + payload


def test_reader_splits_frames_fed_byte_by_byte_and_joins_fragments():
    r = lean_ws.FrameReader()
    big = b"x" * 70_000  # a 64-bit length
    mid = b"y" * 300  # a 16-bit length
    wire = (server_frame(1, b"hello") + server_frame(1, b"frag", fin=False) + server_frame(0, b"ment")
            + server_frame(9, b"p") + server_frame(2, mid) + server_frame(1, big))
    got = []
    for i in range(len(wire)):
        got += r.feed(wire[i:i + 1])
    assert got == [(1, b"hello"), (1, b"fragment"), (9, b"p"), (2, mid), (1, big)]


def test_reader_inflates_with_context_takeover():
    comp = zlib.compressobj(wbits=-12)
    frames = []
    for text in (b'{"type":"event","seq":1}', b'{"type":"event","seq":2}'):  # the 2nd refers back to the 1st
        data = comp.compress(text) + comp.flush(zlib.Z_SYNC_FLUSH)
        frames.append(server_frame(1, data[:-4], rsv1=True))
    r = lean_ws.FrameReader(deflate=True)
    assert r.feed(b"".join(frames)) == [(1, b'{"type":"event","seq":1}'), (1, b'{"type":"event","seq":2}')]


@pytest.mark.parametrize("bad, why", [
    (b"\x81\x85abcd" + b"hello", "masked"),
    (server_frame(1, b"zz", rsv1=True), "without permessage-deflate"),
])
def test_reader_refuses_what_a_server_must_not_send(bad, why):
    with pytest.raises(ValueError, match=why):
        lean_ws.FrameReader().feed(bad)


def test_client_frames_are_masked_and_decode_back():
    frame = lean_ws.encode_frame(1, b"abc", mask=b"\x01\x02\x03\x04")
    assert frame[0] == 0x81 and frame[1] == 0x80 | 3
    mask, body = frame[2:6], frame[6:]
    assert bytes(b ^ mask[i % 4] for i, b in enumerate(body)) == b"abc"


@pytest.mark.parametrize("compression", ["deflate", None])
async def test_lean_client_against_a_real_server(compression):
    received: list[str] = []

    async def handler(ws):
        async for msg in ws:
            received.append(msg)
            for i in range(200):  # repetitive frames: deflate's context takeover is exercised
                await ws.send(json.dumps({"type": "event", "seq": i, "echo": msg, "pad": "网格" * 50}))
            await ws.ping(b"are you there")
            await ws.send("x" * 100_000)

    async with serve(handler, "127.0.0.1", 0, compression=compression) as server:
        port = server.sockets[0].getsockname()[1]
        ws = await lean_ws.connect(f"ws://127.0.0.1:{port}/ws", compression)
        assert (ws.reader.deflate is True) == (compression == "deflate")
        await ws.send("你好")
        msgs = [await asyncio.wait_for(ws.recv(), 5) for _ in range(201)]
        assert [json.loads(m)["seq"] for m in msgs[:200]] == list(range(200))
        assert json.loads(msgs[0])["echo"] == "你好" and msgs[200] == b"x" * 100_000
        assert received == ["你好"]
        await ws.close()
        with pytest.raises(lean_ws.LeanClosed):
            await ws.send("late")


async def test_bench_conn_records_events_through_the_lean_client():
    async def handler(ws):
        await ws.recv()  # hello
        await ws.send(json.dumps({"type": "welcome", "head": 5}))
        await ws.send(json.dumps({"type": "snapshot", "seq": 5, "part": 1, "parts": 1, "entities": {}}))
        for seq in (6, 7, 9, 8):
            await ws.send(json.dumps({"type": "event", "seq": seq, "ts": "2026-11-23T08:00:00.000Z"}))
        await asyncio.sleep(5)

    async with serve(handler, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        c = await Conn.open("lean0", f"ws://127.0.0.1:{port}/ws", lean=True)
        await c.handshake("token")
        assert c.snapshot_seq == 5
        c.begin_phase()
        c.start_reading()  # the events already queued are handed over first
        c.expect(9)
        await asyncio.wait_for(c.reached.wait(), 5)
        await asyncio.sleep(0.05)
        # a gap (7 -> 9) and a late 8 are both counted: the recorder can fail a run
        assert (c.phase.count, c.phase.gaps, c.phase.dups) == (4, 1, 1)
        assert len(c.phase.latencies) == 4 and c.closed is None
        await c.close()
