"""The console under live load, in one run: connect -> board shown, then UI-thread stalls, latency, RSS.

    python -m tests.perf console [--rate 500] [--seconds 30] [--open-tickets 10000] [--street demo|small] ...

Processes (everything on 127.0.0.1):
  * the real server (backend.server.Server, platform in its own process) in a spawned child, on a
    street (the demo street when backend.demo.seed_demo exists) topped up to 10,000 open tickets
    straight in its SQLite file before it starts (as bench_hub does);
  * a producer in another spawned child: ticket.create / accept / assign at --rate requests/s
    (one event each) over enough connections for the hub's 50 req/s per-connection limit;
  * this process: a QApplication (QT_QPA_PLATFORM=offscreen) with the console as widgets/app.py wires
    it: Store, Feed, Session, Connection (its own network thread), Operations, FeedBridge (16 ms
    drain timer) and the real MainWindow (board, alarm bar, dispatch, detail), shown at 1920x1080.

Measured:
  1. connect -> board fully shown: Connection.start() until the store holds the snapshot, the status
     is live, every board column model holds exactly the store's tickets of that column (so the
     open columns hold every open ticket) and the window has painted the board once after that.
  2. under load (producer at --rate for --seconds): UI-thread stalls (lateness of a 1 ms precise
     QTimer: gap between ticks minus 1 ms), latency from the network thread's receipt of an event
     (Feed.put, stamped here) to (a) the column model's rowsInserted/rowsMoved/dataChanged for that
     ticket id, (b) the end of the drain that applied it, (c) the next paint of a board column;
     RSS of this process (/proc/self/status).
Instrumentation only observes: a Feed subclass stamps `put`, the MainWindow subclass times its
events, the bridge instance's `drain_now` is wrapped to log its span, signals are listened to.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import math
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from console.embedded import BACKEND_NICENESS

from .common import (LOOPBACK, ChildProcess, _serve_child, build_street, bulk_open_tickets, check_street,
                     load_parser, parse_ts, pct)

RATE_LIMIT = 50.0  # backend/hub.py REQUESTS_PER_SECOND, per connection
CONSOLE_USER = "duty"  # the embedded console signs in as duty (console/embedded.py)
PRODUCER_USER = "dispatcher"
WIDTH, HEIGHT = 1920, 1080
STALL_TICK_MS = 1
OPEN_COLUMNS = ("reported", "accepted", "handling", "feedback", "verified")
OPEN_STATUSES = frozenset({"reported", "accepted", "dispatched", "in_progress", "feedback", "verified"})

AIM_CONNECT_S = 1.5
AIM_STALL_MS = 50.0
AIM_P99_MS = 100.0
AIM_RSS_MB = 400.0


def parse(argv: list[str]) -> argparse.Namespace:
    p = load_parser("console", __doc__, "events/s the producer offers", 30.0)
    p.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (default offscreen)")
    p.add_argument("--nice", type=int, default=BACKEND_NICENESS,
                   help="raise the niceness of the server and producer processes by N (default "
                        f"{BACKEND_NICENESS}, as console/embedded.py starts the local backend; 0: all equal)")
    p.add_argument("--shot", metavar="PNG", help="save a grab of the window once the board is shown")
    p.add_argument("--close-docks", metavar="KEYS", default="",
                   help="comma-separated MainWindow docks to close before connecting, as a user can (e.g. "
                        "dispatch): a diagnostic to see what one panel costs; default none (the shipped layout)")
    p.add_argument("--no-fresh-window", action="store_true",
                   help="skip the extra measure of building a second MainWindow over the loaded store")
    p.add_argument("--profile", metavar="FILE",
                   help="run the UI thread under cProfile during the load phase; dump the stats to FILE and print "
                        "the top functions (the profiler slows the console: figures are then not comparable)")
    p.add_argument("--strict", action="store_true", help="exit 1 when an aim is missed (default: 0 once it ran)")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    a = p.parse_args(argv)
    check_street(p, a, RATE_LIMIT)
    return a


# --- the producer process ----------------------------------------------------------------------------


def _recv(pipe, kinds: tuple[str, ...], timeout: float) -> tuple:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pipe.poll(min(0.5, max(0.0, deadline - time.monotonic()))):
            msg = pipe.recv()
            if msg[0] in kinds:
                return msg
    raise TimeoutError(f"no {kinds} within {timeout} s")


def _producer_child(port: int, token: str, points: list, n_conns: int, nice: int, pipe) -> None:
    """Child process: on ("connect",) opens n_conns producer connections; on ("go", rate, seconds)
    creates and moves tickets at `rate` requests/s (bench_hub.Producer), then reports ("done", stats)."""
    import asyncio

    from .bench_hub import Producer
    from .common import Conn, health

    if nice:
        os.nice(nice)

    async def run() -> None:
        conns: list[Conn] = []
        pipe.send(("ready", 0, os.getpid()))
        try:
            cmd = await asyncio.to_thread(_recv, pipe, ("connect", "stop"), 600)
            if cmd[0] != "connect":
                return
            url = f"ws://{LOOPBACK}:{port}/ws"
            t0 = time.perf_counter()
            for i in range(n_conns):
                c = await Conn.open(f"prod{i}", url)
                await c.handshake(token)
                c.start_reading()
                conns.append(c)
            head0, clients = await health(port)
            pipe.send(("connected", len(conns), head0, clients, time.perf_counter() - t0))
            cmd = await asyncio.to_thread(_recv, pipe, ("go", "stop"), 600)
            if cmd[0] != "go":
                return
            _, rate, seconds = cmd
            prod = Producer(conns, points)
            cpu0 = time.process_time()
            wall, planned = await prod.paced(rate, seconds)
            await prod.drain(15)
            head1, _ = await health(port)
            rt = sorted(prod.rtts)
            pipe.send(("done", {
                "head0": head0, "head1": head1, "wall": wall, "planned": planned, "sent": prod.sent, "ok": prod.ok,
                "errors": dict(prod.errors), "by_action": dict(prod.by_action), "held": prod.held,
                "rtt_p50": pct(rt, 0.5), "rtt_p99": pct(rt, 0.99), "cpu": time.process_time() - cpu0,
                "pending": prod.pending(),
            }))
            await asyncio.to_thread(_recv, pipe, ("stop",), 600)
        except (EOFError, OSError, TimeoutError):
            pass  # the parent is gone or gave up: just end
        finally:
            for c in conns:
                await c.close()
            try:
                pipe.send(("stopped",))
            except OSError:
                pass

    asyncio.run(run())


# --- small helpers ---------------------------------------------------------------------------------------


def rss_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB."""
    out = {"VmRSS": math.nan, "VmHWM": math.nan}
    with open("/proc/self/status") as f:
        for line in f:
            k = line.split(":", 1)[0]
            if k in out:
                out[k] = int(line.split()[1]) / 1024
    return out["VmRSS"], out["VmHWM"]


_TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu(path: str) -> float:
    try:
        with open(path) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, IndexError, ValueError):
        return math.nan


def thread_cpu(native_id: int | None) -> float:
    return proc_cpu(f"/proc/self/task/{native_id}/stat") if native_id else math.nan


def ms(x: float) -> float:
    return 1000.0 * x


def stats_ms(values: list[float]) -> dict[str, float]:
    v = sorted(values)
    return {"n": len(v), "p50": ms(pct(v, 0.5)), "p99": ms(pct(v, 0.99)), "max": ms(v[-1]) if v else math.nan}


# --- the recorder: everything measured in this process ---------------------------------------------------


@dataclass
class Recv:
    t: float  # perf_counter when the network thread put it into the feed
    wall: float  # time.time() then (for the server's ts)
    id: str
    kind: str
    ts: str


@dataclass
class Recorder:
    recv: dict[int, Recv] = field(default_factory=dict)  # seq -> receipt (written on the network thread)
    welcome_t: float | None = None
    snapshot_t: float | None = None  # the whole snapshot decoded (network thread)
    snapshot_seq: int | None = None
    snapshot_tickets: int = 0
    live_t: float | None = None  # the network thread put the "live" status
    reset_t: float | None = None  # store.sig_reset (start of the views' rebuild)
    measuring: bool = False
    applied_seq: int = 0
    pending_by_id: dict[str, list[int]] = field(default_factory=dict)  # applied, no row signal yet
    drained_seqs: list[int] = field(default_factory=list)  # applied since the last drain ended
    lat_model: list[float] = field(default_factory=list)
    lat_drain: list[float] = field(default_factory=list)
    lat_server: list[float] = field(default_factory=list)
    drain_batches: list[tuple[float, list[int]]] = field(default_factory=list)  # (drain end, seqs)
    unmatched: int = 0
    unmatched_ids: list[str] = field(default_factory=list)
    drains: list[tuple[float, float, int, int]] = field(default_factory=list)  # (start, end, items, events)
    resorts: list[float] = field(default_factory=list)  # when the board's 30 s re-sort timer finished
    updates: list[tuple[float, float, bool]] = field(default_factory=list)  # window UpdateRequest spans
    board_paints: list[float] = field(default_factory=list)
    ticks: list[float] = field(default_factory=list)
    sched: list[bytes] = field(default_factory=list)  # /proc/thread-self/schedstat of the UI thread at each tick
    gcs: list[tuple[float, float, int, int]] = field(default_factory=list)  # (start, end, generation, collected)
    rss: list[float] = field(default_factory=list)
    _gc_start: float = 0.0

    def gc_callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        elif self.measuring:
            self.gcs.append((self._gc_start, time.perf_counter(), info.get("generation", -1), info.get("collected", 0)))


def make_feed_class(rec: Recorder):
    from console import feed as f

    class StampedFeed(f.Feed):
        """The real Feed; `put` first notes when the network thread handed each item over."""

        def put(self, item: Any) -> None:
            t = time.perf_counter()
            if isinstance(item, f.Events):
                w = time.time()
                for ev in item.events:
                    rec.recv[ev.seq] = Recv(t, w, ev.id, ev.kind, ev.ts)
            elif isinstance(item, f.SnapshotReady):
                rec.snapshot_t, rec.snapshot_seq = t, item.seq
                rec.snapshot_tickets = len(item.entities.get("ticket", ()))
            elif isinstance(item, f.Welcomed):
                rec.welcome_t = rec.welcome_t or t
            elif isinstance(item, f.Status) and item.status.state == "live" and rec.live_t is None:
                rec.live_t = t
            super().put(item)

    return StampedFeed


def make_window_class(rec: Recorder):
    from PySide6.QtCore import QEvent

    from widgets.main_window import MainWindow

    class TimedMainWindow(MainWindow):
        """The real MainWindow; `event` only times the repaints (UpdateRequest) it handles."""

        def event(self, e: Any) -> bool:
            if e.type() == QEvent.Type.UpdateRequest:
                n = len(rec.board_paints)
                t0 = time.perf_counter()
                r = super().event(e)
                rec.updates.append((t0, time.perf_counter(), len(rec.board_paints) > n))
                return r
            return super().event(e)

    return TimedMainWindow


