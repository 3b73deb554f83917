"""console.embedded: the backend as a child process. Slow-ish: the first start seeds the demo
street (~8 s); the second test reuses that database when it can."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import msgspec
import pytest
from websockets.asyncio.client import connect

from console.embedded import BACKEND_NICENESS, EmbeddedBackend

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def gone(pid: int) -> bool:
    """True when `pid` no longer runs (absent, or a zombie nobody reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if gone(pid):
            return True
        time.sleep(0.05)
    return gone(pid)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """A data directory shared by this module: the first start seeds it."""
    return tmp_path_factory.mktemp("embedded")


async def test_start_returns_a_url_that_accepts_the_token_and_stop_leaves_no_child(demo_dir):
    backend = EmbeddedBackend(demo_dir, simulate=1.0, seed=7)
    seen = []
    url = backend.start(progress=lambda message, elapsed: seen.append(message))
    pid = backend.pid
    try:
        assert url.startswith("ws://127.0.0.1:") and url.endswith("/ws") and backend.token.startswith("gl_")
        assert any("seeding" in m for m in seen)  # the first start seeds, and says so
        async with connect(url, max_size=None) as ws:
            await ws.send(msgspec.json.encode({"type": "hello", "protocol": 1, "token": backend.token,
                                               "resume_from": None, "client": "test"}), text=True)
            welcome = msgspec.json.decode(await ws.recv())
            assert welcome["type"] == "welcome" and welcome["user"]["role"] == "duty"
            first = msgspec.json.decode(await ws.recv())
            assert first["type"] == "snapshot" and len(first["entities"]["region"]) > 20  # the demo street
        # the backend yields the CPU to the console (niceness is field 19 of /proc/PID/stat)
        nice = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[16])
        assert nice == min(19, os.nice(0) + BACKEND_NICENESS)
    finally:
        backend.stop()
    assert backend.pid is None and gone(pid)
    assert not gone(os.getpid())
    backend.stop()  # idempotent


PARENT = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from console.embedded import EmbeddedBackend
    backend = EmbeddedBackend({data!r})
    backend.start()
    print(backend.pid, flush=True)
    time.sleep(600)
""")


def test_killing_the_parent_does_not_orphan_the_child(demo_dir, tmp_path):
    if (demo_dir / "gridline.db").exists():  # skip the seeding when the first test left a database
        shutil.copy(demo_dir / "gridline.db", tmp_path / "gridline.db")
    parent = subprocess.Popen([sys.executable, "-c", PARENT.format(root=str(ROOT), data=str(tmp_path))],
                              stdout=subprocess.PIPE, text=True)
    try:
        line = parent.stdout.readline()
        child = int(line)
        assert not gone(child)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert wait_gone(child, 5.0), f"backend pid {child} outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
