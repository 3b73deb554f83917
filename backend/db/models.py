"""Typed SQLAlchemy 2.0 models of the platform: grids, staff, users, tickets, alarms, devices, logs.

Rows never leave `backend.db`: `backend.db.convert` turns them into plain records and wire dicts.
Nothing here is SQLite-only, so a PostgreSQL URL works unchanged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .types import UTCDateTime

SCHEMA_VERSION = 1


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Versioned:
    """Every pushed entity carries a version that grows on every change (PROTOCOL.md)."""

    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime | None]


# --- grids -------------------------------------------------------------------------------------


class Region(Versioned, Base):
    """A grid of any level: 0 district, 1 street, 2 community, 3 grid, 4 building micro-grid."""

    __tablename__ = "regions"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("regions.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    polygon: Mapped[dict[str, Any]]  # GeoJSON Polygon or MultiPolygon geometry, WGS-84
    centroid_lat: Mapped[float] = mapped_column(Float)
    centroid_lon: Mapped[float] = mapped_column(Float)
    head_id: Mapped[str | None] = mapped_column(String(40))  # staff id; no FK: staff rows reference regions
    households: Mapped[int] = mapped_column(Integer, default=0)
    population: Mapped[int] = mapped_column(Integer, default=0)
    area_km2: Mapped[float] = mapped_column(Float, default=0.0)


# --- people who work the grids -------------------------------------------------------------------


class Staff(Versioned, Base):
    """A worker of the grid system (网格长, 网格员, 网格警务员, 物业管理员, 网格党小组长, 社区书记...)."""

    __tablename__ = "staff"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(30))  # grid_head, grid_worker, grid_police, property, party_group, community_secretary, community_worker, street_leader
    phone: Mapped[str] = mapped_column(String(20))
    gender: Mapped[str] = mapped_column(String(2), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class StaffRegion(Base):
    """Which grids a staff member serves and in which duty."""

    __tablename__ = "staff_regions"
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), primary_key=True, index=True)
    duty: Mapped[str] = mapped_column(String(30), default="")


class User(Base):
    """A login of the console: role decides permissions, staff link decides grid scope."""

    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(20))  # admin, leader, duty, dispatcher, grid_worker
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class AccessToken(Base):
    """Tokens are kept only as SHA-256 digests: a leaked database leaks no usable token."""

    __tablename__ = "access_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


# --- the closed loop ---------------------------------------------------------------------------


class Ticket(Versioned, Base):
    """A reported problem (事件/工单) and where it stands in the closed loop."""

    __tablename__ = "tickets"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    category: Mapped[str] = mapped_column(String(40), index=True)
    source: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)
    origin_region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)
    level: Mapped[int] = mapped_column(Integer)
    assignee_id: Mapped[str | None] = mapped_column(String(40), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str] = mapped_column(String(200), default="")
    reporter_name: Mapped[str] = mapped_column(String(50), default="")
    reporter_phone: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(index=True)
    stage: Mapped[str | None] = mapped_column(String(20))
    stage_started_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    handle_due_at: Mapped[datetime | None] = mapped_column(index=True)
    sla_state: Mapped[str] = mapped_column(String(10), default="ok")
    ever_overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    rework_count: Mapped[int] = mapped_column(Integer, default=0)
    escalation_count: Mapped[int] = mapped_column(Integer, default=0)
    extension_count: Mapped[int] = mapped_column(Integer, default=0)
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    accepted_at: Mapped[datetime | None]
    dispatched_at: Mapped[datetime | None]
    feedback_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None] = mapped_column(index=True)
    closed_on_time: Mapped[bool | None] = mapped_column(Boolean)
    alarm_id: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (
        Index("ix_tickets_open", "status", "region_id"),
        # Covering index of the statistics (backend.stats_frame): led by the closed_at / handle_due_at
        # ranges of the candidate rule, then every column the indicators read, so that a month over
        # 100,000 tickets is read from the index alone.
        Index("ix_tickets_stats", "closed_at", "handle_due_at", "status", "accepted_at", "origin_region_id",
              "created_at", "dispatched_at", "feedback_at", "closed_on_time", "rework_count", "extension_count",
              "satisfaction", "category", "source", "assignee_id"),
    )


class TicketStep(Base):
    """One entry of the timeline (时间轴): who did what, when, from which status to which."""

    __tablename__ = "ticket_steps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime]
    actor_id: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    region_id: Mapped[str | None] = mapped_column(String(40))
    assignee_id: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")


class TicketHold(Base):
    """One span of the responsibility axis (责任轴): who held the ticket from when until when."""

    __tablename__ = "ticket_holds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), index=True)
    holder_id: Mapped[str | None] = mapped_column(String(40))
    region_id: Mapped[str | None] = mapped_column(String(40))
    level: Mapped[int] = mapped_column(Integer)
    since: Mapped[datetime]
    until: Mapped[datetime | None]


class Attachment(Base):
    """A photo, video or document attached to a ticket (before / after handling)."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # photo_before, photo_after, video, document
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    uploaded_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]


