"""The briefing playlist: order, dwell times, pause and the presenter's keys."""

import pytest

from console.briefing import MIN_DWELL, PageSpec, Playlist


def playlist():
    return Playlist([PageSpec("kpi", "指标", 10), PageSpec("map", "地图", 20), PageSpec("charts", "图表", 5)])


def test_pages_follow_in_order_for_their_dwell_times():
    p = playlist()
    shown = []
    p.sig_page.connect(shown.append)
    p.advance(9.9)
    assert shown == [] and p.current.key == "kpi" and p.remaining == pytest.approx(0.1)
    p.advance(0.1)
    assert shown == [1] and p.current.key == "map"
    p.advance(19.0)
    assert p.current.key == "map"
    p.advance(1.0 + 5.0)  # in one step: map ends, charts's 5 s pass, back to the start
    assert shown == [1, 0] and p.current.key == "kpi"  # one switch, no flash of the skipped page and p.elapsed == pytest.approx(0)


def test_a_long_stall_skips_over_short_pages_without_losing_time():
    p = playlist()
    p.advance(10 + 20 + 5 + 3)
    assert p.current.key == "kpi" and p.elapsed == pytest.approx(3)


def test_pause_stops_the_clock_and_keys_step_by_hand():
    p = playlist()
    paused = []
    p.sig_paused.connect(paused.append)
    assert p.command("Space") and p.paused and paused == [True]
    p.advance(100)
    assert p.current.key == "kpi"
    p.command("PageDown")
    assert p.current.key == "map" and p.elapsed == 0 and p.paused  # stepping keeps the pause
    p.command("PageUp")
    p.command("Left")
    assert p.current.key == "charts"  # previous wraps around
    p.command("Right")
    assert p.current.key == "kpi"
    p.command("Space")
    assert not p.paused and paused == [True, False]
    assert not p.command("F13")


def test_escape_asks_to_leave_and_dwell_has_a_floor():
    p = Playlist([PageSpec("a", "A", 0.1)])
    left = []
    p.sig_leave.connect(lambda: left.append(True))
    p.command("Escape")
    assert left == [True] and p.current.dwell == MIN_DWELL
    with pytest.raises(ValueError):
        Playlist([])
