"""Level of detail and clustering: pure functions, no Qt."""

import math
import random
import time

import pytest

from console.map_cluster import PointSet, cluster, cluster_with_cell, clusters_around
from console.map_lod import Viewport, choose_level, simplify_ring, split_budget, world_lonlat, world_xy, zoom_to_fit


def boxes(lon0, lat0, lon1, lat1, nx, ny):
    w, h = (lon1 - lon0) / nx, (lat1 - lat0) / ny
    return [(lon0 + i * w, lat0 + j * h, lon0 + (i + 1) * w, lat0 + (j + 1) * h) for i in range(nx) for j in range(ny)]


STREET = (117.14, 37.30, 117.18, 37.32)
LEVELS = {1: [STREET], 2: boxes(*STREET, 2, 2), 3: boxes(*STREET, 6, 4), 4: boxes(*STREET, 24, 16)}


def view(zoom, lat=37.31, lon=117.16):
    return Viewport(lat, lon, zoom, 1600, 900)


def test_world_coordinates_round_trip_and_pixels():
    assert world_lonlat(*world_xy(117.16, 37.31)) == pytest.approx((117.16, 37.31))
    v = view(15)
    assert v.pixel_of(117.16, 37.31) == pytest.approx((800, 450))
    assert v.lonlat_at(*v.pixel_of(117.15, 37.305)) == pytest.approx((117.15, 37.305))


@pytest.mark.parametrize("zoom, level", [(10, 1), (12.5, 2), (14.5, 3), (18, 4)])
def test_finer_levels_appear_as_the_map_zooms_in(zoom, level):
    assert choose_level(LEVELS, view(zoom)) == level


def test_a_switched_off_level_is_skipped_and_the_map_is_never_empty():
    assert choose_level(LEVELS, view(14.5), enabled=(1, 2, 4)) == 2
    assert choose_level(LEVELS, view(8), enabled=(3,)) == 3  # too small on screen, but the only level left
    assert choose_level(LEVELS, view(14, lat=10.0, lon=10.0)) is None  # nothing in view


def test_a_level_with_too_many_regions_in_view_gives_way_to_its_parent():
    many = {2: boxes(*STREET, 4, 4), 3: boxes(*STREET, 40, 25)}  # 1,000 grids
    assert choose_level(many, view(17.5), budget=180) == 3  # zoomed in: few in view
    assert choose_level(many, view(15.5), budget=180) == 2  # the whole street: too many


def test_zoom_to_fit_shows_the_whole_box():
    lat, lon, zoom = zoom_to_fit(STREET, 1600, 900)
    v = Viewport(lat, lon, zoom, 1600, 900)
    x0, y1 = v.pixel_of(STREET[0], STREET[1])
    x1, y0 = v.pixel_of(STREET[2], STREET[3])
    assert 0 <= x0 < x1 <= 1600 and 0 <= y0 < y1 <= 900
    assert max(x1 - x0 - 1520, y1 - y0 - 820) == pytest.approx(0, abs=1)  # tight on one side


def test_split_budget_serves_layers_in_order():
    assert split_budget({"alarms": 5, "tickets": 200, "cameras": 80}, 150, ["alarms", "tickets", "cameras"]) == \
        {"alarms": 5, "tickets": 145, "cameras": 0}


def points(n, seed=1, spread=0.02):
    r = random.Random(seed)
    return PointSet([f"T{i}" for i in range(n)],
                    [(117.16 + r.uniform(-spread, spread), 37.31 + r.uniform(-spread, spread)) for i in range(n)],
                    [r.choice((0, 0, 0, 1, 2)) for _ in range(n)])


def test_clusters_keep_every_point_count_and_the_worst_state():
    ps = PointSet(["a", "b", "c", "far"], [(117.16, 37.31), (117.1601, 37.3101), (117.1602, 37.31), (117.2, 37.33)],
                  [0, 2, 1, 0])
    got = cluster(ps, view(14), cell_px=64)
    big = max(got, key=lambda c: c.count)
    assert (big.count, big.worst, big.member_id) == (3, "overdue", None)
    single = [c for c in got if c.count == 1]
    assert [(c.member_id, c.worst) for c in single] == [("far", "ok")]
    assert sum(c.count for c in got) == 4


