"""WGS-84 ⇄ GCJ-02 against published reference pairs, and the inverse's round trip."""

import random

import pytest

from console.coords import GCJ02, WGS84, converters, gcj02_to_wgs84, out_of_china, wgs84_to_gcj02

# (wgs lon, wgs lat) -> (gcj lon, gcj lat): the reference pair every implementation of the published
# algorithm reproduces (wandergis/coordtransform README, eviltransform tests): Tiananmen, Beijing.
REFERENCE = [((116.404, 39.915), (116.41024449916938, 39.91640428150164))]
# The one-step inverse those libraries publish for the same point (up to ~2 m from the exact one).
ONE_STEP_INVERSE = ((116.404, 39.915), (116.39775550083061, 39.91359571849836))


@pytest.mark.parametrize("wgs, gcj", REFERENCE)
def test_forward_transform_matches_the_reference_pair(wgs, gcj):
    got = wgs84_to_gcj02(*wgs)
    assert got == pytest.approx(gcj, abs=1e-12)


def test_the_shift_is_a_few_hundred_metres_in_china():
    lon, lat = 117.157, 37.309  # the demo street, 商河县
    glon, glat = wgs84_to_gcj02(lon, lat)
    dx, dy = (glon - lon) * 88_500, (glat - lat) * 111_000
    assert 200 < (dx * dx + dy * dy) ** 0.5 < 800


def test_inverse_is_exact_to_a_millimetre_where_the_one_step_inverse_is_not():
    gcj, approx = ONE_STEP_INVERSE
    exact = gcj02_to_wgs84(*gcj)
    assert exact == pytest.approx(approx, abs=3e-5)  # the same point as the published one-step answer...
    back = wgs84_to_gcj02(*exact)
    assert back == pytest.approx(gcj, abs=1e-8)  # ...but exact: forward(inverse(p)) == p to 1 mm


def test_round_trip_over_china_stays_under_a_millimetre():
    rng = random.Random(5)
    for _ in range(200):
        lon, lat = rng.uniform(75, 134), rng.uniform(18, 53)
        assert gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat)) == pytest.approx((lon, lat), abs=1e-8)


def test_outside_china_nothing_moves():
    for p in [(2.35, 48.85), (139.69, 35.69), (-74.0, 40.7)]:
        assert out_of_china(*p) and wgs84_to_gcj02(*p) == p and gcj02_to_wgs84(*p) == p


def test_converters_by_coordinate_system():
    to, back = converters(WGS84)
    assert to(117.0, 37.0) == (117.0, 37.0)
    to, back = converters(GCJ02)
    assert to(116.404, 39.915) == pytest.approx(REFERENCE[0][1])
    with pytest.raises(ValueError, match="unknown coordinate system 'bd09'"):
        converters("bd09")
