"""Periodic bulletins (通报): from stats replies to tables, a Chinese HTML document, CSV and XLSX.

Qt-free. `BulletinFetch` asks the server for everything a bulletin needs; `Bulletin` holds the
answers and renders them. PDF printing is the widget's job (QWebEnginePage.printToPdf of this HTML).
"""

from __future__ import annotations

import base64
import csv
import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from string import Template
from typing import Any, Callable

from psygnal import Signal

from console.board import LOCAL
from console.stats_feed import Period, StatsFeed, iso
from console.stats_labels import CATEGORY, STATUS, fmt_hours, fmt_rate, label

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "resources" / "bulletin"
INDICATOR_HEADERS = ["名称", "应结案数", "结案数", "结案率", "按期结案数", "按期结案率", "返工率", "延期率",
                     "平均处置时长(小时)", "超期未结数"]
RATE = "rate"  # a column type: a share in 0..1 or None


@dataclass
class Table:
    """A titled table; `kinds` says how each column is shown ('text', 'int', 'rate', 'hours', 'float')."""

    key: str
    title: str
    headers: list[str]
    kinds: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def display(self, value: Any, kind: str) -> str:
        if kind == RATE:
            return fmt_rate(value)
        if kind == "hours":
            return fmt_hours(value)
        if value is None:
            return "—"
        if kind == "float":
            return f"{value:.1f}"
        return str(value)

    def display_rows(self) -> list[list[str]]:
        return [[self.display(v, k) for v, k in zip(row, self.kinds)] for row in self.rows]


def indicator_row(name: str, g: dict[str, Any]) -> list[Any]:
    return [name, g["due_to_close"], g["closed"], g["close_rate"], g["closed_on_time"], g["on_time_rate"],
            g["rework_rate"], g["extension_rate"], g["avg_handling_minutes"], g["overdue_open"]]


INDICATOR_KINDS = ["text", "int", "int", RATE, "int", RATE, RATE, RATE, "hours", "int"]


