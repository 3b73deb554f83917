"""The panels of the main window reach each other: map → camera wall / ticket detail, briefing lends docks."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from widgets.panel_links import DockLender


def test_a_camera_clicked_on_the_map_goes_to_the_wall(main_window):
    wall = main_window.panels["cameras"]
    main_window.panels["map"].sig_show_camera.emit("CAM-9")
    shown = [wall.wall.shown(i) for i in range(wall.wall.layout.size)]
    assert "CAM-9" in shown


def test_a_ticket_clicked_on_the_map_opens_the_detail(main_window, qtbot):
    main_window.show()
    main_window.panels["map"].sig_open_ticket.emit("T-1")
    assert main_window.panels["detail"].ticket_id == "T-1"


def test_a_lent_dock_gets_its_panel_back(main_window):
    dock = main_window.docks["board"]
    board = dock.widget()
    lender = DockLender(dock)
    taken = lender.take()
    assert taken is board and isinstance(dock.widget(), QLabel)
    taken.setParent(None)  # as the briefing's stack does with it
    lender.give_back(taken)
    assert dock.widget() is board


def test_briefing_borrows_the_map_wall_and_board_and_returns_them(main_window, qtbot):
    main_window.show()
    before = {k: main_window.docks[k].widget() for k in ("map", "cameras", "board")}
    main_window.start_briefing()
    briefing = main_window.briefing
    assert briefing is not None and briefing.isVisible()
    assert all(main_window.docks[k].widget() is not w for k, w in before.items())  # lent out
    briefing.stop()
    assert main_window.briefing is None
    assert {k: main_window.docks[k].widget() for k in before} == before


def test_wall_mode_turns_map_follow_on_and_off(main_window, qtbot):
    main_window.show()
    map_panel = main_window.panels["map"]
    main_window.set_wall_mode(True)
    assert map_panel.follow_box.isChecked()
    main_window.set_wall_mode(False)
    assert not map_panel.follow_box.isChecked()


def test_panels_behind_another_tab_rest_and_wake_when_their_tab_is_raised(main_window, qtbot):
    main_window.show()
    main_window.docks["board"].raise_()
    qtbot.waitUntil(lambda: not main_window.panels["cameras"].grid.active)
    assert not main_window.panels["map"]._on_screen  # covered by the board: no frames computed
    main_window.docks["cameras"].raise_()
    qtbot.waitUntil(lambda: main_window.panels["cameras"].grid.active)
    main_window.docks["map"].raise_()
    qtbot.waitUntil(lambda: main_window.panels["map"]._on_screen)
    assert not main_window.panels["cameras"].grid.active
