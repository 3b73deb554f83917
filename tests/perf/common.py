"""Shared pieces of the benchmarks: streets on SQLite files, server processes, a recording client.

The server under test always runs in its own process (multiprocessing, spawn), so the clients in
the bench process do not compete with it for one GIL; its CPU is read per thread from /proc.
Everything listens on 127.0.0.1 only, and every wait here is bounded in time.
"""

from __future__ import annotations

import argparse

import asyncio
import itertools
import math
import multiprocessing as mp
import os
import random
import re
import secrets
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import msgspec

LOOPBACK = "127.0.0.1"
CLIENT_MAX_SIZE = 256 * 1024 * 1024  # snapshots of a big street come in parts, but be generous
VIEWER_USERS = ("dispatcher", "duty", "leader", "admin")  # in both streets; all may create tickets
CATEGORY = "city_appearance"  # not auto-dispatched: create → reported, then accept, assign
MAX_FRAMES_PER_CONN = 5_000_000


# --- streets -------------------------------------------------------------------------------------


@dataclass
class Street:
    kind: str  # "small" | "demo"
    path: Path
    tokens: dict[str, str]
    points: list[tuple[str, float, float]]  # (level-3 grid id, lat, lon) with the point inside that grid
    note: str = ""

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def copy_to(self, path: Path) -> "Street":
        shutil.copy(self.path, path)
        for suffix in ("-wal", "-shm"):
            if Path(str(self.path) + suffix).exists():
                shutil.copy(str(self.path) + suffix, str(path) + suffix)
        return Street(self.kind, path, dict(self.tokens), list(self.points), self.note)


def _seed_demo():
    """backend.demo.seed_demo, or the module in backend/demo that defines it before the package exports it."""
    try:
        from backend.demo import seed_demo

        return seed_demo
    except ImportError as first:
        import importlib
        import pkgutil

        import backend.demo as pkg

        for m in pkgutil.iter_modules(pkg.__path__):
            mod = importlib.import_module(f"backend.demo.{m.name}")
            if callable(getattr(mod, "seed_demo", None)):
                return mod.seed_demo
        raise first


def demo_available() -> tuple[bool, str]:
    """Whether a seed_demo exists (backend/demo is being written concurrently) and why not."""
    try:
        _seed_demo()
    except ImportError as exc:
        return False, f"backend.demo.seed_demo not available ({exc})"
    except Exception as exc:  # a half-edited module
        return False, f"backend.demo failed to import ({type(exc).__name__}: {exc})"
    return True, ""


def build_street(kind: str, path: Path, seed: int = 7) -> Street:
    """A fresh street in the SQLite file `path`: the demo street or tests/backend/small_street."""
    url = f"sqlite:///{path}"
    if kind == "demo":
        from backend.db import Database
        from backend.users import issue_token

        seed_demo = _seed_demo()

        db = Database(url)
        db.upgrade()
        t0 = time.monotonic()
        seed_demo(db, seed=seed)
        tokens = {}
        with db.session() as s:
            for name in VIEWER_USERS:
                tokens[name] = issue_token(s, name)
        db.dispose()
        note = f"demo street (seed_demo seed={seed}, {time.monotonic() - t0:.1f} s to seed)"
    elif kind == "small":
        from tests.backend.small_street import build

        tokens = build(url)
        note = "small street (tests/backend/small_street.py: 2 grids)"
    else:
        raise ValueError(f"unknown street {kind!r}")
    return Street(kind, path, tokens, grid_points(url), note)


def grid_points(url: str, limit: int = 24) -> list[tuple[str, float, float]]:
    """Points inside level-3 grids, as the server's own locator sees them (centroid, else a random try)."""
    from backend.db import Database, ticket_repo
    from backend.db.models import Region
    from backend.geo import GridLocator
    from sqlalchemy import select

    db = Database(url)
    rng = random.Random(1)
    out: list[tuple[str, float, float]] = []
    try:
        with db.sessions() as s:
            polys = ticket_repo.region_polygons(s, 3)
            locator = GridLocator(polys)
            rows = s.execute(select(Region.id, Region.centroid_lat, Region.centroid_lon)
                             .where(Region.level == 3).order_by(Region.id)).all()
        for rid, clat, clon in rows:
            if len(out) >= limit:
                break
            if locator.locate(clat, clon) == rid:
                out.append((rid, clat, clon))
                continue
            ring = polys[rid]["coordinates"][0] if polys[rid]["type"] == "Polygon" else polys[rid]["coordinates"][0][0]
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            for _ in range(200):
                lon, lat = rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys))
                if locator.locate(lat, lon) == rid:
                    out.append((rid, lat, lon))
                    break
    finally:
        db.dispose()
    if not out:
        raise RuntimeError("no point inside any level-3 grid")
    return out


