"""A lean websocket client for the benchmarks' subscribers: RFC 6455 framing and permessage-deflate
inflation in one `data_received`, no per-message task switch.

Why: 50 subscribers of PROTOCOL.md clients receive ~23,000 frames/s at 500 events/s. Through the
`websockets` client (frame parser generator, assembler, one await per message, UTF-8 decode) that
cost ~30 µs a frame, 70 % of a core in the bench process, on a 2-core machine where the server
needs the rest: the measured latency was the measuring clients' own queue. Here a frame costs a
header parse and a callback. The server side is untouched; `--client websockets` keeps the old clients.

Messages are handed over as bytes (the UTF-8 of a text frame). Client frames are masked; this client
never compresses what it sends (RFC 7692 allows uncompressed messages on a deflate connection).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import struct
import zlib
from typing import Callable
from urllib.parse import urlsplit

from websockets.speedups import apply_mask  # websockets' C helper (the dependency is there anyway)

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA
_TAIL = b"\x00\x00\xff\xff"


class LeanClosed(ConnectionError):
    """The connection is closed (by either side, or the transport was lost)."""


def encode_frame(opcode: int, payload: bytes, mask: bytes | None = None) -> bytes:
    """One final, masked client frame (RFC 6455 §5.2)."""
    mask = mask if mask is not None else os.urandom(4)
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 1 << 16:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    return head + mask + apply_mask(payload, mask)


class FrameReader:
    """Sans-I/O: feed bytes from the server, get whole messages (opcode, payload) back; control frames
    are returned too. Raises ValueError on a frame a server must not send."""

    def __init__(self, deflate: bool = False, reset_per_message: bool = False, max_size: int = 256 << 20):
        self.deflate = deflate
        self.reset_per_message = reset_per_message
        self.max_size = max_size
        self._buf = bytearray()
        self._parts: list[bytes] = []
        self._part_op = 0
        self._part_rsv1 = False
        self._inflate = zlib.decompressobj(-15) if deflate else None

    def feed(self, data: bytes) -> list[tuple[int, bytes]]:
        buf = self._buf
        buf += data
        out: list[tuple[int, bytes]] = []
        pos = 0
        end = len(buf)
        while end - pos >= 2:
            b0 = buf[pos]
            b1 = buf[pos + 1]
            if b1 & 0x80:
                raise ValueError("masked frame from the server")
            n = b1 & 0x7F
            head = 2
            if n == 126:
                if end - pos < 4:
                    break
                n = (buf[pos + 2] << 8) | buf[pos + 3]
                head = 4
            elif n == 127:
                if end - pos < 10:
                    break
                (n,) = struct.unpack_from("!Q", buf, pos + 2)
                head = 10
            if n > self.max_size:
                raise ValueError(f"frame of {n} bytes over the limit")
            if end - pos < head + n:
                break
            payload = bytes(buf[pos + head:pos + head + n])
            pos += head + n
            op = b0 & 0x0F
            fin = b0 & 0x80
            rsv1 = bool(b0 & 0x40)
            if op >= OP_CLOSE:  # control frames: never fragmented, never compressed
                out.append((op, payload))
                continue
            if op != OP_CONT:
                self._part_op, self._part_rsv1 = op, rsv1
            if not fin:
                self._parts.append(payload)
                continue
            if self._parts:
                self._parts.append(payload)
                payload = b"".join(self._parts)
                self._parts = []
            if self._part_rsv1:
                if self._inflate is None:
                    raise ValueError("compressed frame without permessage-deflate")
                payload = self._inflate.decompress(payload + _TAIL)
                if self.reset_per_message:
                    self._inflate = zlib.decompressobj(-15)
            out.append((self._part_op, payload))
        del buf[:pos]
        return out


class LeanWebSocket(asyncio.Protocol):
    """One client connection. Either set `on_message(payload: bytes)` (called in `data_received`,
    no task switch) or await `recv()`; `send(str)` writes one masked text frame."""

    def __init__(self, key: bytes, max_size: int):
        self._key = key
        self._max_size = max_size
        self._head = bytearray()
        self.opened: asyncio.Future = asyncio.get_running_loop().create_future()
        self.closed_reason: str | None = None
        self.closed = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None
        self.reader: FrameReader | None = None
        self.on_message: Callable[[bytes], None] | None = None
        self._inbox: asyncio.Queue[bytes | None] = asyncio.Queue()

    # --- asyncio.Protocol -------------------------------------------------------------------------

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self.reader is None:
            self._head += data
            cut = self._head.find(b"\r\n\r\n")
            if cut < 0:
                return
            head, rest = bytes(self._head[:cut]).decode("latin-1"), bytes(self._head[cut + 4:])
            try:
                self.reader = self._accept(head)
            except ValueError as exc:
                self._fail(str(exc))
                return
            self.opened.set_result(None)
            data = rest
            if not data:
                return
        try:
            messages = self.reader.feed(data)
        except ValueError as exc:
            self._fail(str(exc))
            return
        for op, payload in messages:
            if op == OP_TEXT or op == OP_BINARY:
                if self.on_message is not None:
                    self.on_message(payload)
                else:
                    self._inbox.put_nowait(payload)
            elif op == OP_PING:
                self.transport.write(encode_frame(OP_PONG, payload))
            elif op == OP_CLOSE:
                if not self.transport.is_closing():
                    self.transport.write(encode_frame(OP_CLOSE, payload[:2]))
                    self.transport.close()
                self._finish(f"closed by the server {payload[:2].hex()}")

    def connection_lost(self, exc) -> None:
        self._finish(f"connection lost: {exc}" if exc else "closed")

    # --- the client's face ------------------------------------------------------------------------

    def deliver_to(self, on_message: Callable[[bytes], None]) -> None:
        """From now on hand every message to `on_message`, starting with any not yet taken by recv()."""
        while not self._inbox.empty():
            msg = self._inbox.get_nowait()
            if msg is None:
                self._inbox.put_nowait(None)
                break
            on_message(msg)
        self.on_message = on_message

    async def send(self, text: str) -> None:
        if self.closed_reason is not None:
            raise LeanClosed(self.closed_reason)
        self.transport.write(encode_frame(OP_TEXT, text.encode()))

    async def recv(self) -> bytes:
        msg = await self._inbox.get()
        if msg is None:
            self._inbox.put_nowait(None)  # every later recv() fails the same way
            raise LeanClosed(self.closed_reason or "closed")
        return msg

    async def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(encode_frame(OP_CLOSE, struct.pack("!H", 1000)))
            self.transport.close()
        self._finish("closed by the client")

    # --- internals --------------------------------------------------------------------------------

    def _accept(self, head: str) -> FrameReader:
        lines = head.split("\r\n")
        if not lines[0].startswith("HTTP/1.1 101"):
            raise ValueError(f"handshake refused: {lines[0]}")
        fields = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            fields.setdefault(name.strip().lower(), []).append(value.strip())
        expect = base64.b64encode(hashlib.sha1(self._key + _GUID).digest()).decode()
        if fields.get("sec-websocket-accept", [""])[0] != expect:
            raise ValueError("bad Sec-WebSocket-Accept")
        ext = ",".join(fields.get("sec-websocket-extensions", []))
        deflate = "permessage-deflate" in ext
        return FrameReader(deflate=deflate, reset_per_message="server_no_context_takeover" in ext,
                           max_size=self._max_size)

    def _fail(self, reason: str) -> None:
        if not self.opened.done():
            self.opened.set_exception(LeanClosed(reason))
        if self.transport is not None:
            self.transport.close()
        self._finish(reason)

    def _finish(self, reason: str) -> None:
        if self.closed_reason is None:
            self.closed_reason = reason
            self._inbox.put_nowait(None)
            if not self.closed.done():
                self.closed.set_result(reason)
            if not self.opened.done():
                self.opened.set_exception(LeanClosed(reason))


async def connect(url: str, compression: str | None = "deflate", max_size: int = 256 << 20,
                  timeout: float = 30) -> LeanWebSocket:
    """Open a ws:// URL (plain TCP only; the benchmarks run on loopback)."""
    parts = urlsplit(url)
    if parts.scheme != "ws":
        raise ValueError(f"lean client speaks ws:// only, not {url}")
    key = base64.b64encode(os.urandom(16))
    loop = asyncio.get_running_loop()
    _, proto = await loop.create_connection(lambda: LeanWebSocket(key, max_size), parts.hostname, parts.port or 80)
    request = [f"GET {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1",
               f"Host: {parts.hostname}:{parts.port or 80}", "Upgrade: websocket", "Connection: Upgrade",
               f"Sec-WebSocket-Key: {key.decode()}", "Sec-WebSocket-Version: 13"]
    if compression == "deflate":
        request.append("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")
    proto.transport.write(("\r\n".join(request) + "\r\n\r\n").encode())
    try:
        async with asyncio.timeout(timeout):
            await proto.opened
    except BaseException:
        proto.transport.close()
        raise
    return proto
