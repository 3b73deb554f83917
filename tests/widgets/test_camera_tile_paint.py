"""A camera tile's painting without a stream: the labels over a live picture, and the cached plan
that paints a live picture with three blits (widgets/camera_tile.py)."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage

from console.player import State
from widgets.camera_tile import CameraTile

PICTURE = QColor(200, 120, 40)


@pytest.fixture
def tile(qtbot, themed, chinese):
    names = {"CAM-1": ("幸福小区北门", "幸福社区 · 第一网格"),
             "CAM-LONG": ("幸福小区北门东侧人行道出入口摄像机（二号杆）", "幸福社区 · 第一网格")}
    t = CameraTile(0, lambda cid: names[cid])
    qtbot.addWidget(t)
    t.resize(413, 256)  # a 16-tile wall beside the camera tree on a 1920-px screen: letterboxed 16:9
    t.show()
    return t


def live(tile: CameraTile, camera_id: str = "CAM-1") -> None:
    """The tile as the frame clock leaves it with a live stream: a picture taken, state LIVE."""
    tile.camera_id = camera_id
    image = QImage(640, 360, QImage.Format.Format_RGB32)
    image.fill(PICTURE)
    tile._image = image
    tile.stream.st = dataclasses.replace(tile.stream.st, state=State.LIVE)


def test_labels_are_chips_inside_the_picture_and_leave_the_rest_of_it_bright(tile):
    live(tile)
    shot = tile.grab().toImage()
    plan = tile._plan
    assert plan is not None
    target = plan[1]
    assert target == QRect(0, 12, 413, 232)  # 640x360 fitted: 12-px bars above and below
    top, top_at, bottom, bottom_at = plan[2:6]
    assert target.contains(QRect(top_at, top.size())) and target.contains(QRect(bottom_at, bottom.size()))
    assert top.width() < target.width() * 0.8 and bottom.width() < target.width() * 0.6
    assert bottom_at.x() + bottom.width() > target.right() - 10  # the clock sits bottom right
    # The picture is untouched outside the labels: the top right and bottom left corners, where
    # full-width bars used to darken it
    for x, y in ((target.right() - 4, target.top() + 6), (target.left() + 4, target.bottom() - 6)):
        assert shot.pixelColor(x, y) == PICTURE, (x, y, shot.pixelColor(x, y).name())
    # Inside the name label the picture is darkened behind the text
    inside = shot.pixelColor(top_at.x() + 2, top_at.y() + top.height() // 2)
    assert inside.red() < PICTURE.red() * 0.6


def test_a_long_name_is_cut_to_the_picture_not_beyond(tile):
    live(tile, "CAM-LONG")
    tile.grab()
    top, top_at = tile._plan[2], tile._plan[3]
    assert top_at.x() + top.width() <= tile._plan[1].right() + 1


def test_a_live_picture_repaints_from_the_plan_until_something_changes(tile, qtbot):
    live(tile)
    tile.grab()
    calls = []
    paint_osd = tile._paint_osd
    tile._paint_osd = lambda *a: calls.append(a) or paint_osd(*a)
    painted = tile.painted
    tile.repaint(tile._plan[1])  # what update_picture() asks for with each new picture
    assert tile.painted == painted + 1 and calls == []
    tile.selected = True  # a selected tile draws its frame: the plan no longer holds
    assert tile._plan is None
    shot = tile.grab().toImage()
    assert len(calls) == 1
    edge = shot.pixelColor(1, 128)
    assert edge != QColor(0, 0, 0) and edge != PICTURE  # the selection frame, over the picture's edge
    tile.selected = False
    tile.alarm_text = "一键报警：幸福小区北门"
    assert tile._plan is None


def test_a_state_change_drops_the_plan_and_the_picture(tile):
    live(tile)
    tile.grab()
    assert tile._plan is not None
    tile._on_state(State.RECONNECTING)
    assert tile._plan is None and tile._image is None


def test_tiles_of_one_size_and_state_share_one_state_and_clock_label(qtbot, themed, chinese, monkeypatch):
    # Each second every live tile shows the same "● 直播 HH:MM:SS": laid out once, not per tile
    from widgets import camera_tile
    monkeypatch.setattr(camera_tile, "clock_text", lambda: "09:30:00")
    tiles = []
    for k, cam in enumerate(("CAM-1", "CAM-2")):
        t = CameraTile(k, lambda cid: (cid, "幸福社区 · 第一网格"))
        qtbot.addWidget(t)
        t.resize(413, 256)
        t.show()
        live(t, cam)
        t.grab()
        tiles.append(t)
    first, second = (t._osd for t in tiles)
    assert first[0] is not second[0]  # each camera its own name label
    assert first[2] is second[2]  # one state and clock label
