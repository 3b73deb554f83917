"""Sans-I/O core of the Gridline wire protocol, version 1 (see PROTOCOL.md).

Frames and request argument schemas are declared in `console.protocol_args` and re-exported
here; decoding validates a frame in one pass. On top of the codec sit two state machines that
never touch a socket, a clock or a loop (websockets style): bytes go in, typed results come out,
bytes to send are returned.

- `ClientSession`: the console's side. Assembles snapshots, orders events, detects gaps.
- `ServerSession`: the hub's side, one per connection. Handshake, request validation and the
  bad-frame budget, with the current time injected.

`encode` returns UTF-8 bytes; the protocol wants *text* frames, so send them with
`websocket.send(data, text=True)` (websockets >= 13) or send `encode_str(frame)`.
"""

from __future__ import annotations

import collections
import itertools
import secrets
from dataclasses import dataclass
from typing import Any, Union

import msgspec

from console.protocol_args import *  # noqa: F403 - frames and args are part of this API
from console.protocol_args import (
    PROTOCOL_VERSION, REQUEST_ARGS, REQUEST_ID_MAX, Args, ClientFrame, Error, ErrorInfo, Event,
    Events, Frame, Hello, Reply, Request, ServerFrame, Snapshot, UserInfo, Welcome,
)

CLIENT_NAME = "gridline-console/0.1"
MAX_FRAME_BYTES = 1 << 20
"""Largest frame a client may send; the server closes with CLOSE_TOO_BIG beyond it."""
HELLO_TIMEOUT = 10.0
"""Seconds the server waits for hello before closing with CLOSE_HELLO_TIMEOUT."""
BAD_FRAME_LIMIT = 20
"""Bad frames tolerated within BAD_FRAME_WINDOW seconds; one more closes with CLOSE_POLICY."""
BAD_FRAME_WINDOW = 10.0
MAX_MESSAGE = 300
"""Longest error message built from a peer's input, in characters."""

CLOSE_POLICY = 1008
CLOSE_TOO_BIG = 1009
CLOSE_UNSUPPORTED = 4400
CLOSE_UNAUTHORIZED = 4401
CLOSE_HELLO_TIMEOUT = 4408

INVALID = "invalid"
UNAUTHORIZED = "unauthorized"
FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
CONFLICT = "conflict"
RATE_LIMITED = "rate_limited"
INTERNAL = "internal"
UNSUPPORTED_PROTOCOL = "unsupported_protocol"
ERROR_CODES = frozenset(
    {INVALID, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, RATE_LIMITED, INTERNAL,
     UNSUPPORTED_PROTOCOL}
)

KINDS = ("region", "ticket", "alarm", "camera", "staff", "gate", "party_org")
"""Entity kinds pushed in version 1. Clients must accept (and may ignore) other kinds."""


class ProtocolError(Exception):
    """A frame or request that breaks the protocol.

    `code` is a wire error code (usually "invalid"); `too_big` marks an oversized frame;
    `request_id` is set when a bad request frame still carried a usable id, so the error can be
    answered as a reply to it.
    """

    def __init__(self, code: str, message: str, *, too_big: bool = False,
                 request_id: str | None = None) -> None:
        # Messages may quote what the peer sent; bound them so an error never echoes a megabyte.
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE - 1] + "…"
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.too_big = too_big
        self.request_id = request_id


_CLIENT_TYPES = ("hello", "request")
_SERVER_TYPES = ("welcome", "snapshot", "event", "events", "reply", "error")
_client_decoder = msgspec.json.Decoder(ClientFrame)
_server_decoder = msgspec.json.Decoder(ServerFrame)
_encoder = msgspec.json.Encoder()


# --- codec ------------------------------------------------------------------------------------

def _too_big(data: str | bytes, limit: int) -> bool:
    size = len(data)
    # A str of n characters is at most 4n UTF-8 bytes: only encode when that could matter.
    if isinstance(data, str) and limit // 4 < size <= limit:
        size = len(data.encode("utf-8", "surrogatepass"))
    return size > limit