def make_paint_filter(rec: Recorder):
    from PySide6.QtCore import QEvent, QObject

    class PaintSpy(QObject):
        def eventFilter(self, obj: Any, e: Any) -> bool:  # noqa: N802 (Qt override)
            if e.type() == QEvent.Type.Paint:
                rec.board_paints.append(time.perf_counter())
            return False

    return PaintSpy()


def run_until(cond: Callable[[], bool], timeout: float, poll_ms: int = 20) -> bool:
    """Run the Qt event loop until `cond()` (checked every poll_ms) or `timeout` seconds."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    if cond():
        return True
    loop = QEventLoop()
    deadline = time.monotonic() + timeout
    result = {"ok": False}

    def check() -> None:
        if cond():
            result["ok"] = True
            loop.quit()
        elif time.monotonic() >= deadline:
            loop.quit()

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(poll_ms)
    timer.timeout.connect(check)
    timer.start()
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    guard.start(int(timeout * 1000) + 100)
    loop.exec()
    timer.stop()
    guard.stop()
    return result["ok"] or cond()


# --- the console, wired as widgets/app.py does ------------------------------------------------------------


class Console:
    def __init__(self, rec: Recorder, url: str, token: str, tmp: Path) -> None:
        from PySide6.QtCore import QSettings

        from console.connection import Connection, Credentials
        from console.operations import Operations
        from console.session import Session
        from console.store import Store
        from widgets.bridge import FeedBridge

        self.rec = rec
        self._want: tuple[int, dict[str, int]] | None = None
        self.check_ms = 0.0  # time the bench spent checking the board during connect (not the console's)
        self.store = Store()
        self.feed = make_feed_class(rec)()
        self.session = Session()
        # Listen before any view does (priority): the batch's seqs are known when the models react.
        self.store.sig_reset.connect(self._on_reset, priority=1000)
        self.store.sig_changed.connect(self._on_changed, priority=1000)
        self.connection = Connection(url, Credentials(token=token), self.feed)
        self.operations = Operations(self.store, self.connection, self.session)
        self.bridge = FeedBridge(self.feed, self.store, self.operations, self.session)
        self._drain = self.bridge.drain_now
        self.bridge.drain_now = self._timed_drain  # _on_tick looks it up on the instance
        self.settings = QSettings(str(tmp / "console.ini"), QSettings.Format.IniFormat)
        self.window = make_window_class(rec)(self.store, self.operations, self.session, settings=self.settings)
        self.board = self.window.panels["board"]
        if not hasattr(self.board, "model"):
            raise RuntimeError(f"the board panel did not load: {type(self.board).__name__} "
                               f"{getattr(self.board, 'error', '')}")
        self.spy = make_paint_filter(rec)
        for view in self.board.views.values():
            view.viewport().installEventFilter(self.spy)
        for model in self.board.model.columns.values():
            model.rowsInserted.connect(lambda _p, first, last, m=model: self._rows(m, first, last))
            model.dataChanged.connect(lambda tl, br, _r=None, m=model: self._rows(m, tl.row(), br.row()))
            model.rowsMoved.connect(lambda _p, s, e, _d, dest, m=model: self._moved(m, s, e, dest))

    # --- observing the store and the models -----------------------------------------------------------

    def _on_reset(self) -> None:
        self.rec.reset_t = self.rec.reset_t or time.perf_counter()
        self.rec.applied_seq = self.store.seq
        self.rec.pending_by_id.clear()

    def _on_changed(self, _changes: list) -> None:
        rec = self.rec
        seq = self.store.seq
        if seq <= rec.applied_seq:
            return  # an overlay or settle: no new events
        for s in range(rec.applied_seq + 1, seq + 1):
            r = rec.recv.get(s)
            if r is not None and rec.measuring:
                rec.pending_by_id.setdefault(r.id, []).append(s)
                rec.drained_seqs.append(s)
        rec.applied_seq = seq

    def _hit(self, tid: str | None, now: float) -> None:
        seqs = self.rec.pending_by_id.pop(tid, None) if tid is not None else None
        if seqs:
            recv = self.rec.recv
            for s in seqs:
                self.rec.lat_model.append(now - recv[s].t)

    def _rows(self, model: Any, first: int, last: int) -> None:
        if not self.rec.pending_by_id:
            return
        now = time.perf_counter()
        for row in range(first, min(last, first + 50) + 1):
            self._hit(model.id_at(row), now)

    def _moved(self, model: Any, start: int, end: int, dest: int) -> None:
        if not self.rec.pending_by_id:
            return
        now = time.perf_counter()
        row = dest - 1 if dest > start else dest  # where the moved row is now
        for r in (row, dest, start):
            tid = model.id_at(r)
            if tid in self.rec.pending_by_id:
                self._hit(tid, now)
                return

    def _timed_drain(self) -> int:
        t0 = time.perf_counter()
        n = self._drain()
        t1 = time.perf_counter()
        rec = self.rec
        if n:
            rec.drains.append((t0, t1, n, len(rec.drained_seqs)))
        if rec.drained_seqs:
            for s in rec.drained_seqs:
                rec.lat_drain.append(t1 - rec.recv[s].t)
            rec.drain_batches.append((t1, rec.drained_seqs))
            rec.drained_seqs = []
        if rec.pending_by_id:  # applied, but no row signal named the ticket
            for tid, seqs in rec.pending_by_id.items():
                rec.unmatched += len(seqs)
                if len(rec.unmatched_ids) < 10:
                    rec.unmatched_ids.append(tid)
            rec.pending_by_id.clear()
        return n

    # --- checks -------------------------------------------------------------------------------------

    def column_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """(rows per board column model, tickets per column in the store); the store's side is
        computed once per store seq (a full pass over the tickets)."""
        from datetime import datetime, timezone

        from console import board

        if self._want is None or self._want[0] != self.store.seq:
            t0 = time.perf_counter()
            now = datetime.now(timezone.utc)
            want = {k: 0 for k in self.board.model.columns}
            for t in self.store.all("ticket"):
                key = board.column_of(t, now)
                if key is not None:
                    want[key] += 1
            self._want = (self.store.seq, want)
            self.check_ms += ms(time.perf_counter() - t0)
        have = {k: m.rowCount() for k, m in self.board.model.columns.items()}
        return have, self._want[1]

    def open_count(self) -> int:
        return sum(1 for t in self.store.all("ticket") if t.get("status") in OPEN_STATUSES)

    def board_full(self) -> bool:
        if self.store.status.state != "live" or self.store.count("ticket") == 0:
            return False
        have, want = self.column_counts()
        return have == want

    def shutdown(self) -> None:
        for step in (self.bridge.stop, self.connection.stop, self.window.close):
            try:
                step()
            except Exception as exc:  # noqa: BLE001 -- keep tearing down
                print(f"  shutdown step failed: {exc!r}", file=sys.stderr)


# --- phases ----------------------------------------------------------------------------------------------------


def phase_connect(con: Console, rec: Recorder) -> dict:
    """Connection.start() -> the board holds every ticket of the store and has been painted."""
    res: dict[str, Any] = {}
    state = {"ready": None}

    def ready() -> bool:
        if state["ready"] is None and rec.snapshot_t is not None and con.board_full():
            state["ready"] = time.perf_counter()
        return state["ready"] is not None

    t0 = time.perf_counter()
    rss0 = rss_mb()[0]
    con.connection.start()
    ok = run_until(ready, 60, poll_ms=1)
    res["ok"] = ok
    if not ok:
        res["why"] = (f"status {con.store.status.state} {con.store.status.detail!r}, store tickets "
                      f"{con.store.count('ticket')}, columns {con.column_counts()}")
        return res
    t_ready = state["ready"]
    # the first window repaint that reached a board column after the models were full
    painted = run_until(lambda: any(s >= t_ready and hit for s, _e, hit in rec.updates), 5, poll_ms=1)
    res["paint_natural"] = painted
    if painted:
        t_paint = next(e for s, e, hit in rec.updates if s >= t_ready and hit)
    else:  # no natural repaint (should not happen): force one
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        con.window.grab()
        t_paint = time.perf_counter()
    snap_drain = next(((s, e) for s, e, *_ in con.rec.drains if s <= (rec.reset_t or 0) <= e), None)
    have, want = con.column_counts()
    res.update({
        "t0": t0, "welcome": rec.welcome_t - t0 if rec.welcome_t else math.nan,
        "snapshot": rec.snapshot_t - t0, "live": (rec.live_t - t0) if rec.live_t else math.nan,
        "reset": (rec.reset_t - t0) if rec.reset_t else math.nan,
        "snap_drain_ms": ms(snap_drain[1] - snap_drain[0]) if snap_drain else math.nan,
        "ready": t_ready - t0, "painted": t_paint - t0,
        "paint_ms": ms(next((e - s for s, e, hit in rec.updates if s >= t_ready and hit), math.nan)),
        "tickets": con.store.count("ticket"), "open": con.open_count(), "columns": have, "want": want,
        "snapshot_tickets": rec.snapshot_tickets, "seq": con.store.seq,
        "rss_before": rss0, "rss_after": rss_mb()[0],
        "board_rows_open": sum(have[k] for k in OPEN_COLUMNS), "check_ms": con.check_ms,
    })
    return res


def phase_load(con: Console, rec: Recorder, producer: ChildProcess, a, pids: dict[str, int]) -> dict:
    """The producer runs for a.seconds; the console lives; stalls, latencies, RSS are recorded."""
    from PySide6.QtCore import Qt, QTimer

    res: dict[str, Any] = {}
    net = next((t.native_id for t in threading.enumerate() if t.name == "gridline-network"), None)
    ui = threading.main_thread().native_id

    ticks, sched = rec.ticks, rec.sched
    pc = time.perf_counter
    # the UI thread's own schedstat (on-CPU ns, run-queue wait ns): splits a stall into work and
    # waiting for a CPU (2.3 us a read)
    sfd = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
    pread = os.pread

    def tick() -> None:
        ticks.append(pc())
        sched.append(pread(sfd, 80, 0))

    stall_timer = QTimer()
    stall_timer.setTimerType(Qt.TimerType.PreciseTimer)
    stall_timer.setInterval(STALL_TICK_MS)
    stall_timer.timeout.connect(tick)
    rss_timer = QTimer()
    rss_timer.setInterval(250)
    rss_timer.timeout.connect(lambda: rec.rss.append(rss_mb()[0]))

    done: dict[str, Any] = {}

    def producer_done() -> bool:
        try:
            while producer.pipe.poll():
                msg = producer.pipe.recv()
                if msg[0] == "done":
                    done.update(msg[1])
        except (EOFError, OSError):
            done.setdefault("error", "producer pipe closed")
        return bool(done)

    # listen to the board's 30 s clock timer (connected after refresh_clock: notes its end)
    con.board._resort.timeout.connect(lambda: rec.measuring and rec.resorts.append(time.perf_counter()))
    # settle: let the window finish whatever the connect phase left (layout, the first ticks)
    run_until(lambda: False, 1.0, poll_ms=100)
    rec.drains.clear()
    rec.updates.clear()
    rec.board_paints.clear()
    rec.applied_seq = con.store.seq
    gc.callbacks.append(rec.gc_callback)
    cpu0 = {"ui": thread_cpu(ui), "net": thread_cpu(net), "bench": time.process_time(),
            **{k: proc_cpu(f"/proc/{p}/stat") for k, p in pids.items()}}
    prof = None
    if a.profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    rec.measuring = True
    rec.rss.append(rss_mb()[0])
    stall_timer.start()
    rss_timer.start()
    t0 = time.perf_counter()
    producer.pipe.send(("go", a.rate, a.seconds))
    finished = run_until(producer_done, a.seconds + 60, poll_ms=100)
    t_prod = time.perf_counter()
    head1 = done.get("head1", 0)
    caught_up = run_until(lambda: con.store.seq >= head1, 30, poll_ms=5) if finished and head1 else False
    t1 = time.perf_counter()
    run_until(lambda: False, 0.3, poll_ms=50)  # the last repaints after the last drain
    stall_timer.stop()
    rss_timer.stop()
    os.close(sfd)
    rec.measuring = False
    if prof is not None:
        import io
        import pstats

        prof.disable()
        prof.dump_stats(a.profile)
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
        res["profile"] = out.getvalue()
    gc.callbacks.remove(rec.gc_callback)
    t_end = time.perf_counter()
    cpu1 = {"ui": thread_cpu(ui), "net": thread_cpu(net), "bench": time.process_time(),
            **{k: proc_cpu(f"/proc/{p}/stat") for k, p in pids.items()}}
    res["gc_objects"] = len(gc.get_objects())
    res.update({"t0": t0, "t_prod": t_prod, "t1": t1, "t_end": t_end, "finished": finished, "caught_up": caught_up,
                "producer": done, "seq_end": con.store.seq, "cpu": {k: cpu1[k] - cpu0[k] for k in cpu0},
                "wall": t_end - t0, "rss_hwm": rss_mb()[1]})
    return res


def phase_fresh_window(con: Console, rec: Recorder, tmp: Path) -> dict:
    """The app's own order (widgets/app.py): the MainWindow is built after the first state arrived.
    Time building one over the loaded store, showing it, and its first paint."""
    from PySide6.QtCore import QSettings

    from widgets.main_window import MainWindow

    settings = QSettings(str(tmp / "fresh.ini"), QSettings.Format.IniFormat)
    t0 = time.perf_counter()
    w = MainWindow(con.store, con.operations, con.session, settings=settings)
    t_built = time.perf_counter()
    w.resize(WIDTH, HEIGHT)
    w.show()
    spy = make_paint_filter(rec)
    n0 = len(rec.board_paints)
    board = w.panels.get("board")
    for view in getattr(board, "views", {}).values():
        view.viewport().installEventFilter(spy)
    painted = run_until(lambda: len(rec.board_paints) > n0, 10, poll_ms=1)
    t_paint = time.perf_counter()
    rows = sum(m.rowCount() for m in board.model.columns.values()) if hasattr(board, "model") else -1
    w.close()
    w.deleteLater()
    run_until(lambda: False, 0.2, poll_ms=50)
    return {"build_ms": ms(t_built - t0), "paint_ms": ms(t_paint - t0), "painted": painted, "rows": rows,
            "tickets": con.store.count("ticket")}


def time_resort(con: Console) -> float:
    """One call of what the board's 30 s clock timer runs (BoardModel.refresh_clock), in ms."""
    t0 = time.perf_counter()
    con.board.model.refresh_clock()
    return ms(time.perf_counter() - t0)


