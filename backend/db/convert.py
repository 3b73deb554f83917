"""Rows → wire dicts (PROTOCOL.md field names). The only place that knows both shapes."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from .models import Alarm, Camera, CameraUrl, Gate, Region, Staff, Ticket
from .models_people import PartyOrg


def iso(t: datetime | None) -> str | None:
    """ISO 8601 UTC with milliseconds and a Z, as the protocol requires."""
    if t is None:
        return None
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is None:
        raise ValueError(f"time {text!r} has no zone; send UTC ending in Z")
    return t.astimezone(timezone.utc)


def _loc(lat: float | None, lon: float | None) -> dict[str, float] | None:
    return None if lat is None or lon is None else {"lat": lat, "lon": lon}


def region_dict(r: Region) -> dict[str, Any]:
    return {
        "id": r.id, "version": r.version, "level": r.level, "parent_id": r.parent_id, "code": r.code,
        "name": r.name, "polygon": r.polygon, "centroid": {"lat": r.centroid_lat, "lon": r.centroid_lon},
        "head_id": r.head_id, "households": r.households, "population": r.population,
        "area_km2": r.area_km2, "updated_at": iso(r.updated_at),
    }


def ticket_dict(t: Ticket) -> dict[str, Any]:
    from ..idcard import mask_phone

    return {
        "id": t.id, "version": t.version, "status": t.status, "category": t.category, "source": t.source,
        "priority": t.priority, "title": t.title, "description": t.description, "region_id": t.region_id,
        "origin_region_id": t.origin_region_id, "assignee_id": t.assignee_id, "level": t.level,
        "location": _loc(t.lat, t.lon), "address": t.address, "reporter_name": t.reporter_name,
        # reporters' phones are never pushed in full; resident.reveal-style access is by request only
        "reporter_phone": mask_phone(t.reporter_phone) if t.reporter_phone else "",
        "created_at": iso(t.created_at), "stage": t.stage, "stage_started_at": iso(t.stage_started_at),
        "due_at": iso(t.due_at), "handle_due_at": iso(t.handle_due_at), "sla_state": t.sla_state,
        "ever_overdue": t.ever_overdue, "rework_count": t.rework_count, "escalation_count": t.escalation_count,
        "extension_count": t.extension_count, "satisfaction": t.satisfaction, "accepted_at": iso(t.accepted_at),
        "dispatched_at": iso(t.dispatched_at), "feedback_at": iso(t.feedback_at), "closed_at": iso(t.closed_at),
        "closed_on_time": t.closed_on_time, "alarm_id": t.alarm_id, "updated_at": iso(t.updated_at),
    }


def alarm_dict(a: Alarm) -> dict[str, Any]:
    return {
        "id": a.id, "version": a.version, "type": a.type, "status": a.status, "severity": a.severity,
        "message": a.message, "region_id": a.region_id, "location": _loc(a.lat, a.lon),
        "camera_id": a.camera_id, "device_id": a.device_id, "raised_at": iso(a.raised_at),
        "acked_at": iso(a.acked_at), "acked_by": a.acked_by, "ack_note": a.ack_note,
        "closed_at": iso(a.closed_at), "ticket_id": a.ticket_id, "updated_at": iso(a.updated_at),
    }


def camera_dict(c: Camera, urls: list[CameraUrl], media_base: str = "") -> dict[str, Any]:
    return {
        "id": c.id, "version": c.version, "name": c.name, "region_id": c.region_id,
        "location": _loc(c.lat, c.lon), "online": c.online, "ai": c.ai, "kind": c.kind,
        "urls": [{"role": u.role, "protocol": u.protocol, "url": u.url.replace("{demo_media}", media_base)}
                 for u in urls],
        "updated_at": iso(c.updated_at),
    }


def staff_dict(s: Staff, region_ids: list[str]) -> dict[str, Any]:
    """The full record; `mask_staff` makes the copy for viewers without the staff.phone permission."""
    return {"id": s.id, "version": s.version, "name": s.name, "role": s.role, "region_ids": region_ids,
            "phone": s.phone, "gender": s.gender, "active": s.active, "updated_at": iso(s.updated_at)}


def mask_staff(data: dict[str, Any]) -> dict[str, Any]:
    from ..idcard import mask_phone

    return {**data, "phone": mask_phone(data["phone"]) if data.get("phone") else ""}


def gate_dict(g: Gate) -> dict[str, Any]:
    return {"id": g.id, "version": g.version, "name": g.name, "region_id": g.region_id,
            "compound_id": g.compound_id, "kind": g.kind, "location": _loc(g.lat, g.lon), "online": g.online,
            "passes_today": g.passes_today, "last_pass_at": iso(g.last_pass_at), "updated_at": iso(g.updated_at)}


def party_org_dict(p: PartyOrg) -> dict[str, Any]:
    return {"id": p.id, "version": p.version, "name": p.name, "kind": p.kind, "parent_id": p.parent_id,
            "region_id": p.region_id, "secretary_name": p.secretary_name, "member_count": p.member_count,
            "location": _loc(p.lat, p.lon), "updated_at": iso(p.updated_at)}
