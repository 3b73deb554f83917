"""Wall layouts, presets, tours and the alarm pop-up's choice of cameras: pure, no Qt."""

from __future__ import annotations

import pytest

from console.wall import (LAYOUTS, Cell, PresetBook, Tour, Wall, alarm_tiles, custom_layout, is_large,
                          layout_for, nearest_cameras, neighbour, popup_for)


def cam(cid: str, lat: float, lon: float, online: bool = True) -> dict:
    return {"id": cid, "name": cid, "online": online, "location": {"lat": lat, "lon": lon}, "urls": []}


CAMS = [cam("C-FAR", 37.10, 117.10), cam("C-NEAR", 37.0501, 117.0501), cam("C-MID", 37.052, 117.052),
        cam("C-DOWN", 37.05, 117.05, online=False), cam("C-OWN", 37.06, 117.06)]


def test_layout_sizes():
    assert {k: v.size for k, v in LAYOUTS.items()} == {"1": 1, "4": 4, "6": 6, "9": 9, "16": 16, "25": 25, "36": 36}
    six = LAYOUTS["6"]
    assert six.cells[0] == Cell(0, 0, 2, 2) and is_large(six, 0) and not is_large(six, 1)


def test_custom_layout_round_trips_through_its_key_and_rejects_overlap():
    lay = custom_layout(3, 4, [Cell(0, 0, 2, 2)])
    assert lay.size == 3 * 4 - 3
    assert layout_for(lay.key) == lay
    with pytest.raises(ValueError):
        custom_layout(2, 2, [Cell(0, 0, 2, 2), Cell(1, 1)])


def test_keyboard_neighbours_follow_the_geometry():
    six = LAYOUTS["6"]
    assert neighbour(six, 0, "right") == 1
    assert neighbour(six, 0, "down") == 3
    assert neighbour(six, 4, "up") == 0
    assert neighbour(six, 0, "left") == 0
    g = LAYOUTS["16"]
    assert (neighbour(g, 5, "up"), neighbour(g, 5, "down"), neighbour(g, 5, "left")) == (1, 9, 4)


def test_alarm_group_is_the_bottom_row():
    assert alarm_tiles(LAYOUTS["16"]) == [12, 13, 14, 15]
    assert alarm_tiles(LAYOUTS["6"]) == [3, 4, 5]
    assert alarm_tiles(LAYOUTS["1"]) == [0]


def test_tour_pages_in_order_and_wraps():
    tour = Tour(("a", "b", "c", "d", "e"), 3, (0, 1))
    assert [tour.page(i) for i in range(4)] == [{0: "a", 1: "b"}, {0: "c", 1: "d"}, {0: "e", 1: None},
                                                {0: "a", 1: "b"}]
    with pytest.raises(ValueError):
        Tour(("a",), 2.9, (0,))


def test_a_tour_takes_the_tour_group_and_the_whole_wall_without_one():
    wall = Wall(LAYOUTS["4"])
    events = []
    wall.sig_group.connect(lambda: events.append(wall.tour_group))
    wall.toggle_tour_tile(3)
    wall.toggle_tour_tile(1)
    assert wall.tour_group == (1, 3) and events == [(3,), (1, 3)]
    wall.assign(0, "mine")
    wall.start_tour(["t1", "t2", "t3"], 3)
    assert wall.tour.tiles == (1, 3)
    assert [wall.shown(i) for i in range(4)] == ["mine", "t1", None, "t2"]  # tile 0 keeps its camera
    wall.toggle_tour_tile(1)  # the group is for the next tour: the running one keeps its tiles
    assert wall.tour_group == (3,) and wall.tour.tiles == (1, 3)
    wall.clear_tour_group()
    wall.start_tour(["t1"], 3)
    assert wall.tour.tiles == (0, 1, 2, 3)
    with pytest.raises(IndexError):
        wall.toggle_tour_tile(4)


def test_a_layout_switch_clears_the_tour_group():
    wall = Wall(LAYOUTS["16"])
    wall.toggle_tour_tile(12)
    events = []
    wall.sig_group.connect(lambda: events.append(wall.tour_group))
    wall.set_layout(LAYOUTS["4"])  # tile 12 is no place in four tiles
    assert wall.tour_group == () and events == [()]


