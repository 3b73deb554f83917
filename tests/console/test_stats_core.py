"""Qt-free stats core: periods, the query feed (failures stay failures), live counters, bulletin outputs."""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest
from psygnal import Signal

from console.bulletin import Bulletin
from console.stats_feed import StatsFeed, period_of
from console.stats_live import LiveCounters
from console.store import Store

UTC = timezone.utc
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai


def test_periods_are_local_and_never_reach_into_the_future():
    w = period_of("week", NOW)
    assert (w.first_day, w.last_day) == (date(2026, 11, 23), date(2026, 11, 23))
    assert w.since == datetime(2026, 11, 22, 16, 0, tzinfo=UTC) and w.until == NOW
    m = period_of("month", NOW)
    assert m.since == datetime(2026, 10, 31, 16, 0, tzinfo=UTC) and m.args["until"] == "2026-11-23T02:00:00.000Z"
    c = period_of("custom", NOW, date(2026, 10, 1), date(2026, 10, 31))
    assert c.until == datetime(2026, 10, 31, 16, 0, tzinfo=UTC) and c.label_zh() == "2026年10月01日至2026年10月31日"
    with pytest.raises(ValueError, match="起始日期晚于结束日期"):
        period_of("custom", NOW, date(2026, 11, 2), date(2026, 11, 1))
    with pytest.raises(ValueError, match="未来"):
        period_of("custom", NOW, date(2027, 1, 1), date(2027, 1, 2))


@dataclass(frozen=True)
class FakeOp:
    request_id: str
    name: str
    refused: str | None = None
    kind: None = None
    entity_id: None = None


class ScriptedOperations:
    """Answers when told to; refuses names it has no permission for, like Operations does."""

    sig_succeeded = Signal(object, object)
    sig_failed = Signal(object, str, str, object)

    def __init__(self, forbidden=()):
        self.sent: list[FakeOp] = []
        self.forbidden = set(forbidden)
        self._ids = itertools.count(1)

    def request(self, name, args):
        op = FakeOp(f"r{next(self._ids)}", name)
        if name in self.forbidden:
            op = FakeOp(op.request_id, name, "forbidden")
            self.sig_failed.emit(op, "forbidden", f"无权执行 {name}", None)
            return op
        self.sent.append(op)
        return op


def test_feed_keeps_failures_and_drops_superseded_replies():
    ops = ScriptedOperations(forbidden={"stats.staff"})
    feed = StatsFeed(ops)
    seen = []
    feed.sig_updated.connect(seen.append)
    feed.fetch("k", "stats.query", {})
    first = ops.sent[-1]
    feed.fetch("k", "stats.query", {})
    second = ops.sent[-1]
    ops.sig_succeeded.emit(first, {"total": 1})  # an old answer: ignored
    assert feed.state("k").status == "loading"
    ops.sig_failed.emit(second, "internal", "读取失败 (read failed)", None)
    st = feed.state("k")
    assert st.status == "failed" and st.message.startswith("读取失败") and feed.data("k") is None
    feed.fetch("s", "stats.staff", {})
    assert feed.state("s").status == "failed" and "无权" in feed.state("s").message
    feed.fetch("k", "stats.query", {})
    ops.sig_succeeded.emit(ops.sent[-1], {"total": 2})
    assert feed.data("k") == {"total": 2} and seen.count("k") >= 4


@dataclass(frozen=True)
class Ev:
    seq: int
    kind: str
    op: str
    id: str
    data: dict | None


def _iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _t(tid, status, created, sla="ok", closed=None):
    return {"id": tid, "status": status, "created_at": _iso(created), "sla_state": sla,
            "closed_at": _iso(closed) if closed else None}


