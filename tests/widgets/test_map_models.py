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
    assert ("changed", 1, 1) in events and ("changed", 2, 2) in events and ("insert", 3, 3) in events
    assert not any(e[0] == "remove" for e in events)
    assert [model.data(model.index(r, 0), ENTITY_ID_ROLE) for r in range(4)] == ["a", "d", "c", "e"]
    assert model.item("c").state == "overdue"
    events.clear()
    model.sync([m("e")])
    assert [e[0] for e in events] == ["remove"] and model.rowCount() == 1 and model.item("e") is not None
    events.clear()
    model.sync([m("e")])
    assert events == []  # nothing changed: no signal at all


def role_names(model, roles):
    names = model.roleNames()
    return sorted(bytes(names[r]).decode() for r in roles)


def test_a_row_handed_to_a_new_item_names_only_the_roles_that_differ_and_keeps_its_look(qapp):
    model = marker_model()
    model.sync([MarkerItem("c1", "ticket", None, 37.30, 117.10, 5, "overdue", "", False),
                MarkerItem("c2", "ticket", None, 37.31, 117.11, 2, "ok", "", False)])
    changes = []
    model.dataChanged.connect(lambda a, b, roles: changes.append((a.row(), b.row(), role_names(model, roles))))
    # Both clusters re-form (new keys): the new count-2 "ok" cluster takes the row of the old one
    # with that look, and only its position changes; the other row changes count and position.
    model.sync([MarkerItem("d2", "ticket", None, 37.315, 117.115, 2, "ok", "", False),
                MarkerItem("d1", "ticket", None, 37.305, 117.105, 7, "overdue", "", False)])
    assert model.item("d2") is not None and model.index(1, 0).data(ENTITY_ID_ROLE + 3) == 2  # row 1: count 2
    assert sorted(changes) == [(0, 0, ["coordinate", "count"]), (1, 1, ["coordinate"])]
    # What QML reads is the new item's, for every role (the row holds the new values)
    assert model.data(model.index(0, 0), ENTITY_ID_ROLE + 2).latitude() == 37.305
    assert model.data(model.index(0, 0), ENTITY_ID_ROLE + 3) == 7


def test_without_a_match_of_looks_rows_are_still_reused_not_recreated(qapp):
    model = marker_model()
    model.sync([m("a"), m("b")])
    events = []
    model.rowsInserted.connect(lambda *_: events.append("insert"))
    model.rowsRemoved.connect(lambda *_: events.append("remove"))
    model.sync([m("x", state="overdue"), m("y", state="at_risk")])
    assert events == [] and {model.item("x").state, model.item("y").state} == {"overdue", "at_risk"}
