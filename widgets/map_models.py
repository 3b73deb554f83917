"""Qt list models the QML map binds to (MapItemView), adapting console.map_layers frames.

Each model holds only the rows of the current frame (what is drawn, at most the item budget) and
syncs to a new frame by key: rows that left are removed, new rows appended, rows whose content
changed get dataChanged. Map items of rows that stay are never recreated, which is what keeps a
pan cheap (creating a QtLocation item is the expensive part, DESIGN.md section 3).

A row handed from an item that left to one that came is re-bound, and dataChanged names only the
roles whose values differ: a marker that keeps its count and colour only moves (its count is not
laid out again). Rows are handed by `look` (the roles that cost most to re-bind) where they can be.

The role values live in a QStandardItemModel, set once per row when it is created or re-bound:
QML reads them without calling into Python (each read of a role from a Python `data()` went
through `index()`, `rowCount()` and `data()` in Python: creating 180 outlines took 33-35 ms that
way and 25-26 ms from the standard model). The markers that stay map items (cameras, alarms, gates,
party organisations) use them; the grids and tickets are painted (widgets/map_canvas.py).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable, Sequence

from PySide6.QtCore import QByteArray, QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtPositioning import QGeoCoordinate


class KeyedListModel(QStandardItemModel):
    """Rows of frozen dataclass items with a `key`; `roles` maps role names to item → value."""

    def __init__(self, roles: dict[str, Callable[[Any], Any]], parent: QObject | None = None,
                 compare: dict[str, Callable[[Any], Any]] | None = None, look: Sequence[str] = ()) -> None:
        """`compare`: per role, a cheap function equal for two items exactly when the role's values
        are (default: the role function; a path's QGeoCoordinates are costly to build just to compare).
        `look`: the roles a freed row should keep when it is handed to a new item."""
        super().__init__(parent)
        self._role_fns = list(roles.values())
        self._roles = [Qt.ItemDataRole.UserRole + 1 + i for i in range(len(roles))]
        self.setItemRoleNames({role: QByteArray(name.encode()) for role, name in zip(self._roles, roles)})
        compare = compare or {}
        self._compare = [compare.get(name, fn) for name, fn in roles.items()]
        names = list(roles)
        self._look = [self._compare[names.index(name)] for name in look]
        self._items: list[Any] = []
        self._row_of: dict[str, int] = {}

    def _row(self, item: Any) -> QStandardItem:
        row = QStandardItem()
        for role, fn in zip(self._roles, self._role_fns):
            row.setData(fn(item), role)
        return row

    # --- syncing ------------------------------------------------------------------------------------

    @property
    def items(self) -> list[Any]:
        return list(self._items)

    def item(self, key: str) -> Any:  # (hides QStandardItemModel.item(row, column): rows are ours)
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
        changed: dict[int, Any] = {}  # row -> the item it showed
        for r, it in enumerate(self._items):
            new = wanted.get(it.key)
            if new is not None and new is not it and new != it:
                changed[r] = it
                self._items[r] = new
        pairs = self._pair(free, fresh)
        for r, it in pairs:
            changed[r] = self._items[r]
            self._items[r] = it
        self._row_of = {it.key: r for r, it in enumerate(self._items)}
        self._announce(changed)
        taken_rows = {r for r, _ in pairs}
        taken_keys = {it.key for _, it in pairs}
        gone = [r for r in free if r not in taken_rows]
        for lo, hi in reversed(_runs(gone)):  # from the bottom, so the rows above keep their numbers
            del self._items[lo:hi + 1]
            self.removeRows(lo, hi - lo + 1)
        if gone:
            self._row_of = {it.key: r for r, it in enumerate(self._items)}
        added = [it for it in fresh if it.key not in taken_keys]
        complete = max_new is None or len(added) <= max_new
        if not complete:
            added = added[:max_new]
        if added:
            first = len(self._items)
            self._items.extend(added)
            for r, it in enumerate(added, first):
                self._row_of[it.key] = r
            self.invisibleRootItem().appendRows([self._row(it) for it in added])  # one rowsInserted
        return complete

    def _pair(self, free: list[int], fresh: list[Any]) -> list[tuple[int, Any]]:
        """Freed rows handed to new items, each to one of the same look where there is one."""
        if not self._look:
            return list(zip(free, fresh))
        by_look: dict[tuple, list[Any]] = defaultdict(list)
        for it in reversed(fresh):  # popped from the end: the first of a look goes first
            by_look[tuple(fn(it) for fn in self._look)].append(it)
        pairs, rows_left = [], []
        for r in free:
            bucket = by_look.get(tuple(fn(self._items[r]) for fn in self._look))
            if bucket:
                pairs.append((r, bucket.pop()))
            else:
                rows_left.append(r)
        paired = {it.key for _, it in pairs}
        return pairs + list(zip(rows_left, (it for it in fresh if it.key not in paired)))

    def _announce(self, changed: dict[int, Any]) -> None:
        """The changed rows' new values, only for the roles whose values differ, announced by one
        dataChanged per run of rows with the same roles (QStandardItemModel's own one per row made
        a pan's re-binding a third dearer)."""
        by_roles: dict[tuple[int, ...], list[int]] = defaultdict(list)
        self.blockSignals(True)
        try:
            for r, old in changed.items():
                new = self._items[r]
                ks = tuple(k for k, fn in enumerate(self._compare) if fn(old) != fn(new))
                if ks:
                    self.setItemData(self.index(r, 0), {self._roles[k]: self._role_fns[k](new) for k in ks})
                    by_roles[ks].append(r)
        finally:
            self.blockSignals(False)
        for ks, rows in by_roles.items():
            roles = [self._roles[k] for k in ks]
            for lo, hi in _runs(sorted(rows)):
                self.dataChanged.emit(self.index(lo, 0), self.index(hi, 0), roles)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as contiguous (first, last) runs."""
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and out[-1][1] == r - 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def marker_model(parent: QObject | None = None) -> KeyedListModel:
    return KeyedListModel({"entityId": lambda m: m.entity_id or "", "kind": lambda m: m.kind,
                           "coordinate": lambda m: QGeoCoordinate(m.lat, m.lon), "count": lambda m: m.count,
                           "status": lambda m: m.state, "title": lambda m: m.title,
                           "highlighted": lambda m: m.highlighted}, parent,
                          compare={"coordinate": lambda m: (m.lat, m.lon)},
                          look=("kind", "count", "status", "highlighted"))
