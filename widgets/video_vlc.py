"""The libvlc engine: decodes in libvlc's threads into a small pool of QImages the tile paints.

Frames arrive through `video_set_callbacks` (DESIGN.md §3: works offscreen and under X) at the
stream's own size (format callback: no scaling in libvlc). A pool of buffers keeps the picture
being painted apart from the ones being decoded, so a tile never shows a torn frame; the UI
thread asks `take()` once per frame whether a newer picture is ready. libvlc events are re-emitted
as a Qt signal, so they reach the player on the UI thread. Stopping a libvlc player can wait on
its network thread, so players are stopped and released on a background thread.
"""

from __future__ import annotations

import ctypes
import glob
import logging
import os
import queue
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from console.player import Event

log = logging.getLogger(__name__)

try:  # python-vlc loads libvlc at import: a machine without libvlc must still run the console
    if os.environ.get("GRIDLINE_NO_VLC"):
        raise ImportError("GRIDLINE_NO_VLC is set")
    import vlc
except (ImportError, OSError) as exc:  # pragma: no cover - depends on the machine
    vlc = None
    _IMPORT_ERROR = str(exc)
else:
    _IMPORT_ERROR = ""

VLC_ARGS = ["--no-audio", "--network-caching=300", "--live-caching=300", "--quiet", "--no-video-title-show",
            "--no-stats", "--no-osd", "--no-spu", "--avcodec-threads=1", "--no-xlib"]
POOL = 5  # pictures in flight: being decoded, waiting for display, ready, painted
_instance: Any = None
_instance_error = ""


def instance() -> Any:
    """The one shared libvlc instance, or None when libvlc cannot start."""
    global _instance, _instance_error
    if _instance is None and not _instance_error:
        if vlc is None:
            _instance_error = f"python-vlc/libvlc unavailable: {_IMPORT_ERROR}"
        else:
            try:
                _instance = vlc.Instance(VLC_ARGS)
            except Exception as exc:  # libvlc present but broken (no plugins)
                _instance_error = str(exc)
            if _instance is None and not _instance_error:
                _instance_error = "libvlc could not start (plugins missing?)"
        if _instance_error:
            log.warning("libvlc engine disabled: %s", _instance_error)
    return _instance


def has_rtsp() -> bool:
    """Debian's VLC has no live555 (DESIGN.md §3): RTSP then goes to QtMultimedia."""
    patterns = ["/usr/lib/*/vlc/plugins/access/liblive555_plugin.*", "/usr/lib/vlc/plugins/access/liblive555_plugin.*",
                "/usr/local/lib/vlc/plugins/access/liblive555_plugin.*"]
    if os.environ.get("VLC_PLUGIN_PATH"):
        patterns.append(os.path.join(os.environ["VLC_PLUGIN_PATH"], "**", "liblive555_plugin.*"))
    return any(glob.glob(p, recursive=True) for p in patterns)


def capabilities() -> set[str]:
    """Protocols this engine can open here (empty when libvlc is missing)."""
    if instance() is None:
        return set()
    return {"http-ts", "http-flv", "hls", "file"} | ({"rtsp"} if has_rtsp() else set())


# --- releasing players off the UI thread ---------------------------------------------------------

_graveyard: queue.Queue = queue.Queue()
_FORMAT_CB = ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
                              ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint),
                              ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint))


def _reaper() -> None:
    while True:
        item = _graveyard.get()
        try:
            player, frames = item[0], item[1]
            player.stop()
            player.release()
            if frames is not None:
                frames.drop()  # libvlc is done with them: free the pictures now, not at the next full GC
        except Exception:  # pragma: no cover - a failing release must not kill the reaper
            log.exception("releasing a libvlc player failed")


threading.Thread(target=_reaper, name="gridline-vlc-reaper", daemon=True).start()


ASPECTS = (16 / 9, 4 / 3, 16 / 10, 5 / 4, 1.0, 3 / 2, 21 / 9)


def visible_size(width: int, height: int) -> tuple[int, int]:
    """libvlc's first size is the decoder's, padded to 16 lines (640×368 for 640×360): unpad it."""
    for aspect in ASPECTS:
        h = round(width / aspect)
        if height - 16 < h <= height:
            return width, h - h % 2
    return width, height


