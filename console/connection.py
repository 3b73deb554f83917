"""The network thread: one websocket to the hub, kept alive, resumed, and turned into Feed items.

A thin asyncio adapter around the sans-I/O `ClientSession` (websockets style): it moves frames
between the socket and the session, and puts what the session decodes into the `Feed`. It runs
its own event loop in its own thread; the UI thread only ever calls `start`, `stop`,
`send_request` and reads `last_seq`/`status`.

Per link: send hello, then a consumer (frames in) and a producer (requests out) run under
`asyncio.wait(FIRST_COMPLETED)`, and the survivor is cancelled. Between links: jittered
exponential backoff, reset by a welcome; a gap reconnects at once with `resume_from`.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import random
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterator

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidURI

from console import feed as f
from console.protocol import (
    CLIENT_NAME, CLOSE_UNAUTHORIZED, CLOSE_UNSUPPORTED, PROTOCOL_VERSION, REQUEST_ARGS, REQUEST_ID_MAX,
    UNAUTHORIZED, UNSUPPORTED_PROTOCOL, ClientSession, Delta, ErrorInfo, Hello, Malformed, ProtocolError,
    Reply, ReplyReceived, Request, Resync, ServerError, SnapshotReady, Welcomed, decode_args, encode,
)
from console.store import ConnectionStatus

log = logging.getLogger(__name__)

OPEN_TIMEOUT = 10.0
MAX_SIZE = 256 * 1024 * 1024  # a snapshot part of the whole demo street is several MB
CLOSE_TIMEOUT = 1.0  # never let a dead peer hold up a reconnect or stop()
STOP_TIMEOUT = 2.0
OFFLINE = "offline"
"""Error code of requests failed locally because the connection was stopped (not a wire code);
requests refused for good by the server (bad token, protocol) fail with "unauthorized"."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Credentials:
    """An access token, or a user name and password (the hello's login extension)."""

    token: str = ""
    user: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass
class Backoff:
    """Delays between reconnects: initial, ×factor up to maximum, each ±jitter (a fraction)."""

    initial: float = 0.5
    maximum: float = 10.0
    factor: float = 2.0
    jitter: float = 0.2
    rng: random.Random = field(default_factory=random.Random)

    def delays(self) -> Iterator[float]:
        """An endless schedule; start a new one to reset it."""
        base = self.initial
        while True:
            # Jitter spreads the consoles of a whole command center after a backend restart.
            yield max(0.0, min(self.maximum, base * (1.0 + self.rng.uniform(-self.jitter, self.jitter))))
            base = min(self.maximum, base * self.factor)


@dataclass(eq=False)
class _Link:
    """One websocket's life: what the consumer learned, for deciding what to do next."""

    ws: ClientConnection | None
    session: ClientSession
    welcomed: asyncio.Event = field(default_factory=asyncio.Event)
    head: int | None = None
    need_snapshot: bool = True
    got_snapshot: bool = False
    live: bool = False
    fatal: str | None = None  # the server refused us for good (bad token, protocol)
    resync: str | None = None  # the stream broke (gap, broken snapshot)


