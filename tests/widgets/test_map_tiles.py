"""The base map: a tiny local XYZ tile server proves the tile path and the disk cache; an
unreachable server leaves the grids on the plain background with a discreet notice."""

from __future__ import annotations

import http.server
import os
import socket
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QSettings  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402

from console.coords import GCJ02  # noqa: E402
from console.map_lod import world_xy  # noqa: E402
from tests.widgets.test_map_support import demo_store  # noqa: E402
from widgets.map_panel import MapPanel  # noqa: E402
from widgets.map_tiles import TileSource, load_tile_source, tile_of  # noqa: E402
from widgets.map_view import QML_THEME, fill_of  # noqa: E402

TILE_COLOUR = QColor("#7a3d8c")  # no grid fill or theme colour looks like this


def png_tile() -> bytes:
    img = QImage(256, 256, QImage.Format.Format_RGB32)
    img.fill(TILE_COLOUR)
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(data)


@pytest.fixture
def tile_server():
    body, paths = png_tile(), []

    class Tiles(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            paths.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=86400")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    srv.paths = paths
    yield srv
    srv.shutdown()
    srv.server_close()


def make_panel(qtbot, operations, session, tiles):
    p = MapPanel(demo_store(tickets_per_grid=0), operations, session, tiles=tiles)
    qtbot.addWidget(p)
    p.resize(1200, 800)
    p.show()
    return p


def test_tiles_come_from_the_configured_server_and_are_cached_on_disk(qtbot, themed, operations, session,
                                                                      tile_server, tmp_path):
    cache = tmp_path / "tiles"
    tiles = TileSource(f"http://127.0.0.1:{tile_server.server_port}/%z/%x/%y.png", "wgs84", str(cache))
    p = make_panel(qtbot, operations, session, tiles)
    qtbot.waitUntil(lambda: p.base_map_ok is True, timeout=5000)
    assert not p.notice.isVisible()
    qtbot.waitUntil(lambda: len(tile_server.paths) >= 4, timeout=5000)
    z = round(p.view.viewport.zoom)
    assert any(path.startswith(f"/{z}/") or path.startswith(f"/{z - 1}/") or path.startswith(f"/{z + 1}/")
               for path in tile_server.paths)

    def corner_is_tile() -> bool:  # outside the street (some corner of the view): only the tile shows there
        image = p.view.grabFramebuffer()
        corners = [QPoint(4, 4), QPoint(image.width() - 5, 4), QPoint(4, image.height() - 5),
                   QPoint(image.width() - 5, image.height() - 5)]
        return any(abs(c.red() - TILE_COLOUR.red()) + abs(c.green() - TILE_COLOUR.green()) + abs(
            c.blue() - TILE_COLOUR.blue()) < 20 for c in map(image.pixelColor, corners))
    qtbot.waitUntil(corner_is_tile, timeout=5000)
    qtbot.waitUntil(lambda: cache.exists() and any(f.is_file() for f in cache.rglob("*")), timeout=5000)
    # Over a base map the grids are translucent: inside one, the tile shows through its fill
    grid = next(x for x in p.frame.polygons if x.level == 3)
    alpha = QML_THEME["overlayAlpha"]
    fill = QColor(fill_of(grid.tone))
    want = [round(alpha * f + (1 - alpha) * t) for f, t in ((fill.red(), TILE_COLOUR.red()),
                                                            (fill.green(), TILE_COLOUR.green()),
                                                            (fill.blue(), TILE_COLOUR.blue()))]
    label = next(a for a in p.frame.labels if a.region_id == grid.region_id)
    x, y = p.view.viewport.pixel_of(label.lon, label.lat)

    def tile_shows_through() -> bool:  # (once the tile under it has come)
        got = p.view.grabFramebuffer().pixelColor(QPoint(round(x), round(y) + 12))  # just below its label
        return [got.red(), got.green(), got.blue()] == pytest.approx(want, abs=6)
    qtbot.waitUntil(tile_shows_through, timeout=5000)


def test_an_unreachable_tile_server_leaves_a_discreet_notice(qtbot, themed, operations, session, tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tiles = TileSource(f"http://127.0.0.1:{port}/%z/%x/%y.png", "wgs84", str(tmp_path / "tiles"))
    p = make_panel(qtbot, operations, session, tiles)
    qtbot.waitUntil(lambda: p.base_map_ok is False, timeout=6000)
    assert p.notice.isVisible() and p.notice.text()
    assert p.notice.y() > p.height() // 2 and p.notice.width() < p.width() // 2  # bottom left, small
    qtbot.waitUntil(lambda: p.frame is not None and len(p.view.polygons.items) > 0, timeout=5000)


def test_tile_source_settings_and_environment(tmp_path, monkeypatch):
    s = QSettings(str(tmp_path / "g.ini"), QSettings.Format.IniFormat)
    monkeypatch.delenv("GRIDLINE_TILE_URL", raising=False)
    monkeypatch.delenv("GRIDLINE_TILE_CRS", raising=False)
    assert not load_tile_source(s).configured
    s.setValue("map/tile_url", "http://t.local/%z/%x/%y.png")
    s.setValue("map/tile_crs", "GCJ02")
    src = load_tile_source(s)
    assert (src.url, src.crs) == ("http://t.local/%z/%x/%y.png", GCJ02)
    assert src.tile_url(14, 13524, 6358) == "http://t.local/14/13524/6358.png"
    monkeypatch.setenv("GRIDLINE_TILE_URL", "http://env.local/%z/%x/%y.png")
    assert load_tile_source(s).url.startswith("http://env.local/")
    x, y = world_xy(117.157, 37.309)  # the tile holding a point: its world coordinates × 2^z, floored
    assert tile_of(37.309, 117.157, 14) == (int(x * 2 ** 14), int(y * 2 ** 14)) == (13523, 6359)


def test_a_gcj02_source_moves_the_overlays_onto_its_streets(qtbot, themed, operations, session):
    plain = make_panel(qtbot, operations, session, TileSource())
    shifted = make_panel(qtbot, operations, session, TileSource("", GCJ02))
    for p in (plain, shifted):
        qtbot.waitUntil(lambda p=p: p.frame is not None and bool(p.frame.polygons), timeout=5000)
    a = plain.view.polygons.items[0].path[0]
    b = next(x for x in shifted.view.polygons.items if x.key == plain.view.polygons.items[0].key).path[0]
    assert 0.001 < abs(b[1] - a[1]) < 0.01  # a few hundred metres east
