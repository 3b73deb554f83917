import asyncio
import shutil

import pytest

from backend.db import Database
from backend.server import Server, ServeOptions

from .small_street import build


@pytest.fixture(scope="session")
def small_street_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "small.db"
    tokens = build(f"sqlite:///{path}")
    return path, tokens


@pytest.fixture
def small_db(small_street_template, tmp_path):
    """A fresh copy of the tiny street in a real SQLite file."""
    src, tokens = small_street_template
    dst = tmp_path / "gridline.db"
    shutil.copy(src, dst)
    return f"sqlite:///{dst}", tokens


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
