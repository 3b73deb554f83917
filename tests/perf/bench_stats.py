"""Statistics under load: stats.query over 100,000 tickets, dashboard redraws at 500 events/s, bulletin PDF.

    python -m tests.perf stats [--tickets 100000] [--rate 500] [--seconds 5]
    make bench ARGS=stats

1. `stats.query` for one month (group_by none / region / category / day, and stats.staff) on a
   SQLite file holding --tickets tickets spread over 120 days; median and worst of 5 runs each.
2. The today page and the ticket dashboard (offscreen Qt) while the Store takes --rate ticket events
   per second, applied per 16 ms frame as the FeedBridge does: time of each frame's store.apply
   (with the live counters) and of each dashboard redraw.
3. A bulletin of that month: charts rendered, HTML built and printed to an A4 PDF by QtWebEngine.
Aims: query <= 200 ms, redraw <= 16 ms per frame, PDF <= 3 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
MONTH = (datetime(2026, 10, 31, 16, 0, tzinfo=timezone.utc), NOW)


def make_db(path: Path, n: int) -> str:
    from sqlalchemy import insert

    from backend.db import Database
    from backend.db.models import Ticket
    from tests.backend.small_street import GRID_A, GRID_B, build

    url = f"sqlite:///{path}"
    build(url)
    rng = random.Random(7)
    cats = ["city_appearance", "street_order", "facility_repair", "livelihood", "dispute", "public_security"]
    srcs = ["resident_app", "patrol", "hotline", "camera_ai", "sensor"]
    rows = []
    for i in range(n):
        created = NOW - timedelta(days=rng.uniform(0, 120))
        due = created + timedelta(days=rng.uniform(1, 5))
        closed = created + timedelta(days=rng.uniform(0.3, 7)) if rng.random() < 0.85 else None
        if closed is not None and closed > NOW:
            closed = None
        dispatched = created + timedelta(minutes=10)
        rows.append(dict(
            id=f"B{i:07d}", version=3, status="closed" if closed else "in_progress", category=rng.choice(cats),
            source=rng.choice(srcs), priority="normal", title="压测工单", region_id=GRID_A if i % 2 else GRID_B,
            origin_region_id=GRID_A if i % 2 else GRID_B, level=3, assignee_id="P-HEAD-A" if i % 2 else "P-HEAD-B",
            created_at=created, updated_at=closed or created, accepted_at=created, dispatched_at=dispatched,
            feedback_at=(closed - timedelta(hours=2)) if closed else None, handle_due_at=due, closed_at=closed,
            closed_on_time=(closed <= due) if closed else None, rework_count=int(rng.random() < 0.08),
            extension_count=int(rng.random() < 0.05), satisfaction=rng.randint(3, 5) if closed else None,
            sla_state="overdue" if not closed and due < NOW else "ok", stage=None if closed else "handle"))
    db = Database(url)
    with db.session() as s:
        for k in range(0, n, 5000):
            s.execute(insert(Ticket), rows[k:k + 5000])
    db.dispose()
    return url


def bench_query(url: str) -> None:
    from backend import stats, stats_staff
    from backend.db import Database, ticket_repo
    from backend.tickets import RegionIndex

    db = Database(url)
    with db.sessions() as s:
        regions = RegionIndex(ticket_repo.region_infos(s))
        names = stats.region_names(s)
        for group_by in ("none", "region", "category", "day", "staff"):
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                if group_by == "staff":
                    out = stats_staff.ranking(s, regions, names, since=MONTH[0], until=MONTH[1], region_id=None,
                                              limit=50)
                    due = sum(r["workload"] for r in out["rows"])
                else:
                    out = stats.query(s, regions, names, since=MONTH[0], until=MONTH[1], region_id="S1",
                                      group_by=group_by, level=None, category=None)
                    due = out["total"]["due_to_close"]
                times.append((time.perf_counter() - t0) * 1000)
            print(f"stats.query month group_by={group_by:<8} due={due:>6}  median {statistics.median(times):7.1f} ms"
                  f"  worst {max(times):7.1f} ms  (aim <= 200 ms)")
    db.dispose()


def bench_dashboard(rate: int, seconds: float) -> None:
    from PySide6.QtWidgets import QApplication

    from console.stats_feed import StatsFeed
    from console.stats_live import LiveCounters
    from console.store import Store
    from tests.widgets.board_fixtures import Ev
    from tests.widgets.conftest import RecordingOperations
    from widgets.dashboard_live import KpiBoard
    from widgets.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    store = Store()
    now = datetime.now(timezone.utc)
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.000Z")  # noqa: E731
    tickets = [{"id": f"T{i}", "status": random.choice(["reported", "dispatched", "in_progress", "feedback"]),
                "created_at": iso(now - timedelta(hours=i % 48)), "sla_state": "ok", "region_id": "G1"}
               for i in range(5000)]
    store.load(1, {"ticket": tickets, "region": [{"id": "S1", "level": 1, "name": "街道"}]})
    ops = RecordingOperations()
    live = LiveCounters(store)
    board = KpiBoard(store, StatsFeed(ops), live)
    board.resize(1920, 1080)
    board.show()
    redraw_ms: list[float] = []
    original = board.redraw

    def timed() -> None:
        t0 = time.perf_counter()
        original()
        redraw_ms.append((time.perf_counter() - t0) * 1000)

    board.redraw = timed
    apply_ms: list[float] = []
    per_frame = rate / 60.0
    owed = 0.0
    end = time.perf_counter() + seconds
    statuses = ["reported", "accepted", "dispatched", "in_progress", "feedback", "verified", "closed"]
    rng = random.Random(3)
    while time.perf_counter() < end:
        frame_start = time.perf_counter()
        owed += per_frame
        batch = []
        while owed >= 1:
            owed -= 1
            t = dict(rng.choice(tickets))
            t["status"] = rng.choice(statuses)
            t["sla_state"] = rng.choice(["ok", "ok", "at_risk", "overdue"])
            batch.append(Ev(store.seq + 1 + len(batch), "ticket", "upsert", t["id"], t))
        t0 = time.perf_counter()
        store.apply(batch)
        apply_ms.append((time.perf_counter() - t0) * 1000)
        app.processEvents()
        left = 1 / 60 - (time.perf_counter() - frame_start)
        if left > 0:
            time.sleep(left)
    app.processEvents()

    def p95(xs: list[float]) -> float:
        return sorted(xs)[int(len(xs) * 0.95)] if xs else float("nan")

    print(f"dashboard at {rate} events/s for {seconds:.0f} s: {len(apply_ms)} frames, {len(redraw_ms)} redraws")
    print(f"  store.apply + live counters per frame: mean {statistics.mean(apply_ms):.2f} ms  p95 {p95(apply_ms):.2f} ms"
          f"  max {max(apply_ms):.2f} ms")
    print(f"  KPI page redraw: mean {statistics.mean(redraw_ms):.2f} ms  p95 {p95(redraw_ms):.2f} ms"
          f"  max {max(redraw_ms):.2f} ms  (aim <= 16 ms per frame)")
    board.close()


def bench_bulletin(url: str, out_dir: Path) -> None:
    from PySide6.QtCore import QCoreApplication, Qt

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    from PySide6.QtWebEngineCore import QWebEnginePage  # noqa: F401  (before the QApplication)
    from PySide6.QtCore import QEventLoop, QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize
    from PySide6.QtWidgets import QApplication

    from backend import stats, stats_staff
    from backend.db import Database, ticket_repo
    from backend.tickets import RegionIndex
    from console.bulletin import Bulletin
    from console.stats_feed import Period
    from widgets.bulletin_charts import render_charts

    app = QApplication.instance() or QApplication([])
    db = Database(url)
    with db.sessions() as s:
        regions = RegionIndex(ticket_repo.region_infos(s))
        names = stats.region_names(s)
        q = dict(since=MONTH[0], until=MONTH[1], region_id="S1", category=None)
        parts = {"communities": stats.query(s, regions, names, group_by="region", level=2, **q),
                 "grids": stats.query(s, regions, names, group_by="region", level=3, **q),
                 "categories": stats.query(s, regions, names, group_by="category", level=None, **q),
                 "days": stats.query(s, regions, names, group_by="day", level=None, **q),
                 "staff": stats_staff.ranking(s, regions, names, since=MONTH[0], until=MONTH[1], region_id="S1",
                                              limit=30),
                 "overdue": stats_staff.overdue(s, regions, names, until=MONTH[1], region_id="S1", limit=200)}
    db.dispose()
    period = Period("month", MONTH[0], MONTH[1], MONTH[0].date(), MONTH[1].date())
    bulletin = Bulletin("S1", "测试街道", period, **parts, issued_at=NOW)
    t0 = time.perf_counter()
    html = bulletin.html(render_charts(bulletin))
    t_html = time.perf_counter() - t0
    page = QWebEnginePage()
    loop = QEventLoop()
    page.loadFinished.connect(lambda ok: loop.quit())
    page.setHtml(html)
    loop.exec()
    t_load = time.perf_counter() - t0
    pdf = out_dir / "bulletin.pdf"
    page.pdfPrintingFinished.connect(lambda path, ok: loop.quit())
    page.printToPdf(str(pdf), QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                          QMarginsF(12, 14, 12, 14), QPageLayout.Unit.Millimeter))
    loop.exec()
    total = time.perf_counter() - t0
    print(f"bulletin PDF: charts+HTML {t_html * 1000:.0f} ms, page loaded {t_load * 1000:.0f} ms, "
          f"PDF written {total:.2f} s ({pdf.stat().st_size // 1024} KiB, {len(parts['overdue']['rows'])} overdue rows)"
          f"  (aim <= 3 s)")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.perf stats")
    ap.add_argument("--tickets", type=int, default=100_000)
    ap.add_argument("--rate", type=int, default=500)
    ap.add_argument("--seconds", type=float, default=5.0)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gridline-bench-stats-") as tmp:
        t0 = time.perf_counter()
        url = make_db(Path(tmp) / "stats.db", args.tickets)
        print(f"{args.tickets} tickets written in {time.perf_counter() - t0:.1f} s")
        bench_query(url)
        bench_bulletin(url, Path(tmp))
        bench_dashboard(args.rate, args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
