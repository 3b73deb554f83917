"""Typed models of places and people: 人进户, 户进房, 房进网格; party, volunteers, wishes, notices."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, Versioned


class Compound(Base):
    """A residential compound (小区)."""

    __tablename__ = "compounds"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)  # the level-3 grid
    address: Mapped[str] = mapped_column(String(200))
    property_company: Mapped[str] = mapped_column(String(100), default="")


class Building(Base):
    """A building (楼栋); its micro-grid (level 4) is the region with the same footprint."""

    __tablename__ = "buildings"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    compound_id: Mapped[str] = mapped_column(ForeignKey("compounds.id"), index=True)
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)  # the level-4 micro-grid
    number: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(200))
    floors: Mapped[int] = mapped_column(Integer)
    units: Mapped[int] = mapped_column(Integer)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    head_resident_id: Mapped[str | None] = mapped_column(String(40))  # 楼栋长


class House(Base):
    """A dwelling (房): a unit of a building, owned or rented or empty."""

    __tablename__ = "houses"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    building_id: Mapped[str] = mapped_column(ForeignKey("buildings.id"), index=True)
    unit: Mapped[int] = mapped_column(Integer)
    floor: Mapped[int] = mapped_column(Integer)
    room: Mapped[str] = mapped_column(String(10))
    area_m2: Mapped[float] = mapped_column(Float)
    usage: Mapped[str] = mapped_column(String(10))  # owner, rented, vacant, commercial


class Household(Base):
    """A household (户) living in one house."""

    __tablename__ = "households"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    house_id: Mapped[str] = mapped_column(ForeignKey("houses.id"), index=True)
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)  # the level-3 grid
    head_resident_id: Mapped[str | None] = mapped_column(String(40))
    registration: Mapped[str] = mapped_column(String(20))  # family, collective
    size: Mapped[int] = mapped_column(Integer)


class Resident(Base):
    """A person (人) with the ~31 fields the sources collect. Never pushed; fetched by request, masked."""

    __tablename__ = "residents"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    gender: Mapped[str] = mapped_column(String(2))
    ethnicity: Mapped[str] = mapped_column(String(20))
    birth_date: Mapped[date] = mapped_column(Date)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    registered_address: Mapped[str] = mapped_column(String(200))  # 户籍地址
    current_address: Mapped[str] = mapped_column(String(200))  # 现住址
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    relation_to_head: Mapped[str] = mapped_column(String(10))
    house_id: Mapped[str] = mapped_column(ForeignKey("houses.id"), index=True)
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)  # the level-3 grid
    political_status: Mapped[str] = mapped_column(String(20))  # 中共党员, 共青团员, 群众, ...
    education: Mapped[str] = mapped_column(String(20))
    occupation: Mapped[str] = mapped_column(String(40))
    employer: Mapped[str] = mapped_column(String(100))
    marital_status: Mapped[str] = mapped_column(String(10))
    resident_type: Mapped[str] = mapped_column(String(10), index=True)  # registered, floating, overseas
    move_in_date: Mapped[date] = mapped_column(Date)
    health: Mapped[str] = mapped_column(String(20))
    care_tags: Mapped[list[Any]] = mapped_column(JSON, default=list)  # elderly_alone, disabled, low_income, veteran, ...
    vaccination: Mapped[str] = mapped_column(String(20))
    vehicles: Mapped[list[Any]] = mapped_column(JSON, default=list)  # plate numbers
    religion: Mapped[str] = mapped_column(String(20), default="无")
    native_place: Mapped[str] = mapped_column(String(50))  # 籍贯
    blood_type: Mapped[str] = mapped_column(String(4), default="")
    military_service: Mapped[str] = mapped_column(String(20), default="")
    insurance: Mapped[str] = mapped_column(String(40), default="")
    emergency_contact: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_residents_region_type", "region_id", "resident_type"),)


# --- party organisations follow the grids (党建) -------------------------------------------------


class PartyOrg(Versioned, Base):
    """Community party committee → grid party branch → party group (党委 → 党支部 → 党小组)."""

    __tablename__ = "party_orgs"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # committee, branch, group
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("party_orgs.id"))
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)
    secretary_name: Mapped[str] = mapped_column(String(50))
    member_count: Mapped[int] = mapped_column(Integer, default=0)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)


class PartyMember(Base):
    __tablename__ = "party_members"
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("party_orgs.id"), index=True)
    joined_on: Mapped[date] = mapped_column(Date)
    household_flag: Mapped[bool] = mapped_column(Boolean, default=True)  # 党员户 plaque shown


# --- volunteers, points, wishes, notices ----------------------------------------------------------


class VolunteerTeam(Base):
    __tablename__ = "volunteer_teams"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)
    leader_resident_id: Mapped[str | None] = mapped_column(String(40))
    member_count: Mapped[int] = mapped_column(Integer, default=0)


class VolunteerActivity(Base):
    __tablename__ = "volunteer_activities"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("volunteer_teams.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime]
    points: Mapped[int] = mapped_column(Integer)
    participants: Mapped[int] = mapped_column(Integer, default=0)


class PointsEntry(Base):
    """The points ledger (积分): earned by volunteering, redeemed at shops; append-only."""

    __tablename__ = "points_ledger"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    at: Mapped[datetime]
    delta: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    activity_id: Mapped[str | None] = mapped_column(String(40))


class Wish(Base):
    """A micro-wish (微心愿) of a resident in need, claimed by a volunteer or party member."""

    __tablename__ = "wishes"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))  # open, claimed, fulfilled
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]


class Notice(Base):
    """A broadcast warning or notice to grid heads and residents, with delivery tracking."""

    __tablename__ = "notices"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(10))  # info, warning, urgent
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"))
    audience: Mapped[str] = mapped_column(String(20))  # staff, residents, all
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(40))
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    delivered: Mapped[int] = mapped_column(Integer, default=0)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