def bulk_open_tickets(street: Street, target_open: int) -> tuple[int, float]:
    """Top the street up to `target_open` open tickets, straight into the SQLite file (server not running).

    One real ticket goes through the platform (create, accept, assign → dispatched); its row is then
    cloned with new ids over the grids, so every column holds what the workflow would have written.
    Returns (open tickets now, seconds taken).
    """
    from backend.db import Database
    from backend.db.models import Region, Ticket
    from backend.platform import Platform
    from console import protocol_args as pa
    from sqlalchemy import func, insert, select

    t0 = time.monotonic()
    db = Database(street.url)
    platform = Platform(db)
    platform.start()
    try:
        principal = platform.authenticate(street.tokens["dispatcher"])
        actor = platform.actor(principal)
        grid, lat, lon = street.points[0]
        r = platform.writer.run_now(platform.create_job(actor, pa.TicketCreate(
            category=CATEGORY, title="模板工单", location=pa.LatLon(lat, lon))))
        assert r.ok, r
        t = r.data["ticket"]
        r = platform.writer.run_now(platform.ticket_job(actor, "accept", t["id"], t["version"], {"note": ""}))
        assert r.ok, r
        t = r.data["ticket"]
        r = platform.writer.run_now(platform.ticket_job(actor, "assign", t["id"], t["version"],
                                                        {"region_id": grid, "assignee_id": None, "note": ""}))
        assert r.ok and r.data["ticket"]["status"] == "dispatched", r
        template_id = r.data["ticket"]["id"]
    finally:
        platform.stop()
    with db.session() as s:
        open_now = s.scalar(select(func.count()).select_from(Ticket).where(Ticket.status.not_in(("closed", "rejected"))))
        row = s.get(Ticket, template_id)
        cols = {c.key: getattr(row, c.key) for c in Ticket.__mapper__.column_attrs}
        heads = dict(s.execute(select(Region.id, Region.head_id).where(Region.level == 3)).all())
        rows = []
        for i in range(max(0, target_open - open_now)):
            g, la, lo = street.points[i % len(street.points)]
            rows.append({**cols, "id": f"TBENCH-{i:06d}", "title": f"批量工单 {i}", "region_id": g,
                         "origin_region_id": g, "assignee_id": heads.get(g) or cols["assignee_id"],
                         "lat": la, "lon": lo})
        for i in range(0, len(rows), 2000):
            s.execute(insert(Ticket), rows[i:i + 2000])
    with db.sessions() as s:
        open_now = s.scalar(select(func.count()).select_from(Ticket).where(Ticket.status.not_in(("closed", "rejected"))))
    db.dispose()
    return open_now, time.monotonic() - t0


# --- processes ----------------------------------------------------------------------------------


def _thread_names() -> dict[int, str]:
    import threading

    return {t.native_id: t.name for t in threading.enumerate() if t.native_id is not None}


CHILD_MAX_SECONDS = 900  # a server child never outlives this, nor its parent


async def _watchdog(stop: asyncio.Event) -> None:
    """Set `stop` when the parent process is gone or the child has run CHILD_MAX_SECONDS."""
    parent = os.getppid()
    for _ in range(int(CHILD_MAX_SECONDS)):
        if os.getppid() != parent or stop.is_set():
            break
        await asyncio.sleep(1)
    stop.set()