def _diagnose(data: str | bytes, known: tuple[str, ...], error: Exception) -> ProtocolError:
    """Turn a failed typed decode into a message naming the problem (slow path, bad frames only)."""
    try:
        obj = msgspec.json.decode(data)
    except (msgspec.DecodeError, UnicodeError) as exc:
        return ProtocolError(INVALID, f"not JSON: {exc}")
    if not isinstance(obj, dict):
        return ProtocolError(INVALID, f"frame is not a JSON object but {type(obj).__name__}")
    if "type" not in obj:
        return ProtocolError(INVALID, "frame has no 'type' field")
    kind = obj["type"]
    if not isinstance(kind, str):
        return ProtocolError(INVALID, "'type' must be a string")
    if kind not in known:
        return ProtocolError(INVALID, f"unknown frame type {kind!r} (expected {', '.join(known)})")
    rid = obj.get("id") if kind == "request" else None
    ok_id = isinstance(rid, str) and 0 < len(rid) <= REQUEST_ID_MAX
    return ProtocolError(INVALID, f"invalid {kind} frame: {error}",
                         request_id=rid if ok_id else None)


def decode_client_frame(data: str | bytes, max_bytes: int = MAX_FRAME_BYTES) -> ClientFrame:
    """Decode and validate one client frame; raise ProtocolError naming the problem."""
    if _too_big(data, max_bytes):
        raise ProtocolError(INVALID, f"frame larger than {max_bytes} bytes", too_big=True)
    try:
        return _client_decoder.decode(data)
    except (msgspec.DecodeError, UnicodeError) as exc:
        raise _diagnose(data, _CLIENT_TYPES, exc) from None


def decode_server_frame(data: str | bytes, max_bytes: int | None = None) -> ServerFrame:
    """Decode and validate one server frame; raise ProtocolError naming the problem.

    No size limit by default: the 1 MiB limit binds clients, and a snapshot part may be larger
    (the websocket layer's own max_size is the guard).
    """
    if max_bytes is not None and _too_big(data, max_bytes):
        raise ProtocolError(INVALID, f"frame larger than {max_bytes} bytes", too_big=True)
    try:
        return _server_decoder.decode(data)
    except (msgspec.DecodeError, UnicodeError) as exc:
        raise _diagnose(data, _SERVER_TYPES, exc) from None


def encode(frame: Frame) -> bytes:
    """One frame as UTF-8 JSON bytes (send as a text frame)."""
    return _encoder.encode(frame)


def encode_str(frame: Frame) -> str:
    """One frame as a JSON str."""
    return _encoder.encode(frame).decode()


class _RawEvent(msgspec.Struct, tag="event", tag_field="type", gc=False):
    # Same tag and field order as Event, but `data` may be pre-encoded msgspec.Raw: no
    # validation and no decode/re-encode of entities the hub already holds as JSON. gc=False:
    # a short-lived instance in no reference cycle, so skip the collector's bookkeeping.
    seq: int
    ts: str
    kind: str
    op: str
    id: str
    data: Any


def encode_event(seq: int, ts: str, kind: str, op: str, id: str,
                 data: bytes | dict[str, Any] | None) -> bytes:
    """Encode an event frame without building an Event; the hub's hot path.

    `data` is the entity as JSON bytes (embedded verbatim, so it must be a valid JSON object),
    a dict, or None for `remove`. The result is byte-identical to `encode(Event(...))`.
    """
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = msgspec.Raw(data)
    return _encoder.encode(_RawEvent(seq, ts, kind, op, id, data))


def encode_events(event_frames: list[bytes]) -> bytes:
    """An `events` frame [EXT] made of already encoded event frames, without re-encoding them.

    Byte-identical to `encode(Events([...]))` of the same events."""
    return b'{"type":"events","events":[' + b",".join(event_frames) + b"]}"