class Connection:
    """Keeps one console connected to `url`; everything it learns goes into `feed`."""

    def __init__(self, url: str, credentials: Credentials, feed: f.Feed, resume_from: int | None = None,
                 backoff: Backoff | None = None, client: str = CLIENT_NAME) -> None:
        self.url = url
        self.credentials = credentials
        self.feed = feed
        self.client = client
        self._backoff = backoff or Backoff()
        self._last_seq = resume_from
        self._lock = threading.Lock()
        self._requests: dict[str, bytes] = {}  # unanswered request id -> frame, in send order
        self._unsent: collections.deque[str] = collections.deque()  # ids to send on the current link
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._wake: asyncio.Event | None = None
        self._stopping = False
        self._closed: tuple[str, str] | None = None  # (code, reason): no link will ever come again
        self._resync_streak = 0
        self._lost_at: datetime | None = None  # when the link went down (None while live)
        self._live_at: datetime | None = None  # last moment the data was known live
        self._detail = ""  # why the last link ended
        self.status: ConnectionStatus | None = None
        """The last status put into the feed."""

    @property
    def last_seq(self) -> int | None:
        """The seq of the last snapshot or event put into the feed (for the cache)."""
        return self._last_seq

    # --- UI thread ------------------------------------------------------------------------------

    def start(self) -> None:
        """Spawn the network thread; it connects, and reconnects, until `stop`."""
        if self._thread is not None:
            raise RuntimeError("Connection.start() called twice")
        self._thread = threading.Thread(target=self._thread_main, name="gridline-network", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Close the link and join the thread (at most `timeout` seconds)."""
        with self._lock:
            self._stopping = True
            loop, task = self._loop, self._task
        if loop is not None and task is not None:
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # the loop already finished (offline after a refusal)
                pass
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.error("network thread did not stop within %.1f s", timeout)

    def send_request(self, name: str, args: dict[str, Any], request_id: str) -> None:
        """Queue a request (any thread). Sent now if connected, else after the next welcome; a
        request still unanswered when a link drops is sent again with the same id (the server's
        idempotency makes that safe). Raises ProtocolError for arguments that fail the schema."""
        if not 0 < len(request_id) <= REQUEST_ID_MAX:
            raise ProtocolError("invalid", f"request id must be 1..{REQUEST_ID_MAX} characters")
        payload = dict(args)
        if name in REQUEST_ARGS:
            decode_args(name, payload)  # fail at the source, not as a bad frame on the server
        frame = encode(Request(request_id, name, payload))
        with self._lock:
            closed = self._closed
            if closed is None:
                self._requests[request_id] = frame
                self._unsent.append(request_id)
            loop, wake = self._loop, self._wake
        if closed is not None:  # no link will ever come: answer at once, so the op settles
            self.feed.put(f.ReplyItem(Reply(request_id, False, error=ErrorInfo(*closed))))
            return
        if loop is not None and wake is not None:
            try:
                loop.call_soon_threadsafe(wake.set)
            except RuntimeError:
                pass

    # --- network thread -------------------------------------------------------------------------

    def _thread_main(self) -> None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self._main())
        except Exception:
            log.exception("network thread failed")
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _main(self) -> None:
        with self._lock:
            self._loop = asyncio.get_running_loop()
            self._task = asyncio.current_task()
            self._wake = asyncio.Event()
            stopping = self._stopping  # stop() came before the loop existed: it could not cancel us
        if not stopping:
            try:
                await self._run()
            except asyncio.CancelledError:
                pass
        if self.status is None or self.status.state != "offline":
            self._go_offline("已断开 (stopped)", OFFLINE)

    def _status(self, state: str, since: datetime, detail: str = "") -> None:
        data_as_of = None if state == "live" else self._live_at
        self.status = ConnectionStatus(state, since, detail, data_as_of)
        self.feed.put(f.Status(self.status))

    async def _run(self) -> None:
        delays = self._backoff.delays()
        self._status("connecting", _now())
        while True:
            link = await self._attempt()
            if link is not None and link.fatal is not None:
                self._go_offline(link.fatal, UNAUTHORIZED if link.ws is not None else OFFLINE)
                return
            if link is not None and link.welcomed.is_set():
                delays = self._backoff.delays()  # the server was reachable: start the schedule over
            if self._lost_at is None:
                self._lost_at = _now()
            detail = self._detail
            self._status("reconnecting", self._lost_at, detail)
            if link is not None and link.resync is not None and self._resync_streak == 1:
                continue  # a gap: resume at once from the last applied seq
            delay = next(delays)
            log.info("reconnecting in %.2f s: %s", delay, detail)
            await asyncio.sleep(delay)

    def _go_offline(self, reason: str, code: str = UNAUTHORIZED) -> None:
        self._status("offline", _now(), reason)
        with self._lock:
            self._closed = (code, reason)
            pending = list(self._requests)
            self._requests.clear()
            self._unsent.clear()
        for rid in pending:  # they will never be answered: settle them (and their overlays)
            self.feed.put(f.ReplyItem(Reply(rid, False, error=ErrorInfo(code, reason))))

    def _hello(self, session: ClientSession) -> bytes:
        c = self.credentials
        if c.user and c.password:
            return encode(Hello(PROTOCOL_VERSION, c.token or "", session.resume_from, self.client,
                                c.user, c.password, batch=True))
        return session.hello_frame()

    async def _attempt(self) -> _Link | None:
        """One link from connect to close, or None when it never opened; `_detail` says how it ended."""
        # Two broken streams in a row with nothing applied in between: ask for a full snapshot.
        resume = None if self._resync_streak >= 2 else self._last_seq
        session = ClientSession(self.credentials.token, self.client, resume, batch=True)
        link = None
        error: Exception | None = None
        try:
            async with connect(self.url, max_size=MAX_SIZE, open_timeout=OPEN_TIMEOUT,
                               close_timeout=CLOSE_TIMEOUT, proxy=None) as ws:
                link = _Link(ws, session)
                await ws.send(self._hello(session), text=True)
                await self._serve(link)
        except InvalidURI as exc:
            self._detail = f"地址无效 (invalid URL): {exc}"
            return _Link(None, session, fatal=self._detail)
        except Exception as exc:  # CancelledError (stop) is not an Exception: it propagates
            if not isinstance(exc, (OSError, asyncio.TimeoutError, ConnectionClosed)):
                log.warning("link failed", exc_info=True)
            error = exc
        if link is not None and link.ws.close_code in (CLOSE_UNAUTHORIZED, CLOSE_UNSUPPORTED) \
                and link.fatal is None:
            link.fatal = link.ws.close_reason or f"refused with close code {link.ws.close_code}"
        if link is not None and link.live:
            self._live_at = _now()  # the data was live until this moment
        self._detail = self._why(link, error)
        return link

    @staticmethod
    def _why(link: _Link | None, error: Exception | None) -> str:
        if link is not None and link.resync is not None:
            return link.resync
        if link is not None and link.ws.close_code is not None:
            reason = link.ws.close_reason
            return f"连接断开 (closed {link.ws.close_code}{' ' + reason if reason else ''})"
        if error is not None:
            return f"无法连接 (cannot connect): {error or type(error).__name__}"
        return "连接断开 (connection closed)"

    async def _serve(self, link: _Link) -> None:
        consumer = asyncio.create_task(self._consume(link))
        producer = asyncio.create_task(self._produce(link))
        try:
            await asyncio.wait({consumer, producer}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            # `gather` would leave the survivor running; cancel it (websockets' patterns howto).
            for task in (consumer, producer):
                task.cancel()
            await asyncio.gather(consumer, producer, return_exceptions=True)

    async def _consume(self, link: _Link) -> None:
        try:
            async for raw in link.ws:
                for event in link.session.receive(raw):
                    if not self._on_session_event(link, event):
                        return
        except ConnectionClosed:
            pass

    async def _produce(self, link: _Link) -> None:
        await link.welcomed.wait()
        assert self._wake is not None
        while True:
            while True:
                with self._lock:
                    rid = self._unsent.popleft() if self._unsent else None
                    frame = self._requests.get(rid) if rid is not None else None
                if rid is None:
                    break
                if frame is not None:  # None: answered meanwhile
                    await link.ws.send(frame, text=True)
            self._wake.clear()
            with self._lock:
                if self._unsent:
                    continue
            await self._wake.wait()

    def _on_session_event(self, link: _Link, event: Any) -> bool:
        """Handle one decoded frame; False ends the link (the stream must be resynced)."""
        if isinstance(event, Delta):
            self._last_seq = event.event.seq
            self._resync_streak = 0  # progress: the next gap is a fresh one
            self.feed.put(f.Events([event.event]))
            self._check_live(link)
        elif isinstance(event, ReplyReceived):
            with self._lock:
                self._requests.pop(event.reply.id, None)
            self.feed.put(f.ReplyItem(event.reply))
        elif isinstance(event, SnapshotReady):
            self._last_seq = event.seq
            self._resync_streak = 0
            link.got_snapshot = True
            self.feed.put(f.SnapshotReady(event.seq, event.entities))
            self._check_live(link)
        elif isinstance(event, Welcomed):
            u = event.user
            link.head = event.head
            resume = link.session.resume_from
            # The server sends a snapshot for a fresh start and for a seq from its future.
            link.need_snapshot = resume is None or resume > event.head
            self.feed.put(f.Welcomed({"id": u.id, "name": u.name, "role": u.role},
                                     frozenset(event.permissions), event.head))
            with self._lock:  # everything unanswered goes out again on this link, same ids
                self._unsent = collections.deque(self._requests)
            link.welcomed.set()
            self._check_live(link)
        elif isinstance(event, Resync):
            log.warning("stream broken, resyncing: %s", event.reason)  # type: ignore[attr-defined]
            link.resync = event.reason  # type: ignore[attr-defined]
            self._resync_streak += 1
            return False
        elif isinstance(event, ServerError):
            if event.code in (UNAUTHORIZED, UNSUPPORTED_PROTOCOL):
                link.fatal = event.message or event.code
            else:
                log.warning("server error frame: %s %s", event.code, event.message)
        elif isinstance(event, Malformed):
            log.warning("malformed server frame skipped: %s", event.error)
        return True

    def _check_live(self, link: _Link) -> None:
        if link.live or link.head is None or self._last_seq is None:
            return
        if (link.got_snapshot or not link.need_snapshot) and self._last_seq >= link.head:
            link.live = True
            self._lost_at = None
            self._live_at = _now()
            self._status("live", self._live_at)
