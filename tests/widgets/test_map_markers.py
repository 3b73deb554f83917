"""Ticket marker pictures: the right colour, size, border and count; a bad id never raises."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

from widgets.map_markers import MarkerImages, label_image, ticket_diameter, ticket_image
from widgets.map_view import QML_THEME

THEME = dict(QML_THEME)


def close(a: QColor, b: QColor, tol: int = 40) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tol


def test_a_single_ticket_is_a_plain_disc_in_its_state_colour(qapp):
    img = ticket_image("overdue", 1, False, 1.0, THEME, "sans-serif")
    assert (img.width(), img.height()) == (20, 20)
    assert close(img.pixelColor(10, 10), QColor(THEME["status"]["overdue"]))
    assert img.pixelColor(0, 0).alpha() == 0  # a disc: the corners stay transparent
    assert close(img.pixelColor(10, 1), QColor(THEME["bg"]), 90)  # the dark border


def test_a_cluster_shows_its_count_and_grows_with_it_and_with_the_pixel_ratio(qapp):
    img = ticket_image("ok", 12, False, 1.0, THEME, "sans-serif")
    d = ticket_diameter(12)
    assert img.width() == math.ceil(d) and d > 20
    centre = [img.pixelColor(x, y) for x in range(int(d / 2) - 6, int(d / 2) + 6) for y in range(int(d / 2) - 6,
                                                                                                  int(d / 2) + 6)]
    bg = QColor(THEME["bg"])
    assert sum(close(c, bg, 90) for c in centre) >= 8  # the count's dark glyphs on the green disc
    plain = ticket_image("ok", 1, False, 1.0, THEME, "sans-serif")
    assert not any(close(plain.pixelColor(x, y), bg, 90) for x in range(7, 13) for y in range(7, 13))
    assert ticket_image("ok", 12, False, 2.0, THEME, "sans-serif").width() == math.ceil(d * 2)


def test_a_highlighted_marker_has_the_highlight_border(qapp):
    img = ticket_image("at_risk", 1, True, 1.0, THEME, "sans-serif")
    assert close(img.pixelColor(10, 1), QColor(THEME["highlight"]), 90)


def test_the_provider_caches_and_answers_a_bad_id_with_an_empty_picture(qapp, caplog):
    provider = MarkerImages(THEME, "sans-serif")
    size = QSize()
    first = provider.requestImage("ticket/ok/3/0/1", size, QSize())
    assert first.width() == math.ceil(ticket_diameter(3))
    assert provider.requestImage("ticket/ok/3/0/1", QSize(), QSize()) is first
    for bad in ("ticket/ok/x/0/1", "camera/ok/3/0/1", "nonsense"):
        img = provider.requestImage(bad, QSize(), QSize())
        assert (img.width(), img.height()) == (1, 1)
    assert "map marker picture" in caplog.text


def test_a_label_chip_holds_its_name_and_detail_and_grows_with_them(qapp):
    short = label_image("第一网格", "3 open", 1.0, THEME, "sans-serif")
    longer = label_image("帝景城社区第一网格", "3 open", 1.0, THEME, "sans-serif")
    alone = label_image("第一网格", "", 1.0, THEME, "sans-serif")
    assert longer.width() > short.width() > 40 and short.height() > alone.height() > 10
    box = QColor(THEME["labelBox"])
    corner_in = short.pixelColor(6, short.height() // 2)  # inside the chip, left of the text
    assert corner_in.alpha() > 100 and close(corner_in, QColor(box.red(), box.green(), box.blue()), 60)
    text = QColor(THEME["text"])
    assert any(close(short.pixelColor(x, y), text, 120) for x in range(short.width()) for y in range(2, 20))
    assert short.pixelColor(0, 0).alpha() < 255  # rounded corners


def test_label_ids_carry_any_name_even_with_slashes_and_percent_signs(qapp):
    provider = MarkerImages(THEME, "sans-serif")
    # as Qt hands the id over: decoded, except an encoded "/" (%2F) and "%" (%25)
    odd = provider.requestImage("label/1/A%2FB 100%25/3 open", QSize(), QSize())
    same = label_image("A/B 100%", "3 open", 1.0, THEME, "sans-serif")
    assert odd.size() == same.size() and odd == same
    assert provider.requestImage("label/1/only-two-parts", QSize(), QSize()).width() == 1


def _labels_at_scale(factor: int) -> dict:
    env = dict(os.environ, QT_SCALE_FACTOR=str(factor), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, str(Path(__file__).with_name("map_label_probe.py"))], env=env,
                         cwd=Path(__file__).parents[2], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_labels_keep_their_size_on_a_high_density_screen():
    # A label picture has dpr device pixels per logical one; shown at its implicit size it was drawn
    # twice as large on a 200 % wall screen
    plain, dense = _labels_at_scale(1), _labels_at_scale(2)
    assert plain["dpr"] == 1.0 and dense["dpr"] == 2.0
    assert len(plain["widths"]) >= 10 and plain["widths"] == dense["widths"]
