"""Tickets between rows and workflow records: load, save an Outcome, read the detail."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..tickets import Hold, RegionInfo, Ticket
from .convert import iso, ticket_dict
from .models import Attachment, Counter, Region, Ticket as TicketRow, TicketHold, TicketStep

LOCAL = ZoneInfo("Asia/Shanghai")
_RECORD_FIELDS = [f.name for f in fields(Ticket) if f.name != "location"]


def region_infos(s: Session) -> list[RegionInfo]:
    rows = s.execute(select(Region.id, Region.level, Region.parent_id, Region.head_id))
    return [RegionInfo(r.id, r.level, r.parent_id, r.head_id) for r in rows]


def region_polygons(s: Session, level: int) -> dict[str, dict]:
    return {r.id: r.polygon for r in s.scalars(select(Region).where(Region.level == level))}


def to_record(row: TicketRow) -> Ticket:
    values = {name: getattr(row, name) for name in _RECORD_FIELDS}
    loc = (row.lat, row.lon) if row.lat is not None and row.lon is not None else None
    return Ticket(location=loc, **values)


def load(s: Session, ticket_id: str, *, for_update: bool = False) -> tuple[TicketRow, Ticket] | None:
    stmt = select(TicketRow).where(TicketRow.id == ticket_id)
    if for_update:
        stmt = stmt.with_for_update()
    row = s.scalar(stmt)
    return None if row is None else (row, to_record(row))


def next_ticket_id(s: Session, now: datetime) -> str:
    """T<local date>-<4 digits>, numbered per day (the form call centres read out on the phone)."""
    day = now.astimezone(LOCAL).strftime("%Y%m%d")
    name = f"ticket:{day}"
    done = s.execute(update(Counter).where(Counter.name == name).values(value=Counter.value + 1))
    if done.rowcount == 0:
        s.add(Counter(name=name, value=1))
        s.flush()
        n = 1
    else:
        n = s.scalar(select(Counter.value).where(Counter.name == name))
    return f"T{day}-{n:04d}"


def save(s: Session, outcome, row: TicketRow | None = None) -> TicketRow:
    """Write an Outcome: the ticket's fields, its new timeline steps, and its responsibility holds."""
    t: Ticket = outcome.ticket
    if row is None:
        row = TicketRow(id=t.id)
        s.add(row)
    for name in _RECORD_FIELDS:
        value = getattr(t, name)
        setattr(row, name, value.value if hasattr(value, "value") and not isinstance(value, (int, float)) else value)
    row.lat, row.lon = t.location if t.location else (None, None)
    for st in outcome.steps:
        s.add(TicketStep(ticket_id=t.id, at=st.at, actor_id=st.actor_id, action=st.action,
                         from_status=st.from_status.value if st.from_status else None,
                         to_status=st.to_status.value, region_id=st.region_id, assignee_id=st.assignee_id,
                         note=st.note or ""))
    if outcome.hold_released_at is not None:
        s.execute(update(TicketHold).where(TicketHold.ticket_id == t.id, TicketHold.until.is_(None))
                  .values(until=outcome.hold_released_at))
    hold: Hold | None = outcome.hold_opened
    if hold is not None:
        s.add(TicketHold(ticket_id=t.id, holder_id=hold.holder_id, region_id=hold.region_id, level=hold.level,
                         since=hold.since, until=hold.until))
    s.flush()
    return row


def record_values(t: Ticket) -> dict[str, Any]:
    """Column values of a ticket record, for bulk inserts."""
    values = {name: getattr(t, name) for name in _RECORD_FIELDS}
    values = {k: (v.value if hasattr(v, "value") and not isinstance(v, (int, float)) else v) for k, v in values.items()}
    values["lat"], values["lon"] = t.location if t.location else (None, None)
    return values


def fold(outcomes: list) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """A ticket's whole life (a chain of Outcomes) as rows: the ticket, its steps, its holds.

    Bulk inserting these is what `save` would have written step by step, without a flush per step.
    """
    ticket = outcomes[-1].ticket
    steps, holds = [], []
    for out in outcomes:
        for st in out.steps:
            steps.append({"ticket_id": ticket.id, "at": st.at, "actor_id": st.actor_id, "action": st.action,
                          "from_status": st.from_status.value if st.from_status else None,
                          "to_status": st.to_status.value, "region_id": st.region_id,
                          "assignee_id": st.assignee_id, "note": st.note or ""})
        if out.hold_released_at is not None:
            for h in holds:
                if h["until"] is None:
                    h["until"] = out.hold_released_at
        if out.hold_opened is not None:
            h = out.hold_opened
            holds.append({"ticket_id": ticket.id, "holder_id": h.holder_id, "region_id": h.region_id,
                          "level": h.level, "since": h.since, "until": h.until})
    return record_values(ticket), steps, holds


def wire(row: TicketRow) -> dict[str, Any]:
    return ticket_dict(row)


def add_attachment(s: Session, ticket_id: str, kind: str, name: str, url: str, by: str, now: datetime) -> None:
    s.add(Attachment(ticket_id=ticket_id, kind=kind, name=name, url=url, uploaded_by=by, created_at=now))


def detail(s: Session, ticket_id: str) -> dict[str, Any] | None:
    """The ticket with its timeline (时间轴), responsibility axis (责任轴) and attachments."""
    row = s.get(TicketRow, ticket_id)
    if row is None:
        return None
    steps = s.scalars(select(TicketStep).where(TicketStep.ticket_id == ticket_id).order_by(TicketStep.id))
    holds = s.scalars(select(TicketHold).where(TicketHold.ticket_id == ticket_id).order_by(TicketHold.id))
    atts = s.scalars(select(Attachment).where(Attachment.ticket_id == ticket_id).order_by(Attachment.id))
    return {
        "ticket": ticket_dict(row),
        "timeline": [{"at": iso(x.at), "actor_id": x.actor_id, "action": x.action, "from_status": x.from_status,
                      "to_status": x.to_status, "region_id": x.region_id, "assignee_id": x.assignee_id,
                      "note": x.note} for x in steps],
        "responsibility": [{"holder_id": h.holder_id, "region_id": h.region_id, "level": h.level,
                            "since": iso(h.since), "until": iso(h.until)} for h in holds],
        "attachments": [{"kind": a.kind, "name": a.name, "url": a.url, "uploaded_by": a.uploaded_by,
                         "created_at": iso(a.created_at)} for a in atts],
    }


def open_records(s: Session) -> list[tuple[TicketRow, Ticket]]:
    rows = s.scalars(select(TicketRow).where(TicketRow.status.not_in(("closed", "rejected"))))
    return [(r, to_record(r)) for r in rows]
