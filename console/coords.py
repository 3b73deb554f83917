"""WGS-84 ⇄ GCJ-02 (the "Mars" datum of Chinese map tiles: AutoNavi/Gaode, Tencent, and others).

The platform stores every position in WGS-84 (GeoJSON, GPS). Tiles published in China are often
drawn in GCJ-02, shifted by a few hundred metres; overlays must be shifted the same way, or every
grid sits beside its streets. The forward transform is the published algorithm (Krasovsky 1940
ellipsoid); the inverse has no closed form, so it is solved by fixed-point iteration to < 1 mm.
Outside mainland China GCJ-02 equals WGS-84.
"""

from __future__ import annotations

import math
from typing import Callable

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as the algorithm defines it
_EE = 0.00669342162296594323  # its first eccentricity squared

WGS84 = "wgs84"
GCJ02 = "gcj02"
SYSTEMS = (WGS84, GCJ02)

LonLat = tuple[float, float]


def out_of_china(lon: float, lat: float) -> bool:
    """The rough bounding box the algorithm uses: outside it no shift is applied."""
    return not (73.66 < lon < 135.05 and 3.86 < lat < 53.55)


def _transform_lat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _transform_lon(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def _delta(lon: float, lat: float) -> LonLat:
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: float, lat: float) -> LonLat:
    """(lon, lat) in WGS-84 → (lon, lat) in GCJ-02."""
    if out_of_china(lon, lat):
        return lon, lat
    dlon, dlat = _delta(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float, tolerance: float = 1e-9, max_iter: int = 30) -> LonLat:
    """(lon, lat) in GCJ-02 → WGS-84, by iteration (the one-step inverse is off by up to ~2 m)."""
    if out_of_china(lon, lat):
        return lon, lat
    wlon, wlat = lon, lat
    for _ in range(max_iter):
        glon, glat = wgs84_to_gcj02(wlon, wlat)
        elon, elat = glon - lon, glat - lat
        wlon, wlat = wlon - elon, wlat - elat
        if abs(elon) < tolerance and abs(elat) < tolerance:
            break
    return wlon, wlat


def converters(system: str) -> tuple[Callable[[float, float], LonLat], Callable[[float, float], LonLat]]:
    """(to display, from display) for a tile source in `system`; positions are always (lon, lat)."""
    if system == WGS84:
        ident = lambda lon, lat: (lon, lat)  # noqa: E731
        return ident, ident
    if system == GCJ02:
        return wgs84_to_gcj02, gcj02_to_wgs84
    raise ValueError(f"unknown coordinate system {system!r}; expected one of {SYSTEMS}")