def test_zooming_in_splits_clusters_into_single_points():
    ps = points(30, spread=0.001)
    assert len(cluster(ps, view(13))) < 5
    assert all(c.count == 1 for c in cluster(ps, view(22), cell_px=8))


def test_points_out_of_view_are_not_drawn_and_the_item_cap_holds():
    ps = points(10_000)
    far = Viewport(37.31, 118.5, 15, 1600, 900)
    assert cluster(ps, far) == []
    capped = cluster(ps, view(17), cell_px=20, max_items=150)
    assert 0 < len(capped) <= 150
    inside = view(17).world_bounds(32)
    n_in = sum(inside[0] <= x <= inside[2] and inside[1] <= y <= inside[3] for x, y in zip(ps.x, ps.y))
    # Clusters are chosen by their centre, so edge cells bring a few points from just outside.
    assert n_in <= sum(c.count for c in capped) <= n_in * 1.1
    whole = cluster(ps, Viewport(37.31, 117.16, 8, 1600, 900), cell_px=20)
    assert sum(c.count for c in whole) == 10_000  # the cap grows cells, it never drops points


def test_the_cap_can_make_room_for_the_clusters_beyond_the_view():
    ps = points(10_000)
    v = view(17)
    shown, cell = cluster_with_cell(ps, v, cell_px=20, max_items=300, margin_px=32, fit_margin_px=300)
    plain, plain_cell = cluster_with_cell(ps, v, cell_px=20, max_items=300, margin_px=32)
    assert cell > plain_cell and len(plain) > 300 * 0.7  # room for what lies up to 300 px beyond the view: larger cells
    around = clusters_around(ps, v, cell, 300, {c.key for c in shown})
    assert len(shown) + sum(1 for d, _ in around if d > 32) <= 300
    inside = v.world_bounds(32)
    lonlat_in = [(c.lon, c.lat) for c in shown]
    assert all(inside[0] <= (lon + 180) / 360 <= inside[2] for lon, _ in lonlat_in)  # still only the view's


def test_a_pan_keeps_every_cluster_that_stays_in_view():
    ps = points(10_000)
    before = {c.key: c for c in cluster(ps, view(16), max_items=160)}
    after = {c.key: c for c in cluster(ps, view(16, lon=117.1605), max_items=160)}
    kept = before.keys() & after.keys()
    assert len(kept) > 0.8 * len(before) and all(before[k] == after[k] for k in kept)


def test_clustering_ten_thousand_points_takes_milliseconds():
    ps = points(10_000)
    cluster(ps, view(14.5), max_items=150)
    t0 = time.thread_time()  # this thread's CPU: a busy machine does not fail it
    for _ in range(5):
        cluster(ps, view(14.5), max_items=150)
    assert (time.thread_time() - t0) / 5 < 0.020  # ~2 ms here; the benchmark holds the 10 ms aim


def test_simplifying_a_ring_drops_points_on_its_edges_and_keeps_its_corners():
    square = [(0, 0), (1, 0), (2, 0), (3, 0), (3, 1), (3, 2), (3, 3), (2, 3), (1, 3), (0, 3), (0, 2), (0, 1)]
    assert simplify_ring(square, 0.01) == [(0, 0), (3, 0), (3, 3), (0, 3)]
    bumpy = [(0, 0), (1, 0.3), (2, 0), (2, 2), (0, 2)]
    assert (1, 0.3) in simplify_ring(bumpy, 0.1) and (1, 0.3) not in simplify_ring(bumpy, 0.5)
    circle = [(math.cos(2 * math.pi * i / 200), math.sin(2 * math.pi * i / 200)) for i in range(200)]
    for tol in (0.0005, 0.01, 0.1):
        kept = simplify_ring(circle, tol)
        assert 3 <= len(kept) < len(circle) or tol < 0.0002
        # no dropped point lies farther than the tolerance from the simplified outline
        for p in circle:
            assert min(_segment_distance(p, kept[i], kept[(i + 1) % len(kept)]) for i in range(len(kept))) <= tol + 1e-12
    assert simplify_ring([(0, 0), (1, 0), (0, 1)], 5.0) == [(0, 0), (1, 0), (0, 1)]  # a triangle stays


def _segment_distance(p, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)
