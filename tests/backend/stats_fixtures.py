"""A hand-computed month on the tiny street: tickets, alarms and residents whose indicators are known.

Period: November 2026 in Asia/Shanghai. Expected figures are written out in the tests, counted by
hand from the table below (not computed by the code under test).

| id | grid | state | closed on time | rework | ext | minutes | sat | note |
|----|------|-------|----------------|--------|-----|---------|-----|------|
| A1 | A | closed | yes | 0 | 0 | 120 | 5 | |
| A2 | A | closed | no  | 2 | 0 | 60  | 3 | reworked twice: counts once |
| A3 | A | in_progress, deadline passed | | 0 | 1 | | | overdue open |
| A4 | A | dispatched, deadline next month | | 0 | 0 | | | not due |
| B1 | B | closed | yes | 0 | 1 | 30 | – | extended, then on time |
| B2 | B | in_progress after a failed check, deadline passed | | 1 | 0 | (feedback set, not closed) | | reopened |
| B3 | B | rejected | | | | | | never counts |
| B4 | B | reported | | | | | | not accepted |
| B5 | B | closed in October | yes | | | | | closed before the period |
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from backend.db import Database
from backend.db.models import Alarm, Ticket
from backend.db.models_people import Resident

from .small_street import COMMUNITY, GRID_A, GRID_B, STREET

LOCAL = ZoneInfo("Asia/Shanghai")
SINCE = datetime(2026, 11, 1, tzinfo=LOCAL)
UNTIL = datetime(2026, 12, 1, tzinfo=LOCAL)
D, M = timedelta(days=1), timedelta(minutes=1)
__all__ = ["SINCE", "UNTIL", "seed_month", "STREET", "COMMUNITY", "GRID_A", "GRID_B"]


def _ticket(tid, grid, *, status, category="city_appearance", source="hotline", created, assignee,
            due=None, closed=None, on_time=None, rework=0, ext=0, minutes=None, sat=None, accepted=True,
            feedback=None):
    dispatched = created + timedelta(minutes=10) if accepted else None
    if minutes is not None:
        feedback = dispatched + minutes * M
    return Ticket(id=tid, version=1, status=status, category=category, source=source, priority="normal",
                  title=f"测试工单{tid}", region_id=grid, origin_region_id=grid, level=3, assignee_id=assignee,
                  created_at=created, updated_at=created, accepted_at=created if accepted else None,
                  dispatched_at=dispatched, feedback_at=feedback, handle_due_at=due, closed_at=closed,
                  closed_on_time=on_time, rework_count=rework, extension_count=ext, satisfaction=sat,
                  reporter_name="王女士", reporter_phone="13712345678")


def month_tickets() -> list[Ticket]:
    n3, n10, n20 = SINCE + 2 * D, SINCE + 9 * D, SINCE + 19 * D
    return [
        _ticket("A1", GRID_A, status="closed", created=n3, assignee="P-HEAD-A", due=n3 + 3 * D, closed=n3 + D,
                on_time=True, minutes=120, sat=5),
        _ticket("A2", GRID_A, status="closed", created=n3, assignee="P-HEAD-A", due=n3 + 2 * D, closed=n10,
                on_time=False, rework=2, minutes=60, sat=3),
        _ticket("A3", GRID_A, status="in_progress", category="facility_repair", created=n10, assignee="P-HEAD-A",
                due=n10 + 5 * D, ext=1),
        _ticket("A4", GRID_A, status="dispatched", created=n20, assignee="P-HEAD-A", due=UNTIL + 2 * D),
        _ticket("B1", GRID_B, status="closed", category="facility_repair", source="patrol", created=n3,
                assignee="P-HEAD-B", due=n3 + 6 * D, closed=n3 + 5 * D, on_time=True, ext=1, minutes=30),
        _ticket("B2", GRID_B, status="in_progress", category="dispute", created=n10, assignee="P-HEAD-B",
                due=n10 + D, rework=1, feedback=n10 + 12 * timedelta(hours=1)),
        _ticket("B3", GRID_B, status="rejected", created=n3, assignee="P-HEAD-B", accepted=False),
        _ticket("B4", GRID_B, status="reported", created=n20, assignee="P-HEAD-B", accepted=False),
        _ticket("B5", GRID_B, status="closed", created=SINCE - 9 * D, assignee="P-HEAD-B", due=SINCE - 5 * D,
                closed=SINCE - 6 * D, on_time=True, minutes=45, sat=5),
    ]


def month_alarms() -> list[Alarm]:
    t = SINCE + 14 * D
    return [
        Alarm(id="A-FALL", type="care_fall", status="acknowledged", region_id=GRID_B, raised_at=t,
              acked_at=t + timedelta(seconds=90), acked_by="U-duty", version=2, updated_at=t, message="跌倒"),
        Alarm(id="A-OCT", type="one_key", status="closed", region_id=GRID_A, raised_at=SINCE - 3 * D,
              acked_at=SINCE - 3 * D + timedelta(seconds=30), version=3, updated_at=SINCE - 3 * D, message="旧报警"),
    ]


def more_residents() -> list[Resident]:
    base = dict(ethnicity="汉族", registered_address="幸福路1号", current_address="幸福路1号1号楼101",
                household_id="HH-1", relation_to_head="其他", house_id="H-1", occupation="", employer="",
                marital_status="未婚", move_in_date=date(2000, 1, 1), health="良好", vaccination="已接种", vehicles=[],
                native_place="山东商河")
    return [
        Resident(id="R-2", name="陈女士", gender="女", birth_date=date(1990, 12, 1), id_number="370126199012011111",
                 phone="13900000002", region_id=GRID_B, political_status="群众", education="本科",
                 resident_type="floating", care_tags=[], **base),
        Resident(id="R-3", name="陈小妹", gender="女", birth_date=date(2020, 1, 1), id_number="370126202001011111",
                 phone="", region_id=GRID_A, political_status="群众", education="学龄前",
                 resident_type="registered", care_tags=[], **base),
        # Sixty today (2026-11-23): the birthday counts, so 60-69.
        Resident(id="R-4", name="孙先生", gender="男", birth_date=date(1966, 11, 23), id_number="370126196611231111",
                 phone="13900000004", region_id=GRID_B, political_status="中共党员", education="高中",
                 resident_type="registered", care_tags=["disabled", "low_income", "disabled"], **base),
    ]


def seed_month(url: str) -> None:
    db = Database(url)
    with db.session() as s:
        s.add_all(month_tickets())
        s.add_all(month_alarms())
        s.flush()
        s.add_all(more_residents())
    db.dispose()
