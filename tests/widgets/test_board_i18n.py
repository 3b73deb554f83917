"""The board, its filters, the dispatch panel and the detail follow the runtime language switch."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from tests.widgets.board_fixtures import NOW, RecordingOperations, make_store  # noqa: E402
from widgets import i18n  # noqa: E402
from widgets.dispatch_panel import DispatchPanel  # noqa: E402
from widgets.ticket_board import TicketBoard  # noqa: E402
from widgets.ticket_detail import TicketDetail  # noqa: E402

pytestmark = pytest.mark.usefixtures("chinese")


def test_switching_language_retranslates_board_and_detail(qtbot, qapp):
    store = make_store()
    ops = RecordingOperations(store)
    b = TicketBoard(store, ops, ops.session, clock=lambda: NOW)
    d = TicketDetail(store, ops, ops.session, clock=lambda: NOW)
    p = DispatchPanel(store, ops, ops.session)
    for w in (b, d, p):
        qtbot.addWidget(w)
        w.show()
    d.show_ticket(next(iter(b.model.columns["reported"].ids)))

    def check(column: str, zone: str, tab: str, field: str, everything: str, load_header: str) -> None:
        assert b.headers["reported"].text().startswith(column + "  ")
        assert zone in b.reject_zone.text()
        assert d.tabs.tabText(2) == tab
        assert d.form.labelForField(d.values["origin_region_id"]).text() == field
        assert b.filters.category.itemText(0) == everything
        assert p.model.headerData(1, Qt.Orientation.Horizontal) == load_header

    check("待受理", "不予立案", "责任轴", "发生网格：", "全部类别", "在办")
    i18n.install_language("en")
    qapp.processEvents()
    check("To accept", "Reject", "Responsibility", "Origin grid: ", "All categories", "Open")
    assert d.values["status"].text() == "To accept"
    assert "Open detail\tEnter" in [a.text() for a in b.build_menu(d.ticket_id).actions()]
    i18n.install_language("zh_CN")
    qapp.processEvents()
    check("待受理", "不予立案", "责任轴", "发生网格：", "全部类别", "在办")
    assert d.values["status"].text() == "待受理"


def test_the_board_in_english_leaves_room_for_the_docks_on_a_1920_screen(qtbot, qapp, themed):
    # The filter combos at their words' width made the English board 1453 px at least; with the
    # alarm, dispatch and detail docks (~450 px) the window outgrew a 1920 px screen, docks cut off
    store = make_store()
    ops = RecordingOperations(store)
    b = TicketBoard(store, ops, ops.session, clock=lambda: NOW)
    qtbot.addWidget(b)
    i18n.install_language("en")
    try:
        qapp.processEvents()
        assert b.filters.category.itemText(0) == "All categories"
        assert b.minimumSizeHint().width() <= 1920 - 450 - 50
        b.resize(1500, 800)
        b.show()
        qtbot.waitUntil(lambda: b.filters.category.width() >= b.filters.category.sizeHint().width())  # room: whole words
    finally:
        i18n.install_language(i18n.DEFAULT_LANGUAGE)
