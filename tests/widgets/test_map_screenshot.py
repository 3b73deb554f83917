"""The map in Simplified Chinese (the default) and in English at runtime; a screenshot of the wall view."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint  # noqa: E402

from tests.widgets.test_map_support import demo_store  # noqa: E402
from widgets import i18n  # noqa: E402
from widgets.map_panel import MapPanel  # noqa: E402
from widgets.map_tiles import TileSource  # noqa: E402


def make(qtbot, operations, session):
    p = MapPanel(demo_store(), operations, session, tiles=TileSource())
    qtbot.addWidget(p)
    p.resize(1600, 900)
    p.show()
    qtbot.waitUntil(lambda: p.frame is not None and p.view.viewport.width > 1000, timeout=5000)
    qtbot.wait(100)
    p.refresh_now()
    return p


def test_chinese_by_default_and_english_at_runtime(qtbot, themed, chinese, operations, session, qapp):
    p = make(qtbot, operations, session)
    assert p.title.text() == "网格地图" and p.notice.text() == "无底图（未配置瓦片服务）"
    assert p.legend.checks["level3"].text() == "网格"
    assert any(a.detail.split(" · ")[-1].startswith("在办 ") for a in p.frame.labels)  # after the community
    i18n.install_language("en")
    qapp.processEvents()
    assert p.title.text() == "Grid map" and p.legend.checks["party"].text() == "Party organisations"
    p.refresh_now()
    assert any(a.detail.endswith(" open") for a in p.frame.labels)


def test_screenshot_of_the_wall_map(qtbot, themed, chinese, operations, session, tmp_path):
    p = make(qtbot, operations, session)
    grid = next(iter(p.view.polygons.items))
    x, y = p.view.viewport.pixel_of(*reversed(grid.path[0]))
    p._on_tapped(x + 30, y + 30)  # open a card: the screenshot shows drill-down too
    qtbot.waitUntil(p.card.isVisible, timeout=5000)
    qtbot.wait(200)
    out = Path(os.environ.get("GRIDLINE_SCREENSHOT_DIR", tmp_path)) / "map_panel.png"
    image = p.grab().toImage()
    assert image.save(str(out)) and out.stat().st_size > 20_000
    # The legend sits beside the map (a widget over it would repaint with every map frame); the
    # card floats over the map's right side, inside it.
    view = p.view.geometry().translated(p.surface.mapTo(p, QPoint(0, 0)))
    legend = p.legend.geometry().translated(p.legend.parentWidget().mapTo(p, QPoint(0, 0)))
    card = p.card.geometry().translated(p.surface.mapTo(p, QPoint(0, 0)))
    assert not view.intersects(legend) and view.contains(card)
    colours = {image.pixelColor(QPoint(x, y)).name() for x in range(0, 1600, 40) for y in range(60, 900, 40)}
    assert len(colours) > 20  # a map, not an empty panel
