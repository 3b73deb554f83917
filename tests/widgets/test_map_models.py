"""The map's list models sync by key and reuse rows, so a pan re-binds map items instead of
creating them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from console.map_layers import MarkerItem
from widgets.map_models import marker_model


ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the first role of marker_model


def m(key, lat=37.3, state="ok"):
    return MarkerItem(key, "ticket", key, lat, 117.1, 1, state, key, False)


def test_sync_keeps_rows_reuses_freed_ones_and_only_inserts_the_difference(qapp):
    model = marker_model()
    events = []
    model.rowsInserted.connect(lambda _p, a, b: events.append(("insert", a, b)))
    model.rowsRemoved.connect(lambda _p, a, b: events.append(("remove", a, b)))
    model.dataChanged.connect(lambda a, b, *_: events.append(("changed", a.row(), b.row())))
    model.sync([m("a"), m("b"), m("c")])
    assert events == [("insert", 0, 2)]
    events.clear()
    model.sync([m("a"), m("c", state="overdue"), m("d"), m("e")])  # b left, c changed, d and e came
    assert ("changed", 1, 2) in events and ("insert", 3, 3) in events and not any(e[0] == "remove" for e in events)
    assert [model.data(model.index(r), ENTITY_ID_ROLE) for r in range(4)] == ["a", "d", "c", "e"]
    assert model.item("c").state == "overdue"
    events.clear()
    model.sync([m("e")])
    assert [e[0] for e in events] == ["remove"] and model.rowCount() == 1 and model.item("e") is not None
    events.clear()
    model.sync([m("e")])
    assert events == []  # nothing changed: no signal at all
