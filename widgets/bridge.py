"""Carries the network thread's batches onto the UI thread, at most once per frame.

The network thread only `put`s into a thread-safe `console.feed.Feed`; it never touches a Qt
object. `FeedBridge` drains the feed from a 16 ms QTimer on the UI thread, so the Store, the
Operations and every view change on the UI thread only, and a burst of a thousand events becomes
one `store.apply` per frame (QGroundControl's updateRateMsecs idea, STYLE.md section 5).

`bind` ties a psygnal connection to a QObject's lifetime, so a deleted widget is never called.
"""

from __future__ import annotations

import gc
import logging
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

log = logging.getLogger(__name__)

FRAME_MS = 16  # one frame at 60 Hz: the wall never repaints faster than this anyway


class FeedBridge(QObject):
    """Drains `feed` into `store`/`operations`/`session` from a UI-thread timer."""

    sig_drained = Signal(int)
    """Emitted after a drain that handled at least one item, with the item count."""

    def __init__(self, feed: Any, store: Any, operations: Any = None, session: Any = None,
                 interval_ms: int = FRAME_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._feed = feed
        self._store = store
        self._operations = operations
        self._session = session
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # coarse timers drift to 20+ ms
        self._timer.timeout.connect(self._on_tick)
        self._reloaded = False
        bind(self, store.sig_reset, self._on_store_reset)
        self.reset_stats()

    # --- control ---------------------------------------------------------------------------------

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def set_operations(self, operations: Any) -> None:
        """Operations may be created after the bridge (they need the connection)."""
        self._operations = operations

    def set_session(self, session: Any) -> None:
        self._session = session

    # --- measurements (tests/perf reads them) -----------------------------------------------------

    def reset_stats(self) -> None:
        self.drains = 0  # drains that handled at least one item
        self.items = 0
        self.longest_drain_ms = 0.0
        self.last_drain_ms = 0.0

    def drain_now(self) -> int:
        """One drain, measured; what the timer calls every frame."""
        t0 = time.perf_counter()
        try:
            handled = self._feed.drain(self._store, self._operations, self._session)
        except Exception:
            # A bad batch must not stop the wall: log it and keep draining next frame.
            log.exception("feed drain failed")
            handled = 0
        if self._reloaded:
            # A snapshot is tens of thousands of long-lived dicts: collect once now, then freeze them
            # out of the cyclic GC, whose full passes over them stalled the wall for 130-190 ms.
            self._reloaded = False
            gc.collect()
            gc.freeze()
        elapsed = (time.perf_counter() - t0) * 1000.0
        if handled:
            self.drains += 1
            self.items += handled
            self.last_drain_ms = elapsed
            self.longest_drain_ms = max(self.longest_drain_ms, elapsed)
            self.sig_drained.emit(handled)
        return handled

    def _on_tick(self) -> None:
        self.drain_now()

    def _on_store_reset(self) -> None:
        self._reloaded = True


def bind(owner: QObject, signal: Any, slot: Callable[..., Any]) -> None:
    """Connect a psygnal `signal` to `slot` until `owner` (a QObject) is destroyed.

    psygnal keeps bound methods weakly, but a PySide wrapper can outlive its C++ object (the parent
    deleted it): without the disconnect the store would call into a deleted widget.
    """
    signal.connect(slot)

    def _on_destroyed(*_: Any) -> None:
        try:
            signal.disconnect(slot)
        except (ValueError, RuntimeError):
            pass

    owner.destroyed.connect(_on_destroyed)