# --- figures -------------------------------------------------------------------------------------------------------


def stall_figures(ticks: list[float]) -> dict:
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    late = sorted(max(0.0, g - STALL_TICK_MS / 1000.0) for g in gaps)
    worst = sorted(range(len(gaps)), key=lambda i: gaps[i], reverse=True)[:6]
    return {"n": len(gaps), "max": ms(late[-1]) if late else math.nan, "p99": ms(pct(late, 0.99)),
            "p999": ms(pct(late, 0.999)), "over16": sum(x > 0.016 for x in late),
            "over50": sum(x > 0.050 for x in late), "worst": sorted(worst)}


def attribute(i: int, rec: Recorder) -> str:
    """What the UI thread did in the stall between ticks i and i+1: on CPU vs waiting for one, and the
    drains, repaints, GC and re-sort logged inside the gap."""
    a, b = rec.ticks[i], rec.ticks[i + 1]
    parts = []
    try:
        r0, w0 = (int(x) for x in rec.sched[i].split()[:2])
        r1, w1 = (int(x) for x in rec.sched[i + 1].split()[:2])
        parts.append(f"on CPU {(r1 - r0) / 1e6:.0f} ms, runnable waiting for a CPU {(w1 - w0) / 1e6:.0f} ms")
    except (IndexError, ValueError):
        pass
    dr = [(s, e, n) for s, e, _i, n in rec.drains if s < b and e > a]
    if dr:
        parts.append(f"drain {sum(ms(e - s) for s, e, _ in dr):.0f} ms ({sum(n for *_, n in dr)} events)")
    up = [(s, e) for s, e, _h in rec.updates if s < b and e > a]
    if up:
        parts.append(f"repaint {sum(ms(e - s) for s, e in up):.0f} ms")
    g = [(s, e, gen) for s, e, gen, _c in rec.gcs if s < b and e > a]
    if g:
        parts.append(f"gc gen{max(x[2] for x in g)} {sum(ms(e - s) for s, e, _ in g):.0f} ms")
    if any(a <= t <= b for t in rec.resorts):
        parts.append("board 30 s re-sort ran")
    return ", ".join(parts) or "nothing logged (timers/other)"