def _serve_child(db_url: str, profile_dir: str | None, pipe) -> None:
    """Child process: the real Server on port 0 until told to stop; answers ("threads",) with names.

    With `profile_dir`, the event-loop thread and the writer thread each run under cProfile (the
    writer by wrapping `Writer._run` in this process only) and dump `loop.prof` / `writer.prof` there.
    """
    import logging

    logging.basicConfig(level=logging.WARNING, format="server %(levelname)s %(name)s: %(message)s")
    loop_prof = None
    if profile_dir:
        import cProfile

        from backend.writer import Writer

        original = Writer._run

        def profiled_run(self) -> None:
            prof = cProfile.Profile()
            prof.enable()
            try:
                original(self)
            finally:
                prof.disable()
                prof.dump_stats(os.path.join(profile_dir, "writer.prof"))

        Writer._run = profiled_run
        loop_prof = cProfile.Profile()

    async def run() -> None:
        from backend.server import Server, ServeOptions

        # As `python -m backend serve` runs it: the platform in its own process, unless asked otherwise.
        split = os.environ.get("GRIDLINE_BENCH_SINGLE_PROCESS") != "1"
        server = Server(ServeOptions(db_url=db_url, host=LOOPBACK, port=0, sweep_seconds=3600,
                                     platform_process=split))
        await server.start()
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()

        def on_command() -> None:
            while pipe.poll():
                cmd = pipe.recv()
                if cmd[0] == "threads":
                    pipe.send(("threads", _thread_names()))
                elif cmd[0] == "stats":
                    w = getattr(server.platform, "writer", None)
                    proc = getattr(server.platform, "process", None)
                    pipe.send(("stats", {"commits": getattr(w, "commits", -1), "jobs": getattr(w, "jobs_done", -1),
                                         "head": server.hub.state.head, "subscribers": len(server.hub.subscribers),
                                         "platform_pid": proc.pid if proc is not None else None}))
                elif cmd[0] == "stop":
                    stop.set()

        loop.add_reader(pipe.fileno(), on_command)
        pipe.send(("ready", server.hub.port, os.getpid()))
        if loop_prof is not None:
            loop_prof.enable()
        watchdog = asyncio.ensure_future(_watchdog(stop))
        await stop.wait()
        watchdog.cancel()
        if loop_prof is not None:
            loop_prof.disable()
            loop_prof.dump_stats(os.path.join(profile_dir, "loop.prof"))
        loop.remove_reader(pipe.fileno())
        await server.stop()
        server.db.dispose()
        pipe.send(("stopped",))

    asyncio.run(run())