def decode_args(name: str, args: dict[str, Any]) -> Args:
    """Validate the arguments of request `name`; raise ProtocolError("invalid", ...)."""
    schema = REQUEST_ARGS.get(name)
    if schema is None:
        raise ProtocolError(INVALID, f"unknown request {name!r}")
    try:
        return msgspec.convert(args, schema)
    except msgspec.ValidationError as exc:
        raise ProtocolError(INVALID, f"invalid args for {name}: {exc}") from None


# --- client session ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Welcomed:
    """The server accepted the handshake."""

    user: UserInfo
    permissions: list[str]
    head: int
    server_time: str | None = None


@dataclass(frozen=True, slots=True)
class SnapshotReady:
    """A complete snapshot: replace all state with `entities` (kind → list of entities)."""

    seq: int
    entities: dict[str, list[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Delta:
    """The next event in seq order: apply it."""

    event: Event


class Resync:
    """Base of the events saying the state stream can no longer be applied.

    Every later snapshot or event frame of this session is dropped; reconnect with
    `resume_from=session.last_seq`. Subclasses have a `reason`.
    """

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class GapDetected(Resync):
    """An event skipped ahead: `expected` is last_seq + 1, `got` the seq that arrived."""

    expected: int
    got: int

    @property
    def reason(self) -> str:
        """Human-readable cause."""
        return f"gap in events: expected seq {self.expected}, got {self.got}"


@dataclass(frozen=True, slots=True)
class SnapshotBroken(Resync):
    """A snapshot's parts did not line up, or events came with no complete snapshot."""

    reason: str


@dataclass(frozen=True, slots=True)
class ReplyReceived:
    """The reply to one of our requests."""

    reply: Reply


@dataclass(frozen=True, slots=True)
class ServerError:
    """An error frame from the server (bad frame, failed handshake)."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Malformed:
    """A server frame that failed to decode; it was skipped."""

    error: ProtocolError


SessionEvent = Union[Welcomed, SnapshotReady, Delta, GapDetected, SnapshotBroken, ReplyReceived,
                     ServerError, Malformed]


class ClientSession:
    """The console's half of one connection, without I/O.

    `last_seq` is the seq of the last applied state (snapshot or event), starting at
    `resume_from`. Events at or below it are duplicates: counted in `duplicates`, never applied.
    """

    def __init__(self, token: str, client: str = CLIENT_NAME,
                 resume_from: int | None = None, batch: bool = False) -> None:
        self.token = token
        self.batch = batch  # ask for `events` frames [EXT]; single `event` frames still work
        self.client = client
        self.resume_from = resume_from
        self.last_seq: int | None = resume_from
        self.welcome: Welcome | None = None
        self.broken: Resync | None = None
        self.duplicates = 0
        self.dropped = 0  # state frames ignored after the stream broke
        self._parts: list[Snapshot] = []
        self._ids = itertools.count(1)

    def hello_frame(self) -> bytes:
        """The first frame to send."""
        if self.batch:
            return encode(Hello(PROTOCOL_VERSION, self.token, self.resume_from, self.client, batch=True))
        return encode(Hello(PROTOCOL_VERSION, self.token, self.resume_from, self.client))

    def new_request_id(self) -> str:
        """A fresh id, "c-<counter>-<random>": unique across sessions for the server's dedup."""
        return f"c-{next(self._ids)}-{secrets.token_hex(4)}"

    def request_frame(self, name: str, args: dict[str, Any] | Args | None = None,
                      request_id: str | None = None) -> tuple[str, bytes]:
        """Build a request; return (id, frame). Reuse an id only to retry the same request.

        Arguments of known requests are validated here (ProtocolError) so a bad call fails at
        its source; unknown names pass through for servers that know more requests.
        """
        if request_id is None:
            request_id = self.new_request_id()
        elif not 0 < len(request_id) <= REQUEST_ID_MAX:
            raise ProtocolError(INVALID, f"request id must be 1..{REQUEST_ID_MAX} characters")
        if isinstance(args, Args):
            payload = msgspec.to_builtins(args)
        else:
            payload = dict(args or {})
            if name in REQUEST_ARGS:
                decode_args(name, payload)
        return request_id, encode(Request(request_id, name, payload))

    def receive(self, data: str | bytes) -> list[SessionEvent]:
        """Feed one received frame; return what it means, in order. Never raises."""
        try:
            frame = decode_server_frame(data)
        except ProtocolError as exc:
            return [Malformed(exc)]
        if isinstance(frame, Event):
            return self._on_event(frame)
        if isinstance(frame, Events):
            out: list[SessionEvent] = []
            for event in frame.events:
                out.extend(self._on_event(event))
            return out
        if isinstance(frame, Snapshot):
            return self._on_snapshot(frame)
        if isinstance(frame, Reply):
            return [ReplyReceived(frame)]
        if isinstance(frame, Error):
            return [ServerError(frame.code, frame.message)]
        if frame.protocol != PROTOCOL_VERSION:
            return [Malformed(ProtocolError(
                UNSUPPORTED_PROTOCOL, f"server welcomed with protocol {frame.protocol}"))]
        self.welcome = frame
        return [Welcomed(frame.user, frame.permissions, frame.head, frame.server_time)]

    def _break(self, event: Resync) -> list[SessionEvent]:
        self.broken = event
        self._parts.clear()
        return [event]  # type: ignore[list-item]

    def _on_event(self, event: Event) -> list[SessionEvent]:
        if self.broken is not None:
            self.dropped += 1
            return []
        if self._parts:
            first = self._parts[0]
            return self._break(SnapshotBroken(
                f"event {event.seq} arrived with snapshot {first.seq} incomplete "
                f"({len(self._parts)} of {first.parts} parts)"))
        last = self.last_seq
        if last is None:
            return self._break(SnapshotBroken(f"event {event.seq} arrived before any snapshot"))
        if event.seq <= last:
            self.duplicates += 1
            return []
        if event.seq != last + 1:
            return self._break(GapDetected(last + 1, event.seq))
        self.last_seq = event.seq
        return [Delta(event)]

    def _on_snapshot(self, snap: Snapshot) -> list[SessionEvent]:
        if self.broken is not None:
            self.dropped += 1
            return []
        parts = self._parts
        problem = None
        if parts:
            first = parts[0]
            if snap.seq != first.seq:
                problem = f"snapshot part for seq {snap.seq} while assembling seq {first.seq}"
            elif snap.parts != first.parts:
                problem = f"snapshot parts changed from {first.parts} to {snap.parts}"
            elif snap.part != len(parts) + 1:
                problem = f"snapshot part {snap.part} out of order, expected {len(parts) + 1}"
        elif snap.part != 1:
            problem = f"snapshot part {snap.part} of {snap.parts} arrived before part 1"
        if problem is not None:
            return self._break(SnapshotBroken(problem))
        parts.append(snap)
        if snap.part < snap.parts:
            return []
        entities: dict[str, list[dict[str, Any]]] = {}
        for part in parts:
            for kind, items in part.entities.items():
                if kind in entities:
                    entities[kind].extend(items)
                else:
                    entities[kind] = list(items)
        parts.clear()
        self.last_seq = snap.seq
        return [SnapshotReady(snap.seq, entities)]


# --- server session ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class GotHello:
    """A valid hello with our protocol number: authenticate `hello.token`, then welcome."""

    hello: Hello


@dataclass(frozen=True, slots=True)
class GotRequest:
    """A request whose arguments passed their schema."""

    request: Request
    args: Args


@dataclass(frozen=True, slots=True)
class SendError:
    """Send `frame` (an Error, or a failed Reply to a bad request); the connection stays open."""

    frame: Error | Reply

    @property
    def data(self) -> bytes:
        """The frame, encoded."""
        return encode(self.frame)


@dataclass(frozen=True, slots=True)
class CloseAction:
    """Send `frame` if any, then close the connection with `code`."""

    code: int
    reason: str
    frame: Error | None = None

    @property
    def data(self) -> bytes | None:
        """The frame to send before closing, encoded, or None."""
        return None if self.frame is None else encode(self.frame)


ServerAction = Union[GotHello, GotRequest, SendError, CloseAction]


class ServerSession:
    """The hub's half of one connection, without I/O; the caller passes the time (monotonic s).

    Bad frames (undecodable, out of place, unknown requests, invalid arguments) each answer with
    an error and count against the budget: the 21st within 10 s closes with 1008.
    """

    def __init__(self, connected_at: float) -> None:
        self.hello: Hello | None = None
        self.hello_deadline = connected_at + HELLO_TIMEOUT
        self.closed: CloseAction | None = None
        self._bad_times: collections.deque[float] = collections.deque()

    def receive(self, data: str | bytes, now: float) -> ServerAction:
        """Feed one received frame; return what to do about it."""
        if self.closed is not None:
            return self.closed
        try:
            frame = decode_client_frame(data)
        except ProtocolError as exc:
            if exc.too_big:
                return self._close(CLOSE_TOO_BIG, exc.message)
            if exc.request_id is not None and self.hello is not None:
                return self._bad(now, Reply(exc.request_id, False,
                                            error=ErrorInfo(exc.code, exc.message)))
            return self._bad(now, Error(exc.code, exc.message))
        if self.hello is None:
            if not isinstance(frame, Hello):
                return self._bad(now, Error(INVALID, "the first frame must be hello"))
            if frame.protocol != PROTOCOL_VERSION:
                message = (f"protocol {frame.protocol} is not supported; "
                           f"this server speaks {PROTOCOL_VERSION}")
                return self._close(CLOSE_UNSUPPORTED, message,
                                   Error(UNSUPPORTED_PROTOCOL, message))
            self.hello = frame
            return GotHello(frame)
        if isinstance(frame, Hello):
            return self._bad(now, Error(INVALID, "hello was already received"))
        try:
            args = decode_args(frame.name, frame.args)
        except ProtocolError as exc:
            return self._bad(now, Reply(frame.id, False, error=ErrorInfo(exc.code, exc.message)))
        return GotRequest(frame, args)

    def check_hello_timeout(self, now: float) -> CloseAction | None:
        """Close with 4408 if hello has not arrived by `hello_deadline`."""
        if self.closed is None and self.hello is None and now >= self.hello_deadline:
            return self._close(CLOSE_HELLO_TIMEOUT, "no hello within "
                               f"{HELLO_TIMEOUT:g} s")
        return None

    def unauthorized(self, message: str) -> CloseAction:
        """The token was refused: send error `unauthorized`, close with 4401."""
        return self._close(CLOSE_UNAUTHORIZED, message, Error(UNAUTHORIZED, message))

    def _close(self, code: int, reason: str, frame: Error | None = None) -> CloseAction:
        # A websocket close reason holds at most 123 UTF-8 bytes.
        reason = reason.encode()[:123].decode(errors="ignore")
        self.closed = CloseAction(code, reason, frame)
        return self.closed

    def _bad(self, now: float, frame: Error | Reply) -> SendError | CloseAction:
        times = self._bad_times
        times.append(now)
        while now - times[0] >= BAD_FRAME_WINDOW:
            times.popleft()
        if len(times) > BAD_FRAME_LIMIT:
            return self._close(CLOSE_POLICY, f"more than {BAD_FRAME_LIMIT} bad frames "
                               f"within {BAD_FRAME_WINDOW:g} s")
        return SendError(frame)
