"""Where the map's picture of grid outlines and labels goes as the view moves, and when it is painted again.

The grid outlines and their labels are painted into one picture a margin larger than the view
(widgets/map_canvas.py), not made into one QtLocation item each: creating ~180 outline and ~180
label items at a level switch took ~45 ms, and every item was re-projected on every frame. While
the view pans or zooms the picture is only moved and scaled, as web maps move their canvas layer
during a gesture and draw it again at "moveend"/"zoomend" (Leaflet's Canvas renderer, Mapbox's
raster layers). It is painted again when it no longer covers the view, when a zoom in has
stretched it a whole level (`MAX_STRETCH`: outlines and text would turn coarse), once a zoom has come
to rest at another scale, and when what it shows changed while no zoom is under way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .map_lod import Viewport, scale, world_xy

MARGIN_FRACTION = 0.25  # of the view's width and height, on each side: a brisk pan repaints every ~10 frames
MARGIN_MAX_PX = 480  # a wall-sized view keeps its picture (and each repaint) within reason
MAX_STRETCH = 2.0  # a zoom level in; zooming out, the margins run out first (half a level)
SAME_SCALE = 1e-3  # |log2 scale| below this is a picture at its own scale


@dataclass(frozen=True)
class Painted:
    """The view a picture was painted for and its margins: the picture is the view grown by them."""

    view: Viewport
    margin_x: int
    margin_y: int

    @classmethod
    def for_view(cls, view: Viewport) -> "Painted":
        return cls(view, *margins(view.width, view.height))

    @property
    def size(self) -> tuple[int, int]:
        return self.view.width + 2 * self.margin_x, self.view.height + 2 * self.margin_y

    def origin(self) -> tuple[float, float]:
        """The picture's top-left corner in world units."""
        cx, cy = world_xy(self.view.lon, self.view.lat)
        s = scale(self.view.zoom)
        return cx - (self.view.width / 2 + self.margin_x) / s, cy - (self.view.height / 2 + self.margin_y) / s


def margins(width: int, height: int) -> tuple[int, int]:
    return (min(MARGIN_MAX_PX, math.ceil(width * MARGIN_FRACTION)),
            min(MARGIN_MAX_PX, math.ceil(height * MARGIN_FRACTION)))


def placement(painted: Painted, view: Viewport) -> tuple[float, float, float]:
    """(x, y, scale) of the picture's top-left corner in `view`'s pixels, so that it lies where the
    map draws what it shows. At its own scale the corner is on whole pixels: a plain copy, no blur."""
    s0, s = scale(painted.view.zoom), scale(view.zoom)
    ox, oy = painted.origin()
    cx, cy = world_xy(view.lon, view.lat)
    x, y = view.width / 2 + (ox - cx) * s, view.height / 2 + (oy - cy) * s
    k = s / s0
    if abs(math.log2(k)) < SAME_SCALE:
        return float(round(x)), float(round(y)), 1.0
    return x, y, k


def labels_fit(laid_out_for: float, zoom: float) -> bool:
    """Labels laid out for the zoom step `laid_out_for` (console.map_layers.Frame.step) are drawn at
    `zoom` only from that step in: zooming out they would crowd (a held frame's labels)."""
    return zoom >= laid_out_for


def must_repaint(painted: Painted | None, view: Viewport, zooming: bool) -> bool:
    """True when the picture cannot stand for `view`: it leaves part of the view uncovered, or is
    stretched past MAX_STRETCH, or (no zoom under way) shows another scale or another view size."""
    if painted is None:
        return True
    x, y, k = placement(painted, view)
    if not zooming and (k != 1.0 or (painted.view.width, painted.view.height) != (view.width, view.height)):
        return True
    if k > MAX_STRETCH:
        return True
    w, h = painted.size
    return x > 0 or y > 0 or x + w * k < view.width or y + h * k < view.height