# --- devices and alarms ------------------------------------------------------------------------


class Camera(Versioned, Base):
    __tablename__ = "cameras"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    online: Mapped[bool] = mapped_column(Boolean, default=True)
    ai: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(20), default="bullet")  # bullet, dome, panoramic, face


class CameraUrl(Base):
    """A camera has several URLs (main/sub stream; rtsp, http-flv, http-ts, hls, file): the player picks."""

    __tablename__ = "camera_urls"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    camera_id: Mapped[str] = mapped_column(ForeignKey("cameras.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # main, sub
    protocol: Mapped[str] = mapped_column(String(10))  # rtsp, http-flv, http-ts, hls, file
    url: Mapped[str] = mapped_column(String(500))


class Alarm(Versioned, Base):
    """Something that needs a person now: one-key alarm, care sensor, AI camera event, gate anomaly."""

    __tablename__ = "alarms"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), index=True)  # active, acknowledged, closed
    severity: Mapped[str] = mapped_column(String(10), default="high")
    message: Mapped[str] = mapped_column(String(300), default="")
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    camera_id: Mapped[str | None] = mapped_column(String(40))
    device_id: Mapped[str | None] = mapped_column(String(40))
    resident_id: Mapped[str | None] = mapped_column(String(40))
    raised_at: Mapped[datetime] = mapped_column(index=True)
    acked_at: Mapped[datetime | None]
    acked_by: Mapped[str | None] = mapped_column(String(40))
    ack_note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None]
    ticket_id: Mapped[str | None] = mapped_column(String(40))


class Gate(Versioned, Base):
    """An access gate (门禁/道闸): 人过留影, 车过留牌, 卡过留痕."""

    __tablename__ = "gates"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)
    compound_id: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))  # pedestrian, vehicle
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    online: Mapped[bool] = mapped_column(Boolean, default=True)
    passes_today: Mapped[int] = mapped_column(Integer, default=0)
    last_pass_at: Mapped[datetime | None]


class GateEvent(Base):
    __tablename__ = "gate_events"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    gate_id: Mapped[str] = mapped_column(ForeignKey("gates.id"), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
    method: Mapped[str] = mapped_column(String(10))  # face, plate, card
    direction: Mapped[str] = mapped_column(String(5))  # in, out
    subject: Mapped[str] = mapped_column(String(40))  # plate number or card number; faces by resident id
    resident_id: Mapped[str | None] = mapped_column(String(40))
    anomaly: Mapped[str | None] = mapped_column(String(30))  # stranger, tailgating, forced


# --- logs ---------------------------------------------------------------------------------------


class EventLog(Base):
    """The ordered stream every console subscribes to; seq comes from `Counter` under its row lock."""

    __tablename__ = "event_log"
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False)
    ts: Mapped[datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    op: Mapped[str] = mapped_column(String(10))
    entity_id: Mapped[str] = mapped_column(String(40))
    data: Mapped[str | None] = mapped_column(Text)  # the JSON text exactly as sent on the wire


class Counter(Base):
    """Named counters; updating the row takes its lock, which orders seq allocation across replicas."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)


class AuditRecord(Base):
    """Every change and every reveal of personal data: who, when, what, why."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[str] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(40))
    target_kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(String(40))
    request_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]]


class RequestLog(Base):
    """Replies kept by (user, request id) so a retried request has no second effect, even after a restart."""

    __tablename__ = "request_log"
    user_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    request_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    reply: Mapped[str] = mapped_column(Text)  # the reply frame's JSON text
