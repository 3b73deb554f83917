"""The dispatch panel: grid tree from the Store, live open load, grids and people as drop targets."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QModelIndex  # noqa: E402

from tests.widgets.board_fixtures import (FakeSession, RecordingOperations, make_store, send_drop,  # noqa: E402
                                          ticket, upsert)
from widgets.dispatch_panel import DispatchPanel  # noqa: E402

pytestmark = pytest.mark.usefixtures("chinese")  # the default language: the labels checked are Chinese


@pytest.fixture
def env(qtbot):
    store = make_store()
    ops = RecordingOperations(store)
    panel = DispatchPanel(store, ops, ops.session)
    qtbot.addWidget(panel)
    panel.resize(420, 700)
    panel.show()
    return store, ops, panel


def rows(model, parent=QModelIndex(), depth=0) -> list[tuple[int, str, str]]:
    out = []
    for r in range(model.rowCount(parent)):
        idx = model.index(r, 0, parent)
        out.append((depth, idx.data(), model.index(r, 1, parent).data()))
        out.extend(rows(model, idx, depth + 1))
    return out


def test_the_tree_lists_communities_grids_and_people_with_their_open_load(env):
    _, _, panel = env
    # Open tickets (T-1..T-7): G1 has T-1 T-3 T-5 T-6 T-7 (T-5 with P-W1), G2 T-4, G3 T-2.
    assert rows(panel.model) == [
        (0, "幸福社区", "6 件"),
        (1, "王书记  ·  社区书记", "0 件"),
        (1, "第一网格", "5 件"),
        (2, "张网格长  ·  网格长", "4 件"),  # the grid head first
        (2, "陈网格员  ·  网格员", "1 件"),
        (1, "第二网格", "1 件"),
        (2, "赵网格长  ·  网格长", "1 件"),
        (0, "和平社区", "1 件"),
        (1, "刘书记  ·  社区书记", "0 件"),
        (1, "第三网格", "1 件"),
        (2, "孙网格长  ·  网格长", "1 件"),
    ]


def test_loads_follow_live_events_row_by_row(env):
    store, _, panel = env
    m = panel.model
    changed, resets = [], []
    m.dataChanged.connect(lambda a, b, *_: changed.append(m.node(m.index(a.row(), 0, a.parent())).id))
    m.modelReset.connect(lambda: resets.append(1))
    upsert(store, ticket("T-5", "dispatched", region_id="G2", assignee_id="P-H2", version=2))
    assert resets == [] and {"G1", "G2", "P-W1", "P-H2", "C1"} <= set(changed)
    loads = {name: load for _, name, load in rows(m)}
    assert loads["第一网格"] == "4 件" and loads["第二网格"] == "2 件" and loads["陈网格员  ·  网格员"] == "0 件"
    upsert(store, ticket("T-4", "closed", region_id="G2", assignee_id="P-H2", version=2, due_in=None, closed_ago=1))
    assert {name: load for _, name, load in rows(m)}["赵网格长  ·  网格长"] == "1 件"


def test_dropping_on_a_grid_or_a_person_assigns(env):
    _, ops, panel = env
    m, tree = panel.model, panel.tree
    grid2 = m.index_of("region", "G2")[0]
    worker = m.index_of("staff", "P-W1")[0]
    for idx in (grid2, worker):
        tree.scrollTo(idx)
        assert send_drop(tree.viewport(), "T-3", "accepted", tree.visualRect(idx).center())
    assert ops.sent == [("ticket.assign", "T-3", {"region_id": "G2", "assignee_id": None}),
                        ("ticket.assign", "T-3", {"region_id": "G1", "assignee_id": "P-W1"})]


def test_a_drop_the_workflow_forbids_is_refused_with_the_reason(qtbot):
    store = make_store()
    ops = RecordingOperations(store, FakeSession("duty", frozenset({"ticket.accept", "ticket.reject"})))
    panel = DispatchPanel(store, ops, ops.session)
    qtbot.addWidget(panel)
    panel.show()
    panel.drop_ticket("T-3", panel.model.node(panel.model.index_of("region", "G2")[0]))
    assert ops.sent == [] and panel.banner.isVisible() and "无权派遣" in panel.banner.text()


def test_dropping_where_the_ticket_already_is_is_refused(env):
    _, ops, panel = env
    node = panel.model.node(panel.model.index_of("region", "G2")[0])
    panel.drop_ticket("T-4", node)  # already with 第二网格 and its head
    panel.drop_ticket("T-1", node)  # a report must be accepted first
    assert ops.sent == []
    assert "工单状态为待受理" in panel.banner.text()