class _Frames:
    """Buffers of one open stream, and the libvlc callbacks that fill them (libvlc threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bufs: list[Any] = []
        self.images: list[QImage] = []
        self.state: list[str] = []  # free | busy | ready | shown
        self.seq: list[int] = []
        self.counter = 0
        self.fresh = False
        self.shown = -1
        self.decoded = 0
        self.size: tuple[int, int] | None = None
        # ctypes callbacks must stay referenced as long as libvlc may call them
        # chroma is a char[4] libvlc lets us write: python-vlc's prototype (c_char_p) hands Python a
        # copy, so the callback is built with a void pointer and cast to the prototype libvlc expects
        self._c_setup_raw = _FORMAT_CB(self._setup)
        self.c_setup = ctypes.cast(self._c_setup_raw, vlc.CallbackDecorators.VideoFormatCb)
        self.c_cleanup = vlc.CallbackDecorators.VideoCleanupCb(lambda opaque: None)
        self.c_lock = vlc.CallbackDecorators.VideoLockCb(self._lock)
        self.c_unlock = vlc.CallbackDecorators.VideoUnlockCb(lambda opaque, picture, planes: None)
        self.c_display = vlc.CallbackDecorators.VideoDisplayCb(self._display)

    def _setup(self, opaque, chroma, width, height, pitches, lines) -> int:
        if self.size is None:
            self.size = visible_size(max(2, width[0]), max(2, height[0]))
        # libvlc may call again with an aspect-"corrected" height of the padded picture; keep ours
        w, h = self.size
        width[0], height[0] = w, h
        ctypes.memmove(chroma, b"RV32", 4)
        pitch = w * 4
        pitches[0], lines[0] = pitch, h
        with self.lock:
            self.bufs = [(ctypes.c_ubyte * (pitch * h))() for _ in range(POOL)]
            self.images = [QImage(memoryview(b), w, h, pitch, QImage.Format.Format_RGB32) for b in self.bufs]
            self.state = ["free"] * POOL
            self.seq = [0] * POOL
            self.fresh, self.shown = False, -1
        return POOL

    def _lock(self, opaque, planes) -> int:
        with self.lock:
            free = [i for i, s in enumerate(self.state) if s == "free"]
            if free:
                i = free[0]
            else:  # every buffer held: reuse the oldest one still being decoded (a dropped picture)
                busy = [i for i, s in enumerate(self.state) if s == "busy"] or [0]
                i = min(busy, key=lambda k: self.seq[k])
            self.counter += 1
            self.state[i], self.seq[i] = "busy", self.counter
            planes[0] = ctypes.addressof(self.bufs[i])
        return i + 1  # the picture id handed back to display; never NULL

    def _display(self, opaque, picture) -> None:
        i = (picture or 1) - 1
        with self.lock:
            if not self.state or self.state[i] != "busy":
                return
            for k, s in enumerate(self.state):
                if s == "ready" or (s == "busy" and self.seq[k] < self.seq[i]):
                    self.state[k] = "free"  # superseded before it was painted, or dropped by libvlc
            self.state[i] = "ready"
            self.fresh = True
            self.decoded += 1

    def drop(self) -> None:
        """Break the callbacks → self cycle and free the buffers (after libvlc released the player)."""
        with self.lock:
            self.bufs, self.images, self.state, self.shown, self.fresh = [], [], [], -1, False
        self.c_setup = self.c_cleanup = self.c_lock = self.c_unlock = self.c_display = self._c_setup_raw = None

    def take(self) -> bool:
        """UI thread: make the newest decoded picture the painted one; True if it changed."""
        with self.lock:
            if not self.fresh:
                return False
            ready = self.state.index("ready")
            if self.shown >= 0 and self.state[self.shown] == "shown":
                self.state[self.shown] = "free"
            self.state[ready], self.shown, self.fresh = "shown", ready, False
            return True

    def image(self) -> QImage | None:
        return self.images[self.shown] if self.shown >= 0 and self.images else None


class VlcEngine(QObject):
    """One tile's libvlc player. `sig_event(Event, generation)` arrives on the UI thread."""

    sig_event = Signal(object, int)
    name = "vlc"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player: Any = None
        self._frames: _Frames | None = None
        self._events: Any = None
        self.generation = -1

    @staticmethod
    def available() -> bool:
        return instance() is not None

    def open(self, url: str, generation: int) -> None:
        self.close()
        inst = instance()
        if inst is None:
            self.sig_event.emit(Event.ERROR, generation)
            return
        self.generation = generation
        frames = _Frames()
        player = inst.media_player_new()
        player.video_set_callbacks(frames.c_lock, frames.c_unlock, frames.c_display, None)
        player.video_set_format_callbacks(frames.c_setup, frames.c_cleanup)
        events = player.event_manager()
        # libvlc calls these on its own threads: only emit (a queued Qt signal), never call libvlc back
        mapping = {vlc.EventType.MediaPlayerBuffering: Event.BUFFERING,
                   vlc.EventType.MediaPlayerEncounteredError: Event.ERROR,
                   vlc.EventType.MediaPlayerEndReached: Event.ENDED}
        for vlc_event, ours in mapping.items():
            events.event_attach(vlc_event, self._make_relay(ours, generation))
        player.set_media(inst.media_new(url))
        self._player, self._frames, self._events = player, frames, events
        if player.play() != 0:
            self.sig_event.emit(Event.ERROR, generation)

    def _make_relay(self, event: Event, generation: int):
        def relay(_vlc_event: Any) -> None:
            try:
                self.sig_event.emit(event, generation)
            except RuntimeError:  # the engine's QObject is gone (tile deleted)
                pass
        return relay

    def close(self) -> None:
        player, frames, self._player, self._frames = self._player, self._frames, None, None
        if player is not None:
            # frames and callbacks travel with the player: libvlc may call them until it is stopped
            _graveyard.put((player, frames, self._events))
        self._events = None

    def take(self) -> bool:
        return self._frames.take() if self._frames is not None else False

    def image(self) -> QImage | None:
        return self._frames.image() if self._frames is not None else None

    def progress(self) -> int:
        """The stream clock (ms). libvlc re-displays the last picture every 80 ms when starved, so
        display callbacks alone cannot tell a frozen stream from a live one; this clock stops."""
        return self._player.get_time() if self._player is not None else -1

    @property
    def decoded(self) -> int:
        return self._frames.decoded if self._frames is not None else 0
