"""The hub under load, in one run: ordering, latency, round trip, snapshot size and fan-out throughput.

    python -m tests.perf hub [--street small|demo] [--seconds 20] [--rate 500] [--clients 50] ...

Phases (each server in its own spawned process; all clients here, on one asyncio loop, through the
lean client of tests/perf/lean_ws.py unless `--client websockets`):
  A. snapshot: a street topped up to 10,000 open tickets straight in its SQLite file; fresh clients
     time hello → last snapshot part.
  B. load: 50 subscribed clients record every event (seq, receipt time); a producer creates and moves
     tickets (create → accept → assign) at --rate events/s for --seconds, pipelined and paced by the
     wall clock; a prober does accept+assign every 100 ms and times the assign round trip.
  C. hub throughput: the same 50 clients send ticket.create as fast as the server accepts them (each
     within the per-connection rate limit); events delivered to all 50 per second.
  D. bare baseline: a bare websockets server broadcasts the same number of frames of the same size
     (a real event frame from C) to 50 clients as fast as it can.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections import Counter, deque
from pathlib import Path

import msgspec

from .common import (VIEWER_USERS, CATEGORY, ChildProcess, Conn, Street, _bare_child, _serve_child, build_street,
                     bulk_open_tickets, check_street, cpu_delta, fmt_cpu, health, load_parser, pct, wait_all)

RATE_LIMIT = 50.0  # backend/hub.py REQUESTS_PER_SECOND: per connection
INFLIGHT_CAP = 30  # below backend/hub.py MAX_INFLIGHT = 32, so nothing is refused for being in flight


def parse(argv: list[str]) -> argparse.Namespace:
    p = load_parser("hub", __doc__, "events/s the producer offers in phase B", 20.0)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--snapshot-runs", type=int, default=3)
    p.add_argument("--burst-events", type=int, default=3000, help="events in the throughput phases C and D")
    p.add_argument("--burst-inflight", type=int, default=8,
                   help="requests each client keeps in flight in phase C (enough to keep the writer busy)")
    p.add_argument("--compression", choices=["deflate", "none"], default="deflate",
                   help="permessage-deflate for the load, burst and bare clients (default deflate, websockets' default)")
    p.add_argument("--profile", metavar="DIR",
                   help="run the load server's loop and writer threads under cProfile; dump loop.prof, writer.prof in DIR")
    p.add_argument("--batch", action="store_true",
                   help="subscribers ask for `events` frames (hello batch: true), as the console does; "
                        "default: one event frame per event, as PROTOCOL.md clients get")
    p.add_argument("--client", choices=["lean", "websockets"], default="lean",
                   help="the bench's client connections: lean (tests/perf/lean_ws.py, a fraction of the cost per "
                        "frame) or websockets' asyncio client; the server is the same either way")
    p.add_argument("--strict", action="store_true", help="exit 1 when an aim is missed (default: 0 once it ran)")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory with the databases")
    p.add_argument("--single-process", action="store_true",
                   help="writer in the hub's process (serve --single-process) instead of its own")
    a = p.parse_args(argv)
    os.environ["GRIDLINE_BENCH_SINGLE_PROCESS"] = "1" if a.single_process else "0"  # read by the server child
    check_street(p, a, RATE_LIMIT)
    a.comp = None if a.compression == "none" else "deflate"
    Conn.default_lean = a.client == "lean"
    return a


# --- requests --------------------------------------------------------------------------------------


def create_args(points, k: int) -> dict:
    _grid, lat, lon = points[k % len(points)]
    return {"category": CATEGORY, "title": f"性能测试工单 {k}", "location": {"lat": lat, "lon": lon},
            "source": "hotline"}


class Producer:
    """Creates tickets and moves them on (create → accept → assign) over several connections."""

    def __init__(self, conns: list[Conn], points, cap: int = INFLIGHT_CAP):
        self.conns = conns
        self.points = points
        self.sems = {c.name: asyncio.Semaphore(cap) for c in conns}
        self.ready: deque[tuple[str, int, str, str]] = deque()  # (ticket id, version, region, next action)
        self.ok = 0
        self.seqs: list[int] = []
        self.errors: Counter[str] = Counter()
        self.rtts: list[float] = []
        self.sent = 0
        self.held = 0  # sends that had to wait for a free in-flight slot
        self.by_action: Counter[str] = Counter()
        self.keep: list[tuple[str, int, str]] | None = None  # collect created tickets instead of moving them

    def pending(self) -> int:
        return sum(len(c.pending) for c in self.conns)

    async def send(self, conn: Conn, k: int, action: str | None = None) -> None:
        sem = self.sems[conn.name]
        if action is None and self.ready:
            tid, ver, region, action = self.ready.popleft()
        else:
            action = action or "create"
            tid = ver = region = None
        if action == "create":
            name, args = "ticket.create", create_args(self.points, k)
        elif action == "accept":
            name, args = "ticket.accept", {"ticket_id": tid, "version": ver}
        else:
            name, args = "ticket.assign", {"ticket_id": tid, "version": ver, "region_id": region}
        t0 = time.perf_counter()

        def on_reply(_t: float, r: dict) -> None:
            sem.release()
            self.rtts.append(time.perf_counter() - t0)
            if not r.get("ok"):
                self.errors[r.get("error", {}).get("code", "?")] += 1
                return
            self.ok += 1
            self.by_action[action] += 1
            d = r["data"]
            if "seq" in d:
                self.seqs.append(d["seq"])
            t = d["ticket"]
            if self.keep is not None:
                self.keep.append((t["id"], t["version"], t["region_id"]))
            elif action == "create":
                self.ready.append((t["id"], t["version"], t["region_id"], "accept"))
            elif action == "accept":
                self.ready.append((t["id"], t["version"], t["region_id"], "assign"))

        await conn.send_request(name, args, on_reply)
        self.sent += 1

    async def acquire(self, conn: Conn, deadline: float) -> bool:
        sem = self.sems[conn.name]
        if sem.locked():
            self.held += 1
        try:
            await asyncio.wait_for(sem.acquire(), max(0.01, deadline - time.monotonic()))
            return True
        except TimeoutError:
            return False

    async def paced(self, rate: float, seconds: float) -> tuple[float, int]:
        """Offer `rate` requests/s round-robin over the connections, by the wall clock, for `seconds`;
        a request whose connection has no free in-flight slot waits, but nothing is sent after the end.
        Returns (seconds the offer lasted, requests planned)."""
        n = int(rate * seconds)
        loop = asyncio.get_running_loop()
        start = loop.time() + 0.02
        end = time.monotonic() + 0.02 + seconds
        for k in range(n):
            delay = start + k / rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            conn = self.conns[k % len(self.conns)]
            if time.monotonic() >= end or not await self.acquire(conn, end):
                break
            await self.send(conn, k)
        return loop.time() - start, n

    async def drain(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.pending() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)


async def burst(conn: Conn, producer: Producer, n: int, rate: float, deadline: float, offset: int) -> None:
    """One connection sends n ticket.create as fast as the server and its rate limit allow."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    for k in range(n):
        delay = start + k / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        if not await producer.acquire(conn, deadline):
            return
        await producer.send(conn, offset + k, "create")


