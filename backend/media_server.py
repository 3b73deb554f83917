"""A small live HTTP MPEG-TS server: loops a clip at real-time pace, to any number of viewers.

`GET /<camera_id>/<role>.ts` streams the camera's clip forever. Each viewer gets its own loop that
starts on a keyframe (a picture at once), paced by the clip's PCR clock; on every pass the PCR,
PTS/DTS and continuity counters are shifted so the stream looks like one endless live broadcast
(a player sees no timestamp jump at the seam). A clip still being made holds the request up to
`hold_s` (the clip is made first meanwhile), so a first wall on a fresh machine shows its tiles
connecting, then live, not "cannot play"; `503` + `Retry-After` if it is still not ready then,
`404` for an unknown camera. Threads, not asyncio: each viewer is a blocking writer that sleeps
between bursts, and `stop()` closes every open connection so viewers see the server die.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

TS = 188
LEAD_SECONDS = 0.5  # sent at once on connect: the player's cache fills and the first frame comes quickly
PREPARE_AHEAD = 16  # sub clips made at start; the others when first asked for
HOLD_S = 6.0  # a viewer waits this long for a clip being made: within the console's 8 s open timeout
PATH_RE = re.compile(r"^/([A-Za-z0-9_.-]+)/(main|sub)\.ts$")


class ClipSource(Protocol):
    def known(self, camera_id: str) -> bool: ...
    def path(self, camera_id: str, role: str) -> Path | None: ...
    def wait(self, camera_id: str, role: str, timeout: float) -> Path | None: ...


class FileClips:
    """A fixed mapping camera id → clip file (tests, and a single local file for every role)."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = {k: Path(v) for k, v in files.items()}

    def known(self, camera_id: str) -> bool:
        return camera_id in self.files

    def path(self, camera_id: str, role: str) -> Path | None:
        p = self.files.get(camera_id)
        return p if p is not None and p.exists() else None

    def wait(self, camera_id: str, role: str, timeout: float) -> Path | None:
        return self.path(camera_id, role)  # nothing is being made


# --- the clip, parsed once -----------------------------------------------------------------------

@dataclass
class ParsedClip:
    data: bytes
    times: list[float]  # per packet: seconds since the clip's first PCR (step-wise, at each PCR)
    pcr_at: list[int]  # packet byte offsets holding a PCR
    stamps: list[int]  # byte offsets of 5-byte PTS/DTS fields
    cc_count: dict[int, int]  # pid → payload packets per loop (continuity counters advance by this)
    duration: float  # seconds per loop


def _read_stamp(b: bytes | bytearray, i: int) -> int:
    return (((b[i] >> 1) & 7) << 30) | (b[i + 1] << 22) | ((b[i + 2] >> 1) << 15) | (b[i + 3] << 7) | (b[i + 4] >> 1)


def _write_stamp(b: bytearray, i: int, v: int) -> None:
    v &= (1 << 33) - 1
    b[i] = (b[i] & 0xF0) | ((v >> 29) & 0x0E) | 1
    b[i + 1] = (v >> 22) & 0xFF
    b[i + 2] = ((v >> 14) & 0xFE) | 1
    b[i + 3] = (v >> 7) & 0xFF
    b[i + 4] = ((v << 1) & 0xFE) | 1


def _read_pcr_base(b: bytes | bytearray, i: int) -> int:
    return (b[i] << 25) | (b[i + 1] << 17) | (b[i + 2] << 9) | (b[i + 3] << 1) | (b[i + 4] >> 7)


def _write_pcr_base(b: bytearray, i: int, v: int) -> None:
    v &= (1 << 33) - 1
    b[i], b[i + 1], b[i + 2], b[i + 3] = (v >> 25) & 0xFF, (v >> 17) & 0xFF, (v >> 9) & 0xFF, (v >> 1) & 0xFF
    b[i + 4] = ((v & 1) << 7) | (b[i + 4] & 0x7F)