def test_live_counters_follow_events_and_agree_with_a_recount():
    clock = [NOW]
    store = Store()
    yesterday = NOW - timedelta(days=1)
    store.load(1, {"ticket": [_t("T1", "dispatched", yesterday, "overdue"), _t("T2", "reported", NOW)],
                   "alarm": [{"id": "A1", "status": "active", "type": "one_key", "raised_at": _iso(NOW)}]})
    live = LiveCounters(store, clock=lambda: clock[0])
    assert live.snapshot()["reported_today"] == 1 and live.get("overdue_open") == 1
    assert live.get("alarms_active") == 1 and live.snapshot()["open_by_status"] == {"dispatched": 1, "reported": 1}
    store.apply([Ev(2, "ticket", "upsert", "T1", _t("T1", "closed", yesterday, "ok", NOW)),
                 Ev(3, "ticket", "upsert", "T3", _t("T3", "in_progress", NOW, "at_risk")),
                 Ev(4, "alarm", "upsert", "A1", {"id": "A1", "status": "acknowledged", "type": "one_key",
                                                  "raised_at": _iso(NOW)}),
                 Ev(5, "ticket", "remove", "T2", None)])
    s = live.snapshot()
    assert (s["reported_today"], s["closed_today"], s["open"], s["overdue_open"], s["at_risk_open"]) == (1, 1, 1, 0, 1)
    assert (s["alarms_active"], s["alarms_today"]) == (0, 1)
    incremental = dict(s)
    live.recompute()
    assert live.snapshot() == incremental
    clock[0] = NOW + timedelta(days=1)  # a new local day: today's counters start again
    assert live.get("reported_today") == 0 and live.get("open") == 1


def _ind(due, closed, on_time, minutes=None, overdue=0):
    rate = (lambda n: n / due if due else None)
    return {"due_to_close": due, "closed": closed, "closed_on_time": on_time, "reworked": 0, "extended": 0,
            "overdue_open": overdue, "close_rate": rate(closed), "on_time_rate": rate(on_time), "rework_rate": rate(0),
            "extension_rate": rate(0), "avg_handling_minutes": minutes, "handling_minutes_total": 0}


@pytest.fixture
def bulletin():
    total = _ind(4, 3, 2, 90.0, 1)
    comm = {"total": total, "groups": [{"key": "C1", "name": "幸福社区", **total}]}
    grids = {"total": total, "groups": [{"key": "G1", "name": "第一网格", **_ind(4, 3, 2, 90.0, 1)},
                                        {"key": "G2", "name": "第二网格", **_ind(0, 0, 0)}]}
    staff = {"rows": [{"rank": 1, "name": "张网格长", "role_name": "网格长", "region_names": ["第一网格"], "workload": 4,
                       "closed": 3, "close_rate": 0.75, "on_time_rate": 0.5, "satisfaction": None, "score": 61.5}]}
    overdue = {"total": 1, "rows": [{"id": "T1", "title": "路灯不亮", "category": "facility_repair",
                                     "status": "in_progress", "community_name": "幸福社区", "grid_name": "第一网格",
                                     "assignee_name": "张网格长", "handle_due_at": "2026-11-20T02:00:00.000Z",
                                     "overdue_hours": 72.0}]}
    return Bulletin("S1", "许商街道", period_of("month", NOW), comm, grids, {"groups": []}, {"groups": []}, staff,
                    overdue, issued_at=NOW)


def test_bulletin_html_tables_csv_and_xlsx(bulletin, tmp_path):
    page = bulletin.html({"结案率": b"\x89PNG fake"})
    assert "许商街道网格化治理工作通报" in page and "结案率 75.0%" in page
    assert "data:image/png;base64," in page and "第二网格" in page
    grids = next(t for t in bulletin.tables() if t.key == "grids")
    assert grids.display_rows()[1][3] == "—"  # nothing due: no data, not 0 %
    paths = bulletin.write_csv(tmp_path, "通报")
    assert len(paths) == 5
    with paths[0].open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:4] == ["名称", "应结案数", "结案数", "结案率"] and rows[-1][0] == "合计" and rows[-1][3] == "75.0%"
    from openpyxl import load_workbook
    wb = load_workbook(bulletin.write_xlsx(tmp_path / "通报.xlsx"))
    assert wb.sheetnames == ["各社区指标", "各网格指标", "分类指标", "工作人员绩效排名", "超期未结工单清单"]
    ws = wb["各社区指标"]
    assert ws["D2"].value == 0.75 and ws["D2"].number_format == "0.0%" and ws["I2"].value == 1.5
    assert wb["各网格指标"]["D3"].value is None
    assert wb["超期未结工单清单"]["B2"].value == "T1"


def test_quiet_bulletin_says_no_data(bulletin):
    bulletin.communities = {"total": _ind(0, 0, 0), "groups": []}
    assert "无应结案事件" in bulletin.summary_zh() and "0.0%" not in bulletin.summary_zh()
