"""The real platform and hub on 127.0.0.1 for widget tests, served from its own asyncio loop thread
(the Qt event loop owns the test's main thread)."""

from __future__ import annotations

import asyncio
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from backend.server import Server, ServeOptions


@contextmanager
def serve_copy(src: Path, tokens: dict[str, str], workdir: Path, thread_name: str = "test-backend") -> Iterator[Server]:
    """Serve a copy of the SQLite file `src` (tests may change it); the server carries `ws_url` and
    `tokens`. Stopped and joined on exit."""
    db = workdir / "gridline.db"
    shutil.copy(src, db)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name=thread_name, daemon=True)
    thread.start()

    async def start() -> Server:
        server = Server(ServeOptions(db_url=f"sqlite:///{db}", port=0, sweep_seconds=3600))
        await server.start()
        return server

    server = asyncio.run_coroutine_threadsafe(start(), loop).result(30)
    server.ws_url = f"ws://127.0.0.1:{server.hub.port}/ws"
    server.tokens = tokens
    try:
        yield server
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
