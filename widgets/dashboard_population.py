"""人员信息精准分析: the structure of the population of the chosen region (`stats.population`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from console.stats_labels import CARE_TAG, EDUCATION_EN, EDUCATION_ORDER, POLITICAL_EN, RESIDENT_TYPE, label

from .charts_bars import CategoryBars, PyramidChart
from .charts_base import ChartFrame, KpiTile
from .charts_donut import DonutChart
from .dashboard_base import Dashboard, RegionPath, default_root
from .i18n import is_english


class PopulationDashboard(Dashboard):
    """Age pyramid, resident type, political status, education, care groups and distribution by region."""

    def __init__(self, store: Any, feed, parent: QWidget | None = None, big: int = 34) -> None:
        super().__init__(store, feed, parent)
        self.region_id = default_root(store)
        self.path = RegionPath(store)
        self.path.sig_chosen.connect(self.show_region)
        self.tiles = {
            "total": KpiTile(QT_TRANSLATE_NOOP("Charts", "Residents"), big=big),
            "households": KpiTile(QT_TRANSLATE_NOOP("Charts", "Households"), big=big),
            "floating": KpiTile(QT_TRANSLATE_NOOP("Charts", "Floating population"), big=big),
            "elderly": KpiTile(QT_TRANSLATE_NOOP("Charts", "Aged 60 and over"), big=big),
            "party": KpiTile(QT_TRANSLATE_NOOP("Charts", "Party members"), big=big),
        }
        self.pyramid = PyramidChart()
        self.pyramid_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Age pyramid"), self.pyramid)
        self.types = DonutChart(slots=4)
        self.types_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Resident type"), self.types)
        self.political = DonutChart(slots=6)
        self.political_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Political status"), self.political)
        self.education = CategoryBars(slots=12, horizontal=True)
        self.education_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Education"), self.education)
        self.care = CategoryBars(slots=10, horizontal=True)
        self.care_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Special-care groups"), self.care)
        self.regions = DonutChart(slots=8)
        self.regions.view.scene().sigMouseClicked.connect(lambda _e: None)
        self.regions_frame = ChartFrame(QT_TRANSLATE_NOOP("Charts", "Residents by region"), self.regions)
        kpis = QHBoxLayout()
        for t in self.tiles.values():
            kpis.addWidget(t)
        grid = QGridLayout()
        grid.addWidget(self.pyramid_frame, 0, 0)
        grid.addWidget(self.types_frame, 0, 1)
        grid.addWidget(self.political_frame, 0, 2)
        grid.addWidget(self.regions_frame, 1, 0)
        grid.addWidget(self.education_frame, 1, 1)
        grid.addWidget(self.care_frame, 1, 2)
        for i in range(3):
            grid.setColumnStretch(i, 1)
        for i in range(2):
            grid.setRowStretch(i, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.path)
        layout.addLayout(kpis)
        layout.addLayout(grid, 1)
        self.path.set_region(self.region_id)

    def queries(self) -> dict[str, tuple[str, dict[str, Any]]]:
        return {"population": ("stats.population", {"region_id": self.region_id})}

    def show_region(self, region_id: str | None) -> None:
        self.region_id = region_id
        self.path.set_region(region_id)
        self.refresh()

    def redraw(self) -> None:
        en = is_english()
        frames = (self.pyramid_frame, self.types_frame, self.political_frame, self.education_frame, self.care_frame,
                  self.regions_frame)
        p = None
        for frame in frames:
            p = self.data_for(frame, "population")
        if p is None:
            failed = self.failure("population")
            for t in self.tiles.values():
                t.set_value("!" if failed else "…", "overdue" if failed else "muted")
            return
        elderly = sum(p["age_male"][6:]) + sum(p["age_female"][6:]) + sum(p.get("age_other", [])[6:])
        values = {"total": p["total"], "households": p["households"], "floating": p["resident_type"].get("floating", 0),
                  "elderly": elderly, "party": p["political_status"].get("中共党员", 0)}
        for k, t in self.tiles.items():
            t.set_value(f"{values[k]:,}", "info" if k == "total" else None)
        if p["total"] == 0:
            for frame in frames:
                frame.set_state("empty")
            return
        self.pyramid.set_values(p["age_bands"], p["age_male"], p["age_female"], self.tr("Male"), self.tr("Female"))
        self.types.set_values([(label(RESIDENT_TYPE, k, en), v) for k, v in p["resident_type"].items()],
                              other_label=self.tr("Other"))
        self.political.set_values([((POLITICAL_EN.get(k, k) if en else k), v)
                                   for k, v in p["political_status"].items()], other_label=self.tr("Other"))
        edu = sorted(p["education"].items(), key=lambda kv: EDUCATION_ORDER.index(kv[0])
                     if kv[0] in EDUCATION_ORDER else 99)
        self.education.set_values([(EDUCATION_EN.get(k, k) if en else k) for k, _ in edu], [v for _, v in edu])
        care = list(p["care_tags"].items())
        if not care:
            self.care_frame.set_state("empty")
        self.care.set_values([label(CARE_TAG, k, en) for k, _ in care], [v for _, v in care])
        self.regions.set_values([(g["name"], g["count"]) for g in p["by_region"]], other_label=self.tr("Other"))
