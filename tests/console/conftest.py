"""Fixtures for the console core: the tiny street on a real SQLite file, served on loopback."""

from __future__ import annotations

import asyncio
import shutil
import time
from typing import Callable

import pytest

from backend.server import Server, ServeOptions
from console.connection import Backoff, Connection, Credentials
from console.feed import Events, Feed, SnapshotReady
from console.operations import Operations
from console.session import Session
from console.store import Store
from tests.backend.small_street import build


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes several seconds (a real child process seeding the demo)")


@pytest.fixture(scope="session")
def street_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("console-template") / "small.db"
    tokens = build(f"sqlite:///{path}")
    return path, tokens


@pytest.fixture
def street_db(street_template, tmp_path):
    """(db url, tokens by user name) of a fresh copy of the tiny street."""
    src, tokens = street_template
    dst = tmp_path / "gridline.db"
    shutil.copy(src, dst)
    return f"sqlite:///{dst}", tokens


async def start_server(db_url: str, port: int = 0) -> Server:
    server = Server(ServeOptions(db_url=db_url, port=port, sweep_seconds=3600))
    await server.start()
    server.ws_url = f"ws://127.0.0.1:{server.hub.port}/ws"
    return server


@pytest.fixture
async def server(street_db):
    """The real platform and hub over the tiny street; `server.tokens` by user name."""
    url, tokens = street_db
    srv = await start_server(url)
    srv.tokens = tokens
    yield srv
    await srv.stop()


async def drain_until(feed: Feed, store: Store, pred: Callable[[], bool], timeout: float = 10.0,
                      operations=None, session=None, what: str = "condition") -> None:
    """Drain `feed` like the UI timer does (every 10 ms) until `pred()` holds."""
    deadline = time.monotonic() + timeout
    while True:
        feed.drain(store, operations, session)
        if pred():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; store seq {store.seq}, status {store.status}")
        await asyncio.sleep(0.01)


class SpyFeed(Feed):
    """A Feed that also records what the network thread put: event seqs and snapshot seqs."""

    def __init__(self) -> None:
        super().__init__()
        self.event_seqs: list[int] = []
        self.snapshots: list[int] = []

    def put(self, item) -> None:
        if isinstance(item, Events):
            self.event_seqs.extend(e.seq for e in item.events)
        elif isinstance(item, SnapshotReady):
            self.snapshots.append(item.seq)
        super().put(item)


FAST = Backoff(initial=0.05, maximum=0.2, jitter=0.0)


class Console:
    """What the app wires together (Feed, Store, Session, Connection, Operations), minus Qt."""

    def __init__(self, url: str, token: str, resume_from: int | None = None, backoff: Backoff | None = None,
                 store: Store | None = None) -> None:
        self.feed = SpyFeed()
        self.store = store or Store()
        self.session = Session()
        self.conn = Connection(url, Credentials(token), self.feed, resume_from, backoff or FAST)
        self.ops = Operations(self.store, self.conn, self.session)
        self.statuses: list[str] = []
        self.store.sig_status.connect(lambda s: self.statuses.append(s.state))

    def start(self) -> "Console":
        self.conn.start()
        return self

    async def until(self, pred: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
        await drain_until(self.feed, self.store, pred, timeout, self.ops, self.session, what)

    async def live(self, timeout: float = 10.0) -> None:
        await self.until(lambda: self.store.status.state == "live", timeout, "live")

    async def stop(self) -> float:
        """Stop in a worker thread (the loopback server shares this test's loop); returns seconds."""
        t0 = time.monotonic()
        await asyncio.to_thread(self.conn.stop)
        return time.monotonic() - t0


@pytest.fixture
async def consoles():
    """Factory of started Consoles, all stopped at teardown."""
    made: list[Console] = []

    def make(*args, **kw) -> Console:
        c = Console(*args, **kw).start()
        made.append(c)
        return c

    yield make
    for c in made:
        await c.stop()
