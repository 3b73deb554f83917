"""A page fills its place and scrolls only below its minimum (widgets/fit_scroll.py)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from widgets.fit_scroll import FitScroll


class Chart(QWidget):
    """Likes 600 px of height, makes do with 300 (as a chart does)."""

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, 600)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, 300)


def page_with_wrapped_text() -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    words = QLabel("On-time closure rate " * 12)
    words.setWordWrap(True)  # height for width: QScrollArea's own resizing takes the preferred height
    layout.addWidget(words)
    layout.addWidget(Chart(), 1)
    return page


def shown(qtbot, area: QScrollArea, width: int, height: int) -> QScrollArea:
    qtbot.addWidget(area)
    area.resize(width, height)
    area.show()
    qtbot.waitExposed(area)
    return area


def test_the_page_fills_an_ample_place_without_a_scroll_bar(qtbot):
    area = shown(qtbot, FitScroll(page_with_wrapped_text()), 900, 700)
    qtbot.waitUntil(lambda: not area.verticalScrollBar().isVisible())
    assert area.widget().size() == area.viewport().size()
    # QScrollArea's widgetResizable gives the same page its preferred height, and a scroll bar
    plain = QScrollArea()
    plain.setWidgetResizable(True)
    plain.setWidget(page_with_wrapped_text())
    shown(qtbot, plain, 900, 500)
    fit = shown(qtbot, FitScroll(page_with_wrapped_text()), 900, 500)
    qtbot.waitUntil(lambda: not fit.verticalScrollBar().isVisible())
    assert fit.widget().height() == fit.viewport().height()
    assert plain.widget().height() > plain.viewport().height() and plain.verticalScrollBar().isVisible()


def test_below_its_minimum_the_page_keeps_it_and_scrolls(qtbot):
    area = shown(qtbot, FitScroll(page_with_wrapped_text()), 300, 200)
    page = area.widget()
    qtbot.waitUntil(lambda: area.verticalScrollBar().isVisible())
    assert page.height() >= 300
    assert page.height() >= area.page_minimum(page.width())[1]
    area.resize(900, 900)
    qtbot.waitUntil(lambda: not area.verticalScrollBar().isVisible())
    assert page.height() == area.viewport().height()
