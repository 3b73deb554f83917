"""The dashboards: against the real hub over the hand-counted month, failures shown as failures,
no-data shown as no data, live counters redrawn at most once per frame, and a screenshot of each page.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from tests.widgets.live_server import serve_copy
from tests.backend.small_street import build  # noqa: E402
from tests.backend.stats_fixtures import GRID_A, GRID_B, seed_month  # noqa: E402
from tests.widgets.board_fixtures import Ev  # noqa: E402
from tests.widgets.test_board_live import WAIT_MS, Client  # noqa: E402
from widgets.charts_panel import ChartsPanel  # noqa: E402
from widgets.dashboard_live import KpiBoard  # noqa: E402

pytestmark = pytest.mark.usefixtures("chinese")
END_OF_MONTH = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)  # the fixtures' month, whatever today is


@pytest.fixture(scope="module")
def month_street(tmp_path_factory):
    path = tmp_path_factory.mktemp("stats-live") / "month.db"
    tokens = build(f"sqlite:///{path}")
    seed_month(f"sqlite:///{path}")
    return path, tokens


@pytest.fixture
def month_server(month_street, tmp_path):
    """The real platform and hub on loopback over the month, in its own asyncio thread."""
    with serve_copy(*month_street, tmp_path, "stats-backend") as server:
        yield server


@pytest.fixture
def admin(month_server, qtbot):
    c = Client(month_server.ws_url, month_server.tokens["admin"])
    qtbot.waitUntil(lambda: c.store.status.state == "live" and c.session.signed_in, timeout=WAIT_MS)
    yield c
    c.close()


def _shot(widget, path) -> None:
    image = widget.grab().toImage()
    assert image.save(str(path))
    # Not a blank page: a rendered dashboard has many distinct colours.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 23)}
    assert len(colours) > 8, path


def test_dashboards_show_the_hand_counted_month_and_drill_down(admin, qtbot, themed, tmp_path):
    panel = ChartsPanel(admin.store, admin.ops, admin.session)
    panel.feed.clock = lambda: END_OF_MONTH
    qtbot.addWidget(panel)
    panel.resize(1920, 1080)
    panel.show()
    panel.tabs.setCurrentIndex(1)  # the ticket indicators
    tickets = panel.tickets
    tickets.refresh()
    qtbot.waitUntil(lambda: tickets.tiles["close_rate"].value.text() == "60.0%", timeout=WAIT_MS)
    texts = {f: t.value.text() for f, t in tickets.tiles.items()}
    assert texts == {"close_rate": "60.0%", "on_time_rate": "40.0%", "rework_rate": "40.0%",
                     "extension_rate": "40.0%", "avg_handling_minutes": "1.2", "overdue_open": "2"}
    assert tickets.by_region.labels == ["测试社区"]
    tickets.by_region.sig_bar_clicked.emit(0)  # street -> community: its grids
    qtbot.waitUntil(lambda: tickets.by_region.labels == ["第一网格", "第二网格"], timeout=WAIT_MS)
    assert tickets.by_region.values == pytest.approx([2 / 3, 0.5])
    assert tickets.path.region_id == "S1-C1"
    tickets.by_region.sig_bar_clicked.emit(0)  # grids are the finest level: no further drill
    assert tickets.region_id == "S1-C1"
    assert sorted(tickets.by_category.labels) == sorted(["市容环境", "设施维修", "矛盾纠纷"])
    for i, page in enumerate(panel.pages):
        panel.tabs.setCurrentIndex(i)
        qtbot.waitUntil(lambda: page.last_refresh is not None and not page._redraw.pending, timeout=WAIT_MS)
        qtbot.wait(300)
        _shot(panel, tmp_path / f"dashboard_{i}.png")
    pop = panel.population
    qtbot.waitUntil(lambda: pop.tiles["total"].value.text() == "4", timeout=WAIT_MS)
    assert pop.pyramid.bands[-1] == "80+"
    staff = panel.staff
    qtbot.waitUntil(lambda: staff.table.rowCount() == 2 and staff.table.item(0, 1) is not None, timeout=WAIT_MS)
    assert staff.table.item(0, 1).text() in ("张网格长", "赵网格长")  # ranked by this month's figures


def _answer_all(operations, ok: bool, data=None, message: str = "") -> int:
    """Reply to every recorded request as the server would (success with `data`, or failure)."""
    n = 0
    for op in list(operations.sent):
        if ok:
            operations.sig_succeeded.emit(op, data(op) if callable(data) else data)
        else:
            operations.sig_failed.emit(op, "internal", message, None)
        n += 1
    operations.sent.clear()
    return n


@pytest.fixture
def recording(operations):
    """The conftest's recording operations, keeping the ops it returned so a test can answer them."""
    operations.sent = []
    original = operations.request

    def request(name, args):
        op = original(name, args)
        op.__dict__["calls_args"] = args  # RecordedOp is frozen; tests read the args back here
        operations.sent.append(op)
        return op

    operations.request = request
    return operations