def next_paint_latencies(rec: Recorder) -> list[float]:
    """Receipt -> the first board column paint that started after the drain applying the event."""
    paints = rec.board_paints
    out = []
    for end, seqs in rec.drain_batches:
        i = bisect.bisect_left(paints, end)
        if i < len(paints):
            p = paints[i]
            out.extend(p - rec.recv[s].t for s in seqs)
    return out


def server_latencies(rec: Recorder, first: int, last: int) -> list[float]:
    out = []
    cache: dict[str, float] = {}
    for s in range(first, last + 1):
        r = rec.recv.get(s)
        if r is None or not r.ts:
            continue
        v = cache.get(r.ts)
        if v is None:
            v = cache[r.ts] = parse_ts(r.ts)
        out.append(r.wall - v)
    return out


def mark(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(a, street, conn: dict, load: dict, fresh: dict | None, resort_ms: float, extra: dict,
           rec: Recorder, elapsed: float) -> int:
    rows: list[tuple[str, str, str, str]] = []
    ok_all = True

    def row(name: str, figure: str, aim: str = "", ok: bool | None = None) -> None:
        nonlocal ok_all
        if ok is False:
            ok_all = False
        rows.append((name, figure, aim, "" if ok is None else mark(ok)))

    # 1. connect
    if not conn.get("ok"):
        row("1 connect -> board fully shown", "NOT REACHED in 60 s: " + conn.get("why", ""), f"<= {AIM_CONNECT_S} s",
            False)
    else:
        row(f"1 connect -> board fully shown ({conn['tickets']} tickets, {conn['open']} open)",
            f"{ms(conn['painted']):.0f} ms", f"<= {ms(AIM_CONNECT_S):.0f} ms", conn["painted"] <= AIM_CONNECT_S)
        row("1   welcome / snapshot decoded (network thread) / live",
            f"{ms(conn['welcome']):.0f} / {ms(conn['snapshot']):.0f} / {ms(conn['live']):.0f} ms")
        row("1   drain with the snapshot (store.load + every view's rebuild)",
            f"{conn['snap_drain_ms']:.0f} ms on the UI thread")
        row("1   models full (rows = store per column) / first board paint done",
            f"{ms(conn['ready']):.0f} / {ms(conn['painted']):.0f} ms (that repaint {conn['paint_ms']:.0f} ms"
            f"{'' if conn['paint_natural'] else ', forced by grab'}; the bench's own check "
            f"{conn['check_ms']:.0f} ms of it)")
        row("1   open tickets: store / open board columns", f"{conn['open']} / {conn['board_rows_open']}",
            "equal", conn["open"] == conn["board_rows_open"] and conn["columns"] == conn["want"])

    # 2. load
    p = load.get("producer", {})
    h0, h1 = p.get("head0", 0), p.get("head1", 0)
    n_ev = h1 - h0
    got = [s for s in range(h0 + 1, h1 + 1) if s in rec.recv]
    span = (rec.recv[got[-1]].t - rec.recv[got[0]].t) if len(got) > 1 else math.nan
    rate = (len(got) - 1) / span if span and span > 0 else math.nan
    row(f"2 events produced in {a.seconds:.0f} s (offered {a.rate:.0f}/s)",
        f"{p.get('ok', 0)} ok = {p.get('ok', 0) / max(1e-9, p.get('wall', a.seconds)):.0f} ev/s"
        f" (head {h0} -> {h1})")
    row("2 events received by the console / rate", f"{len(got)} of {n_ev}, {rate:.0f} ev/s",
        "all", len(got) == n_ev and n_ev > 0)
    row("2 console store caught up with the server head", f"seq {load.get('seq_end')} vs head {h1}"
        f"{'' if load.get('caught_up') else ' (NOT caught up within 30 s)'}",
        ">= head", bool(load.get("caught_up")))
    st = stall_figures(rec.ticks)
    row(f"2 longest UI-thread stall (1 ms timer lateness, {st['n']} ticks)", f"{st['max']:.1f} ms",
        f"<= {AIM_STALL_MS:.0f} ms", st["max"] <= AIM_STALL_MS)
    row("2   stall p99 / p99.9; ticks late > 16 ms / > 50 ms",
        f"{st['p99']:.2f} / {st['p999']:.1f} ms; {st['over16']} / {st['over50']}")
    lm = stats_ms(rec.lat_model)
    row(f"2 receipt -> card updated (column model signal for that id), n={lm['n']}",
        f"p50 {lm['p50']:.1f} / p99 {lm['p99']:.1f} / max {lm['max']:.1f} ms", f"p99 <= {AIM_P99_MS:.0f} ms",
        lm["n"] > 0 and lm["p99"] <= AIM_P99_MS)
    ld = stats_ms(rec.lat_drain)
    row(f"2   receipt -> end of the drain that applied it, n={ld['n']}",
        f"p50 {ld['p50']:.1f} / p99 {ld['p99']:.1f} / max {ld['max']:.1f} ms")
    lp = stats_ms(next_paint_latencies(rec))
    row(f"2   receipt -> next board column paint after that drain, n={lp['n']}",
        f"p50 {lp['p50']:.1f} / p99 {lp['p99']:.1f} / max {lp['max']:.1f} ms")
    ls = stats_ms(server_latencies(rec, h0 + 1, h1))
    row("2   (server) commit ts -> receipt by the network thread",
        f"p50 {ls['p50']:.0f} / p99 {ls['p99']:.0f} / max {ls['max']:.0f} ms")
    row("2   applied events no row signal named (unmatched)",
        f"{rec.unmatched}{' e.g. ' + ', '.join(rec.unmatched_ids[:3]) if rec.unmatched_ids else ''}", "0",
        rec.unmatched == 0)
    rss_peak = max(rec.rss) if rec.rss else math.nan
    row("2 RSS of the console process: after connect / peak under load / VmHWM",
        f"{conn.get('rss_after', math.nan):.0f} / {rss_peak:.0f} / {load.get('rss_hwm', math.nan):.0f} MB",
        f"<= {AIM_RSS_MB:.0f} MB", max(rss_peak, load.get("rss_hwm", 0)) <= AIM_RSS_MB)

    # extras
    dr = rec.drains
    dms = sorted(ms(e - s) for s, e, *_ in dr)
    up = sorted(ms(e - s) for s, e, _ in rec.updates)
    g2 = [ms(e - s) for s, e, gen, _ in rec.gcs]
    row("x drains under load: count / events per drain (mean, max) / drain ms p50 / p99 / max",
        f"{len(dr)} / {statistics.mean([n for *_, n in dr]) if dr else 0:.1f}, {max((n for *_, n in dr), default=0)} / "
        f"{pct(dms, .5):.1f} / {pct(dms, .99):.1f} / {dms[-1] if dms else math.nan:.1f} ms")
    row("x window repaints under load: count / p50 / p99 / max",
        f"{len(up)} / {pct(up, .5):.1f} / {pct(up, .99):.1f} / {up[-1] if up else math.nan:.1f} ms")
    full = [ms(e - s) for s, e, gen, _ in rec.gcs if gen == 2]
    row("x Python GC under load: collections / longest / total; full (gen2) collections",
        f"{len(g2)} / {max(g2, default=0):.1f} / {sum(g2):.0f} ms; {len(full)} taking "
        f"{', '.join(f'{x:.0f}' for x in full) or '-'} ms ({load.get('gc_objects', 0)} objects tracked at the end)")
    row(f"x board clock tick (BoardModel.refresh_clock, every 30 s; deadline order needs no re-sort) at {extra['tickets']} tickets",
        f"{resort_ms:.0f} ms")
    if fresh:
        row(f"x app order: a new MainWindow over the loaded store ({fresh['tickets']} tickets): built / painted",
            f"{fresh['build_ms']:.0f} / {fresh['paint_ms']:.0f} ms{'' if fresh['painted'] else ' (no paint seen)'}")

    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    line = "-" * (w0 + w1 + w2 + 12)
    print()
    print(f"Gridline console benchmark: {street.note}, topped up to {a.open_now} open tickets")
    if a.demo_note and street.kind == "small":
        print(f"  (small street because {a.demo_note})")
    print(f"  server: backend.server.Server in a spawned process (platform in its own process), SQLite; producer: "
          f"spawned process, {a.producers} connections as {PRODUCER_USER}; console: this process as {CONSOLE_USER}, "
          f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}, MainWindow {extra['size']}; 127.0.0.1; "
          f"{os.cpu_count()} CPUs{f'; server+producer niced +{a.nice}' if a.nice else ''}")
    print(line)
    print(f"{'measure':<{w0}}  {'figure':<{w1}}  {'aim':<{w2}}  result")
    print(line)
    for r in rows:
        print(f"{r[0]:<{w0}}  {r[1]:<{w1}}  {r[2]:<{w2}}  {r[3]}")
    print(line)
    wall = load.get("wall", math.nan)
    cpu = load.get("cpu", {})
    print(f"CPU over the load phase ({wall:.1f} s), % of one core: console UI thread {100 * cpu.get('ui', 0) / wall:.0f}%, "
          f"console network thread {100 * cpu.get('net', 0) / wall:.0f}%, console process "
          f"{100 * cpu.get('bench', 0) / wall:.0f}%; server hub {100 * cpu.get('hub', math.nan) / wall:.0f}%, "
          f"platform {100 * cpu.get('platform', math.nan) / wall:.0f}%, producer "
          f"{100 * cpu.get('producer', math.nan) / wall:.0f}%  (of {100 * (os.cpu_count() or 1)}%)")
    if len(rec.sched) > 1:
        try:
            wq = (int(rec.sched[-1].split()[1]) - int(rec.sched[0].split()[1])) / 1e9
            span_t = rec.ticks[-1] - rec.ticks[0]
            print(f"UI thread runnable but waiting for a CPU (schedstat): {wq:.1f} s of {span_t:.1f} s "
                  f"({100 * wq / span_t:.0f}%)")
        except (IndexError, ValueError):
            pass
    print(f"producer: {p.get('planned', 0)} planned, {p.get('sent', 0)} sent, {p.get('ok', 0)} ok "
          f"{p.get('by_action', {})}, errors {p.get('errors') or 0}, held for a free slot {p.get('held', 0)}; "
          f"round trip p50/p99 {ms(p.get('rtt_p50', math.nan)):.0f}/{ms(p.get('rtt_p99', math.nan)):.0f} ms; "
          f"offer lasted {p.get('wall', math.nan):.1f} s")
    print("longest stalls (gap between 1 ms ticks; what the UI thread logged inside it):")
    t0 = load.get("t0", 0.0)
    tk = rec.ticks
    for i in sorted(st["worst"], key=lambda i: tk[i + 1] - tk[i], reverse=True):
        print(f"  at +{tk[i] - t0:6.2f} s: {ms(tk[i + 1] - tk[i]):6.1f} ms  {attribute(i, rec)}")
    print("Latency: receipt = when the network thread put the decoded event into the Feed (perf_counter); "
          "card updated = the column model's rowsInserted/rowsMoved/dataChanged naming that ticket id (inside "
          "the drain, before the repaint).")
    if load.get("profile"):
        print(f"UI-thread profile of the load phase ({a.profile}), top by cumulative time:")
        print(load["profile"])
    print(f"overall: {'all aims met' if ok_all else 'SOME AIMS MISSED'}; run time {elapsed:.0f} s")
    return 0 if ok_all or not a.strict else 1


