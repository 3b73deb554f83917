"""The camera tree: community → grid → camera, with online state and search; drag onto a tile.

Items keep only ids; names and online state are read from the Store whenever it changes (the
rebuild is coalesced to once per event-loop pass, so a burst of camera events rebuilds once).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from widgets.bridge import bind
from widgets.camera_tile import CAMERA_MIME
from widgets.theme import COLORS

ID_ROLE = Qt.ItemDataRole.UserRole


class _Tree(QTreeWidget):
    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [CAMERA_MIME]

    def mimeData(self, items) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        ids = [i.data(0, ID_ROLE) for i in items if i.data(0, ID_ROLE)]
        if ids:
            mime.setData(CAMERA_MIME, QByteArray(ids[0].encode("utf-8")))
        return mime


class CameraTree(QWidget):
    """Cameras grouped by community and grid; `sig_camera_activated(id)` on double-click / Enter."""

    sig_camera_activated = Signal(str)

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.search = QLineEdit()
        self.search.setObjectName("camera_search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        self.tree = _Tree()
        self.tree.setObjectName("camera_tree")
        self.tree.setHeaderHidden(True)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QTreeWidget.DragDropMode.DragOnly)
        self.tree.itemActivated.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.timeout.connect(self.rebuild)
        bind(self, store.sig_changed, self._on_changed)
        bind(self, store.sig_reset, lambda: self._rebuild_timer.start())
        self.retranslate()
        self.rebuild()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search cameras"))
        self.rebuild()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_changed(self, changes: list) -> None:
        if any(c.kind in ("camera", "region") for c in changes):
            self._rebuild_timer.start()

    def rebuild(self) -> None:
        expanded = {self.tree.topLevelItem(i).data(0, ID_ROLE) for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}
        self.tree.clear()
        regions = {r["id"]: r for r in self.store.all("region")}
        groups: dict[str, dict[str, list[dict]]] = {}
        for cam in sorted(self.store.all("camera"), key=lambda c: c["id"]):
            grid = regions.get(cam.get("region_id") or "") or {}
            community = grid.get("parent_id") or ""
            groups.setdefault(community, {}).setdefault(grid.get("id") or "", []).append(cam)
        online_brush, offline_brush = QBrush(QColor(COLORS["ok"])), QBrush(QColor(COLORS["overdue"]))
        for community_id in sorted(groups):
            grids = groups[community_id]
            cams = [c for g in grids.values() for c in g]
            up = sum(1 for c in cams if c.get("online"))
            name = (regions.get(community_id) or {}).get("name") or self.tr("Other")
            top = QTreeWidgetItem([f"{name}  ({up}/{len(cams)})"])
            top.setData(0, ID_ROLE, None)
            top.setData(0, ID_ROLE + 1, community_id)
            for grid_id in sorted(grids):
                gname = (regions.get(grid_id) or {}).get("name") or grid_id or self.tr("No grid")
                gitem = QTreeWidgetItem([gname])
                for cam in grids[grid_id]:
                    online = bool(cam.get("online"))
                    label = cam.get("name") or cam["id"]
                    if not online:
                        label += "  " + self.tr("(offline)")
                    item = QTreeWidgetItem([("● " if online else "○ ") + label])
                    item.setData(0, ID_ROLE, cam["id"])
                    item.setToolTip(0, cam["id"])
                    item.setForeground(0, online_brush if online else offline_brush)
                    gitem.addChild(item)
                top.addChild(gitem)
            self.tree.addTopLevelItem(top)
            top.setExpanded(community_id in expanded or len(groups) == 1)
            for j in range(top.childCount()):
                top.child(j).setExpanded(True)
        self._apply_filter(self.search.text())

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            any_top = False
            for j in range(top.childCount()):
                grid = top.child(j)
                any_grid = False
                for k in range(grid.childCount()):
                    item = grid.child(k)
                    cid = item.data(0, ID_ROLE) or ""
                    hit = not needle or needle in item.text(0).lower() or needle in cid.lower() \
                        or needle in grid.text(0).lower()
                    item.setHidden(not hit)
                    any_grid = any_grid or hit
                grid.setHidden(not any_grid)
                if needle:
                    grid.setExpanded(any_grid)
                any_top = any_top or any_grid
            top.setHidden(not any_top)
            if needle:
                top.setExpanded(any_top)

    def visible_camera_ids(self) -> list[str]:
        """Cameras the search and the selected group leave in view (what a tour goes through)."""
        chosen = self.tree.currentItem()
        out = []

        def walk(item: QTreeWidgetItem) -> None:
            if item.isHidden():
                return
            cid = item.data(0, ID_ROLE)
            if cid:
                out.append(cid)
            for n in range(item.childCount()):
                walk(item.child(n))
        if chosen is not None and chosen.data(0, ID_ROLE) is None:
            walk(chosen)
        else:
            for i in range(self.tree.topLevelItemCount()):
                walk(self.tree.topLevelItem(i))
        return out

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        cid = item.data(0, ID_ROLE)
        if cid:
            self.sig_camera_activated.emit(cid)
