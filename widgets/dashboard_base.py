"""The frame of every dashboard page: queries over a shared StatsFeed, one redraw per frame, the
period switch and the drill-down path (street → community → grid).

Views keep no copy of the data: `redraw` reads the feed's last answers and the Store each time.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QWidget

from console.stats_feed import Period, StatsFeed, period_of

from .bridge import bind
from .charts_base import ChartFrame, FrameRedraw
from .charts_base import sized
from .theme import set_tone, ui_font


class Dashboard(QWidget):
    """Base of a dashboard: `queries()` names what to fetch; `redraw()` paints from the feed."""

    def __init__(self, store: Any, feed: StatsFeed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.feed = store, feed
        self.prefix = f"{type(self).__name__}-{id(self)}:"
        self._redraw = FrameRedraw(self, self._on_frame)
        self.redraws = 0  # counted for tests and the benchmark
        self.last_refresh: datetime | None = None
        bind(self, feed.sig_updated, self._on_feed)

    # --- fetching ---------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.feed.clock()

    def queries(self) -> dict[str, tuple[str, dict[str, Any]]]:
        return {}

    def key(self, name: str) -> str:
        return self.prefix + name

    def refresh(self) -> None:
        """Ask the server again for every query of this page."""
        self.last_refresh = self.now()
        for name, (request, args) in self.queries().items():
            self.feed.fetch(self.key(name), request, args)

    def _on_feed(self, key: str) -> None:
        if key.startswith(self.prefix):
            self.schedule()

    def schedule(self) -> None:
        self._redraw.schedule()

    def _on_frame(self) -> None:
        self.redraws += 1
        self.redraw()

    def redraw(self) -> None:
        raise NotImplementedError

    def data_for(self, frame: ChartFrame | None, name: str) -> dict[str, Any] | None:
        """The answer of query `name`, or None with the frame showing loading / the failure."""
        st = self.feed.state(self.key(name))
        if st.status == "failed":
            if frame is not None:
                frame.set_state("failed", st.message)
            return None
        if st.data is None:
            if frame is not None:
                frame.set_state("loading")
            return None
        if frame is not None:
            frame.set_state("ok")
        return st.data  # while loading again, the previous answer stays on screen

    def failure(self, name: str) -> str | None:
        st = self.feed.state(self.key(name))
        return st.message if st.status == "failed" else None

    # --- language ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        pass

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.schedule()  # data labels (categories, sexes) follow the language too
        super().changeEvent(event)


class PeriodSwitch(QWidget):
    """This week / this month / last 30 days, as toggle buttons; emits the chosen kind."""

    sig_changed = Signal(str)
    KINDS = ("week", "month", "last30")

    def __init__(self, kind: str = "month", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for k in self.KINDS:
            b = QPushButton()
            b.setCheckable(True)
            b.setChecked(k == kind)
            b.clicked.connect(lambda _=False, k=k: self._choose(k))
            self._group.addButton(b)
            layout.addWidget(b)
            self.buttons[k] = b
        self.retranslate()

    def _choose(self, kind: str) -> None:
        if kind != self.kind:
            self.kind = kind
            self.sig_changed.emit(kind)

    def period(self, now: datetime) -> Period:
        return period_of(self.kind, now)

    def retranslate(self) -> None:
        names = {"week": self.tr("This week"), "month": self.tr("This month"), "last30": self.tr("Last 30 days")}
        for k, b in self.buttons.items():
            b.setText(names[k])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class RegionPath(QWidget):
    """The drill-down path as buttons (许商街道 › 幸福社区 › 第一网格); a click goes back up there."""

    sig_chosen = Signal(object)  # region id or None (everything)

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.region_id: str | None = None

    def set_region(self, region_id: str | None) -> None:
        self.region_id = region_id
        while self._layout.count():
            w = self._layout.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        chain: list[dict] = []
        rid = region_id
        while rid is not None:
            r = self.store.get("region", rid)
            if r is None:
                break
            chain.insert(0, r)
            rid = r.get("parent_id")
        for i, r in enumerate(chain):
            if i:
                sep = QLabel("›")
                sized(sep, 18)
                set_tone(sep, "muted")
                self._layout.addWidget(sep)
            b = QPushButton(r.get("name", r["id"]))
            sized(b, 17, transparent=False)
            b.setFlat(True)
            b.setEnabled(i < len(chain) - 1)
            b.clicked.connect(lambda _=False, rid=r["id"]: self.sig_chosen.emit(rid))
            self._layout.addWidget(b)
        self._layout.addStretch(1)


def default_root(store: Any) -> str | None:
    """The street when the store holds exactly one (the usual console); else no filter."""
    tops = [r for r in store.all("region") if r.get("level") == 1]
    return tops[0]["id"] if len(tops) == 1 else None


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def child_level(store: Any, region_id: str | None) -> int:
    r = store.get("region", region_id) if region_id else None
    return (r.get("level", 0) + 1) if r else 1


__all__ = ["Dashboard", "PeriodSwitch", "RegionPath", "default_root", "child_level", "Callable", "Qt"]
