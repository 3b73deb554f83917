"""Writer jobs for alarms and devices: raise, acknowledge, close, camera online state, gate passes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from .db import queries
from .db.convert import alarm_dict, gate_dict
from .db.models import Alarm, Camera, CameraUrl, Gate, GateEvent
from .writer import OpError, Tx

ALARM_TYPES = {
    "one_key": "一键报警", "care_no_motion": "独居老人无活动", "care_smoke": "烟感报警", "care_fall": "跌倒报警",
    "ai_stranger": "陌生人识别", "ai_crowd": "人员聚集", "ai_intrusion": "区域入侵", "ai_fire": "烟火识别",
    "gate_forced": "门禁强行开启", "gate_tailgating": "尾随进入",
}
LOCAL = ZoneInfo("Asia/Shanghai")
# Which ticket category an alarm becomes when a duty officer turns it into a ticket.
ALARM_CATEGORY = {"one_key": "emergency", "care_no_motion": "livelihood", "care_smoke": "emergency",
                  "care_fall": "emergency", "ai_stranger": "public_security", "ai_crowd": "public_security",
                  "ai_intrusion": "public_security", "ai_fire": "emergency", "gate_forced": "public_security",
                  "gate_tailgating": "public_security"}


def _alarm_for_change(s: Session, alarm_id: str, version: int) -> Alarm:
    a = s.get(Alarm, alarm_id)
    if a is None:
        raise OpError("not_found", f"没有报警 {alarm_id} (no alarm {alarm_id})")
    if a.version != version:
        who = a.acked_by or "另一位用户"
        raise OpError("conflict", f"报警已被 {who} 更新为 {a.status} (alarm changed by {who}: now {a.status})",
                      {"alarm": alarm_dict(a)})
    return a


def _touch(a, now: datetime) -> None:
    a.version += 1
    a.updated_at = now


def raise_alarm(type_: str, region_id: str, *, lat: float | None, lon: float | None, camera_id: str | None = None,
                device_id: str | None = None, resident_id: str | None = None, message: str = "",
                severity: str = "high"):
    if type_ not in ALARM_TYPES:
        raise ValueError(f"unknown alarm type {type_!r}")

    def job(tx: Tx) -> dict[str, Any]:
        a = Alarm(id="A" + uuid.uuid4().hex[:11].upper(), type=type_, status="active", severity=severity,
                  message=message or ALARM_TYPES[type_], region_id=region_id, lat=lat, lon=lon, camera_id=camera_id,
                  device_id=device_id, resident_id=resident_id, raised_at=tx.now, version=1, updated_at=tx.now)
        tx.session.add(a)
        tx.session.flush()
        tx.emit("alarm", "upsert", a.id, alarm_dict(a))
        tx.audit("alarm.raise", "alarm", a.id, type=type_)
        return {"alarm": alarm_dict(a)}

    return job


def ack(alarm_id: str, version: int, note: str, user_id: str, in_scope=lambda region_id: True):
    def job(tx: Tx) -> dict[str, Any]:
        a = _alarm_for_change(tx.session, alarm_id, version)
        if not in_scope(a.region_id):
            raise OpError("forbidden", "该报警不在您负责的网格内 (alarm is outside your grids)")
        if a.status != "active":
            raise OpError("invalid", f"报警已是 {a.status} 状态, 无需确认 (alarm is {a.status}, not active)")
        a.status, a.acked_at, a.acked_by, a.ack_note = "acknowledged", tx.now, user_id, note
        _touch(a, tx.now)
        tx.emit("alarm", "upsert", a.id, alarm_dict(a))
        tx.audit("alarm.ack", "alarm", a.id, note=note)
        return {"alarm": alarm_dict(a)}

    return job


def close(alarm_id: str, version: int, note: str, user_id: str):
    def job(tx: Tx) -> dict[str, Any]:
        a = _alarm_for_change(tx.session, alarm_id, version)
        if a.status == "closed":
            raise OpError("invalid", "报警已关闭 (alarm already closed)")
        if a.status == "active":  # closing an unacknowledged alarm acknowledges it: server time, same person
            a.acked_at, a.acked_by = tx.now, user_id
        a.status, a.closed_at = "closed", tx.now
        a.ack_note = (a.ack_note + "\n" + note).strip() if note else a.ack_note
        _touch(a, tx.now)
        tx.emit("alarm", "upsert", a.id, alarm_dict(a))
        tx.audit("alarm.close", "alarm", a.id, note=note)
        return {"alarm": alarm_dict(a)}

    return job


def set_camera_online(camera_id: str, online: bool, media_base: str):
    def job(tx: Tx) -> dict[str, Any]:
        c = tx.session.get(Camera, camera_id)
        if c is None:
            raise OpError("not_found", f"no camera {camera_id}")
        if c.online == online:
            return {}
        c.online = online
        _touch(c, tx.now)
        tx.session.flush()
        data = queries.camera_one(tx.session, camera_id, media_base)
        tx.emit("camera", "upsert", camera_id, data)
        tx.audit("camera.online" if online else "camera.offline", "camera", camera_id)
        return {"camera": data}

    return job


def announce_media_base(media_base: str):
    """Send again every camera whose URLs the demo media server fills in, with this run's base.

    The server listens on a new port each run and camera URLs are filled in when sent, so a
    console resuming from its cache (events since its last seq) still held the last run's URLs:
    every camera on the wall then failed with "connection refused". A version bump per camera and
    one audit entry; run once when the platform starts.
    """
    def job(tx: Tx) -> dict[str, Any]:
        ids = sorted(tx.session.scalars(select(CameraUrl.camera_id).where(CameraUrl.url.contains("{demo_media}"))
                                        .distinct()))
        for camera_id in ids:
            _touch(tx.session.get(Camera, camera_id), tx.now)
        tx.session.flush()
        for camera_id in ids:
            tx.emit("camera", "upsert", camera_id, queries.camera_one(tx.session, camera_id, media_base))
        if ids:
            tx.audit("camera.media_base", "camera", "*", media_base=media_base, cameras=len(ids))
        return {"cameras": len(ids)}

    return job


def gate_pass(gate_id: str, method: str, direction: str, subject: str, resident_id: str | None,
              anomaly: str | None = None):
    """A pass through a gate is recorded (人过留影, 车过留牌, 卡过留痕); the gate entity carries the count."""

    def job(tx: Tx) -> dict[str, Any]:
        g = tx.session.get(Gate, gate_id)
        if g is None:
            raise OpError("not_found", f"no gate {gate_id}")
        tx.session.add(GateEvent(gate_id=gate_id, at=tx.now, method=method, direction=direction, subject=subject,
                                 resident_id=resident_id, anomaly=anomaly))
        same_day = g.last_pass_at and g.last_pass_at.astimezone(LOCAL).date() == tx.now.astimezone(LOCAL).date()
        g.passes_today = (g.passes_today if same_day else 0) + 1
        g.last_pass_at = tx.now
        _touch(g, tx.now)
        tx.emit("gate", "upsert", g.id, gate_dict(g))
        return {}

    return job
