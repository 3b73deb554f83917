"""The libvlc engine: decodes in libvlc's threads into a small pool of QImages the tile paints.

Frames arrive through `video_set_callbacks` (DESIGN.md §3: works offscreen and under X) at the
stream's own size (format callback: no scaling in libvlc). Measured twice: asking for the tile's
size (640x360 -> 468x264, so the tile blits 1:1) made the wall dearer, 1.53..1.61 x bare decode
against 1.43 x (bench_wall, 16 tiles). libvlc 3.0 converts I420 -> RV32 with swscale (it outranks
i420_rgb); at the same size swscale takes its SIMD unscaled converter, with scaling its generic
path, +10..13 % of a core for 16 streams whatever --swscale-mode (0 fast bilinear, 2 bicubic,
4 nearest): more than Qt's scaled blit costs. A pool of buffers keeps the picture being painted apart
from the ones being decoded, so a tile never shows a torn frame; the UI thread asks `take()` once
per frame whether a newer picture is ready. libvlc events are re-emitted as a Qt signal, so they
reach the player on the UI thread. Each tile has one player for its life; stopping it can wait on
its network thread, so stream switches run on worker threads.
"""

from __future__ import annotations

import ctypes
import glob
import logging
import os
import queue
import threading
import time
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
            tune_malloc()
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


# --- memory ----------------------------------------------------------------------------------

M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 128 * 1024


def tune_malloc() -> bool:
    """Give big blocks (pictures) back to the system when freed: fix glibc's mmap threshold.

    glibc raises its mmap threshold to the size of the largest block freed so far (up to 32 MB), so
    after the first closed stream every picture buffer (libvlc's pools, ours) comes from the heap
    arenas of the libvlc threads, and those fragment and never shrink: RSS grew ~0.3-0.5 MB per
    reopened stream, with or without our own buffers (bench_wall's bare loop). A fixed threshold
    (its default, 128 KiB) keeps big blocks in mmap, returned to the system on free.
    """
    try:
        libc = ctypes.CDLL(None)
        return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    except (OSError, AttributeError):  # not glibc
        return False


TRIM_EVERY_S = 5.0
_trim_lock = threading.Lock()
_trimmed_at = -TRIM_EVERY_S


def trim_heap(now: float | None = None) -> bool:
    """Worker thread, after a stream switch: give glibc's arenas' free pages back (`malloc_trim`),
    at most every TRIM_EVERY_S; True when it trimmed.

    Every stream starts and ends a few libvlc threads, which allocate from glibc's per-thread
    arenas; what they free stays in those arenas. Under fast tours RSS crept ~20 MB over the first
    15,000 stream switches (bench_wall --tour-step 1). Measured on 16 engines reopened every second:
    peaks 446 -> 456 MB without trimming, 419..422 MB flat with it.
    """
    global _trimmed_at
    now = time.monotonic() if now is None else now
    with _trim_lock:
        if now - _trimmed_at < TRIM_EVERY_S:
            return False
        _trimmed_at = now
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        return False
    return True


# --- stopping and starting players off the UI thread ---------------------------------------------

_jobs: queue.Queue = queue.Queue()
WORKERS = 3  # a tour switches 16 tiles at once: a few stops in parallel keep first pictures quick
_workers: list[threading.Thread] = []
_FORMAT_CB = ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
                              ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint),
                              ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint))


def _work() -> None:
    while True:
        engine = _jobs.get()
        try:
            engine._sync()
        except Exception:  # pragma: no cover - a failing libvlc call must not kill the worker
            log.exception("libvlc player change failed")


def _submit(engine: "VlcEngine") -> None:
    if not _workers:
        for k in range(WORKERS):
            t = threading.Thread(target=_work, name=f"gridline-vlc-{k}", daemon=True)
            t.start()
            _workers.append(t)
    _jobs.put(engine)


ASPECTS = (16 / 9, 4 / 3, 16 / 10, 5 / 4, 1.0, 3 / 2, 21 / 9)


def visible_size(width: int, height: int) -> tuple[int, int]:
    """libvlc's first size is the decoder's, padded to 16 lines (640×368 for 640×360): unpad it."""
    for aspect in ASPECTS:
        h = round(width / aspect)
        if height - 16 < h <= height:
            return width, h - h % 2
    return width, height


FREE, BUSY, READY, SHOWN = 0, 1, 2, 3


