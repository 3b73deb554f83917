"""Briefing mode: borrowed pages come and go back, the presenter's keys, dwell, no rebuild between pages."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QLabel, QWidget  # noqa: E402

from widgets.briefing import BriefingPage, BriefingWindow  # noqa: E402

pytestmark = pytest.mark.usefixtures("chinese")


class Lender:
    """Stands in for the main window's map / camera wall: lends one widget and wants it back."""

    def __init__(self, text: str, fail: bool = False) -> None:
        self.home = QWidget()
        self.widget = QLabel(text, self.home)
        self.taken = self.returned = 0
        self.fail = fail

    def take(self) -> QWidget:
        if self.fail:
            raise RuntimeError("camera wall busy")
        self.taken += 1
        return self.widget

    def give_back(self, widget: QWidget) -> None:
        assert widget is self.widget
        self.returned += 1
        widget.setParent(self.home)


@pytest.fixture
def briefing(store, operations, session, qtbot, themed):
    lender = Lender("地图")
    win = BriefingWindow(store, operations, session, [
        BriefingPage("kpi", dwell=10), BriefingPage("map", "网格地图", 30, lender), {"key": "tickets", "dwell": 15}])
    qtbot.addWidget(win)
    win.lender = lender
    yield win
    win.stop()


def test_start_borrows_pages_and_escape_gives_them_back(briefing, qtbot, tmp_path):
    finished = []
    briefing.sig_finished.connect(lambda: finished.append(True))
    briefing.start(None)
    lender = briefing.lender
    assert briefing.isFullScreen() and briefing.stack.count() == 3 and lender.taken == 1
    assert lender.widget.parent() is not lender.home
    assert [p.title for p in briefing.playlist.pages] == ["核心指标", "网格地图", "事件指标"]
    qtbot.wait(100)
    assert briefing.grab().save(str(tmp_path / "briefing_kpi.png"))
    qtbot.keyClick(briefing, Qt.Key.Key_Escape)
    assert finished == [True] and lender.returned == 1 and lender.widget.parent() is lender.home
    assert not briefing.isVisible()
    briefing.stop()  # a second stop does nothing
    assert lender.returned == 1 and finished == [True]


def test_remote_keys_step_pause_and_pages_are_not_rebuilt(briefing, qtbot):
    briefing.start(None)
    pages = [briefing.stack.widget(i) for i in range(briefing.stack.count())]
    qtbot.keyClick(briefing, Qt.Key.Key_PageDown)
    assert briefing.stack.currentWidget() is briefing.lender.widget and briefing.title.text() == "网格地图"
    qtbot.keyClick(briefing, Qt.Key.Key_Space)
    assert briefing.playlist.paused and briefing.paused_label.text() == "已暂停"
    briefing._last_tick -= 100  # a long time passes while paused
    briefing._on_tick()
    assert briefing.stack.currentIndex() == 1
    qtbot.keyClick(briefing, Qt.Key.Key_Right)
    qtbot.keyClick(briefing, Qt.Key.Key_Right)
    assert briefing.stack.currentIndex() == 0  # wraps around
    qtbot.keyClick(briefing, Qt.Key.Key_PageUp)
    assert briefing.stack.currentIndex() == 2
    qtbot.keyClick(briefing, Qt.Key.Key_Space)
    briefing._last_tick -= 15.2  # the dwell of 事件指标 runs out
    briefing._on_tick()
    assert briefing.stack.currentIndex() == 0
    assert [briefing.stack.widget(i) for i in range(briefing.stack.count())] == pages


def test_a_page_that_cannot_be_borrowed_says_so_and_the_rest_runs(store, operations, session, qtbot, themed):
    win = BriefingWindow(store, operations, session, [BriefingPage("cameras", "视频墙", 10, Lender("x", fail=True)),
                                                      BriefingPage("kpi", "指标", 10), BriefingPage("nope", "无", 5)])
    qtbot.addWidget(win)
    win.start(None)
    assert "无法显示" in win.stack.widget(0).text() and "camera wall busy" in win.stack.widget(0).text()
    assert "没有提供此页面" in win.stack.widget(2).text()
    win.stop()


def test_default_playlist_when_no_pages_are_given(store, operations, session, qtbot, themed):
    win = BriefingWindow(store, operations, session, [])
    qtbot.addWidget(win)
    assert [p.key for p in win.playlist.pages] == ["kpi", "tickets", "population", "staff", "alarms"]
    win.start(None)
    assert win.stack.count() == 5 and all(d.last_refresh is not None for d in win.dashboards)
    win.stop()