def test_a_failed_fetch_is_shown_as_a_failure_not_as_zeros(store, recording, session, qtbot, themed):
    panel = ChartsPanel(store, recording, session)
    qtbot.addWidget(panel)
    panel.tabs.setCurrentIndex(1)  # the ticket indicators
    assert recording.sent, "showing the page asks the server"
    _answer_all(recording, ok=False, message="读取失败 (read failed): disk I/O error")
    t = panel.tickets
    qtbot.waitUntil(lambda: t.region_frame.state == "failed", timeout=2000)
    assert t.region_frame.message.text() == "加载失败：读取失败 (read failed): disk I/O error"
    assert t.tiles["close_rate"].value.text() == "!" and "0" not in t.tiles["overdue_open"].value.text()
    assert t.trend_frame.state == "failed" and t.source_frame.state == "failed"


def test_null_rates_read_no_data_and_an_empty_answer_says_so(store, recording, session, qtbot, themed):
    panel = ChartsPanel(store, recording, session)
    qtbot.addWidget(panel)
    panel.tabs.setCurrentIndex(1)  # the ticket indicators
    quiet = {"due_to_close": 0, "closed": 0, "closed_on_time": 0, "reworked": 0, "extended": 0,
             "handling_minutes_total": 0.0, "overdue_open": 0, "close_rate": None, "on_time_rate": None,
             "rework_rate": None, "extension_rate": None, "avg_handling_minutes": None}
    busy = dict(quiet, due_to_close=4, closed=3, close_rate=0.75)
    payload = {"total": busy, "groups": [{"key": GRID_A, "name": "第一网格", **busy},
                                         {"key": GRID_B, "name": "第二网格", **quiet}]}
    _answer_all(recording, ok=True, data=lambda op: payload if op.calls_args.get("group_by") == "region"
                else {"total": quiet, "groups": []})
    t = panel.tickets
    qtbot.waitUntil(lambda: t.by_region.labels == ["第一网格", "第二网格"], timeout=2000)
    assert t.by_region._texts[0].toPlainText() == "75.0%"
    assert t.by_region._texts[1].toPlainText() == "暂无数据"  # null rate: no data, not 0 %
    assert t.category_frame.state == "empty" and t.category_frame.message.text() == "暂无数据"


def test_live_counters_redraw_at_most_once_per_frame(store, recording, session, qtbot, themed):
    from console.stats_feed import StatsFeed
    from console.stats_live import LiveCounters
    live = LiveCounters(store)
    board = KpiBoard(store, StatsFeed(recording), live)
    qtbot.addWidget(board)
    board.show()
    qtbot.wait(50)
    before = board.redraws
    base = store.get("ticket", "T-1")
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    for i in range(300):  # a burst of new tickets, applied in small batches like the bridge does
        t = dict(base, id=f"T-B{i}", created_at=now, status="reported", sla_state="overdue" if i % 3 == 0 else "ok")
        store.apply([Ev(store.seq + 1, "ticket", "upsert", t["id"], t)])
    qtbot.waitUntil(lambda: board.live_tiles["overdue_open"].value.text() == "100", timeout=2000)
    assert board.redraws - before <= 3  # 300 events, one redraw per frame that saw changes
    assert int(board.live_tiles["reported_today"].value.text().replace(",", "")) >= 300


def test_the_panel_switches_language_at_runtime(store, recording, session, qtbot, themed):
    from widgets import i18n
    panel = ChartsPanel(store, recording, session)
    qtbot.addWidget(panel)
    assert panel.tabs.tabText(1) == "事件指标" and panel.tickets.trend_frame.title.text() == "近30天"
    i18n.install_language("en")
    qtbot.waitUntil(lambda: panel.tabs.tabText(1) == "Tickets", timeout=2000)
    assert panel.tickets.trend_frame.title.text() == "Last 30 days"
    assert panel.tickets.tiles["close_rate"].caption.text() == "Closure rate"
    i18n.install_language("zh_CN")
    qtbot.waitUntil(lambda: panel.tabs.tabText(1) == "事件指标", timeout=2000)
    assert panel.tickets.tiles["close_rate"].caption.text() == "结案率"


def test_in_english_the_panel_fits_beside_the_docks_and_axis_names_keep_their_descenders(store, recording, session,
                                                                                          qtbot, themed):
    from PySide6.QtGui import QFontMetrics

    from widgets import i18n
    from widgets.charts_base import axis_font
    panel = ChartsPanel(store, recording, session)
    qtbot.addWidget(panel)
    panel.resize(1400, 900)
    panel.show()
    i18n.install_language("en")
    try:
        qtbot.waitUntil(lambda: panel.tabs.tabText(1) == "Tickets", timeout=2000)
        # One-line captions ("On-time closure rate") made the board 942 px at least in the console:
        # beside the alarm and dispatch docks that outgrew a 1366 px screen. They wrap when narrow.
        longest = max(panel.page(0).month_tiles.values(), key=lambda t: len(t.caption.text())).caption
        one_line = QFontMetrics(longest.font()).horizontalAdvance(longest.text())
        assert longest.text() == "On-time closure rate" and longest.minimumSizeHint().width() < one_line * 0.75
        bottom = panel.page(0).by_status.getAxis("bottom")
        assert bottom.height() >= QFontMetrics(axis_font()).height() + 11  # "To accept" whole, not clipped
    finally:
        i18n.install_language("zh_CN")