class _Frames:
    """One tile's picture buffers and the libvlc callbacks that fill them (libvlc threads).

    Made once per engine and kept across streams: the callbacks are registered once on the tile's
    one player, and the buffers are reused while the picture size stays the same. `gen` is the
    generation whose pictures count; -1 while a stream is being replaced (pictures dropped).
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bufs: list[Any] = []
        self.addrs: list[int] = []
        self.images: list[QImage] = []
        self.state: list[int] = []
        self.seq: list[int] = []
        self.counter = 0
        self.fresh = False
        self.shown = -1
        self.decoded = 0
        self.gen = -1
        self.size: tuple[int, int] | None = None
        self.allocations = 0  # buffer sets made (tests: reopening at the same size makes none)
        # ctypes callbacks must stay referenced as long as libvlc may call them: as long as self.
        # chroma is a char[4] libvlc lets us write: python-vlc's prototype (c_char_p) hands Python a
        # copy, so the callback is built with a void pointer and cast to the prototype libvlc expects
        self._c_setup_raw = _FORMAT_CB(self._setup)
        self.c_setup = ctypes.cast(self._c_setup_raw, vlc.CallbackDecorators.VideoFormatCb)
        self.c_cleanup = vlc.CallbackDecorators.VideoCleanupCb(self._cleanup)
        self.c_lock = vlc.CallbackDecorators.VideoLockCb(self._lock)
        self.c_display = vlc.CallbackDecorators.VideoDisplayCb(self._display)

    def begin(self, generation: int) -> None:
        """Worker thread, between stop() and play(): the next stream's pictures count from now."""
        with self.lock:
            self.gen, self.size, self.decoded = generation, None, 0
            self.fresh, self.shown = False, -1
            self.state = [FREE] * len(self.bufs)

    def halt(self) -> None:
        """UI thread, when a stream is replaced or closed: its pictures no longer count."""
        with self.lock:
            self.gen, self.fresh = -1, False

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
            if not self.images or self.images[0].width() != w or self.images[0].height() != h:
                # a QImage keeps its buffer alive (PySide holds the memoryview), so a picture the
                # tile still paints stays valid after this
                self.bufs = [(ctypes.c_ubyte * (pitch * h))() for _ in range(POOL)]
                self.addrs = [ctypes.addressof(b) for b in self.bufs]
                self.images = [QImage(memoryview(b), w, h, pitch, QImage.Format.Format_RGB32) for b in self.bufs]
                self.allocations += 1
            self.state = [FREE] * POOL
            self.seq = [0] * POOL
            self.fresh, self.shown = False, -1
        return POOL

    def _cleanup(self, opaque) -> None:
        with self.lock:
            self.fresh = False
            self.state = [FREE] * len(self.bufs)
            self.shown = -1

    def _lock(self, opaque, planes) -> int:
        with self.lock:
            state = self.state
            if FREE in state:
                i = state.index(FREE)
            else:  # every buffer held: reuse the oldest one still being decoded (a dropped picture)
                seq = self.seq
                i = min((k for k in range(len(state)) if state[k] == BUSY), key=seq.__getitem__, default=0)
            self.counter += 1
            state[i], self.seq[i] = BUSY, self.counter
            planes[0] = self.addrs[i]
        return i + 1  # the picture id handed back to display; never NULL

    def _display(self, opaque, picture) -> None:
        i = (picture or 1) - 1
        with self.lock:
            state = self.state
            if i >= len(state) or state[i] != BUSY:
                return
            if self.gen < 0:  # a picture of a stream being replaced
                state[i] = FREE
                return
            seq, mine = self.seq, self.seq[i]
            for k in range(len(state)):
                if state[k] == READY or (state[k] == BUSY and seq[k] < mine):
                    state[k] = FREE  # superseded before it was painted, or dropped by libvlc
            state[i] = READY
            self.fresh = True
            self.decoded += 1

    def take(self, generation: int) -> bool:
        """UI thread: make the newest picture of `generation` the painted one; True if it changed."""
        if not self.fresh:  # most frame ticks find nothing new: a plain read, no lock (set under it)
            return False
        with self.lock:
            if not self.fresh or self.gen != generation:
                return False
            state = self.state
            ready = state.index(READY)
            if self.shown >= 0 and state[self.shown] == SHOWN:
                state[self.shown] = FREE
            state[ready], self.shown, self.fresh = SHOWN, ready, False
            return True

    def image(self) -> QImage | None:
        return self.images[self.shown] if self.shown >= 0 and self.gen >= 0 else None


