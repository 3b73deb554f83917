"""Runs the platform: hub, periodic SLA sweep and housekeeping, optional simulator."""

from __future__ import annotations

import asyncio
import logging
import signal
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .db import Database
from .db.convert import parse_iso
from .db.queries import LIVE_RETENTION
from .hub import Hub
from .notify import FanoutNotifier, LogFileNotifier, Notifier, WebhookNotifier
from .platform import Platform

log = logging.getLogger(__name__)


@dataclass
class ServeOptions:
    db_url: str
    host: str = "127.0.0.1"
    port: int = 8765
    demo: bool = False
    simulate: float = 0.0
    seed: int = 7
    sweep_seconds: float = 5.0
    notify_log: str | None = None
    notify_webhook: str | None = None
    auto_escalate: bool = False
    port_file: str | None = None  # where to write the bound port (the console's embedded default reads it)
    media_base: str = ""  # base URL substituted for {demo_media} in camera URLs
    demo_media: bool = True  # with `demo` and no media_base: serve the demo cameras' clips (media_server.py)
    media_port: int = 0
    platform_process: bool = False  # run the platform (writer, simulator) in its own process: a core each


def build_notifier(opts: ServeOptions) -> Notifier | None:
    parts: list[Notifier] = []
    if opts.notify_log:
        parts.append(LogFileNotifier(Path(opts.notify_log)))
    if opts.notify_webhook:
        parts.append(WebhookNotifier(opts.notify_webhook))
    return FanoutNotifier(parts) if parts else None


def prepare_database(opts: ServeOptions) -> Database:
    db = Database(opts.db_url)
    db.upgrade()
    if opts.demo and db.is_empty():
        from .demo.history import seed_demo

        log.info("seeding the demo street")
        seed_demo(db, seed=opts.seed)
    return db


def expired(entities: dict[str, dict], field: str, now: datetime) -> list[str]:
    """Ids of finished entities whose finishing time is older than the live retention."""
    cutoff = now - LIVE_RETENTION
    out = []
    for eid, e in entities.items():
        t = e.get(field) or (e.get("updated_at") if e.get("status") in ("rejected",) else None)
        if t and parse_iso(t) < cutoff:
            out.append(eid)
    return out


class Server:
    """One running platform: start() binds the port, run_forever() until stop()."""

    def __init__(self, opts: ServeOptions, db: Database | None = None, platform: Platform | None = None):
        self.opts = opts
        self.db = db or prepare_database(opts)
        self.media = None
        if opts.demo and opts.demo_media and not opts.media_base:
            from .media_server import demo_media_server

            self.media = demo_media_server(opts.db_url, opts.host, opts.media_port)
            opts.media_base = self.media.start()
        if platform is None and opts.platform_process:
            from .remote import RemotePlatform

            platform = RemotePlatform(opts)
        self.platform = platform or Platform(self.db, notifier=build_notifier(opts), media_base=opts.media_base,
                                             auto_escalate=opts.auto_escalate)
        self.hub = Hub(self.platform, opts.host, opts.port)
        self.simulator = None
        self._tasks: list[asyncio.Task] = []
        self._stopped = asyncio.Event()

    async def start(self) -> None:
        self.platform.start()
        announced = self.platform.announce_media()
        if announced is not None:  # before the first console connects: its welcome's head includes it
            await asyncio.wrap_future(announced)
        await self.hub.start()
        self._tasks.append(asyncio.create_task(self._periodic()))
        if self.opts.simulate > 0 and not self.opts.platform_process:  # else the platform process runs it
            from .simulator import Simulator

            self.simulator = Simulator(self.platform, rate=self.opts.simulate, seed=self.opts.seed)
            self._tasks.append(asyncio.create_task(self.simulator.run()))
        if self.opts.port_file:
            Path(self.opts.port_file).write_text(str(self.hub.port))

    async def _periodic(self) -> None:
        last_prune = 0.0
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.opts.sweep_seconds)
            try:
                await asyncio.wrap_future(self.platform.sweep())
                now = self.platform.clock()
                for kind, field in (("ticket", "closed_at"), ("alarm", "closed_at")):
                    ids = expired(self.hub.state.entities.get(kind, {}), field, now)
                    if ids:
                        await asyncio.wrap_future(self.platform.expire(kind, ids))
                if loop.time() - last_prune > 3600:
                    last_prune = loop.time()
                    await asyncio.wrap_future(self.platform.prune())
            except Exception:
                log.exception("periodic housekeeping failed")

    async def stop(self) -> None:
        for t in self._tasks:
            t.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.hub.close()
        self.platform.stop()
        if self.media is not None:
            self.media.stop()
        self._stopped.set()

    async def run_forever(self) -> None:
        await self.start()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, lambda: asyncio.ensure_future(self.stop()))
            except (NotImplementedError, RuntimeError):
                pass
        await self._stopped.wait()
