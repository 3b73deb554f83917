"""The base map's tile source: an XYZ URL template, its coordinate system, and a disk cache.

Configured in QSettings (`map/tile_url`, `map/tile_crs`, `map/tile_cache_dir`) or, taking
precedence, the environment (`GRIDLINE_TILE_URL`, `GRIDLINE_TILE_CRS`, `GRIDLINE_TILE_CACHE`). The
URL uses `%z %x %y` (e.g. an own server `http://tiles.local/%z/%x/%y.png`, or Tianditu
`http://t0.tianditu.gov.cn/vec_w/wmts?...&TILEMATRIX=%z&TILEROW=%y&TILECOL=%x&tk=KEY`); the osm plugin
fetches and caches the tiles. No URL (the offline default) draws the grids on a plain background.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, QTimer, QUrl, Signal
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from console.coords import SYSTEMS, WGS84

PROBE_TIMEOUT_MS = 4000


@dataclass(frozen=True)
class TileSource:
    url: str = ""  # "" → no base map
    crs: str = WGS84  # the coordinate system the tiles are drawn in (wgs84, or gcj02 for most Chinese maps)
    cache_dir: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.url)

    def tile_url(self, z: int, x: int, y: int) -> str:
        return self.url.replace("%z", str(z)).replace("%x", str(x)).replace("%y", str(y))

    def qml_config(self) -> dict:
        return {"osm": self.configured, "url": self.url, "cacheDir": self.cache_dir}


def default_cache_dir() -> str:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation) or str(Path.home() / ".cache")
    return str(Path(base) / "gridline-tiles")


def load_tile_source(settings: QSettings | None = None) -> TileSource:
    """The configured source; an unknown coordinate system falls back to WGS-84 (logged by the caller)."""
    s = settings if settings is not None else QSettings()
    url = os.environ.get("GRIDLINE_TILE_URL", str(s.value("map/tile_url", "") or "")).strip()
    crs = os.environ.get("GRIDLINE_TILE_CRS", str(s.value("map/tile_crs", WGS84) or WGS84)).strip().lower()
    cache = os.environ.get("GRIDLINE_TILE_CACHE", str(s.value("map/tile_cache_dir", "") or "")).strip()
    if crs not in SYSTEMS:
        crs = WGS84
    return TileSource(url, crs, cache or default_cache_dir())


def tile_of(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    n = 2 ** zoom
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


class TileProbe(QObject):
    """Fetches one tile to tell whether the base map can be shown; the map says so discreetly if not."""

    sig_result = Signal(bool, str)
    """(reachable, detail)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._net = QNetworkAccessManager(self)
        self._reply: QNetworkReply | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._on_timeout)

    def probe(self, source: TileSource, lat: float, lon: float, zoom: int = 14) -> None:
        if not source.configured:
            self.sig_result.emit(False, "")
            return
        x, y = tile_of(lat, lon, zoom)
        req = QNetworkRequest(QUrl(source.tile_url(zoom, x, y)))
        req.setHeader(QNetworkRequest.KnownHeaders.UserAgentHeader, "gridline-console")
        self._reply = self._net.get(req)
        self._reply.finished.connect(self._on_finished)
        self._timer.start(PROBE_TIMEOUT_MS)

    def _on_timeout(self) -> None:
        if self._reply is not None:
            self._reply.abort()

    def _on_finished(self) -> None:
        reply, self._reply = self._reply, None
        self._timer.stop()
        if reply is None:
            return
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        ok = reply.error() == QNetworkReply.NetworkError.NoError and (status is None or 200 <= int(status) < 300)
        detail = "" if ok else (reply.errorString() or f"HTTP {status}")
        reply.deleteLater()
        self.sig_result.emit(ok, detail)
