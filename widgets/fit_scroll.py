"""A page that fills its place, and scrolls only where the place is smaller than the page can be.

For a 1366×768 laptop: the charts' and the map legend's minimum heights made the console's window
825 px tall, cut off at the screen's edge. QScrollArea's own `widgetResizable` gives a page with
word-wrapped labels (height-for-width) its preferred height, not its minimum, so a 1080p wall
scrolled charts that fit; here the page is only kept from going below its minimum.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class FitScroll(QScrollArea):
    """`page` at the viewport's size, or at its minimum where that is larger (then it scrolls)."""

    def __init__(self, page: QWidget, horizontal: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        if not horizontal:
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(page)
        page.installEventFilter(self)  # its minimum changes with its content and language

    def eventFilter(self, watched, event: QEvent) -> bool:  # noqa: N802
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return False

    def page_minimum(self, width: int) -> tuple[int, int]:
        """The least (width, height) the page can take at `width`."""
        page = self.widget()
        least = page.minimumSizeHint().expandedTo(page.minimumSize())
        w = max(width, least.width())
        layout = page.layout()
        h = least.height()
        if layout is not None and layout.hasHeightForWidth():
            h = max(h, layout.minimumHeightForWidth(w))
        return w, h

    def fit(self) -> None:
        view = self.viewport().size()
        w, h = self.page_minimum(view.width())
        self.widget().resize(w, max(h, view.height()))

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize:
            self.fit()  # the area's own resizes, and a scroll bar coming or going
        return super().viewportEvent(event)