async def probe(conn: Conn, tickets: list[tuple[str, int, str]], seconds: float, interval: float = 0.1) -> dict:
    """Every `interval` (by the wall clock, not waiting for the previous pair): accept then assign one of
    our own tickets, timing each round trip."""
    loop = asyncio.get_running_loop()
    out = {"assign": [], "accept": [], "missed": 0, "errors": Counter(), "ok": 0, "seqs": []}

    async def pair(tid: str, ver: int, region: str) -> None:
        try:
            dt, r = await conn.call("ticket.accept", {"ticket_id": tid, "version": ver}, timeout=15)
            out["accept"].append(dt)
            if not r["ok"]:
                out["errors"][r["error"]["code"]] += 1
                return
            out["ok"] += 1
            out["seqs"].append(r["data"]["seq"])
            ver = r["data"]["ticket"]["version"]
            dt, r = await conn.call("ticket.assign", {"ticket_id": tid, "version": ver, "region_id": region},
                                    timeout=15)
            out["assign"].append(dt)
            if not r["ok"]:
                out["errors"][r["error"]["code"]] += 1
                return
            out["ok"] += 1
            out["seqs"].append(r["data"]["seq"])
        except TimeoutError:
            out["errors"]["timeout"] += 1

    tasks = []
    start = loop.time() + 0.02
    for i in range(min(len(tickets), int(seconds / interval))):
        delay = start + i * interval - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        if len(conn.pending) >= INFLIGHT_CAP:  # the hub would refuse it (rate_limited): skip this slot
            out["missed"] += 1
            continue
        tasks.append(asyncio.ensure_future(pair(*tickets[i])))
    try:
        async with asyncio.timeout(40):
            await asyncio.gather(*tasks)
    except TimeoutError:
        for t in tasks:
            t.cancel()
        out["errors"]["unfinished"] += sum(not t.done() for t in tasks)
    return out