def test_wall_shows_popup_over_tour_over_assignment():
    wall = Wall(LAYOUTS["4"])
    wall.assign(2, "mine")
    wall.start_tour(["t1", "t2", "t3", "t4"], 3, tiles=[1, 2])
    assert [wall.shown(i) for i in range(4)] == [None, "t1", "t2", None]
    wall.next_page()
    assert [wall.shown(i) for i in range(4)] == [None, "t3", "t4", None]
    popup = popup_for([{"id": "A1", "status": "active", "camera_id": "C-OWN", "location": None,
                        "raised_at": "2026-01-01T00:00:00Z"}], CAMS, 2)
    wall.set_popup(popup)
    # no alarm location: the cameras nearest to the alarm's own camera follow it
    assert [wall.shown(i) for i in range(4)] == [None, "t3", "C-OWN", "C-MID"]
    assert wall.popup_tile(2) and wall.popup_tile(3) and not wall.popup_tile(0)
    wall.set_popup(None)
    wall.stop_tour()
    assert wall.shown(2) == "mine"


def test_nearest_cameras_own_camera_first_offline_last():
    assert nearest_cameras(CAMS, {"lat": 37.05, "lon": 117.05}, 3, "C-OWN") == ["C-OWN", "C-NEAR", "C-MID"]
    assert nearest_cameras(CAMS, {"lat": 37.05, "lon": 117.05}, 5)[-1] == "C-DOWN"
    assert nearest_cameras(CAMS, None, 3, "C-FAR")[0] == "C-FAR"  # no place: around the camera itself


def test_popup_takes_the_newest_active_alarm():
    alarms = [{"id": "OLD", "status": "active", "camera_id": "C-FAR", "raised_at": "2026-01-01T00:00:00Z"},
              {"id": "NEW", "status": "active", "camera_id": None, "location": {"lat": 37.05, "lon": 117.05},
               "raised_at": "2026-01-01T00:05:00Z"},
              {"id": "ACK", "status": "acknowledged", "camera_id": "C-MID", "raised_at": "2026-01-01T00:09:00Z"},
              {"id": "NOWHERE", "status": "active", "camera_id": None, "location": None,
               "raised_at": "2026-01-01T00:10:00Z"}]
    popup = popup_for(alarms, CAMS, 2)
    assert popup.alarm_id == "NEW" and popup.cameras == ("C-NEAR", "C-MID")
    assert popup_for(alarms[2:], CAMS, 2) is None


def test_place_uses_free_tile_then_selection_and_finds_shown_camera():
    wall = Wall(LAYOUTS["4"])
    assert wall.place("a") == 0 and wall.place("b") == 1
    assert wall.place("a") == 0 and wall.selected == 0
    wall.place("c"), wall.place("d")
    wall.select(2)
    assert wall.place("e") == 2 and wall.shown(2) == "e"


def test_layout_switch_keeps_cameras_by_tile():
    wall = Wall(LAYOUTS["9"])
    for i, c in enumerate("abcdefghi"):
        wall.assign(i, c)
    wall.set_layout(LAYOUTS["1"])
    assert [wall.shown(0)] == ["a"]
    wall.set_layout(LAYOUTS["9"])
    assert [wall.shown(i) for i in range(9)] == list("abcdefghi")


def test_presets_are_saved_and_reloaded(tmp_path):
    wall = Wall(LAYOUTS["6"])
    wall.assign(0, "big")
    book = PresetBook(tmp_path / "presets.json")
    book.save("北门值守", wall.preset())
    again = PresetBook(tmp_path / "presets.json")
    assert again.names() == ["北门值守"]
    other = Wall(LAYOUTS["16"])
    other.apply_preset(again.presets["北门值守"])
    assert other.layout.key == "6" and other.shown(0) == "big"
    (tmp_path / "broken.json").write_text("{not json")
    assert PresetBook(tmp_path / "broken.json").names() == []


def test_the_last_view_is_kept_beside_the_presets_and_written_only_when_it_changes(tmp_path):
    book = PresetBook(tmp_path / "presets.json")
    assert book.last() is None
    wall = Wall(LAYOUTS["9"])
    wall.assign(2, "CAM-002")
    assert book.remember(wall.preset()) is True
    assert book.remember(wall.preset()) is False  # the same view: nothing written
    book.save("北门值守", wall.preset())
    again = PresetBook(tmp_path / "presets.json")
    assert again.names() == ["北门值守"]  # the last view is not a preset to choose
    assert again.last() == {"layout": "9", "cameras": [None, None, "CAM-002"] + [None] * 6}
