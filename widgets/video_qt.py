"""The QtMultimedia engine (FFmpeg inside PySide6): the fallback for what libvlc cannot open.

Debian's VLC has no RTSP (DESIGN.md §3); QtMultimedia plays RTSP, HTTP and files. Decoding runs
in Qt's media threads; the sink hands each QVideoFrame to the UI thread, where it is only kept,
and converted to a QImage at most once per painted frame (`take()` then `image()`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QImage

from console.player import Event

log = logging.getLogger(__name__)

try:
    from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink
except ImportError as exc:  # pragma: no cover - a PySide6 build without QtMultimedia
    QMediaPlayer = None
    _IMPORT_ERROR = str(exc)
else:
    _IMPORT_ERROR = ""

try:
    from PySide6.QtMultimedia import QPlaybackOptions
except ImportError:  # Qt before 6.10
    QPlaybackOptions = None


def capabilities() -> set[str]:
    return {"rtsp", "http-ts", "http-flv", "hls", "file"} if QMediaPlayer is not None else set()


class QtEngine(QObject):
    """One tile's QMediaPlayer. `sig_event(Event, generation)` on the UI thread."""

    sig_event = Signal(object, int)
    name = "qt"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = -1
        self._player = None
        self._sink = None
        self._frame = None
        self._fresh = False
        self._image: QImage | None = None
        self.decoded = 0

    def _make_player(self) -> None:
        self._player = QMediaPlayer(self)
        self._sink = QVideoSink(self)
        self._player.setVideoSink(self._sink)
        if QPlaybackOptions is not None:
            options = QPlaybackOptions()
            options.setPlaybackIntent(QPlaybackOptions.PlaybackIntent.LowLatencyStreaming)
            self._player.setPlaybackOptions(options)
        self._sink.videoFrameChanged.connect(self._on_frame)
        self._player.mediaStatusChanged.connect(self._on_status)
        self._player.errorOccurred.connect(self._on_error)

    def open(self, url: str, generation: int) -> None:
        if QMediaPlayer is None:
            self.sig_event.emit(Event.ERROR, generation)
            return
        self.close()
        if self._player is None:
            self._make_player()
        self.generation = generation
        source = QUrl(url) if "://" in url else QUrl.fromLocalFile(url)
        self._player.setSource(source)
        self._player.play()

    def close(self) -> None:
        self.generation = -1
        self._frame, self._fresh, self._image = None, False, None
        if self._player is not None:
            self._player.stop()
            self._player.setSource(QUrl())

    def _on_frame(self, frame: "QVideoFrame") -> None:
        if self.generation < 0 or not frame.isValid():
            return
        self._frame, self._fresh = frame, True
        self.decoded += 1

    def _on_status(self, status) -> None:
        if self.generation < 0:
            return
        S = QMediaPlayer.MediaStatus
        if status in (S.LoadingMedia, S.BufferingMedia, S.LoadedMedia):
            self.sig_event.emit(Event.BUFFERING, self.generation)
        elif status == S.EndOfMedia:
            self.sig_event.emit(Event.ENDED, self.generation)
        elif status == S.InvalidMedia:
            self.sig_event.emit(Event.ERROR, self.generation)

    def _on_error(self, error, message: str = "") -> None:
        if self.generation >= 0 and error != QMediaPlayer.Error.NoError:
            log.info("QtMultimedia error on generation %d: %s", self.generation, message)
            self.sig_event.emit(Event.ERROR, self.generation)

    def take(self) -> bool:
        if not self._fresh or self._frame is None:
            return False
        self._fresh = False
        image = self._frame.toImage()
        if image.isNull():
            return False
        self._image = image
        return True

    def image(self) -> QImage | None:
        return self._image

    def progress(self) -> int:
        return self.decoded  # Qt's sink only signals new frames
