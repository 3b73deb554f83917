"""Qt list models the QML map binds to (MapItemView), adapting console.map_layers frames.

Each model holds only the rows of the current frame (what is drawn, at most the item budget) and
syncs to a new frame by key: rows that left are removed, new rows appended, rows whose content
changed get dataChanged. Map items of rows that stay are never recreated, which is what keeps a
pan cheap (creating a QtLocation item is the expensive part, DESIGN.md section 3).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtPositioning import QGeoCoordinate


class KeyedListModel(QAbstractListModel):
    """Rows of frozen dataclass items with a `key`; `roles` maps role names to item → value."""

    def __init__(self, roles: dict[str, Callable[[Any], Any]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._role_fns = list(roles.values())
        self._role_names = {Qt.ItemDataRole.UserRole + 1 + i: QByteArray(name.encode()) for i, name in enumerate(roles)}
        self._items: list[Any] = []
        self._row_of: dict[str, int] = {}
        self._cache: dict[tuple[int, int], Any] = {}  # (row, role) -> value: paths are costly to rebuild

    # --- Qt model -----------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def roleNames(self) -> dict[int, QByteArray]:
        return self._role_names

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._items):
            return None
        k = role - Qt.ItemDataRole.UserRole - 1
        if not 0 <= k < len(self._role_fns):
            return None
        got = self._cache.get((row, k))
        if got is None:
            got = self._cache[(row, k)] = self._role_fns[k](self._items[row])
        return got

    # --- syncing ------------------------------------------------------------------------------------

    @property
    def items(self) -> list[Any]:
        return list(self._items)

    def item(self, key: str) -> Any:
        row = self._row_of.get(key)
        return None if row is None else self._items[row]

    def sync(self, new_items: Sequence[Any], max_new: int | None = None) -> bool:
        """Make the rows hold `new_items` (a set by key) with the fewest map items created or destroyed.

        Rows are slots: an item keeps its row while it stays; a new item takes over the row of one
        that left (dataChanged: its QML delegate is re-bound and moves, not rebuilt); rows are only
        inserted or removed for the difference in count. Creating delegates is what a pan costs.
        At most `max_new` rows are inserted per call (a level switch creates its polygons over a few
        frames instead of stalling one); returns False while some are still to come.
        """
        wanted = {it.key: it for it in new_items}
        free = [r for r, it in enumerate(self._items) if it.key not in wanted]
        fresh = [it for k, it in wanted.items() if k not in self._row_of]
        changed: list[int] = []
        for r, it in enumerate(self._items):
            new = wanted.get(it.key)
            if new is not None and new is not it and new != it:
                self._items[r] = new
                changed.append(r)
        reused = min(len(free), len(fresh))
        for r, it in zip(free, fresh):
            self._items[r] = it
            changed.append(r)
        for r in changed:
            for k in range(len(self._role_fns)):
                self._cache.pop((r, k), None)
        self._row_of = {it.key: r for r, it in enumerate(self._items)}
        for lo, hi in _runs(sorted(changed)):
            self.dataChanged.emit(self.index(lo), self.index(hi))
        gone = free[reused:]
        for lo, hi in reversed(_runs(gone)):  # from the bottom, so the rows above keep their numbers
            self.beginRemoveRows(QModelIndex(), lo, hi)
            del self._items[lo:hi + 1]
            self.endRemoveRows()
        if gone:
            self._cache.clear()
            self._row_of = {it.key: r for r, it in enumerate(self._items)}
        added = fresh[reused:]
        complete = max_new is None or len(added) <= max_new
        if not complete:
            added = added[:max_new]
        if added:
            first = len(self._items)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            self._items.extend(added)
            for r, it in enumerate(added, first):
                self._row_of[it.key] = r
            self.endInsertRows()
        return complete


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as contiguous (first, last) runs."""
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and out[-1][1] == r - 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def _path(item: Any) -> list[QGeoCoordinate]:
    return [QGeoCoordinate(lat, lon) for lat, lon in item.path]


def polygon_model(fill_of: Callable[[str], str], parent: QObject | None = None) -> KeyedListModel:
    return KeyedListModel({"regionId": lambda p: p.region_id, "path": _path, "fill": lambda p: fill_of(p.tone),
                           "level": lambda p: p.level, "highlighted": lambda p: p.highlighted}, parent)


def label_model(parent: QObject | None = None) -> KeyedListModel:
    return KeyedListModel({"regionId": lambda a: a.region_id, "coordinate": lambda a: QGeoCoordinate(a.lat, a.lon),
                           "text": lambda a: a.text, "detail": lambda a: a.detail}, parent)


def marker_model(parent: QObject | None = None) -> KeyedListModel:
    return KeyedListModel({"entityId": lambda m: m.entity_id or "", "kind": lambda m: m.kind,
                           "coordinate": lambda m: QGeoCoordinate(m.lat, m.lon), "count": lambda m: m.count,
                           "status": lambda m: m.state, "title": lambda m: m.title,
                           "highlighted": lambda m: m.highlighted}, parent)
