"""Plane geometry of grid polygons and the grid locator."""

import math
import random

import pytest

from backend import geo


def square(x0, y0, size):
    return geo.polygon([(x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size)])


def test_polygon_closes_its_ring_and_is_ccw():
    p = square(0, 0, 1)
    ring = p["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 5
    assert geo.is_ccw(ring)
    assert not geo.is_ccw(ring[::-1])


def test_contains_inside_outside_and_tolerance():
    p = square(117.0, 37.0, 0.01)
    assert geo.contains(p, 37.005, 117.005)
    assert not geo.contains(p, 37.02, 117.005)
    assert not geo.contains(p, 37.0, 117.0 - 1e-7)
    assert geo.contains(p, 37.005, 117.0 - 1e-10, tol=1e-9)
    assert not geo.contains(p, 37.005, 117.0 - 1e-8, tol=1e-9)


def test_contains_respects_holes_and_multipolygons():
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]]
    donut = {"type": "Polygon", "coordinates": [outer, hole]}
    assert geo.contains(donut, 0.5, 0.5)
    assert not geo.contains(donut, 2, 2)
    multi = {"type": "MultiPolygon", "coordinates": [[outer], [[[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]]]}
    assert geo.contains(multi, 10.5, 10.5) and geo.contains(multi, 2, 2) and not geo.contains(multi, 7, 7)
    assert geo.area_m2(donut) == pytest.approx(geo.area_m2(square(0, 0, 4)) * 12 / 16, rel=1e-9)


def test_area_of_a_small_square():
    lat = 37.3
    p = square(117.0, lat, 0.01)
    side_ns = math.radians(0.01) * geo.EARTH_RADIUS_M
    side_ew = side_ns * math.cos(math.radians(lat + 0.005))
    assert geo.area_km2(p) == pytest.approx(side_ns * side_ew / 1e6, rel=1e-6)
    assert 0.98 < geo.area_km2(p) < 0.99


def test_centroid_of_an_l_shape():
    # Two unit squares side by side plus one on top of the left one: centroid (5/6, 5/6).
    shape = geo.polygon([(0, 0), (2, 0), (2, 1), (1, 1), (1, 2), (0, 2)])
    lat, lon = geo.centroid(shape)
    assert lon == pytest.approx(5 / 6) and lat == pytest.approx(5 / 6)
    assert geo.centroid(geo.polygon([(0, 0), (2, 0), (2, 1), (1, 1), (1, 2), (0, 2)][::-1])) == pytest.approx((5 / 6, 5 / 6))


def test_centroid_far_from_the_origin_keeps_its_precision():
    # a 25 m x 19 m footprint at 商河: raw-degree cross products would lose the answer to cancellation
    lon0, lat0 = 117.1434222, 37.3190253
    rect = geo.polygon([(lon0, lat0), (lon0 + 3e-4, lat0), (lon0 + 3e-4, lat0 + 1.7e-4), (lon0, lat0 + 1.7e-4)])
    lat, lon = geo.centroid(rect)
    assert lat == pytest.approx(lat0 + 0.85e-4, abs=1e-10) and lon == pytest.approx(lon0 + 1.5e-4, abs=1e-10)
    assert geo.area_m2(rect) == pytest.approx(3e-4 * 1.7e-4 * geo.area_m2(square(lon0, lat0, 1e-3)) / 1e-6,
                                              rel=1e-4)


def test_bbox_and_vertices():
    shape = geo.polygon([(0, 0), (2, 0), (2, 1), (1, 1), (1, 2), (0, 2)])
    assert geo.bbox(shape) == (0, 0, 2, 2)
    assert len(geo.vertices(shape)) == 6
    assert (2, 1) in geo.vertices(shape)  # (lat, lon) of [lon=1, lat=2]


def test_is_within():
    big, small = square(0, 0, 10), square(2, 2, 3)
    assert geo.is_within(small, big)
    assert not geo.is_within(big, small)
    assert geo.is_within(square(0, 0, 5), big)  # sharing two edges still nests
    assert not geo.is_within(square(8, 8, 3), big)


def test_overlaps():
    a = square(0, 0, 1)
    assert not geo.overlaps(a, square(1, 0, 1))  # a shared edge
    assert not geo.overlaps(a, square(1, 1, 1))  # a shared corner
    assert not geo.overlaps(a, square(3, 3, 1))
    assert geo.overlaps(a, square(0.5, 0.5, 1))
    assert geo.overlaps(a, square(0.25, 0.25, 0.5))  # inside
    assert geo.overlaps(a, square(0, 0, 1))  # identical
    cross_a = geo.polygon([(0, 1), (3, 1), (3, 2), (0, 2)])
    cross_b = geo.polygon([(1, 0), (2, 0), (2, 3), (1, 3)])
    assert geo.overlaps(cross_a, cross_b)  # a plus sign: no vertex of either inside the other


def test_haversine():
    assert geo.haversine_m(37.0, 117.0, 38.0, 117.0) == pytest.approx(111_195, rel=1e-3)
    assert geo.haversine_m(37.3, 117.1, 37.3, 117.1) == 0


def test_random_point_in_stays_inside():
    rng = random.Random(3)
    tri = geo.polygon([(0, 0), (1, 0), (0, 1)])
    for _ in range(200):
        lat, lon = geo.random_point_in(tri, rng)
        assert geo.contains(tri, lat, lon)
    with pytest.raises(ValueError):
        geo.random_point_in(geo.polygon([(0, 0), (1, 0), (2, 0)]), rng, max_tries=50)


def _tiling():
    # a 3x3 tiling of slightly bent cells that share their edges exactly
    xs = [0.0, 1.0, 2.1, 3.0]
    ys = [0.0, 0.9, 2.0, 3.0]
    node = {(i, j): (xs[i] + 0.08 * math.sin(j * 1.3 + i), ys[j] + 0.07 * math.cos(i * 1.7 + j))
            for i in range(4) for j in range(4)}
    cells = {}
    for i in range(3):
        for j in range(3):
            cells[f"g{i}{j}"] = geo.polygon([node[i, j], node[i + 1, j], node[i + 1, j + 1], node[i, j + 1]])
    return cells


def test_locator_agrees_with_brute_force():
    cells = _tiling()
    loc = geo.GridLocator(cells)
    assert len(loc) == 9
    rng = random.Random(5)
    inside = 0
    for _ in range(5000):
        lat, lon = rng.uniform(-0.5, 3.5), rng.uniform(-0.5, 3.5)
        brute = [k for k, p in sorted(cells.items()) if geo.contains(p, lat, lon)]
        assert len(brute) <= 1
        assert loc.locate(lat, lon) == (brute[0] if brute else None)
        inside += bool(brute)
    assert 2400 < inside < 3300  # the tiling covers about 9/16 of the sampled square


def test_locator_gives_a_shared_edge_point_to_one_cell():
    loc = geo.GridLocator({"a": square(0, 0, 1), "b": square(1, 0, 1)})
    assert loc.locate(0.5, 1.0) in ("a", "b")
    assert loc.locate(0.5, 0.5) == "a" and loc.locate(0.5, 1.5) == "b"
    assert loc.locate(5, 5) is None


def test_empty_locator():
    assert geo.GridLocator({}).locate(1, 1) is None
