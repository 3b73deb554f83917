"""The bulletin (通报) dialog: choose a region and a period, preview the Chinese document in a
QWebEngineView, export it as an A4 PDF (Chinese text embedded) and its tables as CSV and XLSX.

Data come from the server (`console.bulletin.BulletinFetch`); a failed fetch is shown as a failure
and exports stay disabled, so nothing half-made goes out.
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium refuses to run as root without this
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if "--no-sandbox" not in flags:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --no-sandbox").strip()

from PySide6.QtCore import QDate, QEvent, QEventLoop, QMarginsF, QTimer, QUrl  # noqa: E402
from PySide6.QtGui import QPageLayout, QPageSize  # noqa: E402
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QFileDialog, QHBoxLayout, QLabel,  # noqa: E402
                               QPushButton, QVBoxLayout, QWidget)

from console.board import LOCAL  # noqa: E402
from console.bulletin import Bulletin, BulletinFetch  # noqa: E402
from console.stats_feed import StatsFeed, period_of  # noqa: E402

from .bulletin_charts import render_charts  # noqa: E402
from .charts_base import sized  # noqa: E402
from .dashboard_base import default_root  # noqa: E402
from .theme import set_tone  # noqa: E402

try:
    from PySide6.QtWebEngineWidgets import QWebEngineView
except ImportError:  # pragma: no cover - the wheel without add-ons: preview and PDF are unavailable
    QWebEngineView = None

log = logging.getLogger(__name__)
PDF_TIMEOUT_MS = 30_000


class BulletinDialog(QDialog):
    """Region + period → preview → PDF / CSV / XLSX."""

    def __init__(self, store: Any, operations: Any, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.session = store, session
        self.feed = StatsFeed(operations)
        self.fetch: BulletinFetch | None = None
        self.bulletin: Bulletin | None = None
        self.preview_ready = False
        self.region = QComboBox()
        self._fill_regions()
        self.period = QComboBox()
        self.period.currentIndexChanged.connect(self._on_period_kind)
        today = datetime.now(LOCAL).date()  # the street's day, not the machine's
        self.first = QDateEdit(QDate(today.year, today.month, 1))
        self.last = QDateEdit(QDate(today.year, today.month, today.day))
        for d in (self.first, self.last):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        self.generate_button = QPushButton()
        self.generate_button.clicked.connect(self.generate)
        self.pdf_button, self.csv_button, self.xlsx_button = QPushButton(), QPushButton(), QPushButton()
        self.pdf_button.clicked.connect(self._on_pdf)
        self.csv_button.clicked.connect(self._on_csv)
        self.xlsx_button.clicked.connect(self._on_xlsx)
        self.status = QLabel()
        self.status.setWordWrap(True)
        sized(self.status, 14)
        self.view = QWebEngineView() if QWebEngineView is not None else QLabel()
        if QWebEngineView is not None:
            self.view.loadFinished.connect(self._on_loaded)
        top = QHBoxLayout()
        self.region_label, self.period_label = QLabel(), QLabel()
        for w in (self.region_label, self.region, self.period_label, self.period, self.first, self.last,
                  self.generate_button):
            top.addWidget(w)
        top.addStretch(1)
        for w in (self.pdf_button, self.csv_button, self.xlsx_button):
            top.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self.resize(1280, 900)
        self.retranslate()
        self._on_period_kind()
        self._set_exports(False)

    # --- choices ----------------------------------------------------------------------------------

    def _fill_regions(self) -> None:
        regions = sorted(self.store.all("region"), key=lambda r: (r.get("level", 9), r.get("code") or r["id"]))
        regions = [r for r in regions if 1 <= r.get("level", 0) <= 3]
        by_parent: dict[Any, list[dict]] = {}
        for r in regions:
            by_parent.setdefault(r.get("parent_id"), []).append(r)
        ids = {r["id"] for r in regions}
        roots = [r for r in regions if r.get("parent_id") not in ids]

        def add(r: dict, depth: int) -> None:
            self.region.addItem("　" * depth + r.get("name", r["id"]), r["id"])
            for child in by_parent.get(r["id"], []):
                add(child, depth + 1)

        for r in roots:
            add(r, 0)
        root = default_root(self.store)
        if root is not None:
            self.region.setCurrentIndex(max(self.region.findData(root), 0))

    def _on_period_kind(self) -> None:
        custom = self.period.currentData() == "custom"
        self.first.setEnabled(custom)
        self.last.setEnabled(custom)

    def _set_exports(self, enabled: bool) -> None:
        for b in (self.pdf_button, self.csv_button, self.xlsx_button):
            b.setEnabled(enabled)
        if QWebEngineView is None:
            self.pdf_button.setEnabled(False)

    def _say(self, text: str, tone: str | None = None) -> None:
        self.status.setText(text)
        set_tone(self.status, tone)

    # --- generating -------------------------------------------------------------------------------

    def generate(self) -> None:
        """Fetch the data of the chosen region and period; the preview follows when all has come."""
        kind = self.period.currentData() or "week"
        now = datetime.now(timezone.utc)
        try:
            first, last = self.first.date().toPython(), self.last.date().toPython()
            period = period_of(kind, now, first if kind == "custom" else None, last if kind == "custom" else None)
        except ValueError as exc:
            self._say(str(exc), "overdue")
            return
        if self.fetch is not None:
            self.fetch.close()
        self.bulletin, self.preview_ready = None, False
        self._set_exports(False)
        region_id = self.region.currentData()
        name = self.region.currentText().strip("　 ") or "全域"
        self.fetch = BulletinFetch(self.feed, region_id, name, period)
        self.fetch.sig_ready.connect(self._on_ready)
        self.fetch.sig_failed.connect(self._on_failed)
        self._say(self.tr("Loading…"), "muted")
        self.fetch.start()

    def _on_failed(self, message: str) -> None:
        self._say(self.tr("Failed to load: %1").replace("%1", message), "overdue")

    def _on_ready(self, bulletin: Bulletin) -> None:
        self.bulletin = bulletin
        self.html = bulletin.html(render_charts(bulletin))
        self._say(bulletin.summary_zh(), None)
        if QWebEngineView is not None:
            self.view.setHtml(self.html, QUrl("file:///"))
        else:
            self.preview_ready = True
        self._set_exports(True)

    def _on_loaded(self, ok: bool) -> None:
        self.preview_ready = ok and self.bulletin is not None

    # --- exports ----------------------------------------------------------------------------------

    def _stem(self) -> str:
        b = self.bulletin
        return f"{b.region_name}_通报_{b.period.first_day:%Y%m%d}-{b.period.last_day:%Y%m%d}" if b else "通报"

    def export_pdf_to(self, path: str | Path) -> bool:
        """Print the preview to an A4 PDF at `path`; waits (event loop) until Chromium has written it."""
        if self.bulletin is None or QWebEngineView is None:
            return False
        loop = QEventLoop()
        result: list[bool] = []
        page = self.view.page()

        def done(file: str, ok: bool) -> None:
            result.append(ok)
            loop.quit()

        page.pdfPrintingFinished.connect(done)
        layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                             QMarginsF(12, 14, 12, 14), QPageLayout.Unit.Millimeter)
        page.printToPdf(str(path), layout)
        QTimer.singleShot(PDF_TIMEOUT_MS, loop.quit)
        loop.exec()
        page.pdfPrintingFinished.disconnect(done)
        ok = bool(result and result[0])
        log.info("bulletin PDF %s for %s by %s: %s", path, self.bulletin.region_name,
                 getattr(self.session, "user_id", None), "ok" if ok else "failed")
        self._say(self.tr("Saved %1").replace("%1", str(path)) if ok else
                  self.tr("Could not write %1").replace("%1", str(path)), None if ok else "overdue")
        return ok

    def export_csv_to(self, directory: str | Path) -> list[Path]:
        if self.bulletin is None:
            return []
        try:
            paths = self.bulletin.write_csv(Path(directory), self._stem())
        except OSError as exc:
            self._say(self.tr("Could not write %1").replace("%1", f"{directory}: {exc}"), "overdue")
            return []
        self._say(self.tr("Saved %1").replace("%1", ", ".join(p.name for p in paths)))
        return paths

    def export_xlsx_to(self, path: str | Path) -> Path | None:
        if self.bulletin is None:
            return None
        try:
            out = self.bulletin.write_xlsx(Path(path))
        except OSError as exc:
            self._say(self.tr("Could not write %1").replace("%1", f"{path}: {exc}"), "overdue")
            return None
        self._say(self.tr("Saved %1").replace("%1", str(out)))
        return out

    def _on_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export PDF"), self._stem() + ".pdf", "PDF (*.pdf)")
        if path:
            self.export_pdf_to(path)

    def _on_csv(self) -> None:
        directory = QFileDialog.getExistingDirectory(self, self.tr("Export CSV"))
        if directory:
            self.export_csv_to(directory)

    def _on_xlsx(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export XLSX"), self._stem() + ".xlsx", "Excel (*.xlsx)")
        if path:
            self.export_xlsx_to(path)

    # --- language ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Bulletin"))
        self.region_label.setText(self.tr("Region"))
        self.period_label.setText(self.tr("Period"))
        current = self.period.currentIndex()
        self.period.blockSignals(True)
        self.period.clear()
        for kind, text in (("week", self.tr("This week")), ("month", self.tr("This month")),
                           ("custom", self.tr("Custom"))):
            self.period.addItem(text, kind)
        self.period.setCurrentIndex(max(current, 0))
        self.period.blockSignals(False)
        self.generate_button.setText(self.tr("Generate"))
        self.pdf_button.setText(self.tr("Export PDF"))
        self.csv_button.setText(self.tr("Export CSV"))
        self.xlsx_button.setText(self.tr("Export XLSX"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def done(self, result: int) -> None:  # noqa: D401 (Qt override)
        if self.fetch is not None:
            self.fetch.close()
        self.feed.close()
        super().done(result)


__all__ = ["BulletinDialog", "date"]
