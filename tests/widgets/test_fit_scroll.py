"""A page fills its place and scrolls only below its minimum (widgets/fit_scroll.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from widgets.fit_scroll import FitScroll


def page_with_wrapped_text() -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    words = QLabel("On-time closure rate " * 12)
    words.setWordWrap(True)  # height for width: QScrollArea's own resizing takes the preferred height
    layout.addWidget(words)
    block = QWidget()
    block.setMinimumHeight(300)
    layout.addWidget(block, 1)
    return page


def test_the_page_fills_an_ample_place_without_a_scroll_bar(qtbot):
    area = FitScroll(page_with_wrapped_text())
    qtbot.addWidget(area)
    area.resize(900, 700)
    area.show()
    qtbot.waitExposed(area)
    qtbot.waitUntil(lambda: area.widget().size() == area.viewport().size())
    assert not area.verticalScrollBar().isVisible()
    # what QScrollArea.widgetResizable does with the same page: a taller page and a scroll bar
    plain = QScrollArea()
    qtbot.addWidget(plain)
    plain.setWidgetResizable(True)
    plain.setWidget(page_with_wrapped_text())
    plain.resize(900, 330)
    plain.show()
    qtbot.waitExposed(plain)
    fit = FitScroll(page_with_wrapped_text())
    qtbot.addWidget(fit)
    fit.resize(900, 330)
    fit.show()
    qtbot.waitExposed(fit)
    assert fit.widget().height() <= plain.widget().height()


def test_below_its_minimum_the_page_keeps_it_and_scrolls(qtbot):
    area = FitScroll(page_with_wrapped_text())
    qtbot.addWidget(area)
    area.resize(300, 200)
    area.show()
    qtbot.waitExposed(area)
    page = area.widget()
    qtbot.waitUntil(lambda: area.verticalScrollBar().isVisible())
    assert page.height() >= 300
    assert page.height() >= area.page_minimum(page.width())[1]
    area.resize(900, 900)
    qtbot.waitUntil(lambda: not area.verticalScrollBar().isVisible())
    assert page.height() == area.viewport().height()
