"""Resident look-ups: search returns masked records; reveal shows one field to allowed roles, audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .db.models import Region
from .db.models_people import Resident
from .idcard import mask_id, mask_phone
from .writer import OpError, Tx

_PUBLIC_FIELDS = ("id", "name", "gender", "ethnicity", "registered_address", "current_address", "household_id",
                  "relation_to_head", "house_id", "region_id", "political_status", "education", "occupation",
                  "employer", "marital_status", "resident_type", "health", "care_tags", "vaccination",
                  "religion", "native_place", "blood_type", "military_service", "insurance", "notes")


def _age(r: Resident, today) -> int:
    return today.year - r.birth_date.year - ((today.month, today.day) < (r.birth_date.month, r.birth_date.day))


def resident_dict(r: Resident, today) -> dict[str, Any]:
    """A resident as any console user may see it: ID number and phone masked, vehicles' plates masked."""
    d = {f: getattr(r, f) for f in _PUBLIC_FIELDS}
    d.update(id_number=mask_id(r.id_number), phone=mask_phone(r.phone), birth_date=r.birth_date.isoformat(),
             age=_age(r, today), move_in_date=r.move_in_date.isoformat(),
             vehicles=[p[:2] + "***" + p[-1:] for p in (r.vehicles or [])], masked=True)
    return d


def subtree(s: Session, root_id: str) -> set[str]:
    """Ids of a region and every region below it."""
    found, frontier = {root_id}, [root_id]
    while frontier:
        children = list(s.scalars(select(Region.id).where(Region.parent_id.in_(frontier))))
        frontier = [c for c in children if c not in found]
        found.update(frontier)
    return found


def scope_regions(s: Session, role: str, region_ids: frozenset[str]) -> set[str] | None:
    """None = everywhere; grid workers see residents of their own grids (and below) only."""
    if role != "grid_worker":
        return None
    allowed: set[str] = set()
    for rid in region_ids:
        allowed |= subtree(s, rid)
    return allowed


def search(s: Session, *, role: str, region_ids: frozenset[str], query: str, region_id: str | None,
           tags: list[str], limit: int, offset: int, today) -> dict[str, Any]:
    stmt = select(Resident)
    scope = scope_regions(s, role, region_ids)
    if region_id is not None:
        if s.get(Region, region_id) is None:
            raise OpError("not_found", f"没有网格 {region_id} (no region {region_id})")
        wanted = subtree(s, region_id)
        if scope is not None:
            wanted &= scope
        stmt = stmt.where(Resident.region_id.in_(wanted))
    elif scope is not None:
        stmt = stmt.where(Resident.region_id.in_(scope))
    q = query.strip()
    if q:
        lit = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")  # the user's text is literal
        like = f"%{lit}%"
        # ID numbers and phones match by their end only: a search must not become a way to unmask them
        stmt = stmt.where(or_(Resident.name.like(like, escape="\\"), Resident.current_address.like(like, escape="\\"),
                              Resident.id_number.like(f"%{lit}", escape="\\") if len(q) >= 4 else False,
                              Resident.phone.like(f"%{lit}", escape="\\") if len(q) >= 4 else False))
    if tags:  # tags live in a JSON list; filter in Python to stay portable across SQLite and PostgreSQL
        rows = [r for r in s.scalars(stmt.order_by(Resident.id)) if set(tags) <= set(r.care_tags or [])]
        total, page = len(rows), rows[offset:offset + limit]
    else:
        total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        page = list(s.scalars(stmt.order_by(Resident.id).offset(offset).limit(limit)))
    return {"total": total, "offset": offset, "residents": [resident_dict(r, today) for r in page]}


def get_one(s: Session, resident_id: str, today, role: str, region_ids: frozenset[str]) -> dict[str, Any]:
    r = s.get(Resident, resident_id)
    if r is None:
        raise OpError("not_found", f"没有居民 {resident_id} (no resident {resident_id})")
    scope = scope_regions(s, role, region_ids)
    if scope is not None and r.region_id not in scope:
        raise OpError("forbidden", "该居民不在您负责的网格内 (resident is outside your grids)")
    return resident_dict(r, today)


def reveal_job(resident_id: str, field: str, reason: str, role: str, region_ids: frozenset[str]):
    """A writer job: returns the unmasked field and leaves an audit record naming the reason."""

    def job(tx: Tx) -> dict[str, Any]:
        r = tx.session.get(Resident, resident_id)
        if r is None:
            raise OpError("not_found", f"没有居民 {resident_id} (no resident {resident_id})")
        scope = scope_regions(tx.session, role, region_ids)
        if scope is not None and r.region_id not in scope:
            raise OpError("forbidden", "该居民不在您负责的网格内 (resident is outside your grids)")
        if not reason.strip():
            raise OpError("invalid", "查看原因不能为空 (a reason is required)")
        tx.audit("resident.reveal", "resident", resident_id, field=field, reason=reason)
        return {"resident_id": resident_id, "field": field, "value": getattr(r, field)}

    return job