# --- run -------------------------------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    a = parse(argv)
    os.environ["QT_QPA_PLATFORM"] = a.platform
    t_start = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="gridline-bench-console-"))
    srv = producer = con = None
    try:
        print(f"preparing the {a.street} street in {tmp} ...", flush=True)
        street = build_street(a.street, tmp / "street.db")
        a.open_now, took = bulk_open_tickets(street, a.open_tickets)
        print(f"  {street.note}; topped up to {a.open_now} open tickets in {took:.1f} s", flush=True)

        srv = ChildProcess(_serve_child, street.url, None, name="gridline-server-console")
        port = srv.start()
        srv.pipe.send(("stats",))
        plat_pid = srv.wait_for("stats", 30)[1].get("platform_pid")
        producer = ChildProcess(_producer_child, port, street.tokens[PRODUCER_USER], street.points, a.producers,
                                a.nice, name="bench-producer")
        producer.proc.daemon = True  # it starts no children; dies with us
        producer.start()
        pids = {"hub": srv.pid, "producer": producer.pid}
        if plat_pid:
            pids["platform"] = plat_pid
        if a.nice:
            for pid in (srv.pid, plat_pid):
                if pid:
                    os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, pid) + a.nice)
        url = f"ws://{LOOPBACK}:{port}/ws"
        print(f"  server on port {port} (hub pid {srv.pid}, platform pid {plat_pid}); producer pid {producer.pid}",
              flush=True)

        from PySide6.QtWidgets import QApplication

        from widgets import i18n
        from widgets.theme import apply_theme

        app = QApplication.instance() or QApplication([sys.argv[0]])
        app.setOrganizationName("gridline-bench")
        app.setApplicationName("console-bench")
        apply_theme(app)
        i18n.install_language(i18n.DEFAULT_LANGUAGE)
        rec = Recorder()
        con = Console(rec, url, street.tokens[CONSOLE_USER], tmp)
        closed = [k.strip() for k in a.close_docks.split(",") if k.strip()]
        for key in closed:
            if key not in con.window.docks:
                raise SystemExit(f"--close-docks: no dock {key!r}; docks: {', '.join(con.window.docks)}")
        con.window.resize(WIDTH, HEIGHT)
        con.window.show()
        run_until(lambda: con.window._sized and bool(rec.updates), 10, poll_ms=10)  # shown, laid out, painted
        run_until(lambda: False, 0.5, poll_ms=50)
        for key in closed:
            con.window.docks[key].close()  # as the dock's close button does
        size = f"{con.window.width()}x{con.window.height()}" + (f", docks closed: {', '.join(closed)}" if closed else "")
        con.bridge.start()  # as ConsoleApp.start: the bridge runs before the connection starts

        print("1: connect -> board fully shown ...", flush=True)
        conn = phase_connect(con, rec)
        if a.shot and conn.get("ok"):
            con.window.grab().save(a.shot)
            print(f"  window grabbed to {a.shot}")
        print(f"  {ms(conn.get('painted', math.nan)):.0f} ms; producer connecting ({a.producers} connections) ...",
              flush=True)
        producer.pipe.send(("connect",))
        got = None
        if run_until(lambda: producer.pipe.poll(), 120, poll_ms=50):
            got = producer.pipe.recv()
        if not got or got[0] != "connected":
            raise RuntimeError(f"producer did not connect: {got}")
        print(f"  producer connected in {got[4]:.1f} s (hub clients {got[3]}); "
              f"2: load {a.rate:.0f} ev/s for {a.seconds:.0f} s ...", flush=True)
        load = phase_load(con, rec, producer, a, pids)
        extra = {"tickets": con.store.count("ticket"), "size": size}
        resort_ms = time_resort(con)
        fresh = None if a.no_fresh_window else phase_fresh_window(con, rec, tmp)
        return report(a, street, conn, load, fresh, resort_ms, extra, rec, time.monotonic() - t_start)
    finally:
        if con is not None:
            con.shutdown()
        if producer is not None:
            producer.stop(10)
        if srv is not None:
            srv.stop()
        if a.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
