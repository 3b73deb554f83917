"""The ticket detail: fields from the Store, history from ticket.get, buttons for allowed actions."""

from __future__ import annotations

import os
from datetime import timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402

from tests.widgets.board_fixtures import (NOW, FakeOp, RecordingOperations, iso, make_store, ticket,  # noqa: E402
                                          upsert)
from widgets.responsibility_chart import HoldBar, ResponsibilityChart  # noqa: E402
from widgets.ticket_card import STATUS_COLORS  # noqa: E402
from widgets.ticket_detail import TicketDetail, stage_rows  # noqa: E402

pytestmark = pytest.mark.usefixtures("chinese")  # the default language: the labels checked are Chinese


def at(minutes_ago: float) -> str:
    return iso(NOW - timedelta(minutes=minutes_ago))


TIMELINE = [
    {"at": at(300), "actor_id": "U-1", "action": "create", "from_status": None, "to_status": "reported",
     "region_id": "G1", "assignee_id": None, "note": "居民来电"},
    {"at": at(290), "actor_id": "U-1", "action": "accept", "from_status": "reported", "to_status": "accepted",
     "region_id": "G1", "assignee_id": None, "note": ""},
    {"at": at(280), "actor_id": "U-1", "action": "dispatch", "from_status": "accepted", "to_status": "dispatched",
     "region_id": "G1", "assignee_id": "P-H1", "note": ""},
    {"at": at(200), "actor_id": "system", "action": "sla", "from_status": "dispatched", "to_status": "dispatched",
     "region_id": "G1", "assignee_id": "P-H1", "note": "overdue"},
    {"at": at(100), "actor_id": "P-H1", "action": "start", "from_status": "dispatched", "to_status": "in_progress",
     "region_id": "G1", "assignee_id": "P-W1", "note": ""},
    {"at": at(30), "actor_id": "P-W1", "action": "feedback", "from_status": "in_progress", "to_status": "feedback",
     "region_id": "G1", "assignee_id": "P-H1", "note": "已清理"},
]
HOLDS = [
    {"holder_id": "P-H1", "region_id": "G1", "level": 3, "since": at(280), "until": at(100)},
    {"holder_id": "P-W1", "region_id": "G1", "level": 3, "since": at(100), "until": at(30)},
    {"holder_id": "P-H1", "region_id": "G1", "level": 3, "since": at(30), "until": None},
]


def reply_for(t: dict, allowed: list[str]) -> dict:
    return {"ticket": t, "timeline": TIMELINE, "responsibility": HOLDS, "allowed_actions": allowed,
            "attachments": [{"kind": "photo", "name": "现场照片.jpg", "url": "http://media.test/1.jpg",
                             "uploaded_by": "P-W1", "created_at": at(31)}]}


@pytest.fixture
def env(qtbot):
    store = make_store()
    ops = RecordingOperations(store)
    d = TicketDetail(store, ops, ops.session, clock=lambda: NOW)
    d.actions.ask_text = lambda title, label: "复查合格"
    qtbot.addWidget(d)
    d.resize(1000, 800)
    d.show()
    return store, ops, d


def answer(ops: RecordingOperations, d: TicketDetail, allowed: list[str]) -> None:
    """The server's reply to the detail's pending ticket.get."""
    op = FakeOp(d._request_id, "ticket.get", None, None)
    ops.sig_succeeded.emit(op, reply_for(ops.store.get("ticket", d.ticket_id), allowed))


def test_show_ticket_requests_the_history_and_shows_every_field_in_chinese(env):
    store, ops, d = env
    d.show_ticket("T-6")
    assert ops.sent == [("ticket.get", None, {"ticket_id": "T-6"})]
    assert d.values["status"].text() == "待核查" and d.values["category"].text() == "市容环境"
    assert d.values["region_id"].text() == "第一网格" and d.values["assignee_id"].text() == "张网格长"
    assert d.values["created_at"].text() == "2026-11-23 09:30:00"  # local time
    assert d.form.labelForField(d.values["origin_region_id"]).text() == "发生网格："
    assert "T-6" in d.header.text() and "剩 01:00:00" in d.countdown.text()


