"""The websocket hub: handshake, snapshot-then-events with no gap, resume, requests, fan-out.

Fan-out encodes each event once and writes it to every live connection synchronously
(`websockets.broadcast`), so ordering per client is the commit order. A connection that is
still receiving its snapshot or history is registered before the snapshot is taken and buffers
the events that arrive meanwhile: nothing falls between the snapshot and the stream.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed
from websockets.protocol import State
from websockets.http11 import Request, Response

from console.protocol import (CLOSE_HELLO_TIMEOUT, HELLO_TIMEOUT, MAX_FRAME_BYTES, PROTOCOL_VERSION, CloseAction,
                              Error, ErrorInfo, GotHello, GotRequest, Reply, SendError, ServerSession, Snapshot, UserInfo,
                              Welcome, encode, encode_event, encode_events)

from .auth import STAFF_PHONE
from .db import queries
from .db.convert import iso, mask_staff
from .live import LiveState
from .platform import Platform
from .users import Principal
from .writer import Published, Result

log = logging.getLogger(__name__)

SNAPSHOT_PART_ENTITIES = 1000
SLOW_CLIENT_BYTES = 64 * 1024 * 1024  # a client this far behind is closed (1013) and resumes on reconnect
MAX_INFLIGHT = 32  # requests one connection may have running at once
REQUESTS_PER_SECOND = 50.0


@dataclass(eq=False)
class Subscriber:
    ws: ServerConnection
    principal: Principal
    live: bool = False
    buffered: list[Published] = field(default_factory=list)
    inflight: int = 0
    batch: bool = False  # the hello asked for `events` frames (one per commit) [EXT]
    tokens: float = 2 * REQUESTS_PER_SECOND
    refilled: float = field(default_factory=time.monotonic)

    @property
    def sees_phones(self) -> bool:
        return STAFF_PHONE in self.principal.permissions

    def take_token(self) -> bool:
        now = time.monotonic()
        self.tokens = min(2 * REQUESTS_PER_SECOND, self.tokens + (now - self.refilled) * REQUESTS_PER_SECOND)
        self.refilled = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def event_frames(ev: Published) -> tuple[bytes, bytes]:
    """The frame for viewers who may see staff phones, and the one for those who may not."""
    full = encode_event(ev.seq, iso(ev.ts), ev.kind, ev.op, ev.id, ev.data_json)
    if ev.kind == "staff" and ev.data is not None:
        return full, encode_event(ev.seq, iso(ev.ts), ev.kind, ev.op, ev.id, mask_staff(ev.data))
    return full, full


class Hub:
    """Serves `ws://host:port/ws` for one Platform."""

    def __init__(self, platform: Platform, host: str = "127.0.0.1", port: int = 0,
                 hello_timeout: float = HELLO_TIMEOUT, part_entities: int = SNAPSHOT_PART_ENTITIES):
        self.platform = platform
        self.host, self.port = host, port
        self.hello_timeout = hello_timeout
        self.part_entities = part_entities
        self.subscribers: set[Subscriber] = set()
        self._snapshots: dict[tuple[int, bool, int], asyncio.Future] = {}
        self._pending: list[Published] = []  # committed, not yet fanned out (see _on_commit)
        self._pending_lock = threading.Lock()
        self._flush_scheduled = False
        self.loop: asyncio.AbstractEventLoop | None = None
        self.server = None
        with platform.db.sessions() as s:
            self.state = LiveState(queries.live_entities(s, platform.clock(), platform.media_base), queries.head_seq(s))
        platform.subscribe(self._on_commit)

    # --- lifecycle ---------------------------------------------------------------------------------

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        # No permessage-deflate: broadcast would compress every event once per connection, which
        # halved fan-out in the benchmark; consoles sit on a LAN next to the hub.
        self.server = await serve(self._handle, self.host, self.port, max_size=MAX_FRAME_BYTES,
                                  process_request=self._http, ping_interval=20, ping_timeout=20,
                                  compression=None)
        self.port = self.server.sockets[0].getsockname()[1]
        log.info("hub listening on ws://%s:%s/ws", self.host, self.port)

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    def _http(self, connection: ServerConnection, request: Request) -> Response | None:
        if request.path == "/health":
            return connection.respond(200, f"ok head={self.state.head} clients={len(self.subscribers)}\n")
        if request.path.split("?")[0] != "/ws":
            return connection.respond(404, "Gridline hub: connect to /ws\n")
        return None

    # --- fan-out -------------------------------------------------------------------------------------

    def _on_commit(self, events: list[Published]) -> None:  # writer thread
        if self.loop is None or self.loop.is_closed():
            self.state.apply(events)
            return
        # Commits that arrive while the loop is busy are fanned out together: under load the
        # batches grow by themselves (fewer writes), when idle each commit goes out at once.
        with self._pending_lock:
            self._pending.extend(events)
            if self._flush_scheduled:
                return
            self._flush_scheduled = True
        self.loop.call_soon_threadsafe(self._flush_pending)

    def _flush_pending(self) -> None:
        with self._pending_lock:
            events, self._pending = self._pending, []
            self._flush_scheduled = False
        if events:
            self._fan_out(events)

    def _fan_out(self, events: list[Published]) -> None:
        self.state.apply(events)
        # Four audiences: staff phones shown or masked, one frame per event (PROTOCOL.md) or one
        # `events` frame per commit (clients that asked for it: one write instead of dozens).
        audiences: dict[tuple[bool, bool], list[ServerConnection]] = {}
        for s in self.subscribers:
            if s.live:
                audiences.setdefault((s.sees_phones, s.batch), []).append(s.ws)
            else:
                s.buffered.extend(events)
        if not audiences:
            return
        frames = [event_frames(ev) for ev in events]
        for (phones, batch), conns in audiences.items():
            pick = 0 if phones else 1
            if batch and len(frames) > 1:
                broadcast(conns, encode_events([f[pick] for f in frames]), text=True)
            else:
                broadcast_frames(conns, [f[pick] for f in frames])
        for s in list(self.subscribers):
            transport = s.ws.transport
            if s.live and transport is not None and transport.get_write_buffer_size() > SLOW_CLIENT_BYTES:
                log.warning("closing slow client %s", s.principal.name)
                s.live = False
                self.subscribers.discard(s)
                asyncio.ensure_future(s.ws.close(1013, "too far behind; reconnect and resume"))

    def _send_now(self, sub: Subscriber, frame: bytes | str) -> None:
        """Write synchronously, so the frame keeps its place relative to broadcast events."""
        broadcast([sub.ws], frame, text=True)

    # --- one connection --------------------------------------------------------------------------------

    async def _handle(self, ws: ServerConnection) -> None:
        session = ServerSession(time.monotonic())
        try:
            raw = await asyncio.wait_for(ws.recv(), self.hello_timeout)
        except asyncio.TimeoutError:
            await ws.close(CLOSE_HELLO_TIMEOUT, f"no hello within {self.hello_timeout:g} s")
            return
        except Exception:
            return
        deadline = time.monotonic() + self.hello_timeout
        action = session.receive(raw, time.monotonic())
        while isinstance(action, SendError):  # bad frames before hello: answer; the deadline does not move
            await self._send_error(ws, action)
            try:
                raw = await asyncio.wait_for(ws.recv(), max(0.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                await ws.close(CLOSE_HELLO_TIMEOUT, f"no hello within {self.hello_timeout:g} s")
                return
            except ConnectionClosed:
                return
            action = session.receive(raw, time.monotonic())
        if isinstance(action, CloseAction):
            await self._close(ws, action)
            return
        assert isinstance(action, GotHello)
        hello = action.hello
        principal = await asyncio.to_thread(self.platform.authenticate, hello.token, hello.user or None,
                                            hello.password or None)
        if principal is None:
            await self._close(ws, session.unauthorized("令牌无效或已过期 (token unknown, revoked or expired)"))
            return
        sub = Subscriber(ws, principal, batch=hello.batch is True)
        try:
            await self._start_stream(sub, hello.resume_from)
            await self._serve_requests(sub, session)
        except ConnectionClosed:
            pass  # the client went away; it resumes from its last seq when it returns
        finally:
            self.subscribers.discard(sub)

    async def _send_error(self, ws: ServerConnection, action: SendError) -> None:
        """PROTOCOL.md answers a bad frame with an `error` frame; when the request id was readable,
        a failed `reply` follows so the client can settle that request instead of waiting."""
        frame = action.frame
        if isinstance(frame, Reply) and frame.error is not None:
            broadcast([ws], encode(Error(frame.error.code, frame.error.message)), text=True)
        broadcast([ws], action.data, text=True)

    async def _close(self, ws: ServerConnection, action: CloseAction) -> None:
        if action.frame is not None:
            await ws.send(action.data, text=True)
        await ws.close(action.code, action.reason)

    async def _start_stream(self, sub: Subscriber, resume_from: int | None) -> None:
        # No await between reading `head`, welcoming and registering: every later event is buffered.
        head = self.state.head
        p = sub.principal
        self._send_now(sub, encode(Welcome(PROTOCOL_VERSION, UserInfo(p.user_id, p.display_name, p.role),
                                           sorted(p.permissions), head, iso(self.platform.clock()))))
        self.subscribers.add(sub)
        sent_to = None
        if resume_from is not None and resume_from <= head:
            recent = self.state.events_since(resume_from)
            if recent is not None:
                for ev in recent:
                    self._send_now(sub, event_frames(ev)[0 if sub.sees_phones else 1])
                sent_to = head
            else:
                sent_to = await self._replay_from_log(sub, resume_from)
        if sent_to is None:
            seq, parts = await self._snapshot_for(sub.sees_phones)
            for part in parts:
                await sub.ws.send(part, text=True)
            sent_to = seq
        for ev in sub.buffered:  # synchronously: nothing can slip in between the backlog and going live
            if ev.seq > sent_to:
                self._send_now(sub, event_frames(ev)[0 if sub.sees_phones else 1])
        sub.buffered = []
        sub.live = True

    async def _replay_from_log(self, sub: Subscriber, resume_from: int) -> int | None:
        """Events older than the memory ring, from the database; None when even the log is too short."""

        def read():
            with self.platform.db.sessions() as s:
                return queries.events_after(s, resume_from)

        rows = await asyncio.to_thread(read)
        if rows is None:
            return None
        last = resume_from
        for seq, ts, kind, op, entity_id, data_json in rows:
            data = None if data_json in (None, "null") else data_json.encode()
            if kind == "staff" and data is not None and not sub.sees_phones:
                import msgspec

                data = mask_staff(msgspec.json.decode(data))
            await sub.ws.send(encode_event(seq, iso(ts), kind, op, entity_id, data), text=True)
            last = seq
        return last

    async def _snapshot_for(self, sees_phones: bool) -> tuple[int, list[bytes]]:
        """The encoded snapshot as of now; clients arriving at the same seq share one encoding
        (a wall of consoles reconnecting after a restart costs one encode, not fifty)."""
        seq, entities = self.state.snapshot()
        key = (seq, sees_phones, self.part_entities)
        task = self._snapshots.get(key)
        if task is None:
            task = asyncio.ensure_future(asyncio.to_thread(self._snapshot_parts, seq, entities, sees_phones))
            self._snapshots = {k: v for k, v in self._snapshots.items() if k[0] == seq}  # drop older seqs
            self._snapshots[key] = task
        return seq, await asyncio.shield(task)

    def _snapshot_parts(self, seq: int, entities: dict[str, list[dict[str, Any]]], sees_phones: bool) -> list[bytes]:
        if not sees_phones and "staff" in entities:
            entities = {**entities, "staff": [mask_staff(e) for e in entities["staff"]]}
        chunks: list[dict[str, list]] = [{}]
        room = self.part_entities
        for kind, items in entities.items():
            i = 0
            while i < len(items):
                if room == 0:
                    chunks.append({})
                    room = self.part_entities
                take = items[i:i + room]
                chunks[-1].setdefault(kind, []).extend(take)
                room -= len(take)
                i += len(take)
        n = len(chunks)
        return [encode(Snapshot(seq, i + 1, n, chunk)) for i, chunk in enumerate(chunks)]

    async def _serve_requests(self, sub: Subscriber, session: ServerSession) -> None:
        async for raw in sub.ws:
            action = session.receive(raw, time.monotonic())
            if isinstance(action, CloseAction):
                await self._close(sub.ws, action)
                return
            if isinstance(action, SendError):
                await self._send_error(sub.ws, action)
                continue
            if isinstance(action, GotRequest):
                req = action.request
                if sub.inflight >= MAX_INFLIGHT or not sub.take_token():
                    self._reply(sub, req.id, Result(False, error={
                        "code": "rate_limited", "data": None,
                        "message": "请求过于频繁, 请稍后重试 (too many requests; retry shortly)"}))
                    continue
                sub.inflight += 1
                asyncio.ensure_future(self._run_request(sub, req.id, req.name, action.args))

    async def _run_request(self, sub: Subscriber, request_id: str, name: str, args: Any) -> None:
        try:
            fut = self.platform.request(sub.principal, request_id, name, args)
            result = await asyncio.wrap_future(fut)
        except Exception as exc:  # a bug must answer the request, not leave the client waiting
            log.exception("request %s failed", name)
            result = Result(False, error={"code": "internal", "message": str(exc), "data": None})
        finally:
            sub.inflight -= 1
        self._reply(sub, request_id, result)

    def _reply(self, sub: Subscriber, request_id: str, result: Result) -> None:
        if result.ok:
            frame = Reply(request_id, True, data=result.data or {})
        else:
            e = result.error or {}
            frame = Reply(request_id, False, error=ErrorInfo(e.get("code", "internal"), e.get("message", ""),
                                                             e.get("data")))
        self._send_now(sub, encode(frame))


def broadcast_frames(conns: list[ServerConnection], messages: list[str | bytes]) -> None:
    """One text frame per message to every connection, in order, with one socket write each.

    `websockets.broadcast` writes each frame by itself: for a fan-out of 30 events to 50 clients
    that is 1,500 system calls instead of 50. Same frames on the wire (PROTOCOL.md clients still
    get one `event` frame per event); a connection that cannot take them is skipped, as
    `broadcast` skips it.
    """
    if len(messages) == 1:
        broadcast(conns, messages[0], text=True)
        return
    payloads = [m.encode() if isinstance(m, str) else bytes(m) for m in messages]
    for ws in conns:
        if ws.protocol.state is not State.OPEN:
            continue
        if ws.send_in_progress is not None:  # never here (the hub sends no fragmented messages)
            log.warning("skipped fan-out: a fragmented message is being sent")
            continue
        try:
            for data in payloads:
                ws.protocol.send_text(data)
            chunks = ws.protocol.data_to_send()
            if all(chunks):
                ws.transport.write(b"".join(chunks))
            else:  # an EOF marker among them (closing): write as websockets would
                for chunk in chunks:
                    if chunk:
                        ws.transport.write(chunk)
                    elif ws.transport.can_write_eof():
                        ws.transport.write_eof()
        except Exception as exc:
            log.warning("skipped fan-out to a connection: %s", exc)
