"""Qt item models of the ticket board: thin adapters over the console Store.

`BoardModel` sorts every ticket into a board column (console.board.column_of), applies the
filter and the sort, and keeps for each column only a sorted list of ticket ids in a
`TicketColumnModel`. Entities are always read from the Store at `data()` time: no copy here.

Store batches turn into incremental row signals (rowsInserted / rowsRemoved / rowsMoved /
dataChanged); only `Store.sig_reset` (a snapshot), a filter or sort change, or a very large batch
reset a column model, because 10,000 single-row signals cost more than one reset.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from PySide6.QtCore import QMimeData, QModelIndex, QObject, QPersistentModelIndex, QStringListModel, Qt, Signal

from console import board

from .bridge import bind

TICKET_MIME = "application/x-gridline-ticket"
TicketIdRole = Qt.ItemDataRole.UserRole + 1
TicketRole = Qt.ItemDataRole.UserRole + 2  # the entity as the Store shows it now (read, not kept)
ColumnRole = Qt.ItemDataRole.UserRole + 3

# A batch touching more tickets than this resets the columns (a resume after a long outage).
RESET_THRESHOLD = 2000

SORTS = {"urgency": "紧急程度", "oldest": "最早上报", "newest": "最新上报"}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def column_keys() -> list[str]:
    return [c[0] for c in board.COLUMNS]


def encode_drag(ticket_id: str, from_key: str | None) -> QMimeData:
    """The payload of a dragged card: its id and the column it comes from."""
    mime = QMimeData()
    mime.setData(TICKET_MIME, json.dumps({"id": ticket_id, "from": from_key}).encode())
    mime.setText(ticket_id)
    return mime


def decode_drag(mime: QMimeData) -> tuple[str, str | None] | None:
    if not mime.hasFormat(TICKET_MIME):
        return None
    try:
        d = json.loads(bytes(mime.data(TICKET_MIME)).decode())
        return str(d["id"]), d.get("from")
    except (ValueError, KeyError, TypeError):
        return None


class TicketColumnModel(QStringListModel):
    """One board column: ticket ids in sort order, with their sort keys for bisection.

    Why QStringListModel: Qt's list layout asks `rowCount` once per row, and a Python `rowCount`
    made every relayout of a 2,000-card column cost 5 ms; the C++ list of empty strings counts
    the rows, the Python `_keys` (sort key, ending with the id) say which ticket each row is.
    Python state is changed first, then the C++ rows, so every rows* signal sees both agree.
    """

    def __init__(self, store: Any, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.key = key
        self._keys: list[tuple] = []  # ascending; key[-1] is the ticket id
        self._rows: dict[str, tuple] = {}  # id -> its key, so a moved ticket is found by bisection

    @property
    def ids(self) -> list[str]:
        return [k[-1] for k in self._keys]

    def id_at(self, row: int) -> str | None:
        return self._keys[row][-1] if 0 <= row < len(self._keys) else None

    def ticket_at(self, row: int) -> dict | None:
        """The ticket of a row as the Store shows it now (the delegate reads it at paint time)."""
        tid = self.id_at(row)
        return None if tid is None else self._store.get("ticket", tid)

    # --- Qt model -------------------------------------------------------------------------------

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        tid = self.id_at(index.row()) if index.isValid() else None
        if tid is None:
            return None
        if role == TicketIdRole:
            return tid
        if role == ColumnRole:
            return self.key
        if role in (TicketRole, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            ticket = self._store.get("ticket", tid)
            if role == TicketRole or ticket is None:
                return ticket
            return f"{tid} {ticket.get('title', '')}"
        return None

    def setData(self, *args: Any) -> bool:
        return False  # cards are never edited in place

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else Qt.ItemFlag.ItemIsDropEnabled

    def mimeTypes(self) -> list[str]:
        return [TICKET_MIME]

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData:
        rows = [i.row() for i in indexes if i.isValid()]
        return encode_drag(self.id_at(rows[0]), self.key) if rows else QMimeData()

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def dropMimeData(self, *args: Any) -> bool:
        # Never let Qt edit the rows: a drop is a console operation (the view handles it).
        return False

    # --- edits driven by BoardModel ---------------------------------------------------------------

    def row_of(self, tid: str) -> int:
        key = self._rows.get(tid)
        if key is None:
            return -1
        i = bisect.bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else -1

    def __contains__(self, tid: str) -> bool:
        return tid in self._rows

    def insert(self, tid: str, key: tuple) -> None:
        i = bisect.bisect_left(self._keys, key)
        self._keys.insert(i, key)
        self._rows[tid] = key
        self.insertRows(i, 1)

    def remove(self, tid: str) -> None:
        i = self.row_of(tid)
        if i < 0:
            return
        del self._keys[i]
        del self._rows[tid]
        self.removeRows(i, 1)

    def update(self, tid: str, key: tuple) -> None:
        """The ticket stays in this column: repaint it, moving the row if its key moved."""
        old = self.row_of(tid)
        if old < 0:
            self.insert(tid, key)
            return
        old_key = self._rows[tid]
        # Keys are unique (the id breaks ties), so the slot among the *other* rows is exact.
        i = bisect.bisect_left(self._keys, key)
        new = i - 1 if key > old_key else i
        self._rows[tid] = key
        if new == old:
            self._keys[old] = key
            idx = self.index(old)
            self.dataChanged.emit(idx, idx)
            return
        del self._keys[old]
        self._keys.insert(new, key)
        # Qt's destination is a row of the list *before* the move (one past `new` when moving down).
        self.moveRows(QModelIndex(), old, 1, QModelIndex(), new + 1 if new > old else new)

    def reset(self, pairs: list[tuple[tuple, str]]) -> None:
        """Replace everything with `pairs` of (key, id), sorted here."""
        pairs.sort()
        self._keys = [k for k, _ in pairs]
        self._rows = {t: k for k, t in pairs}
        self.setStringList([""] * len(pairs))  # one modelReset


class BoardModel(QObject):
    """Every ticket sorted into its board column, filtered and ordered; one model per column.

    The Store stays the single source of truth: here only ids, the column each id is in and its
    sort key (to find rows by bisection) are kept.
    """

    sig_counts_changed = Signal()
    """Column totals or visible counts changed (headers update)."""

    def __init__(self, store: Any, clock: Callable[[], datetime] = utc_now, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self.filter = board.Filter()
        self.sort = "urgency"
        self.columns: dict[str, TicketColumnModel] = {k: TicketColumnModel(store, k, self) for k in column_keys()}
        self._home: dict[str, str] = {}  # id -> column, ignoring the filter (for the header totals)
        self._shown: dict[str, str] = {}  # id -> column where the card is shown
        self.totals: Counter[str] = Counter()
        self._day = self._local_day()
        bind(self, store.sig_reset, self._on_reset)  # disconnected when this object is destroyed
        bind(self, store.sig_changed, self._on_changed)
        self.rebuild()

    # --- reading --------------------------------------------------------------------------------

    def column_of_id(self, tid: str) -> str | None:
        """The column where the ticket's card is shown now, or None (filtered out / not on the board)."""
        return self._shown.get(tid)

    def home_of_id(self, tid: str) -> str | None:
        return self._home.get(tid)

    def visible(self, key: str) -> int:
        return self.columns[key].rowCount()

    # --- filter and sort --------------------------------------------------------------------------

    def set_filter(self, flt: Any) -> None:
        if flt != self.filter:
            self.filter = flt
            self.rebuild()

    def set_sort(self, sort: str) -> None:
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}")
        if sort != self.sort:
            self.sort = sort
            self.rebuild()

    def sort_key(self, ticket: dict) -> tuple:
        """The row order key, ending with the id (unique keys make bisection exact)."""
        if self.sort == "urgency":
            # Deadline order needs no clock, so the order never goes stale as time passes.
            return (board.deadline_key(ticket), ticket["id"])
        created = ticket.get("created_at") or ""
        if self.sort == "oldest":
            return (created, ticket["id"])
        # ISO UTC strings sort as times; negate their code points for newest-first without parsing.
        return (tuple(-ord(c) for c in created), ticket["id"])

    def _regions(self) -> Any:
        return self._store.kinds().get("region", {})

    def _place(self, ticket: dict, now: datetime, regions: Any) -> tuple[str | None, str | None]:
        home = board.column_of(ticket, now)
        if home is None or not self.filter.matches(ticket, regions):
            return home, None
        return home, home

    # --- rebuilding -----------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Recompute every column from the Store (a snapshot, a filter or sort change)."""
        now, regions = self._clock(), self._regions()
        self._home.clear()
        self._shown.clear()
        self.totals = Counter()
        pairs: dict[str, list[tuple[tuple, str]]] = {k: [] for k in self.columns}
        for ticket in self._store.all("ticket"):
            home, shown = self._place(ticket, now, regions)
            if home is None:
                continue
            self._home[ticket["id"]] = home
            self.totals[home] += 1
            if shown is not None:
                self._shown[ticket["id"]] = shown
                pairs[shown].append((self.sort_key(ticket), ticket["id"]))
        for key, model in self.columns.items():
            model.reset(pairs[key])
        self._day = self._local_day()
        self.sig_counts_changed.emit()

    def refresh_clock(self) -> None:
        """Time moved on: a new local day empties 今日已结 (a full rebuild). Nothing else depends
        on the clock (deadline order is time-free), so on other ticks this costs nothing."""
        if self._local_day() != self._day:
            self.rebuild()

    def _local_day(self) -> Any:
        return board.local_day(self._clock())

    # --- store events ---------------------------------------------------------------------------

    def _on_reset(self) -> None:
        self.rebuild()

    def _on_changed(self, changes: list) -> None:
        ids = list(dict.fromkeys(c.id for c in changes if c.kind == "ticket"))
        if not ids:
            return
        if len(ids) > RESET_THRESHOLD:
            self.rebuild()
            return
        now, regions = self._clock(), self._regions()
        counts_changed = False
        for tid in ids:
            counts_changed |= self._update_one(tid, now, regions)
        if counts_changed:
            self.sig_counts_changed.emit()

    def _update_one(self, tid: str, now: datetime, regions: Any) -> bool:
        """Bring one ticket's card to where the Store says it belongs; True if a count changed."""
        ticket = self._store.get("ticket", tid)
        home, shown = self._place(ticket, now, regions) if ticket is not None else (None, None)
        old_home, old_shown = self._home.get(tid), self._shown.get(tid)
        if home != old_home:
            if old_home is not None:
                self.totals[old_home] -= 1
                del self._home[tid]
            if home is not None:
                self.totals[home] += 1
                self._home[tid] = home
        if shown == old_shown:
            if shown is not None:
                self.columns[shown].update(tid, self.sort_key(ticket))
            return home != old_home
        if old_shown is not None:
            self.columns[old_shown].remove(tid)
            del self._shown[tid]
        if shown is not None:
            self.columns[shown].insert(tid, self.sort_key(ticket))
            self._shown[tid] = shown
        return True
