"""The embedded default: the platform server as a child process on loopback.

A child process, not a thread: the backend (simulator, writer, SQLite) has its own GIL, so a busy
backend never stutters the wall. The child must never outlive the console: on Linux it gets
SIGTERM when its parent dies (`PR_SET_PDEATHSIG`), and `atexit` stops it on a normal exit.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PR_SET_PDEATHSIG = 1
BACKEND_NICENESS = 10
"""The embedded backend yields the CPU to the console: on a 2-core wall PC a busy simulator or
writer must not stutter the wall (measured: longest UI stall 105 → 59 ms at 500 events/s). It
still gets every idle cycle."""
USER = "duty"
"""The embedded console signs in as the duty officer (值班员)."""

Progress = Callable[[str, float], None]
"""progress(message, seconds elapsed), called a few times a second while the backend starts."""


def _death_signal_preexec() -> Callable[[], None] | None:
    """A preexec_fn that makes the child die with its parent and run at a lower priority (Linux),
    or None elsewhere.

    Everything is looked up before the fork: between fork and exec only prctl and getppid run.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True).prctl
    except (OSError, AttributeError):
        log.warning("prctl unavailable: the backend may outlive a crashed console")
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        try:
            os.nice(BACKEND_NICENESS)
        except OSError:
            pass  # not allowed here: run at the console's priority
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


class EmbeddedBackend:
    """`python -m backend serve --demo --simulate R` on a free loopback port, in `data_dir`.

    The child's output goes to `data_dir/backend.log`. Note: PR_SET_PDEATHSIG fires when the
    *thread* that started the child ends, so call `start` from a long-lived thread (the UI thread).
    """

    def __init__(self, data_dir: str | Path, simulate: float = 1.0, seed: int = 7) -> None:
        self.data_dir = Path(data_dir)
        self.simulate = simulate
        self.seed = seed
        self.db_url = f"sqlite:///{self.data_dir / 'gridline.db'}"
        self.port_file = self.data_dir / "backend.port"
        self.log_file = self.data_dir / "backend.log"
        self.url: str | None = None
        self.token: str | None = None
        """The access token of user `duty`, set by `start`."""
        self._proc: subprocess.Popen | None = None

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        return None if self._proc is None else self._proc.pid

    def _command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "backend", *args]

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        # `-m backend` must resolve to this checkout, wherever the console was started from.
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH")) if p)
        return env

    def start(self, progress: Progress | None = None, timeout: float = 180.0) -> str:
        """Seed (first start only), get a token, start the server; return the ws URL.

        Seeding the demo street takes several seconds: `progress` is told meanwhile. Each step
        runs before the next so no two processes write the database at once (a `user token` next
        to a busy simulator can fail with "database is locked"). Raises RuntimeError, with the
        end of the child's log, if a step fails or `timeout` passes.
        """
        if self._proc is not None:
            raise RuntimeError("EmbeddedBackend already started")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port_file.unlink(missing_ok=True)
        t0 = time.monotonic()
        if not (self.data_dir / "gridline.db").exists():
            seed = self._spawn(self._command("seed", "--demo", "--seed", str(self.seed), "--db", self.db_url))
            try:
                self._wait(seed, progress, "正在生成演示数据 (seeding the demo street)", t0, timeout,
                           lambda: None if seed.poll() is None else seed.returncode == 0)
            finally:
                self._reap(seed)
        self.token = self._issue_token()
        self._proc = self._spawn(self._command(
            "serve", "--db", self.db_url, "--demo", "--simulate", f"{self.simulate:g}", "--seed", str(self.seed),
            "--host", "127.0.0.1", "--port", "0", "--port-file", str(self.port_file)))
        atexit.register(self.stop)
        try:
            port = self._wait(self._proc, progress, "正在启动后台 (starting the backend)", t0, timeout,
                              self._read_port)
        except BaseException:
            self.stop()
            raise
        self.url = f"ws://127.0.0.1:{port}/ws"
        log.info("embedded backend pid %s at %s", self.pid, self.url)
        return self.url

    def _spawn(self, cmd: list[str]) -> subprocess.Popen:
        with open(self.log_file, "ab") as out:
            return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                    cwd=self.data_dir, env=self._env(), preexec_fn=_death_signal_preexec())

    def _read_port(self) -> int | None:
        try:
            return int(self.port_file.read_text().strip())
        except (FileNotFoundError, ValueError):  # not there yet, or half written
            return None

    def _wait(self, proc: subprocess.Popen, progress: Progress | None, message: str, t0: float,
              timeout: float, done: Callable[[], Any]) -> Any:
        """Poll `done()` until it returns something other than None; fail if `proc` dies first."""
        while True:
            result = done()
            if result is False:
                raise RuntimeError(f"{message} failed:\n{self._log_tail()}")
            if result is not None:
                return result
            if proc.poll() is not None:
                raise RuntimeError(f"backend exited with code {proc.returncode}:\n{self._log_tail()}")
            elapsed = time.monotonic() - t0
            if elapsed > timeout:
                raise RuntimeError(f"backend did not start within {timeout:g} s:\n{self._log_tail()}")
            if progress is not None:
                progress(message, elapsed)
            time.sleep(0.1)

    def _issue_token(self) -> str:
        done = subprocess.run(self._command("user", "token", USER, "--db", self.db_url), capture_output=True,
                              text=True, timeout=60, cwd=self.data_dir, env=self._env())
        token = done.stdout.strip()
        if done.returncode != 0 or not token:
            raise RuntimeError(f"could not issue a token for {USER!r}: {done.stderr.strip()[-2000:]}")
        return token

    def _log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log_file.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self, timeout: float = 5.0) -> None:
        """Terminate the child (SIGTERM, then SIGKILL after `timeout`) and reap it."""
        proc, self._proc = self._proc, None
        atexit.unregister(self.stop)
        self.url = None
        if proc is not None:
            self._reap(proc, timeout)

    @staticmethod
    def _reap(proc: subprocess.Popen, timeout: float = 5.0) -> None:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                log.warning("backend pid %s ignored SIGTERM; killing it", proc.pid)
                proc.kill()
                proc.wait()