def _bare_child(compression: str | None, pipe) -> None:
    """Child process: a bare websockets server that broadcasts N copies of a frame when told to."""

    async def run() -> None:
        from websockets.asyncio.server import broadcast, serve

        conns: set = set()
        welcome = msgspec.json.encode({"type": "welcome", "protocol": 1, "user": {"id": "u", "name": "bare", "role": "x"},
                                       "permissions": [], "head": 0}).decode()
        snapshot = msgspec.json.encode({"type": "snapshot", "seq": 0, "part": 1, "parts": 1, "entities": {}}).decode()

        async def handler(ws) -> None:
            try:
                await asyncio.wait_for(ws.recv(), 10)  # the hello
                await ws.send(welcome)
                await ws.send(snapshot)
            except Exception:
                return
            conns.add(ws)
            try:
                async for _ in ws:
                    pass
            except Exception:
                pass
            finally:
                conns.discard(ws)

        async def blast(n: int, sample: str) -> tuple[int, float, int]:
            ev = msgspec.json.decode(sample)
            data = msgspec.Raw(msgspec.json.encode(ev["data"]))
            enc = msgspec.json.Encoder()
            targets = list(conns)
            waits = 0
            t0 = time.perf_counter()
            deadline = time.monotonic() + 60
            for seq in range(1, n + 1):
                now = datetime.now(timezone.utc)
                ts = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
                frame = enc.encode({"type": "event", "seq": seq, "ts": ts, "kind": ev["kind"], "op": ev["op"],
                                    "id": ev["id"], "data": data})
                broadcast(targets, frame.decode())
                if seq % 32 == 0:
                    # as fast as it can without losing frames: let the loop flush, hold while buffers are big
                    await asyncio.sleep(0)
                    while time.monotonic() < deadline and max(
                            (c.transport.get_write_buffer_size() for c in targets if c.transport), default=0) > 1 << 20:
                        waits += 1
                        await asyncio.sleep(0.001)
            return n, time.perf_counter() - t0, waits

        server = await serve(handler, LOOPBACK, 0, max_size=1 << 20, compression=compression,
                             ping_interval=20, ping_timeout=20)
        loop = asyncio.get_running_loop()
        commands: asyncio.Queue = asyncio.Queue()

        def on_command() -> None:
            while pipe.poll():
                commands.put_nowait(pipe.recv())

        loop.add_reader(pipe.fileno(), on_command)
        pipe.send(("ready", server.sockets[0].getsockname()[1], os.getpid()))
        stop = asyncio.Event()
        watchdog = asyncio.ensure_future(_watchdog(stop))
        for _ in range(100):  # bounded: a handful of commands per run
            getter = asyncio.ensure_future(commands.get())
            stopper = asyncio.ensure_future(stop.wait())
            await asyncio.wait([getter, stopper], return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if not getter.done():
                getter.cancel()
                break
            cmd = getter.result()
            if cmd[0] == "clients":
                pipe.send(("clients", len(conns)))
            elif cmd[0] == "blast":
                pipe.send(("blasted",) + await blast(cmd[1], cmd[2]))
            elif cmd[0] == "threads":
                pipe.send(("threads", _thread_names()))
            elif cmd[0] == "stop":
                break
        watchdog.cancel()
        loop.remove_reader(pipe.fileno())
        server.close()
        await server.wait_closed()
        pipe.send(("stopped",))

    asyncio.run(run())


class ChildProcess:
    """A spawned child speaking over a Pipe: start → port; cpu() per thread; stop."""

    def __init__(self, target: Callable, *args: Any, name: str = "child"):
        ctx = mp.get_context("spawn")
        self.pipe, child_end = ctx.Pipe()
        # not daemonic: the server spawns its platform process; _watchdog ends a child whose parent died
        self.proc = ctx.Process(target=target, args=(*args, child_end), name=name, daemon=False)
        self.port = 0
        self.pid = 0
        self._names: dict[int, str] = {}

    def start(self, timeout: float = 120) -> int:
        self.proc.start()
        msg = self.wait_for("ready", timeout)
        _, self.port, self.pid = msg
        return self.port

    def wait_for(self, kind: str, timeout: float) -> tuple:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.pipe.poll(min(0.5, max(0.0, deadline - time.monotonic()))):
                msg = self.pipe.recv()
                if msg[0] == kind:
                    return msg
            elif not self.proc.is_alive():
                raise RuntimeError(f"{self.proc.name} exited with {self.proc.exitcode} before {kind!r}")
        raise TimeoutError(f"{self.proc.name}: no {kind!r} within {timeout} s")

    async def ask(self, cmd: tuple, reply: str, timeout: float = 30) -> tuple:
        self.pipe.send(cmd)
        return await asyncio.to_thread(self.wait_for, reply, timeout)

    async def cpu(self) -> dict[str, float]:
        """CPU seconds so far by thread group (loop, writer, readers, to_thread, other) and "total";
        for the Gridline server also the writer's counters (commits, jobs)."""
        try:
            self._names.update((await self.ask(("threads",), "threads", 10))[1])
        except Exception:
            pass
        out = thread_cpu(self.pid, self._names)
        if self.proc.name.startswith("gridline-server"):
            try:
                st = (await self.ask(("stats",), "stats", 10))[1]
                if st["commits"] >= 0:
                    out["commits"], out["jobs"] = float(st["commits"]), float(st["jobs"])
                if st.get("platform_pid"):  # the platform process (writer) is the server's child
                    plat = thread_cpu(st["platform_pid"], {})
                    out["platform"] = plat.get("total", 0.0)
                    out["total"] = out.get("total", 0.0) + out["platform"]
            except Exception:
                pass
        return out

    def stop(self, timeout: float = 30) -> None:
        if self.proc.is_alive():
            try:
                self.pipe.send(("stop",))
                self.wait_for("stopped", timeout)
            except Exception:
                pass
            self.proc.join(timeout)
        if self.proc.is_alive():
            self.proc.terminate()  # our own child, by its handle
            self.proc.join(5)


_TICK = os.sysconf("SC_CLK_TCK")


def _stat_cpu(path: str) -> float:
    with open(path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime


def _group(name: str) -> str:
    if name == "MainThread":
        return "loop"
    if name.startswith("gridline-writer"):
        return "writer"
    if name.startswith("gridline-read"):
        return "readers"
    if name.startswith("asyncio_"):
        return "to_thread"
    return "other"


def thread_cpu(pid: int, names: dict[int, str]) -> dict[str, float]:
    out: dict[str, float] = {"total": 0.0}
    try:
        out["total"] = _stat_cpu(f"/proc/{pid}/stat")
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                cpu = _stat_cpu(f"/proc/{pid}/task/{tid}/stat")
            except OSError:
                continue
            g = _group(names.get(int(tid), "?"))
            out[g] = out.get(g, 0.0) + cpu
    except OSError:
        pass
    return out


def cpu_delta(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    return {k: b.get(k, 0.0) - a.get(k, 0.0) for k in set(a) | set(b)}


def fmt_cpu(d: dict[str, float], wall: float) -> str:
    order = ["total", "platform", "loop", "writer", "readers", "to_thread", "other"]
    parts = [f"{k} {100 * d[k] / wall:.0f}%" for k in order if k in d and (k == "total" or d[k] > 0.005)]
    if d.get("jobs"):
        parts.append(f"[writer: {d['jobs']:.0f} jobs in {d['commits']:.0f} commits, "
                     f"{d['jobs'] / max(1.0, d['commits']):.1f} per commit, "
                     f"{1000 * d.get('writer', 0.0) / d['jobs']:.1f} ms writer CPU per job]")
    return ", ".join(parts)


async def health(port: int, timeout: float = 10) -> tuple[int, int]:
    """(head, clients) from the hub's /health."""
    async with asyncio.timeout(timeout):
        r, w = await asyncio.open_connection(LOOPBACK, port)
        w.write(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        await w.drain()
        data = await r.read(65536)
        w.close()
    m = re.search(rb"head=(\d+) clients=(\d+)", data)
    if not m:
        raise RuntimeError(f"unexpected /health answer: {data[:200]!r}")
    return int(m.group(1)), int(m.group(2))


# --- statistics ----------------------------------------------------------------------------------


def pct(sorted_values: list[float], q: float) -> float:
    """The q-quantile (0..1) of already sorted values, nearest rank; nan when empty."""
    if not sorted_values:
        return math.nan
    i = min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))
    return sorted_values[i]


def parse_ts(ts: str) -> float:
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp()


# --- the client ----------------------------------------------------------------------------------


def _nbytes(msg: str | bytes) -> int:
    return len(msg) if isinstance(msg, bytes) else len(msg.encode())


def _text(msg: str | bytes) -> str:
    return msg.decode() if isinstance(msg, bytes) else msg


class Head(msgspec.Struct):
    """The few fields a recorder needs from any server frame; the rest is skipped unparsed."""

    type: str
    seq: int | None = None
    ts: str | None = None
    id: str | None = None
    part: int | None = None
    parts: int | None = None
    head: int | None = None


_head = msgspec.json.Decoder(Head)


class EventsHead(msgspec.Struct):
    """An `events` frame [EXT] (clients that said `batch: true`): the heads of its events."""

    events: list[Head]


_events_head = msgspec.json.Decoder(EventsHead)
_enc = msgspec.json.Encoder()
_run = secrets.token_hex(3)
_ids = itertools.count(1)


@dataclass
class PhaseStats:
    expected_first: int | None = None
    first_seq: int | None = None
    last_seq: int | None = None
    count: int = 0
    gaps: int = 0
    dups: int = 0
    first_t: float | None = None
    last_t: float | None = None
    latencies: list[float] = field(default_factory=list)
    bytes: int = 0  # only counted on the client told to (measure_bytes)

    def in_order(self, first: int, last: int) -> bool:
        return (self.gaps == 0 and self.dups == 0 and self.count == last - first + 1
                and (self.count == 0 or (self.first_seq == first and self.last_seq == last)))


class Conn:
    """One websocket: handshake, then a reader task that records event seqs and receipt times
    and routes replies to callbacks. Sending requests never waits for their replies."""

    def __init__(self, name: str, ws):
        self.name = name
        self.ws = ws
        self.last_seq: int | None = None
        self.phase = PhaseStats()
        self.pending: dict[str, Callable[[float, dict], None]] = {}
        self.target: int | None = None
        self.reached = asyncio.Event()
        self.errors: list[str] = []
        self.closed: str | None = None
        self.measure_bytes = False
        self.sample: str | None = None  # one event frame as received (for the bare baseline)
        self.task: asyncio.Task | None = None
        self.welcome_head: int | None = None
        self.snapshot_seq: int | None = None
        self._ts_s = ""
        self._ts_v = 0.0
        self._budget = MAX_FRAMES_PER_CONN

    # The lean client (tests/perf/lean_ws.py) costs a fraction per frame; bench_hub uses it unless
    # told `--client websockets`. Other benches keep websockets' client.
    default_lean = False

    @classmethod
    async def open(cls, name: str, url: str, compression: str | None = "deflate", timeout: float = 30,
                   lean: bool | None = None) -> "Conn":
        if cls.default_lean if lean is None else lean:
            from . import lean_ws

            return cls(name, await lean_ws.connect(url, compression, CLIENT_MAX_SIZE, timeout))
        from websockets.asyncio.client import connect

        ws = await connect(url, max_size=CLIENT_MAX_SIZE, compression=compression, open_timeout=timeout,
                           ping_interval=20, ping_timeout=60)
        return cls(name, ws)

    async def handshake(self, token: str, timeout: float = 60, batch: bool = False) -> tuple[float, int, int]:
        """hello → welcome → every snapshot part; returns (seconds from hello to last part, bytes, parts).
        `batch`: ask for `events` frames (docs/protocol.md §4.2), as the console does."""
        frame = {"type": "hello", "protocol": 1, "token": token, "resume_from": None, "client": "gridline-bench/0.1"}
        if batch:
            frame["batch"] = True
        hello = _enc.encode(frame).decode()
        nbytes = 0
        t0 = time.perf_counter()
        await self.ws.send(hello)
        async with asyncio.timeout(timeout):
            w = _head.decode(await self.ws.recv())
            if w.type != "welcome":
                raise RuntimeError(f"{self.name}: expected welcome, got {w.type}")
            self.welcome_head = w.head
            parts = 1
            for _ in range(100_000):  # bounded: a snapshot has far fewer parts
                msg = await self.ws.recv()
                nbytes += _nbytes(msg)
                h = _head.decode(msg)
                if h.type != "snapshot":
                    raise RuntimeError(f"{self.name}: expected snapshot, got {h.type}")
                parts = h.parts or 1
                if h.part == h.parts:
                    break
        elapsed = time.perf_counter() - t0
        self.snapshot_seq = h.seq
        self.last_seq = h.seq
        return elapsed, nbytes, parts

    def start_reading(self) -> None:
        if hasattr(self.ws, "on_message"):  # the lean client calls back from data_received
            self.ws.deliver_to(self._on_lean_message)
            self.task = asyncio.ensure_future(self._watch_lean())
        else:
            self.task = asyncio.ensure_future(self._read())

    def begin_phase(self) -> None:
        self.phase = PhaseStats(expected_first=(self.last_seq or 0) + 1)
        self.target = None
        self.reached.clear()

    def expect(self, target: int) -> None:
        self.target = target
        if self.last_seq is not None and self.last_seq >= target:
            self.reached.set()

    async def _read(self) -> None:
        p_time = time.time
        try:
            async for msg in self.ws:
                if not self._on_message(msg, p_time()):
                    return
        except Exception as exc:
            self.closed = f"{type(exc).__name__}: {exc}"
        else:
            self.closed = "closed"

    def _on_lean_message(self, msg: bytes) -> None:
        if self.closed is None and not self._on_message(msg, time.time()):
            asyncio.ensure_future(self.ws.close())

    async def _watch_lean(self) -> None:
        reason = await self.ws.closed
        if self.closed is None:
            self.closed = reason

    def _on_message(self, msg: str | bytes, t: float) -> bool:
        """Record one server frame received at `t`; False when this connection must stop reading."""
        self._budget -= 1
        if self._budget < 0:  # bounded: far more than any phase sends
            self.closed = "frame budget exhausted"
            return False
        h = _head.decode(msg)
        if h.type == "event":
            self._on_event(h, t, msg)
        elif h.type == "events":
            for e in _events_head.decode(msg).events:
                self._on_event(e, t, None)
            if self.measure_bytes:
                self.phase.bytes += _nbytes(msg)
                if self.sample is None:  # one event, as a client without batch gets it
                    self.sample = _enc.encode(msgspec.json.decode(msg)["events"][0]).decode()
        elif h.type == "reply":
            cb = self.pending.pop(h.id, None)
            if cb is not None:
                cb(t, msgspec.json.decode(msg))
        elif h.type == "error":
            self.errors.append(_text(msg)[:300])
        return True

    def _on_event(self, h: Head, t: float, msg: str | None) -> None:
        ph = self.phase
        seq = h.seq
        last = self.last_seq
        if last is not None and seq != last + 1:
            if seq <= last:
                ph.dups += 1
            else:
                ph.gaps += 1
        if last is None or seq > last:
            self.last_seq = seq
        if ph.first_seq is None:
            ph.first_seq = seq
            ph.first_t = t
        ph.last_seq = seq
        ph.last_t = t
        ph.count += 1
        ts = h.ts
        if ts != self._ts_s:
            self._ts_s, self._ts_v = ts, parse_ts(ts)
        ph.latencies.append(t - self._ts_v)
        if self.measure_bytes and msg is not None:
            ph.bytes += _nbytes(msg)
            if self.sample is None:
                self.sample = _text(msg)
        if self.target is not None and seq >= self.target:
            self.reached.set()

    async def send_request(self, name: str, args: dict, on_reply: Callable[[float, dict], None]) -> str:
        rid = f"{self.name}-{_run}-{next(_ids)}"
        self.pending[rid] = on_reply
        await self.ws.send(_enc.encode({"type": "request", "id": rid, "name": name, "args": args}).decode())
        return rid

    async def call(self, name: str, args: dict, timeout: float = 10) -> tuple[float, dict]:
        """Send and wait for the reply; returns (seconds from send to reply, reply)."""
        fut = asyncio.get_running_loop().create_future()
        t0 = time.perf_counter()

        def done(_t: float, r: dict) -> None:
            if not fut.done():
                fut.set_result((time.perf_counter() - t0, r))

        rid = await self.send_request(name, args, done)
        try:
            return await asyncio.wait_for(fut, timeout)
        finally:
            self.pending.pop(rid, None)

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.ws.close(), 5)
        except Exception:
            pass
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)