@dataclass
class Bulletin:
    """Everything one bulletin says, for `region_name` over `period`."""

    region_id: str | None
    region_name: str
    period: Period
    communities: dict[str, Any]
    grids: dict[str, Any]
    categories: dict[str, Any]
    days: dict[str, Any]
    staff: dict[str, Any]
    overdue: dict[str, Any]
    issued_at: datetime
    issuer: str = "网格化服务管理指挥中心"

    @property
    def total(self) -> dict[str, Any]:
        return self.communities["total"]

    @property
    def title(self) -> str:
        return f"{self.region_name}网格化治理工作通报"

    def summary_zh(self) -> str:
        t = self.total
        if not t["due_to_close"]:
            return f"本期{self.region_name}无应结案事件，各项比率无数据。"
        return (f"本期{self.region_name}应结案 {t['due_to_close']} 件，已结案 {t['closed']} 件，结案率 "
                f"{fmt_rate(t['close_rate'])}；按期结案 {t['closed_on_time']} 件，按期结案率 {fmt_rate(t['on_time_rate'])}；"
                f"返工率 {fmt_rate(t['rework_rate'])}，延期率 {fmt_rate(t['extension_rate'])}；平均处置时长 "
                f"{fmt_hours(t['avg_handling_minutes'])} 小时；超期未结 {t['overdue_open']} 件。")

    def tables(self) -> list[Table]:
        comm = Table("communities", "各社区指标", INDICATOR_HEADERS, INDICATOR_KINDS,
                     [indicator_row(g["name"], g) for g in self.communities["groups"]])
        comm.rows.append(indicator_row("合计", self.total))
        grids = Table("grids", "各网格指标", INDICATOR_HEADERS, INDICATOR_KINDS,
                      [indicator_row(g["name"], g) for g in self.grids["groups"]])
        cats = Table("categories", "分类指标", INDICATOR_HEADERS, INDICATOR_KINDS,
                     [indicator_row(label(CATEGORY, g["key"]), g) for g in self.categories["groups"]])
        ranking = Table("ranking", "工作人员绩效排名",
                        ["排名", "姓名", "职务", "负责网格", "工作量(件)", "结案数", "结案率", "按期结案率",
                         "满意度(5分制)", "综合得分"],
                        ["int", "text", "text", "text", "int", "int", RATE, RATE, "float", "float"],
                        [[r["rank"], r["name"], r["role_name"], "、".join(r["region_names"]), r["workload"],
                          r["closed"], r["close_rate"], r["on_time_rate"], r["satisfaction"], r["score"]]
                         for r in self.staff["rows"]])
        overdue = Table("overdue", "超期未结工单清单",
                        ["序号", "工单编号", "标题", "类别", "状态", "社区", "网格", "责任人", "处置时限", "超期(小时)"],
                        ["int", "text", "text", "text", "text", "text", "text", "text", "text", "float"],
                        [[i, r["id"], r["title"], label(CATEGORY, r["category"]), label(STATUS, r["status"]),
                          r["community_name"], r["grid_name"], r["assignee_name"], _local(r["handle_due_at"]),
                          r["overdue_hours"]] for i, r in enumerate(self.overdue["rows"], 1)])
        return [comm, grids, cats, ranking, overdue]

    # --- outputs ----------------------------------------------------------------------------------

    def html(self, charts: dict[str, bytes] | None = None) -> str:
        """The bulletin as one self-contained HTML page (charts embedded as PNG data URLs)."""
        esc = html.escape
        parts = [f'<p class="lead">{esc(self.summary_zh())}</p>']
        charts = charts or {}
        if charts:
            parts.append('<div class="charts">')
            for name, png in charts.items():
                data = base64.b64encode(png).decode("ascii")
                parts.append(f'<figure><img alt="{esc(name)}" src="data:image/png;base64,{data}">'
                             f'<figcaption>{esc(name)}</figcaption></figure>')
            parts.append("</div>")
        numerals = "一二三四五六七八九十"
        for n, table in enumerate(self.tables()):
            parts.append(f"<h2>{numerals[n + 1]}、{esc(table.title)}</h2>")
            if table.key == "overdue" and self.overdue["total"] > len(table.rows):
                parts.append(f'<p class="note">共 {self.overdue["total"]} 件，列出最早到期的 {len(table.rows)} 件。</p>')
            if not table.rows:
                parts.append('<p class="note">本期无。</p>')
                continue
            head = "".join(f"<th>{esc(h)}</th>" for h in table.headers)
            body = "".join("<tr>" + "".join(f'<td class="{k}">{esc(v)}</td>' for v, k in zip(row, table.kinds))
                           + "</tr>" for row in table.display_rows())
            parts.append(f'<table class="{table.key}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
        parts.append('<p class="closing">请各社区、网格对照本通报，对超期未结事项限期办结，对返工、延期较多的事项'
                     '分析原因、落实整改。</p>')
        page = Template((TEMPLATE_DIR / "bulletin.html").read_text(encoding="utf-8"))
        return page.substitute(
            css=(TEMPLATE_DIR / "bulletin.css").read_text(encoding="utf-8"), title=esc(self.title),
            period=esc(self.period.label_zh()), issuer=esc(self.region_name + self.issuer),
            issued=esc(f"{self.issued_at.astimezone(LOCAL):%Y年%m月%d日 %H:%M}"), body="\n".join(parts))

    def write_csv(self, directory: Path, stem: str) -> list[Path]:
        """One CSV per table (UTF-8 with BOM, so Excel opens the Chinese right); returns the paths."""
        directory.mkdir(parents=True, exist_ok=True)
        paths = []
        for table in self.tables():
            path = directory / f"{stem}_{table.title}.csv"
            with path.open("w", encoding="utf-8-sig", newline="") as f:
                w = csv.writer(f)
                w.writerow(table.headers)
                w.writerows(table.display_rows())
            paths.append(path)
        return paths

    def write_xlsx(self, path: Path) -> Path:
        """One sheet per table; counts as numbers and rates as percentages Excel can sum and sort."""
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        wb.remove(wb.active)
        for table in self.tables():
            ws = wb.create_sheet(table.title[:31])
            ws.append(table.headers)
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for row in table.rows:
                values = [(v / 60 if v is not None else None) if k == "hours" else v
                          for v, k in zip(row, table.kinds)]
                ws.append(values)
                for cell, kind in zip(ws[ws.max_row], table.kinds):
                    if kind == RATE:
                        cell.number_format = "0.0%"
                    elif kind in ("hours", "float"):
                        cell.number_format = "0.0"
            for col, header in zip(ws.columns, table.headers):
                width = max([len(str(header)) * 2] + [len(str(c.value or "")) * 1.6 for c in col])
                ws.column_dimensions[col[0].column_letter].width = min(max(width, 8), 48)
        path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(path)
        return path


def _local(text: str | None) -> str:
    if not text:
        return "—"
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(LOCAL).strftime("%m-%d %H:%M")


# --- fetching --------------------------------------------------------------------------------------

PARTS = ("communities", "grids", "categories", "days", "staff", "overdue")


class BulletinFetch:
    """Asks for every part of a bulletin; emits `sig_ready(Bulletin)` or `sig_failed(message)` once."""

    sig_ready = Signal(object)
    sig_failed = Signal(str)

    def __init__(self, feed: StatsFeed, region_id: str | None, region_name: str, period: Period,
                 clock: Callable[[], datetime] | None = None) -> None:
        self._feed = feed
        self.region_id, self.region_name, self.period = region_id, region_name, period
        self._clock = clock or feed.clock
        self._prefix = f"bulletin-{id(self)}-"
        self._done = False
        feed.sig_updated.connect(self._on_updated)

    def start(self) -> None:
        p, r = self.period.args, self.region_id
        q = {"region_id": r, **p}
        asks = {
            "communities": ("stats.query", {**q, "group_by": "region", "level": 2}),
            "grids": ("stats.query", {**q, "group_by": "region", "level": 3}),
            "categories": ("stats.query", {**q, "group_by": "category"}),
            "days": ("stats.query", {**q, "group_by": "day"}),
            "staff": ("stats.staff", {**q, "limit": 30}),
            "overdue": ("stats.overdue", {"region_id": r, "until": iso(self.period.until), "limit": 200}),
        }
        for part, (name, args) in asks.items():
            self._feed.fetch(self._prefix + part, name, args)

    def close(self) -> None:
        try:
            self._feed.sig_updated.disconnect(self._on_updated)
        except (ValueError, RuntimeError):
            pass

    def _on_updated(self, key: str) -> None:
        if self._done or not key.startswith(self._prefix):
            return
        states = {part: self._feed.state(self._prefix + part) for part in PARTS}
        failed = [(p, s) for p, s in states.items() if s.status == "failed"]
        if failed:
            self._done = True
            self.close()
            self.sig_failed.emit("; ".join(f"{p}: {s.message}" for p, s in failed))
            return
        if all(s.status == "ok" for s in states.values()):
            self._done = True
            self.close()
            self.sig_ready.emit(Bulletin(self.region_id, self.region_name, self.period,
                                         **{p: states[p].data for p in PARTS}, issued_at=self._clock()))
