"""The libvlc engine on real streams: one player per tile for its whole life, no stale pictures.

RSS grew ~0.4 MB per reopened stream when every stream had its own player and buffers; a tile now
keeps one player, one set of callbacks and one buffer set while the picture size stays the same.
"""

from __future__ import annotations

import gc
import time

import pytest

from console.player import Event
from tests.widgets.test_camera_support import pump, serve, test_clips
from widgets import video_vlc

pytestmark = pytest.mark.skipif(video_vlc.instance() is None, reason="libvlc not available")


@pytest.fixture(scope="module")
def media():
    server = serve(test_clips(), cameras=8)
    yield server
    server.stop()


def wait_pictures(qapp, engine, n: int = 3, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if engine.decoded >= n and engine.take():
            return True
        pump(qapp, 0.02)
    return False


def test_twenty_reopens_keep_one_player_one_buffer_set_and_no_stray_objects(qapp, media):
    engine = video_vlc.VlcEngine()
    frames = engine._frames
    try:
        engine.open(f"{media.base_url}/CAM-000/sub.ts", 1)
        assert wait_pictures(qapp, engine)
        gc.collect()
        objects = len(gc.get_objects())
        for n in range(2, 22):
            engine.open(f"{media.base_url}/CAM-{n % 8:03d}/sub.ts", n)
            assert wait_pictures(qapp, engine), f"no picture after reopen {n}"
        gc.collect()
        assert engine.players_made == 1
        assert engine._frames is frames and frames.allocations == 1  # same-size streams reuse the buffers
        assert len(gc.get_objects()) - objects < 200  # was ~6 objects (an event manager's) per reopen
    finally:
        engine.close()
        assert engine.wait_idle()


def test_pictures_of_a_replaced_stream_are_never_taken(qapp, media):
    engine = video_vlc.VlcEngine()
    try:
        engine.open(f"{media.base_url}/CAM-000/sub.ts", 1)
        assert wait_pictures(qapp, engine)
        engine.open(f"{media.base_url}/CAM-001/sub.ts", 2)
        # the old stream may still be decoding until the worker stopped it: nothing of it counts
        assert not engine.take() and engine.image() is None
        assert wait_pictures(qapp, engine)
        assert engine._frames.gen == 2
        engine.close()
        assert not engine.take()
        assert engine.wait_idle() and engine._applied is None
    finally:
        engine.close()


def test_events_carry_the_generation_that_libvlc_plays(qapp, media):
    engine = video_vlc.VlcEngine()
    seen: list[tuple[Event, int]] = []
    engine.sig_event.connect(lambda e, g: seen.append((e, g)))
    try:
        engine.open(f"{media.base_url}/CAM-000/sub.ts", 7)
        assert wait_pictures(qapp, engine)
        engine.open(f"{media.base_url}/NOPE/sub.ts", 8)  # 404: an error of generation 8 only
        end = time.monotonic() + 5
        while not any(g == 8 for _, g in seen) and time.monotonic() < end:
            pump(qapp, 0.05)
        assert {g for _, g in seen} <= {7, 8} and any(g == 8 for _, g in seen)
    finally:
        engine.close()
        engine.wait_idle()


def test_open_twice_quickly_plays_only_the_second_stream(qapp, media):
    engine = video_vlc.VlcEngine()
    try:
        engine.open(f"{media.base_url}/CAM-000/sub.ts", 1)
        engine.open(f"{media.base_url}/CAM-002/sub.ts", 2)
        assert engine.wait_idle()
        assert engine._applied == (f"{media.base_url}/CAM-002/sub.ts", 2)
        assert wait_pictures(qapp, engine) and engine._frames.gen == 2
    finally:
        engine.close()
        engine.wait_idle()


def test_big_blocks_go_back_to_the_system():
    # glibc's dynamic mmap threshold kept freed picture buffers in fragmented heaps (RSS growth)
    assert video_vlc.tune_malloc()


def test_arenas_are_trimmed_after_a_switch_at_most_every_few_seconds(monkeypatch):
    # fast tours left libvlc's freed thread memory in glibc's arenas (RSS crept ~20 MB)
    monkeypatch.setattr(video_vlc, "_trimmed_at", -video_vlc.TRIM_EVERY_S)
    assert video_vlc.trim_heap(now=100.0)
    assert not video_vlc.trim_heap(now=100.0 + video_vlc.TRIM_EVERY_S - 0.1)  # 16 tiles switch at once
    assert video_vlc.trim_heap(now=100.0 + video_vlc.TRIM_EVERY_S)


def test_a_stream_switch_trims_the_arenas(qapp, media, monkeypatch):
    trims = []
    monkeypatch.setattr(video_vlc, "trim_heap", lambda: trims.append(1) or True)
    engine = video_vlc.VlcEngine()
    try:
        engine.open(f"{media.base_url}/CAM-001/sub.ts", 1)
        assert engine.wait_idle()
        assert trims == [1]
    finally:
        engine.close()
        engine.wait_idle()
