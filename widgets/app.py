"""Application bootstrap: QApplication, theme, translator, cache, backend, connection, main window.

Start order (why): the theme and translator first so even the splash is readable; the cache goes
into the Store at once (marked stale) so the wall has something honest to show; the splash covers
the embedded backend's first seeding (~8 s) and the first snapshot; then the main window. On exit
the connection stops before the backend (no reconnect storm), and the cache is saved last.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import signal
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

from platformdirs import user_data_dir
from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from console import heap
from widgets import i18n
from widgets.theme import apply_theme, set_tone

log = logging.getLogger(__name__)

CACHE_SAVE_MS = 5000  # at most every few seconds, off the UI thread (docs/console-api.md)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="gridline", description="Gridline command-center console")
    p.add_argument("--server", metavar="URL", help="ws://HOST:PORT/ws of a platform server (asks to sign in); "
                                                  "without it an embedded backend runs in the user data dir")
    p.add_argument("--lang", choices=i18n.LANGUAGES, help="interface language (default: the last one used)")
    p.add_argument("--wall", action="store_true", help="start full screen, without menus (F11 toggles)")
    p.add_argument("--data-dir", metavar="DIR", help="where the embedded database and the cache live")
    p.add_argument("--simulate", type=float, default=1.0, metavar="R", help="embedded live-activity rate")
    return p.parse_args(argv)


class StartupSplash(QWidget):
    """What the officer sees while the backend seeds and the first snapshot loads."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("startup_splash")
        self.setMinimumSize(720, 300)
        self.choice: str | None = None  # "open" or "quit" once a button was pressed
        title = QLabel(self.tr("Gridline — grid governance command center"))
        title.setProperty("role", "panel-title")
        self.message = QLabel(self.tr("Starting…"))
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the seeding time is not known in advance
        self.open_button = QPushButton(self.tr("Open the console now"))
        self.quit_button = QPushButton(self.tr("Quit"))
        self.open_button.clicked.connect(lambda: self._choose("open"))
        self.quit_button.clicked.connect(lambda: self._choose("quit"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.addWidget(title)
        layout.addSpacing(12)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)

    def set_message(self, text: str, tone: str | None = None) -> None:
        self.message.setText(text)
        set_tone(self.message, tone)

    def show_error(self, text: str, can_open: bool) -> None:
        self.set_message(text, "overdue")
        self.progress.hide()  # nothing is in progress any more
        self.open_button.setVisible(can_open)

    def _choose(self, choice: str) -> None:
        self.choice = choice


def wait_until(done: Callable[[], bool], splash: StartupSplash) -> str:
    """Run the event loop until `done()` or a splash button: "done", "open" or "quit"."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(50)  # polling is fine here: it only runs while the splash is up
    timer.timeout.connect(lambda: (done() or splash.choice) and loop.quit())
    timer.start()
    if not (done() or splash.choice):
        loop.exec()
    timer.stop()
    return splash.choice or "done"


class ConsoleApp:
    """Owns the console's parts for the life of the process and tears them down in order."""

    def __init__(self, app: QApplication, args: argparse.Namespace, settings: QSettings) -> None:
        from console.cache import Cache
        from console.feed import Feed
        from console.session import Session
        from console.store import Store

        self.app, self.args, self.settings = app, args, settings
        self.data_dir = Path(args.data_dir or user_data_dir("gridline", appauthor=False))
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # One cache per server: the wall must never show another server's data as this one's.
        key = "embedded" if not args.server else hashlib.sha1(args.server.encode()).hexdigest()[:12]
        self.cache = Cache(self.data_dir / f"cache-{key}.db")
        self.store = Store()
        self.feed = Feed()
        self.session = Session()
        self.backend: Any = None
        self.connection: Any = None
        self.operations: Any = None
        self.bridge: Any = None
        self.window: Any = None
        self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gridline-cache")
        self._saved_seq: int | None = None
        self._save_timer = QTimer()
        self._save_timer.setInterval(CACHE_SAVE_MS)
        self._save_timer.timeout.connect(self._on_save_cache)
        # Full garbage collections of the console's large heap stall the UI thread (console/heap.py):
        # after a snapshot, and every few minutes, what survives is frozen out of them.
        self._settle_timer = QTimer()
        self._settle_timer.setSingleShot(True)
        self._settle_timer.setInterval(int(heap.SETTLE_AFTER_RESET_S * 1000))
        self._settle_timer.timeout.connect(self._settle_heap)
        self.store.sig_reset.connect(lambda: self._settle_timer.start())
        self._resettle_timer = QTimer()
        self._resettle_timer.setInterval(int(heap.RESETTLE_EVERY_S * 1000))
        self._resettle_timer.timeout.connect(self._settle_heap)
        self._resettle_timer.start()

    def _settle_heap(self) -> None:
        done = heap.settle()
        log.info("heap settled: %(collected)d unreachable objects freed, %(frozen)d frozen, %(ms).0f ms", done)

    def start(self) -> bool:
        """Bring everything up; False when the officer chose to quit."""
        from console.connection import Connection, Credentials
        from console.operations import Operations
        from widgets.bridge import FeedBridge

        resumed = self.cache.restore(self.store)  # at once, marked stale: the status says from when
        self._saved_seq = resumed[0] if resumed else None
        splash = StartupSplash()
        splash.open_button.hide()  # nothing to open until a backend is chosen and started
        splash.show()
        if self.args.server:
            login = self._ask_login(splash)
            if login is None:
                return False
            url, credentials = login.url, Credentials(login.token, login.user, login.password)
        else:
            started = self._start_embedded(splash, resumed is not None)
            if started is None:
                return False
            url, credentials = started, Credentials(token=self.backend.token or "")

        self.connection = Connection(url, credentials, self.feed, resume_from=resumed[0] if resumed else None)
        self.operations = Operations(self.store, self.connection, self.session)
        self.bridge = FeedBridge(self.feed, self.store, self.operations, self.session)
        self.bridge.start()
        self.connection.start()

        splash.set_message(self.app.translate("StartupSplash", "Loading the current state from %1…")
                           .replace("%1", url))
        splash.open_button.show()  # a slow server: open anyway, the window says "not loaded"/"cached"
        cache_status = self.store.status
        choice = wait_until(lambda: self._first_state_arrived(cache_status, resumed is not None), splash)
        if choice == "quit":
            return False
        self._show_window()
        splash.close()
        self._save_timer.start()
        return True

    def _ask_login(self, splash: StartupSplash):
        from widgets.login_dialog import LoginDialog
        dialog = LoginDialog(self.args.server, self.settings)
        splash.set_message(self.app.translate("StartupSplash", "Sign in to %1").replace("%1", self.args.server))
        return dialog.login() if dialog.exec() else None

    def _start_embedded(self, splash: StartupSplash, has_cache: bool) -> str | None:
        from console.embedded import EmbeddedBackend

        class Cancelled(Exception):
            pass

        def progress(message: str, elapsed: float) -> None:
            splash.set_message(f"{message} — {elapsed:.0f} s")
            QApplication.processEvents()  # start() runs on the UI thread (PR_SET_PDEATHSIG needs it)
            if splash.choice == "quit":
                raise Cancelled

        self.backend = EmbeddedBackend(self.data_dir, simulate=self.args.simulate)
        try:
            return self.backend.start(progress=progress)
        except Cancelled:
            return None
        except (RuntimeError, OSError) as exc:
            log.error("embedded backend failed: %s", exc)
            return self._embedded_failed(splash, str(exc), has_cache)

    def _embedded_failed(self, splash: StartupSplash, reason: str, has_cache: bool) -> str | None:
        """No backend: only the cached data can be shown; say so and let the officer decide."""
        splash.choice = None
        splash.show_error(self.app.translate("StartupSplash", "The embedded backend did not start:\n%1")
                          .replace("%1", reason[-600:]), has_cache)
        wait_until(lambda: False, splash)
        # Going on with the cache: a closed port keeps the indicator honest ("reconnecting since…,
        # data as of…") and requests are held, as with any lost server.
        return "ws://127.0.0.1:9/ws" if splash.choice == "open" else None

    def _first_state_arrived(self, cache_status: Any, has_cache: bool) -> bool:
        """Live (snapshot or resume done), refused for good (offline from the connection, not the
        cache's own "offline"), or, without a cache, any data at all."""
        status = self.store.status
        if status is not cache_status and status.state in ("live", "offline"):
            return True
        return not has_cache and (self.store.seq > 0 or bool(self.store.kinds()))

    def _show_window(self) -> None:
        from widgets.main_window import MainWindow
        self.window = MainWindow(self.store, self.operations, self.session, settings=self.settings)
        restored = self.window.restore_session()
        if self.args.wall:
            self.window.set_wall_mode(True)
        elif restored:
            self.window.show()
        else:
            # A wall PC often runs a bare X session with no window manager, where maximize is a no-op.
            self.window.setGeometry(self.window.screen().availableGeometry())
            self.window.showMaximized()

    def _on_save_cache(self) -> None:
        from console.cache import snapshot_of
        if self.store.status.state != "live" or self.store.seq == self._saved_seq:
            return  # only data known live is worth keeping; unchanged data is already saved
        seq, entities = snapshot_of(self.store)  # copied here, on the UI thread
        self._saved_seq = seq
        self._saver.submit(self.cache.save, seq, entities)

    def shutdown(self) -> None:
        """Stop in dependency order; every step runs even if an earlier one failed."""
        self._save_timer.stop()
        self._settle_timer.stop()
        self._resettle_timer.stop()
        for step in (lambda: self.bridge and self.bridge.stop(),
                     lambda: self.connection and self.connection.stop(),
                     lambda: self.backend and self.backend.stop(),
                     self._on_save_cache,
                     lambda: self._saver.shutdown(wait=True),
                     self.cache.close):
            try:
                step()
            except Exception:  # noqa: BLE001 -- keep tearing down
                log.exception("shutdown step failed")


def run(argv: list[str] | None = None) -> int:
    """`python main.py [--server URL] [--lang zh_CN|en] [--wall]`; returns the exit code."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("gridline")
    app.setApplicationName("console")
    app.setApplicationDisplayName("Gridline")
    apply_theme(app, wall=args.wall)
    settings = QSettings()
    lang = args.lang or str(settings.value("language", i18n.DEFAULT_LANGUAGE))
    i18n.install_language(lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE)
    settings.setValue("language", i18n.current_language())

    # Ctrl+C in the terminal quits cleanly (the timer lets Python run its signal handler).
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    tick = QTimer()
    tick.start(250)
    tick.timeout.connect(lambda: None)

    console = ConsoleApp(app, args, settings)
    try:
        code = app.exec() if console.start() else 0
    finally:
        console.shutdown()
    return code