class VlcEngine(QObject):
    """One tile's libvlc player. `sig_event(Event, generation)` arrives on the UI thread.

    The tile keeps ONE libvlc player for its whole life: a new stream is a new Media on the same
    player (no player, callbacks or buffers made per stream). libvlc's stop() can wait on its
    network thread, so the switch itself (stop, set_media, play) runs on a worker thread; only the
    newest wish counts (`open` twice quickly plays the second stream only).
    """

    sig_event = Signal(object, int)
    name = "vlc"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player: Any = None
        self._frames = _Frames() if vlc is not None else None
        self._events: Any = None
        self._relays: list[Any] = []
        self.generation = -1
        self.players_made = 0
        self._want: tuple[str, int] | None = None  # what the UI asked for (UI thread writes)
        self._applied: tuple[str, int] | None = None  # what libvlc plays (worker writes)
        self._playing = -1  # generation of the stream libvlc plays: events of any other are dropped
        self._sync_lock = threading.Lock()

    @staticmethod
    def available() -> bool:
        return instance() is not None

    def open(self, url: str, generation: int) -> None:
        if instance() is None:
            self.sig_event.emit(Event.ERROR, generation)
            return
        self.generation = generation
        self._frames.halt()
        self._want = (url, generation)
        _submit(self)

    def close(self) -> None:
        self.generation = -1
        if self._frames is not None:
            self._frames.halt()
        if self._want is not None:
            self._want = None
            _submit(self)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Tests: block until the worker has carried out the last open/close."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._sync_lock:
                if self._applied == self._want:
                    return True
            time.sleep(0.01)
        return False

    def _make_player(self) -> Any:
        player = instance().media_player_new()
        frames = self._frames
        player.video_set_callbacks(frames.c_lock, None, frames.c_display, None)  # unlock: nothing to do
        player.video_set_format_callbacks(frames.c_setup, frames.c_cleanup)
        events = player.event_manager()
        # libvlc calls these on its own threads: only emit (a queued Qt signal), never call libvlc back
        mapping = {vlc.EventType.MediaPlayerBuffering: Event.BUFFERING,
                   vlc.EventType.MediaPlayerEncounteredError: Event.ERROR,
                   vlc.EventType.MediaPlayerEndReached: Event.ENDED}
        self._relays = [self._make_relay(ours) for ours in mapping.values()]
        for vlc_event, relay in zip(mapping, self._relays):
            events.event_attach(vlc_event, relay)
        self._events = events
        self.players_made += 1
        return player

    def _sync(self) -> None:
        """Worker thread: make libvlc play what the UI asked for last."""
        with self._sync_lock:
            want = self._want
            if want == self._applied:
                return
            if self._applied is not None:
                self._playing = -1  # late events of the old stream are dropped
                self._player.stop()
                self._applied = None
            if want is None:
                return
            if self._player is None:
                self._player = self._make_player()
            url, generation = want
            media = instance().media_new(url)
            self._player.set_media(media)
            media.release()  # the player holds its own reference
            self._frames.begin(generation)
            self._playing = generation
            self._applied = want
            if self._want != want:  # replaced while we opened: the next job stops it
                self._frames.halt()
            if self._player.play() != 0:
                self._emit(Event.ERROR, generation)
        trim_heap()  # the old stream's threads are gone: their arenas' free pages go back

    def _make_relay(self, event: Event):
        def relay(_vlc_event: Any) -> None:
            generation = self._playing
            if generation >= 0:
                self._emit(event, generation)
        return relay

    def _emit(self, event: Event, generation: int) -> None:
        try:
            self.sig_event.emit(event, generation)
        except RuntimeError:  # the engine's QObject is gone (tile deleted)
            pass

    def take(self) -> bool:
        # only pictures of the stream the tile asked for last: never the one being replaced
        return self.generation >= 0 and self._frames.take(self.generation)

    def image(self) -> QImage | None:
        return self._frames.image() if self._frames is not None else None

    def progress(self) -> int:
        """The stream clock (ms). libvlc re-displays the last picture every 80 ms when starved, so
        display callbacks alone cannot tell a frozen stream from a live one; this clock stops."""
        player = self._player
        if player is None or self._playing < 0 or self._applied != self._want:
            return -1  # a switch is under way: the worker may be in stop(), which holds the player
        return player.get_time()

    @property
    def decoded(self) -> int:
        return self._frames.decoded if self._frames is not None and self._frames.gen >= 0 else 0