def parse_clip(data: bytes) -> ParsedClip:
    """Index the timestamps of an MPEG-TS file (188-byte packets) for looping."""
    n = len(data) // TS
    data = data[: n * TS]
    times: list[float] = []
    pcr_at: list[int] = []
    stamps: list[int] = []
    cc_count: dict[int, int] = {}
    first_pcr = last_pcr = None
    video_pts: list[int] = []
    now = 0.0
    for k in range(n):
        o = k * TS
        if data[o] != 0x47:
            raise ValueError(f"not an MPEG-TS packet at byte {o}")
        pid = ((data[o + 1] & 0x1F) << 8) | data[o + 2]
        afc = (data[o + 3] >> 4) & 3
        if afc & 1:
            cc_count[pid] = cc_count.get(pid, 0) + 1
        payload = o + 4
        if afc & 2:
            alen = data[o + 4]
            if alen and data[o + 5] & 0x10:
                base = _read_pcr_base(data, o + 6)
                pcr_at.append(o + 6)
                first_pcr = base if first_pcr is None else first_pcr
                last_pcr = base
                now = (base - first_pcr) / 90000.0
            payload = o + 5 + alen
        times.append(now)
        if data[o + 1] & 0x40 and afc & 1 and data[payload:payload + 3] == b"\x00\x00\x01" \
                and data[payload + 3] >= 0xC0:  # audio/video PES: they carry the optional header
            flags = data[payload + 7] >> 6
            if flags & 2:
                stamps.append(payload + 9)
                if data[payload + 3] >= 0xE0:
                    video_pts.append(_read_stamp(data, payload + 9))
            if flags == 3:
                stamps.append(payload + 14)
    if first_pcr is None or last_pcr is None:
        raise ValueError("clip has no PCR")
    frame = 90000 / 25
    if len(video_pts) > 1:
        ordered = sorted(video_pts)
        frame = min(b - a for a, b in zip(ordered, ordered[1:]) if b > a) if len(set(ordered)) > 1 else frame
        span = (ordered[-1] - ordered[0] + frame) / 90000.0
    else:
        span = (last_pcr - first_pcr) / 90000.0 + frame / 90000.0
    return ParsedClip(data, times, pcr_at, stamps, cc_count, max(span, 0.04))


def loop_pass(clip: ParsedClip, index: int) -> bytes:
    """The clip's bytes for pass `index`: timestamps shifted by index × duration, counters continued."""
    if index == 0:
        return clip.data
    b = bytearray(clip.data)
    shift = round(index * clip.duration * 90000)
    for i in clip.pcr_at:
        _write_pcr_base(b, i, _read_pcr_base(b, i) + shift)
    for i in clip.stamps:
        _write_stamp(b, i, _read_stamp(b, i) + shift)
    cc_shift = {pid: (index * count) % 16 for pid, count in clip.cc_count.items() if (index * count) % 16}
    if cc_shift:
        for o in range(0, len(b), TS):
            pid = ((b[o + 1] & 0x1F) << 8) | b[o + 2]
            s = cc_shift.get(pid)
            if s:
                b[o + 3] = (b[o + 3] & 0xF0) | (((b[o + 3] & 0x0F) + s) & 0x0F)
    return bytes(b)