async def wait_all(conns: list[Conn], target: int, timeout: float) -> float:
    """Wait until every connection has seen seq `target`; returns the seconds waited (bounded)."""
    t0 = time.monotonic()
    for c in conns:
        c.expect(target)
    try:
        async with asyncio.timeout(timeout):
            await asyncio.gather(*(c.reached.wait() for c in conns))
    except TimeoutError:
        pass
    return time.monotonic() - t0


def load_parser(name: str, doc: str | None, rate_help: str, seconds: float) -> argparse.ArgumentParser:
    """The options every live-load benchmark shares: street, open tickets, offered rate, length, producers."""
    ok, _ = demo_available()
    p = argparse.ArgumentParser(prog=f"python -m tests.perf {name}", description=doc,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--street", choices=["small", "demo"], default="demo" if ok else "small",
                   help="street to run on (default: demo when backend.demo.seed_demo exists)")
    p.add_argument("--open-tickets", type=int, default=10_000)
    p.add_argument("--rate", type=float, default=500.0, help=rate_help)
    p.add_argument("--seconds", type=float, default=seconds, help="length of the load phase")
    p.add_argument("--producers", type=int, default=0,
                   help="producer connections (default: enough to stay under the 50 req/s per-connection limit)")
    return p


def check_street(p: argparse.ArgumentParser, a: argparse.Namespace, rate_limit: float) -> None:
    """Note why the demo street is missing (printed with the figures); refuse --street demo without it;
    default producers: enough connections to stay under the hub's per-connection `rate_limit`."""
    ok, why = demo_available()
    a.demo_note = why
    if a.street == "demo" and not ok:
        p.error(why)
    if a.producers <= 0:
        a.producers = max(2, int(a.rate / (0.85 * rate_limit)) + 1)

