"""Where the grids' picture goes as the view moves, and when it must be painted again (pure)."""

from __future__ import annotations

import pytest

from console.map_canvas import MARGIN_MAX_PX, MAX_STRETCH, Painted, labels_fit, margins, must_repaint, placement
from console.map_lod import Viewport

VIEW = Viewport(37.309, 117.157, 15.0, 1600, 900)


def moved(view: Viewport, dx: float = 0.0, dy: float = 0.0, zoom: float | None = None) -> Viewport:
    """The view panned by (dx, dy) pixels (the content moves the other way) and/or zoomed about its centre."""
    lon, lat = view.lonlat_at(view.width / 2 + dx, view.height / 2 + dy)
    return Viewport(lat, lon, view.zoom if zoom is None else zoom, view.width, view.height)


def test_the_picture_is_the_view_grown_by_its_margins_and_lies_where_the_map_draws_it():
    painted = Painted.for_view(VIEW)
    assert margins(1600, 900) == (400, 225) and painted.size == (2400, 1350)
    assert margins(7680, 4320) == (MARGIN_MAX_PX, MARGIN_MAX_PX)  # a wall-sized view: bounded
    assert placement(painted, VIEW) == (-400.0, -225.0, 1.0)
    # any point of the picture lands on the pixel the map shows it at, after a pan and a zoom
    lon, lat = VIEW.lonlat_at(300, 200)  # picture pixel (700, 425)
    for view in (moved(VIEW, 37, -12), moved(VIEW, zoom=15.4), moved(moved(VIEW, 90, 40), zoom=14.8)):
        x, y, k = placement(painted, view)
        px, py = view.pixel_of(lon, lat)
        assert (x + 700 * k, y + 425 * k) == pytest.approx((px, py), abs=0.51 if k == 1.0 else 1e-6)


def test_at_its_own_scale_the_picture_sits_on_whole_pixels():
    x, y, k = placement(Painted.for_view(VIEW), moved(VIEW, 10.3, -4.6))
    assert k == 1.0 and x == int(x) and y == int(y) and (x, y) == (-410.0, -220.0)


def test_a_pan_within_the_margins_moves_the_picture_and_one_beyond_them_paints_it_again():
    painted = Painted.for_view(VIEW)
    for zooming in (False, True):
        assert not must_repaint(painted, moved(VIEW, 399, -224), zooming)
        assert must_repaint(painted, moved(VIEW, 401, 0), zooming)
        assert must_repaint(painted, moved(VIEW, 0, -226), zooming)
    assert must_repaint(None, VIEW, False)


def test_a_zoom_scales_the_picture_until_it_is_stretched_a_level_or_no_longer_covers_the_view():
    painted = Painted.for_view(VIEW)
    assert not must_repaint(painted, moved(VIEW, zoom=15.9), zooming=True)  # in: only stretched
    assert must_repaint(painted, moved(VIEW, zoom=15.0 + 1.01), zooming=True)  # past MAX_STRETCH
    assert MAX_STRETCH == 2.0
    assert not must_repaint(painted, moved(VIEW, zoom=14.6), zooming=True)  # out: the margins still cover
    assert must_repaint(painted, moved(VIEW, zoom=14.4), zooming=True)  # 1600 × 1.5 × 2^-0.6 < 1600
    # once the zoom rests at another scale, the picture is painted at that scale (crisp again)
    assert must_repaint(painted, moved(VIEW, zoom=15.3), zooming=False)
    # and a new view size (the window resized) needs a picture of its own size
    assert must_repaint(painted, Viewport(VIEW.lat, VIEW.lon, VIEW.zoom, 1200, 900), zooming=False)


def test_labels_are_drawn_only_from_the_zoom_step_they_were_laid_out_for():
    assert labels_fit(15.0, 15.0) and labels_fit(15.0, 15.7)
    assert not labels_fit(15.0, 14.99)  # zooming out a held frame: they would crowd
