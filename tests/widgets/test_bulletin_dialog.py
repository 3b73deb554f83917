"""Bulletins end to end: the real hub over the hand-counted month, a real PDF read back with pdftotext,
CSV and XLSX files, and a bad period refused without asking the server."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QDate  # noqa: E402

from widgets.bulletin_dialog import BulletinDialog  # noqa: E402  (imports QtWebEngine before the QApplication)
from tests.widgets.test_board_live import WAIT_MS  # noqa: E402
from tests.widgets.test_charts_panel import admin, month_server, month_street  # noqa: E402,F401

pytestmark = pytest.mark.usefixtures("chinese")


def _november(dialog: BulletinDialog) -> None:
    dialog.period.setCurrentIndex(dialog.period.findData("custom"))
    dialog.first.setDate(QDate(2026, 11, 1))
    dialog.last.setDate(QDate(2026, 11, 30))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.skipif(date.today() < date(2026, 11, 21), reason="the fixtures' deadlines must have passed")
def test_bulletin_pdf_holds_the_region_and_its_closure_rate(admin, qtbot, themed, tmp_path):
    dialog = BulletinDialog(admin.store, admin.ops, admin.session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.region.currentData() == "S1"
    _november(dialog)
    dialog.generate()
    qtbot.waitUntil(lambda: dialog.preview_ready, timeout=WAIT_MS * 2)
    b = dialog.bulletin
    assert b.total["close_rate"] == 0.6 and [r["id"] for r in b.overdue["rows"]] == ["B2", "A3"]
    assert dialog.grab().save(str(tmp_path / "bulletin_dialog.png"))
    pdf = tmp_path / "通报.pdf"
    assert dialog.export_pdf_to(pdf) and pdf.stat().st_size > 10_000
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "测试街道网格化治理工作通报" in text and "结案率 60.0%" in text
    assert "第一网格" in text and "张网格长" in text and "B2" in text
    assert "13712345678" not in text and "王女士" not in text  # reporters stay out of bulletins
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip())  # every font embedded
    csvs = dialog.export_csv_to(tmp_path / "csv")
    assert len(csvs) == 5 and "合计,5,3,60.0%" in csvs[0].read_text(encoding="utf-8-sig")
    xlsx = dialog.export_xlsx_to(tmp_path / "通报.xlsx")
    from openpyxl import load_workbook
    ws = load_workbook(xlsx)["各网格指标"]
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["第一网格", "第二网格"] and ws["D3"].value == 0.5


def test_a_bad_custom_period_is_refused_before_asking(store, operations, session, qtbot, themed):
    dialog = BulletinDialog(store, operations, session)
    qtbot.addWidget(dialog)
    dialog.period.setCurrentIndex(dialog.period.findData("custom"))
    dialog.first.setDate(QDate(2026, 11, 20))
    dialog.last.setDate(QDate(2026, 11, 1))
    dialog.generate()
    assert operations.calls == [] and "起始日期晚于结束日期" in dialog.status.text()
    assert not dialog.pdf_button.isEnabled() and dialog.export_pdf_to("/nonexistent/x.pdf") is False


def test_a_failed_fetch_keeps_exports_off(store, operations, session, qtbot, themed):
    dialog = BulletinDialog(store, operations, session)
    qtbot.addWidget(dialog)
    dialog.period.setCurrentIndex(dialog.period.findData("month"))
    dialog.generate()
    sent = len(operations.calls)
    assert sent == 6  # communities, grids, categories, days, ranking, overdue
    from tests.widgets.conftest import RecordedOp
    operations.sig_failed.emit(RecordedOp("r-1", "stats.query", None, None), "internal", "读取失败", None)
    qtbot.waitUntil(lambda: "加载失败" in dialog.status.text(), timeout=2000)
    assert dialog.bulletin is None and not dialog.xlsx_button.isEnabled()
