"""`stats.population`: the structure of the resident population (人员信息精准分析), as counts only.

Aggregates never carry a name, an ID number or a phone: the charts need no personal data, so none
leaves the server here. Residents live in level-3 grids; a region filter takes every grid below it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .db.models_people import Household, Resident
from .tickets import RegionIndex
from .writer import OpError

AGE_BAND_YEARS = 10
AGE_BANDS = 9  # 0-9 … 70-79, and 80+ as the last band
GENDERS = ("男", "女")


def age_on(birth: date, today: date) -> int:
    """Whole years of age on `today` (a birthday counts from its own day)."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def age_band(age: int) -> int:
    return min(max(age, 0) // AGE_BAND_YEARS, AGE_BANDS - 1)


def band_labels() -> list[str]:
    last = (AGE_BANDS - 1) * AGE_BAND_YEARS
    return [f"{b * AGE_BAND_YEARS}-{b * AGE_BAND_YEARS + AGE_BAND_YEARS - 1}" for b in range(AGE_BANDS - 1)] + [f"{last}+"]


def grids_within(regions: RegionIndex, region_id: str | None) -> set[str] | None:
    """Ids of every region at or below `region_id` (None: no filter); unknown ids are `not_found`."""
    if region_id is None:
        return None
    if region_id not in regions:
        raise OpError("not_found", f"没有网格 {region_id} (no region {region_id})")
    return {rid for rid in regions if regions.is_within(rid, region_id)}


def population(s: Session, regions: RegionIndex, names: dict[str, str], *, region_id: str | None,
               today: date) -> dict[str, Any]:
    """Counts by age band and gender, resident type, political status, education, care tag and child region."""
    within = grids_within(regions, region_id)
    stmt = select(Resident.gender, Resident.birth_date, Resident.resident_type, Resident.political_status,
                  Resident.education, Resident.care_tags, Resident.region_id)
    hh = select(func.count()).select_from(Household)
    if within is not None:
        stmt = stmt.where(Resident.region_id.in_(within))
        hh = hh.where(Household.region_id.in_(within))
    pyramid = {g: [0] * AGE_BANDS for g in GENDERS}
    other_gender = [0] * AGE_BANDS
    types, political, education, care, by_grid = Counter(), Counter(), Counter(), Counter(), Counter()
    total = 0
    for gender, birth, rtype, pol, edu, tags, grid in s.execute(stmt):
        total += 1
        band = age_band(age_on(birth, today))
        (pyramid[gender] if gender in pyramid else other_gender)[band] += 1
        types[rtype] += 1
        political[pol] += 1
        education[edu] += 1
        for tag in set(tags or []):  # a person counts once per tag
            care[tag] += 1
        by_grid[grid] += 1
    target = (regions[region_id].level + 1) if region_id is not None else 1
    children: Counter = Counter()
    for grid, n in by_grid.items():
        anc = regions.at_level(grid, target) if grid in regions else None
        if anc is not None:
            children[anc.id] += n
    return {
        "region_id": region_id, "as_of": today.isoformat(), "total": total,
        "households": s.scalar(hh) or 0,
        "age_bands": band_labels(), "age_male": pyramid["男"], "age_female": pyramid["女"],
        "age_other": other_gender,
        "resident_type": dict(types.most_common()), "political_status": dict(political.most_common()),
        "education": dict(education.most_common()), "care_tags": dict(care.most_common()),
        "by_region": [{"key": k, "name": names.get(k, k), "count": children[k]} for k in sorted(children)],
    }
