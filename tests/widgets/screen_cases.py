"""Windows on screens the test process cannot have: run by test_screen_fit.py in a child pytest.

`bare_x`: under a test-started Xvfb with no window manager (QT_QPA_PLATFORM=xcb), where
maximize and full screen are only flags. `two_screens`: the offscreen platform with a console
screen and a wall screen (QT_QPA_PLATFORM=offscreen:configfile=...). Not collected on its own
(not test_*.py): each case checks it runs where it means to.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication


def _need(platform: str, screens: int = 1) -> None:
    assert QGuiApplication.platformName() == platform, QGuiApplication.platformName()
    assert len(QGuiApplication.screens()) == screens


def test_bare_x_wall_mode_covers_the_screen(main_window, qtbot):
    from widgets.main_window import BOARD_SHARE
    _need("xcb")
    assert main_window.size() != main_window.screen().size()  # the fixture's 1600x900 on a 1920x1080 screen
    main_window.set_wall_mode(True)  # `--wall`: full screen before the window was ever shown
    qtbot.waitExposed(main_window)
    screen = main_window.screen().geometry()
    qtbot.waitUntil(lambda: main_window.geometry() == screen, timeout=3000)
    assert main_window.isFullScreen() and main_window.menuBar().isHidden()
    # the default proportions are for the final size, not the first (the docks kept all the extra width)
    board = main_window.docks["board"]
    qtbot.waitUntil(lambda: abs(board.width() - screen.width() * BOARD_SHARE) < 40, timeout=3000)
    main_window.set_wall_mode(False)  # F11
    qtbot.waitUntil(lambda: not main_window.isFullScreen())
    assert main_window.menuBar().isVisible()
    assert screen.contains(main_window.geometry())
    main_window.set_wall_mode(True)  # and F11 again, on a window already shown
    qtbot.waitUntil(lambda: main_window.isFullScreen() and main_window.geometry() == screen, timeout=3000)


def test_bare_x_restored_maximised_window_covers_the_work_area(main_window, qtbot, store, operations, session,
                                                               settings):
    from widgets.main_window import MainWindow
    _need("xcb")
    main_window.setGeometry(main_window.screen().availableGeometry())
    main_window.showMaximized()  # as the console's first start does
    qtbot.waitExposed(main_window)
    main_window.close()  # saves the session
    again = MainWindow(store, operations, session, settings=settings)
    qtbot.addWidget(again)
    again.restore_session()
    again.show()  # as every later start does
    qtbot.waitExposed(again)
    area = again.screen().availableGeometry()
    qtbot.waitUntil(lambda: again.geometry() == area, timeout=3000)
    assert again.isMaximized()


def test_bare_x_detached_wall_goes_full_screen_with_f11(qtbot, themed, store, tmp_path):
    from widgets.camera_wall import CameraWallPanel
    _need("xcb")
    panel = CameraWallPanel(store, presets_path=tmp_path / "presets.json", snapshot_dir=tmp_path)
    qtbot.addWidget(panel)
    panel.show()
    panel.detach()  # one screen: an ordinary window
    window = panel._window
    qtbot.waitExposed(window)
    assert not window.isFullScreen()
    with qtbot.waitActive(window):
        window.activateWindow()  # as a click into it does
    qtbot.keyClick(window, Qt.Key.Key_F11)
    screen = window.screen().geometry()
    qtbot.waitUntil(lambda: window.isFullScreen() and window.geometry() == screen, timeout=3000)
    panel.detach()  # attach again: the tiles come home
    assert panel.grid.parent() is not window


def test_two_screens_detached_wall_opens_full_screen_on_the_wall_screen(qtbot, themed, store, tmp_path):
    from widgets.camera_wall import CameraWallPanel
    _need("offscreen", screens=2)
    console, wall = QGuiApplication.screens()
    panel = CameraWallPanel(store, presets_path=tmp_path / "presets.json", snapshot_dir=tmp_path)
    qtbot.addWidget(panel)
    panel.setScreen(console)
    panel.setGeometry(QRect(0, 0, 1600, 900))
    panel.show()
    qtbot.waitExposed(panel)
    panel.detach()
    window = panel._window
    qtbot.waitUntil(lambda: window.isVisible() and window.isFullScreen())
    assert window.screen() is wall
    assert window.geometry() == wall.geometry()
    assert window.layout().indexOf(panel.grid) >= 0  # the tiles moved to the wall screen
    panel.detach()
    assert not panel.detached