# --- phases --------------------------------------------------------------------------------------------


async def open_clients(url: str, n: int, tokens: dict[str, str] | None, prefix: str,
                       compression: str | None, batch: bool = False) -> tuple[list[Conn], list[float]]:
    """n clients, each through hello and the whole snapshot (10 at a time); returns them and their snapshot times."""
    conns: list[Conn] = []
    times: list[float] = []

    async def one(i: int) -> None:
        c = await Conn.open(f"{prefix}{i}", url, compression=compression)
        user = VIEWER_USERS[i % len(VIEWER_USERS)]
        el, _, _ = await c.handshake(tokens[user] if tokens else "bare", batch=batch)
        conns.append(c)
        times.append(el)

    for i in range(0, n, 10):
        await asyncio.gather(*(one(j) for j in range(i, min(n, i + 10))))
    conns.sort(key=lambda c: int(c.name[len(prefix):]))
    for c in conns:
        c.start_reading()
    return conns, times


async def phase_snapshot(street: Street, a) -> dict:
    srv = ChildProcess(_serve_child, street.url, None, name="gridline-server-snapshot")
    port = await asyncio.to_thread(srv.start)
    url = f"ws://127.0.0.1:{port}/ws"
    res: dict = {"runs": [], "plain": [], "bytes": 0, "parts": 0}
    try:
        token = street.tokens["dispatcher"]
        for i in range(a.snapshot_runs):
            c = await Conn.open(f"snap{i}", url)
            el, nb, parts = await c.handshake(token)
            res["runs"].append(el)
            res["bytes"], res["parts"] = nb, parts
            await c.close()
        # the same without permessage-deflate, and the ticket count from a fully decoded snapshot
        for i in range(max(1, a.snapshot_runs // 2)):
            c = await Conn.open(f"snapraw{i}", url, compression=None)
            el, nb, parts = await c.handshake(token)
            res["plain"].append(el)
            await c.close()
        from websockets.asyncio.client import connect

        async with connect(url, max_size=256 << 20, compression=None) as ws:
            await ws.send(msgspec.json.encode({"type": "hello", "protocol": 1, "token": token, "resume_from": None,
                                               "client": "bench"}).decode())
            tickets = 0
            async with asyncio.timeout(60):
                for _ in range(100_000):
                    f = msgspec.json.decode(await ws.recv())
                    if f["type"] == "snapshot":
                        tickets += len(f["entities"].get("ticket", []))
                        if f["part"] == f["parts"]:
                            break
            res["tickets"] = tickets
        # ten fresh clients at once: each snapshot is built and encoded per client
        before = await srv.cpu()
        t0 = time.perf_counter()
        conc = await asyncio.gather(*(_one_snapshot(url, token, i) for i in range(10)))
        res["concurrent"] = (time.perf_counter() - t0, max(conc))
        res["concurrent_cpu"] = fmt_cpu(cpu_delta(before, await srv.cpu()), time.perf_counter() - t0)
    finally:
        await asyncio.to_thread(srv.stop)
    return res


async def _one_snapshot(url: str, token: str, i: int) -> float:
    c = await Conn.open(f"snapc{i}", url)
    try:
        el, _, _ = await c.handshake(token)
    finally:
        await c.close()
    return el


async def phase_load_and_burst(street: Street, a) -> dict:
    if a.profile:
        os.makedirs(a.profile, exist_ok=True)
    srv = ChildProcess(_serve_child, street.url, os.path.abspath(a.profile) if a.profile else None,
                       name="gridline-server-load")
    port = await asyncio.to_thread(srv.start)
    url = f"ws://127.0.0.1:{port}/ws"
    res: dict = {}
    clients: list[Conn] = []
    prod_conns: list[Conn] = []
    prober = None
    try:
        token = street.tokens["dispatcher"]
        for i in range(a.producers):
            c = await Conn.open(f"prod{i}", url, compression=a.comp)
            await c.handshake(token)
            c.start_reading()
            prod_conns.append(c)
        prober = await Conn.open("probe", url, compression=a.comp)
        await prober.handshake(token)
        prober.start_reading()

        # the prober's own tickets, created before the subscribers connect (so they are in the snapshot)
        n_probe = int(a.seconds / 0.1) + 5
        pre = Producer(prod_conns, street.points)
        pre.keep = []
        deadline = time.monotonic() + 30
        for k in range(n_probe):
            conn = prod_conns[k % len(prod_conns)]
            if not await pre.acquire(conn, deadline):
                break
            await pre.send(conn, 900_000 + k, "create")
        await pre.drain(30)
        probe_tickets = sorted(pre.keep)
        if len(probe_tickets) < n_probe or pre.errors:
            raise RuntimeError(f"could not create the prober's tickets: {len(probe_tickets)}/{n_probe}, {dict(pre.errors)}")

        t0 = time.perf_counter()
        clients, snap_times = await open_clients(url, a.clients, street.tokens, "sub", a.comp, a.batch)
        res["subscribe_s"] = time.perf_counter() - t0
        res["subscribe_snapshot"] = (statistics.median(snap_times), max(snap_times))
        head0, nclients = await health(port)
        seqs0 = {c.snapshot_seq for c in clients}
        if seqs0 != {head0}:
            raise RuntimeError(f"subscribers' snapshot seqs {sorted(seqs0)[:5]} differ from head {head0}")
        res["head0"], res["hub_clients"] = head0, nclients
        for c in clients + prod_conns + [prober]:
            c.begin_phase()
        clients[0].measure_bytes = True

        # B: paced load plus the prober
        producer = Producer(prod_conns, street.points)
        cpu0, bench0, w0 = await srv.cpu(), time.process_time(), time.perf_counter()
        (wall, planned), probed = await asyncio.gather(producer.paced(a.rate, a.seconds),
                                                       probe(prober, probe_tickets, a.seconds))
        await producer.drain(15)
        for _ in range(100):  # the prober finished its last call; wait for nothing else in flight
            if not prober.pending:
                break
            await asyncio.sleep(0.05)
        head1, _ = await health(port)
        waited = await wait_all(clients, head1, 30)
        w1 = time.perf_counter()
        res["load_cpu"] = fmt_cpu(cpu_delta(cpu0, await srv.cpu()), w1 - w0)
        res["load_bench_cpu"] = 100 * (time.process_time() - bench0) / (w1 - w0)
        res["load_wall"], res["load_planned"], res["load_tail_wait"] = wall, planned, waited
        res["head1"] = head1
        res["producer"] = producer
        res["probe"] = probed
        res["load"] = [c.phase for c in clients]
        res["load_closed"] = [c.closed for c in clients if c.closed]
        res["load_errors"] = sum(len(c.errors) for c in clients + prod_conns + [prober])

        # C: as fast as the server accepts, requests from the 50 subscribers themselves (fan-out stays 50)
        for c in prod_conns + [prober]:
            await c.close()
        prod_conns, prober = [], None
        for c in clients:
            c.begin_phase()
        clients[0].sample = None  # the bare baseline copies an event frame of this phase
        err0 = sum(len(c.errors) for c in clients)
        blaster = Producer(clients, street.points, cap=a.burst_inflight)
        per = max(1, a.burst_events // len(clients))
        rate = 0.96 * RATE_LIMIT
        cpu0, bench0, w0 = await srv.cpu(), time.process_time(), time.perf_counter()
        deadline = time.monotonic() + 60
        await asyncio.gather(*(burst(c, blaster, per, rate, deadline, i * per) for i, c in enumerate(clients)))
        await blaster.drain(30)
        head2, _ = await health(port)
        waited = await wait_all(clients, head2, 30)
        w1 = time.perf_counter()
        res["burst_cpu"] = fmt_cpu(cpu_delta(cpu0, await srv.cpu()), w1 - w0)
        res["burst_bench_cpu"] = 100 * (time.process_time() - bench0) / (w1 - w0)
        res["burst_offered"] = rate * len(clients)
        res["burst_tail_wait"] = waited
        res["head2"] = head2
        res["blaster"] = blaster
        res["burst"] = [c.phase for c in clients]
        res["burst_closed"] = [c.closed for c in clients if c.closed]
        res["burst_errors"] = sum(len(c.errors) for c in clients) - err0
        res["sample"] = clients[0].sample
    finally:
        for c in clients + prod_conns + ([prober] if prober else []):
            await c.close()
        await asyncio.to_thread(srv.stop)
    return res


async def phase_bare(a, n: int, sample: str, compression: str | None = "deflate") -> dict:
    srv = ChildProcess(_bare_child, compression, name="bare-websockets")
    port = await asyncio.to_thread(srv.start)
    url = f"ws://127.0.0.1:{port}/ws"
    clients: list[Conn] = []
    res: dict = {}
    try:
        clients, _ = await open_clients(url, a.clients, None, "bare", compression)
        _, connected = await srv.ask(("clients",), "clients")
        if connected != a.clients:
            raise RuntimeError(f"bare server sees {connected} clients, expected {a.clients}")
        for c in clients:
            c.begin_phase()
        clients[0].measure_bytes = True
        cpu0, bench0, w0 = await srv.cpu(), time.process_time(), time.perf_counter()
        _, sent, send_s, waits = await srv.ask(("blast", n, sample), "blasted", timeout=120)
        waited = await wait_all(clients, n, 60)
        w1 = time.perf_counter()
        res["cpu"] = fmt_cpu(cpu_delta(cpu0, await srv.cpu()), w1 - w0)
        res["bench_cpu"] = 100 * (time.process_time() - bench0) / (w1 - w0)
        res["send_s"], res["waits"], res["tail_wait"] = send_s, waits, waited
        res["phases"] = [c.phase for c in clients]
        res["closed"] = [c.closed for c in clients if c.closed]
    finally:
        for c in clients:
            await c.close()
        await asyncio.to_thread(srv.stop)
    return res


# --- figures ------------------------------------------------------------------------------------------


def delivery(phases, first: int, last: int) -> dict:
    """Per-client completeness and order, latency percentiles and the all-clients delivery rate."""
    n = last - first + 1
    counts = [p.count for p in phases]
    bad = sum(not p.in_order(first, last) for p in phases)
    lat = sorted(x for p in phases for x in p.latencies)
    seen = [s for p in phases for s in (p.first_seq, p.last_seq) if s is not None]
    t_first = min((p.first_t for p in phases if p.first_t is not None), default=None)
    t_last = max((p.last_t for p in phases if p.last_t is not None), default=None)
    span = (t_last - t_first) if t_first is not None and t_last is not None else float("nan")
    return {
        "n": n, "min": min(counts, default=0), "max": max(counts, default=0), "bad": bad,
        "gaps": sum(p.gaps for p in phases), "dups": sum(p.dups for p in phases),
        "seen": (min(seen), max(seen)) if seen else (None, None),
        "p50": 1000 * pct(lat, 0.50), "p99": 1000 * pct(lat, 0.99), "max_lat": 1000 * (lat[-1] if lat else float("nan")),
        "span": span, "rate": (n / span) if span and span > 0 else float("nan"),
        "frame_bytes": (phases[0].bytes / phases[0].count) if phases and phases[0].count else float("nan"),
    }


def mark(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(a, street: Street, snap: dict, lb: dict, bare: dict, bare_sizes: tuple[int, int], elapsed: float) -> int:
    rows: list[tuple[str, str, str, str]] = []
    ok_all = True

    def row(name: str, figure: str, aim: str = "", ok: bool | None = None) -> None:
        nonlocal ok_all
        if ok is False:
            ok_all = False
        rows.append((name, figure, aim, "" if ok is None else mark(ok)))

    # A: snapshot
    med = statistics.median(snap["runs"])
    row(f"A snapshot, {a.open_now} open tickets ({snap.get('tickets', '?')} in it): hello -> last part",
        f"{1000 * med:.0f} ms (median of {len(snap['runs'])}, max {1000 * max(snap['runs']):.0f} ms)",
        "<= 1 s", max(snap["runs"]) <= 1.0)
    row("A   snapshot size (JSON text, before deflate)", f"{snap['bytes'] / 1e6:.2f} MB in {snap['parts']} parts")
    row("A   same, client without permessage-deflate", f"{1000 * statistics.median(snap['plain']):.0f} ms")
    row("A   10 fresh clients at once: all done / slowest",
        f"{1000 * snap['concurrent'][0]:.0f} / {1000 * snap['concurrent'][1]:.0f} ms")

    # B: load
    prod: Producer = lb["producer"]
    probed = lb["probe"]
    h0, h1 = lb["head0"], lb["head1"]
    produced = prod.ok + probed["ok"]
    committed = h1 - h0
    d = delivery(lb["load"], h0 + 1, h1)
    row(f"B load for {a.seconds:.0f} s: rate committed and delivered", f"{d['rate']:.0f} ev/s",
        f"(offered {a.rate:.0f})")
    row("B events produced (ok replies)", f"{produced}")
    row("B events committed (head after - before)", f"{committed}  ({h0} -> {h1})", "= produced", committed == produced)
    seen = d["seen"]
    row("B seq range observed by the clients",
        f"{seen[0]}..{seen[1]} ({(seen[1] - seen[0] + 1) if seen[0] is not None else 0})",
        "= produced", seen == (h0 + 1, h1) and committed == produced)
    row(f"B events received per client, min / max ({len(lb['load'])} clients)", f"{d['min']} / {d['max']}",
        "= produced", d["min"] == d["max"] == produced)
    row("B clients with a gap / dup / loss", f"{d['bad']}  (gaps {d['gaps']}, dups {d['dups']}, "
        f"closed {len(lb['load_closed'])})", "0", d["bad"] == 0 and not lb["load_closed"])
    row("B commit->receipt latency p50 / p99 / max",
        f"{d['p50']:.0f} / {d['p99']:.0f} / {d['max_lat']:.0f} ms", "p99 <= 100 ms", d["p99"] <= 100)
    asg = sorted(probed["assign"])
    row(f"B ticket.assign round trip p50 / p99 (n={len(asg)})",
        f"{1000 * pct(asg, .5):.0f} / {1000 * pct(asg, .99):.0f} ms")

    # C, D: throughput
    h2 = lb["head2"]
    dc = delivery(lb["burst"], h1 + 1, h2)
    db_ = delivery(bare["phases"], 1, bare_sizes[0])
    row(f"C hub max fan-out ({dc['n']} events, {len(lb['burst'])} clients)",
        f"{dc['rate']:.0f} ev/s = {dc['rate'] * len(lb['burst']):.0f} frames/s")
    row("C   every client got every event, in order", f"min/max {dc['min']}/{dc['max']}, bad clients {dc['bad']}",
        "= events", dc["bad"] == 0 and dc["min"] == dc["n"] and not lb["burst_closed"])
    row(f"D bare websockets ({db_['n']} frames of {bare_sizes[1]} B, {len(bare['phases'])} clients)",
        f"{db_['rate']:.0f} fr/s = {db_['rate'] * len(bare['phases']):.0f} frames/s")
    ratio = dc["rate"] / db_["rate"] if db_["rate"] else float("nan")
    row("C/D throughput ours / bare", f"{100 * ratio:.0f} %", ">= 50 %", ratio >= 0.5)

    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    line = "-" * (w0 + w1 + w2 + 12)
    print()
    print(f"Gridline hub benchmark: {street.note}")
    if a.demo_note and street.kind == "small":
        print(f"  (small street because {a.demo_note})")
    print(f"  server: backend.server.Server in a spawned process (sweep 3600 s), SQLite file; clients: this process, "
          f"asyncio, {'lean_ws' if a.client == 'lean' else 'websockets'} client; 127.0.0.1; {os.cpu_count()} CPUs; "
          f"permessage-deflate {a.compression}")
    print(f"  B: {a.clients} subscribers ({', '.join(VIEWER_USERS)} in turn) + producer on {a.producers} connections "
          f"(hub: {RATE_LIMIT:.0f} req/s, 32 in flight per connection) + prober = {lb['hub_clients']} connections")
    print(f"  subscribers in B and C: " + ("hello batch: true, so `events` frames (one per fan-out) as the console "
                                           "gets them; D broadcasts single event frames" if a.batch else
                                           "one `event` frame per event (PROTOCOL.md clients)"))
    print(line)
    print(f"{'measure':<{w0}}  {'figure':<{w1}}  {'aim':<{w2}}  result")
    print(line)
    for r in rows:
        print(f"{r[0]:<{w0}}  {r[1]:<{w1}}  {r[2]:<{w2}}  {r[3]}")
    print(line)
    rt = sorted(prod.rtts)
    acc = sorted(probed["accept"])
    print(f"B producer: {lb['load_planned']} requests planned, {prod.sent} sent "
          f"({lb['load_planned'] - prod.sent} not sent: every connection had {INFLIGHT_CAP} in flight), {prod.ok} ok "
          f"{dict(prod.by_action)}, errors {dict(prod.errors) or 0}; round trip p50/p99 "
          f"{1000 * pct(rt, .5):.0f}/{1000 * pct(rt, .99):.0f} ms")
    print(f"error frames from the hub: B {lb['load_errors']}, C {lb['burst_errors']}")
    print(f"B prober: {len(asg)} accept+assign pairs, accept p50/p99 {1000 * pct(acc, .5):.0f}/"
          f"{1000 * pct(acc, .99):.0f} ms, skipped slots {probed['missed']}, errors {dict(probed['errors']) or 0}")
    blaster: Producer = lb["blaster"]
    print(f"C: each of the {len(lb['burst'])} clients sent {blaster.sent // max(1, len(lb['burst']))} ticket.create, "
          f"<= {a.burst_inflight} in flight, offered up to {lb['burst_offered']:.0f} req/s; {blaster.ok} ok, errors "
          f"{dict(blaster.errors) or 0}; latency p50/p99 {dc['p50']:.0f}/{dc['p99']:.0f} ms")
    print(f"D: bad clients {db_['bad']}, closed {len(bare['closed'])}; server sent all in {bare['send_s']:.2f} s "
          f"({bare['waits']} back-pressure waits); latency p50/p99 {db_['p50']:.0f}/{db_['p99']:.0f} ms")
    print("CPU, % of one core over the phase (server threads: loop = event loop, writer = single writer):")
    print(f"  A 10 snapshots at once  server {snap['concurrent_cpu']}")
    print(f"  B load                  server {lb['load_cpu']}; bench clients {lb['load_bench_cpu']:.0f}%")
    print(f"  C hub burst             server {lb['burst_cpu']}; bench clients {lb['burst_bench_cpu']:.0f}%")
    print(f"  D bare                  server {bare['cpu']}; bench clients {bare['bench_cpu']:.0f}%")
    if bare["bench_cpu"] > 85:
        print(f"  note: in D the bench clients used {bare['bench_cpu']:.0f}% of a core, so the bare figure is bounded "
              f"by the clients: a lower bound of bare websockets, which makes the ratio an upper bound for ours.")
    print(f"Subscribing {a.clients} clients took {lb['subscribe_s']:.1f} s (snapshot median "
          f"{1000 * lb['subscribe_snapshot'][0]:.0f} ms); tail waits after the producers stopped: "
          f"B {lb['load_tail_wait']:.2f} s, C {lb['burst_tail_wait']:.2f} s; mean event frame {dc['frame_bytes']:.0f} B")
    print("Latency = receipt time - event ts; ts is the writer's clock when it starts the commit group, "
          "so it includes the group's own work and commit (ms resolution).")
    if a.profile:
        print(f"profiles: {os.path.abspath(a.profile)}/loop.prof, writer.prof "
              f"(python -m pstats; the profiler slows the server)")
    print(f"overall: {'all aims met' if ok_all else 'SOME AIMS MISSED'}; run time {elapsed:.0f} s")
    return 0 if ok_all or not a.strict else 1


async def run(a) -> int:
    t_start = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="gridline-bench-"))
    try:
        print(f"preparing the {a.street} street in {tmp} ...", flush=True)
        template = await asyncio.to_thread(build_street, a.street, tmp / "template.db")
        snap_street = template.copy_to(tmp / "snapshot.db")
        load_street = template.copy_to(tmp / "load.db")
        open_now, took = await asyncio.to_thread(bulk_open_tickets, snap_street, a.open_tickets)
        a.open_now = open_now
        print(f"  {template.note}; snapshot db topped up to {open_now} open tickets in {took:.1f} s", flush=True)

        print("A: snapshot ...", flush=True)
        snap = await phase_snapshot(snap_street, a)
        print(f"B: load {a.rate:.0f} ev/s for {a.seconds:.0f} s, then C: hub burst ...", flush=True)
        lb = await phase_load_and_burst(load_street, a)
        n = lb["head2"] - lb["head1"]
        sample = lb["sample"]
        if not sample or n <= 0:
            raise RuntimeError("the hub burst produced no events")
        print(f"D: bare websockets broadcast of {n} frames ...", flush=True)
        bare = await phase_bare(a, n, sample, a.comp)
        return report(a, template, snap, lb, bare, (n, len(sample.encode())), time.monotonic() - t_start)
    finally:
        if a.keep:
            print(f"kept {tmp}")
        else:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str]) -> int:
    a = parse(argv)
    return asyncio.run(run(a))