def test_the_reply_fills_timeline_axis_stages_attachments_and_allowed_buttons(env, qtbot):
    _, ops, d = env
    d.show_ticket("T-6")
    with qtbot.waitSignal(d.sig_loaded):
        answer(ops, d, ["verify"])
    assert d.timeline.topLevelItemCount() == 6
    first = d.timeline.topLevelItem(0)
    assert [first.text(i) for i in range(6)] == ["2026-11-23 05:00:00", "上报", "调度员", "待受理",
                                                 "第一网格 / 未指定", "居民来电"]
    assert d.timeline.topLevelItem(3).text(2) == "系统"
    assert [b.label for b in d.chart.bars] == ["张网格长 · 第一网格 网格", "陈网格员 · 第一网格 网格",
                                               "张网格长 · 第一网格 网格"]
    assert d.chart.bars[-1].until is None
    stages = [[d.stages.topLevelItem(i).text(c) for c in (0, 4)] for i in range(d.stages.topLevelItemCount())]
    assert stages == [["受理", "正常"], ["派遣", "正常"], ["处置", "超时"], ["核查", "正常  剩 01:00:00"]]
    assert "现场照片.jpg" in d.attachments.item(0).text()
    assert list(d.buttons) == ["verify_pass", "verify_fail"]  # only what the server allows now
    d.buttons["verify_fail"].click()
    assert ops.sent[-1] == ("ticket.verify", "T-6", {"passed": False, "note": "复查合格"})


def test_a_store_change_refreshes_at_once_and_refetches_the_history(env, qtbot):
    store, ops, d = env
    d.show_ticket("T-6")
    answer(ops, d, ["verify"])
    upsert(store, ticket("T-6", "verified", version=2, due_in=None, title="楼道堆物"))
    assert d.values["status"].text() == "待评价"
    qtbot.waitUntil(lambda: ops.names().count("ticket.get") == 2, timeout=2000)
    upsert(store, ticket("T-1", "accepted", version=2))  # another ticket: no refetch
    qtbot.wait(400)
    assert ops.names().count("ticket.get") == 2


def test_a_failed_load_is_shown(env):
    _, ops, d = env
    d.show_ticket("T-404")
    ops.sig_failed.emit(FakeOp(d._request_id, "ticket.get", None, None), "not_found", "没有工单 T-404", None)
    assert d.banner.isVisible() and "没有工单 T-404" in d.banner.text()


def test_stage_rows_restart_on_rework():
    steps = TIMELINE + [{"at": at(20), "actor_id": "P-H1", "action": "rework", "from_status": "feedback",
                         "to_status": "dispatched", "note": "未清理干净"}]
    t = ticket("T-6", "dispatched", due_in=600)
    rows = stage_rows(steps, t, NOW)
    assert [r[0] for r in rows] == ["受理", "派遣", "处置", "核查", "处置（返工后）"]
    assert rows[-1][2] == "进行中" and rows[3][3] == "10分钟"


def test_the_responsibility_chart_paints_bars_for_each_holder(qtbot):
    chart = ResponsibilityChart(clock=lambda: NOW)
    qtbot.addWidget(chart)
    chart.resize(600, 200)
    chart.set_bars([HoldBar("张网格长 · 第一网格", NOW - timedelta(hours=3), NOW - timedelta(hours=1)),
                    HoldBar("陈网格员 · 第一网格", NOW - timedelta(hours=1), None)])
    img = chart.grab().toImage()
    row_y = [i * chart.ROW + chart.ROW // 2 for i in range(2)]
    # The current holder's bar (info colour) reaches the right end; the earlier one stops at 2/3.
    assert img.pixelColor(chart.width() - 20, row_y[1]) == QColor(STATUS_COLORS["info"])
    assert img.pixelColor(chart.width() - 20, row_y[0]) != QColor(STATUS_COLORS["info"])


def test_a_load_refused_before_sending_is_shown(env):
    _, ops, d = env

    def refuse(name, args):
        op = FakeOp("r-x", name, None, None, refused="forbidden")
        ops.sig_failed.emit(op, "forbidden", "尚未登录, 请等待连接", None)
        return op

    ops.request = refuse
    d.show_ticket("T-1")
    assert "尚未登录" in d.banner.text() and d._request_id is None
