import os
import shutil
import uuid

import pytest

from backend.db import Database
from backend.server import Server, ServeOptions

from .small_street import build


@pytest.fixture(scope="session")
def small_street_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "small.db"
    tokens = build(f"sqlite:///{path}")
    return path, tokens


# `make test-pg` sets this to a PostgreSQL server URL: the same tests then run on PostgreSQL.
PG_ADMIN_URL = os.environ.get("GRIDLINE_TEST_PG")


@pytest.fixture
def small_db(small_street_template, tmp_path):
    """A fresh tiny street: a copy of a real SQLite file, or a new PostgreSQL database."""
    if PG_ADMIN_URL:
        yield from _pg_database()
        return
    src, tokens = small_street_template
    dst = tmp_path / "gridline.db"
    shutil.copy(src, dst)
    yield f"sqlite:///{dst}", tokens


def _pg_database():
    from sqlalchemy import create_engine, text

    name = "gl_" + uuid.uuid4().hex[:12]
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    tokens = build(url)
    yield url, tokens
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
async def hub_server(small_db):
    """The real platform and hub on a loopback port over the tiny street."""
    url, tokens = small_db
    server = Server(ServeOptions(db_url=url, port=0, sweep_seconds=3600, media_base="http://media.test"))
    await server.start()
    server.ws_url = f"ws://127.0.0.1:{server.hub.port}/ws"
    server.tokens = tokens
    yield server
    await server.stop()


@pytest.fixture
async def split_server(small_db):
    """The hub with the platform in its own process, as `python -m backend serve` runs it."""
    url, tokens = small_db
    server = Server(ServeOptions(db_url=url, port=0, sweep_seconds=0.5, platform_process=True))
    await server.start()
    server.ws_url = f"ws://127.0.0.1:{server.hub.port}/ws"
    server.tokens = tokens
    yield server
    await server.stop()
