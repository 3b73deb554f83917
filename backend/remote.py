"""The platform in its own process, so the writer and the hub's fan-out each get a core.

Measured (tests/perf/bench_hub.py): in one process the writer thread and the event loop share
one GIL and the server tops out near 300 events/s with a core idle. Here the child process runs
the Platform (writer, reads, SLA sweep, simulator); the hub process keeps the sockets and the live
state. They speak over one `multiprocessing` pipe:

    hub → child:  ("req", call_id, principal, request_id, name, args)   ("job", call_id, name, params)
    child → hub:  ("events", [(seq, ts, kind, op, id, data_json), ...])  ("result", call_id, result_json)
                  ("ready", media_base)                                   ("error", message)
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing as mp
import threading
from concurrent.futures import Future
from datetime import datetime
from typing import Any, Callable

import msgspec

from .db import Database
from .users import Principal
from .writer import Published, Result, utcnow

log = logging.getLogger(__name__)


class RemotePlatform:
    """Looks like `Platform` to the hub: request(), subscribe(), authenticate(), db, clock."""

    def __init__(self, opts, start_timeout: float = 120.0):
        ctx = mp.get_context("spawn")  # a fresh interpreter: no inherited threads, locks or sockets
        self._conn, child_conn = ctx.Pipe()
        self.process = ctx.Process(target=child_main, args=(child_conn, opts), name="gridline-platform", daemon=True)
        self.process.start()
        child_conn.close()
        first = self._conn.recv() if self._conn.poll(start_timeout) else ("error", "platform process did not start")
        if first[0] != "ready":
            self.process.kill()
            raise RuntimeError(f"platform process failed: {first[1]}")
        self.media_base = first[1]
        self.db = Database(opts.db_url)  # reads only: authentication, snapshots, replay (WAL allows it)
        self.clock: Callable[[], datetime] = utcnow
        self._ids = itertools.count(1)
        self._pending: dict[int, Future] = {}
        self._listeners: list[Callable[[list[Published]], None]] = []
        self._send_lock = threading.Lock()
        self._reader = threading.Thread(target=self._read_loop, name="gridline-platform-pipe", daemon=True)

    # --- Platform's face ----------------------------------------------------------------------------

    def start(self) -> None:
        self._reader.start()

    def announce_media(self) -> None:
        return None  # the platform process announced before it said ready (child_main)

    def stop(self) -> None:
        try:
            self._send(("stop",))
        except (OSError, EOFError):
            pass
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
        self.db.dispose()

    def subscribe(self, listener: Callable[[list[Published]], None]) -> None:
        self._listeners.append(listener)

    def authenticate(self, token: str, user: str | None = None, password: str | None = None) -> Principal | None:
        from .users import authenticate, authenticate_password

        with self.db.sessions() as s:
            if user and password:
                return authenticate_password(s, user, password)
            return authenticate(s, token, self.clock())

    def request(self, p: Principal, request_id: str | None, name: str, args: Any) -> Future:
        fut, call_id = self._new_call()
        self._send(("req", call_id, p, request_id, name, msgspec.to_builtins(args)))
        return fut

    def sweep(self) -> Future:
        return self.call_job("sweep", {})

    def expire(self, kind: str, ids: list[str]) -> Future:
        return self.call_job("expire", {"kind": kind, "ids": ids})

    def prune(self) -> Future:
        return self.call_job("prune", {})

    def call_job(self, name: str, params: dict[str, Any]) -> Future:
        fut, call_id = self._new_call()
        self._send(("job", call_id, name, params))
        return fut

    # --- the pipe --------------------------------------------------------------------------------------

    def _new_call(self) -> tuple[Future, int]:
        call_id = next(self._ids)
        fut: Future = Future()
        self._pending[call_id] = fut
        return fut, call_id

    def _send(self, msg: tuple) -> None:
        with self._send_lock:
            self._conn.send(msg)

    def _read_loop(self) -> None:
        decode = msgspec.json.Decoder()
        while True:
            try:
                msg = self._conn.recv()
            except (EOFError, OSError):
                break
            if msg[0] == "events":
                events = [Published(seq, ts, kind, op, eid, None if data is None else decode.decode(data), data)
                          for seq, ts, kind, op, eid, data in msg[1]]
                for listener in self._listeners:
                    listener(events)
            elif msg[0] == "result":
                fut = self._pending.pop(msg[1], None)
                if fut is not None:
                    fut.set_result(Result.from_json(msg[2], replayed=False))
        # The child is gone: every waiting request gets an answer rather than hanging.
        for fut in list(self._pending.values()):
            if not fut.done():
                fut.set_result(Result(False, error={"code": "internal", "data": None,
                                                    "message": "平台进程已退出 (platform process exited)"}))
        self._pending.clear()


# --- the child process ---------------------------------------------------------------------------------


def child_main(conn, opts) -> None:
    """Entry point of the platform process: runs until the hub says stop or the pipe closes."""
    import os
    import signal

    from .platform import Platform
    from .server import build_notifier

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s[platform]: %(message)s")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the hub process decides when we stop
    try:
        platform = Platform(Database(opts.db_url), notifier=build_notifier(opts), media_base=opts.media_base,
                            auto_escalate=opts.auto_escalate)
    except Exception as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    lock = threading.Lock()

    def send(msg: tuple) -> None:
        with lock:
            conn.send(msg)

    platform.start()
    announced = platform.announce_media()
    if announced is not None:  # committed before the hub reads its state: nothing to forward
        announced.result(timeout=120)
    platform.subscribe(lambda evs: send(("events", [(e.seq, e.ts, e.kind, e.op, e.id, e.data_json) for e in evs])))
    send(("ready", platform.media_base))
    asyncio.run(_child_loop(conn, opts, platform, send))
    platform.stop()
    os._exit(0)  # daemon threads (readers) must not keep a stopped platform alive


async def _child_loop(conn, opts, platform, send) -> None:
    from console.protocol import ProtocolError, decode_args

    loop = asyncio.get_running_loop()
    inbox: asyncio.Queue = asyncio.Queue()

    def pump() -> None:  # blocking pipe reads on a thread, handed to the loop
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                msg = ("stop",)
            loop.call_soon_threadsafe(inbox.put_nowait, msg)
            if msg[0] == "stop":
                return

    threading.Thread(target=pump, name="gridline-hub-pipe", daemon=True).start()
    tasks = []
    if opts.simulate > 0:
        from .simulator import Simulator

        tasks.append(asyncio.create_task(Simulator(platform, rate=opts.simulate, seed=opts.seed).run()))

    def reply(call_id: int, fut: Future) -> None:
        send(("result", call_id, fut.result().to_json()))

    while True:
        msg = await inbox.get()
        if msg[0] == "stop":
            break
        if msg[0] == "req":
            _, call_id, principal, request_id, name, args = msg
            try:
                fut = platform.request(principal, request_id, name, decode_args(name, args))
            except ProtocolError as exc:  # the hub validated already; this is a safety net
                send(("result", call_id, Result(False, error={"code": exc.code, "message": exc.message,
                                                              "data": None}).to_json()))
                continue
            fut.add_done_callback(lambda f, c=call_id: reply(c, f))
        elif msg[0] == "job":
            _, call_id, name, params = msg
            if name in ("sweep", "expire", "prune"):
                fut = getattr(platform, name)(**params)
            else:
                send(("result", call_id, Result(False, error={"code": "invalid", "message": name,
                                                              "data": None}).to_json()))
                continue
            fut.add_done_callback(lambda f, c=call_id: reply(c, f))
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
