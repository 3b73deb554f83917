"""Ticket marker pictures: the right colour, size, border and count; a bad id never raises."""

from __future__ import annotations

import math

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

from widgets.map_markers import MarkerImages, ticket_diameter, ticket_image
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