# --- the server -----------------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    server: "_HTTPServer"
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt: str, *args) -> None:  # noqa: D401 (quiet: one line per viewer is noise)
        log.debug("media %s " + fmt, self.address_string(), *args)

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        m = PATH_RE.match(self.path.split("?", 1)[0])
        owner: MediaServer = self.server.owner
        if m is None or not owner.clips.known(m.group(1)):
            self.send_error(404, "unknown camera")
            return
        path = owner.clips.path(m.group(1), m.group(2))
        if path is None and owner.hold_s > 0:
            path = owner.clips.wait(m.group(1), m.group(2), owner.hold_s)
        if path is None:
            self.send_response(503, "clip not ready")
            self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            clip = owner.parsed(path)
        except (OSError, ValueError) as exc:
            self.send_error(500, f"bad clip: {exc}")
            return
        self.send_response(200)
        self.send_header("Content-Type", "video/mp2t")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        owner._viewer_started(self.connection)
        try:
            self._stream(clip, owner)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass  # the viewer left, or stop() closed the socket
        finally:
            owner._viewer_ended(self.connection)

    def _stream(self, clip: ParsedClip, owner: "MediaServer") -> None:
        start = time.monotonic() - LEAD_SECONDS
        index = 0
        chunk = 7 * TS  # 1316 bytes: what a UDP-era TS sender writes at once
        while not owner.stopping:
            data = loop_pass(clip, index)
            base = index * clip.duration
            for o in range(0, len(data), chunk):
                while owner.stalled and not owner.stopping:  # a network that stops delivering, for tests
                    time.sleep(0.05)
                    start += 0.05
                while (delay := start + base + clip.times[o // TS] - time.monotonic()) > 0:
                    time.sleep(min(delay, 0.25))  # in short naps, so stop() is noticed
                    if owner.stopping:
                        return
                self.wfile.write(data[o:o + chunk])
            index += 1


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: "MediaServer"


class MediaServer:
    """Serves `clips` on http://host:port/<camera>/<role>.ts; `base_url` is what fills {demo_media}."""

    def __init__(self, clips: ClipSource, host: str = "127.0.0.1", port: int = 0) -> None:
        self.clips = clips
        self.host = host
        self.port = port
        self.stopping = False
        self.stalled = False  # True: connections stay open but no byte is sent (a hung network)
        self.hold_s = HOLD_S
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._viewers: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._parsed: dict[Path, tuple[float, ParsedClip]] = {}

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def viewers(self) -> int:
        with self._lock:
            return len(self._viewers)

    def start(self) -> str:
        self.stopping = False
        self.stalled = False
        self._httpd = _HTTPServer((self.host, self.port), _Handler)
        self._httpd.owner = self
        self.port = self._httpd.server_address[1]  # keep it: a restart binds the same port again
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="gridline-media", daemon=True)
        self._thread.start()
        log.info("demo media server at %s", self.base_url)
        return self.base_url

    def stop(self) -> None:
        """Stop listening and cut every viewer (they see the stream end, as when a server dies)."""
        self.stopping = True
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        with self._lock:
            viewers, self._viewers = list(self._viewers), set()
        for s in viewers:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def parsed(self, path: Path) -> ParsedClip:
        mtime = path.stat().st_mtime
        with self._lock:
            hit = self._parsed.get(path)
        if hit is not None and hit[0] == mtime:
            return hit[1]
        clip = parse_clip(path.read_bytes())
        with self._lock:
            self._parsed[path] = (mtime, clip)
        return clip

    def _viewer_started(self, conn: socket.socket) -> None:
        with self._lock:
            self._viewers.add(conn)

    def _viewer_ended(self, conn: socket.socket) -> None:
        with self._lock:
            self._viewers.discard(conn)


def demo_media_server(db_url: str, host: str = "127.0.0.1", port: int = 0) -> MediaServer:
    """The demo cameras' media server (`serve --demo`): clips named after the cameras in the database."""
    from sqlalchemy import select

    from .db import Database
    from .db.models import Camera
    from .demo.media import DemoClips

    db = Database(db_url)
    try:
        with db.session() as s:
            names = {c.id: c.name for c in s.scalars(select(Camera))}
    finally:
        db.dispose()
    clips = DemoClips(names)
    for camera_id in sorted(names)[:PREPARE_AHEAD]:
        clips.request(camera_id, "sub")  # niced, in the background: a first 16-tile wall is ready at once
    return MediaServer(clips, host, port)


def main(argv: list[str] | None = None) -> int:
    """`python -m backend.media_server --clip a.ts --clip b.ts --cameras 16`: serve CAM-000.. from files."""
    import argparse
    import signal

    p = argparse.ArgumentParser(prog="python -m backend.media_server", description=__doc__.splitlines()[0])
    p.add_argument("--clip", action="append", required=True, help="MPEG-TS file (repeat: cameras cycle through them)")
    p.add_argument("--cameras", type=int, default=16)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file", help="write the bound port here once listening")
    a = p.parse_args(argv)
    clips = [Path(c) for c in a.clip]
    # Blocked before any thread starts (threads inherit the mask), then taken with sigwait: no
    # Python signal handler that could run at an awkward moment of the main thread.
    stop_signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    server = MediaServer(FileClips({f"CAM-{k:03d}": clips[k % len(clips)] for k in range(a.cameras)}), a.host, a.port)
    server.start()
    if a.port_file:
        Path(a.port_file).write_text(str(server.port))
    print(server.base_url, flush=True)
    signal.sigwait(stop_signals)
    started = time.monotonic()
    server.stop()
    log.info("media server stopped in %.2f s", time.monotonic() - started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
