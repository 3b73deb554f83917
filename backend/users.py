"""Users and access tokens: add a user, issue a token, resolve a token to an actor."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from .auth import ROLES, check_password, new_token, permissions_for, token_digest
from .db.models import AccessToken, StaffRegion, User


@dataclass(frozen=True)
class Principal:
    """An authenticated user as the hub sees it."""

    user_id: str
    name: str
    display_name: str
    role: str
    staff_id: str | None
    region_ids: frozenset[str]
    permissions: frozenset[str]


class UserError(ValueError):
    pass


def add_user(s: Session, name: str, role: str, display_name: str | None = None, staff_id: str | None = None,
             password_hash: str | None = None, now: datetime | None = None) -> User:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if s.scalar(select(User).where(User.name == name)) is not None:
        raise UserError(f"user {name!r} exists already")
    user = User(id="U-" + uuid.uuid4().hex[:12], name=name, display_name=display_name or name, role=role,
                staff_id=staff_id, password_hash=password_hash, created_at=now or datetime.now(timezone.utc))
    s.add(user)
    s.flush()
    return user


def issue_token(s: Session, name: str, ttl: timedelta | None = None, now: datetime | None = None) -> str:
    """Create a token for user `name`; only its digest is stored, so this is the one chance to see it."""
    user = s.scalar(select(User).where(User.name == name))
    if user is None:
        raise UserError(f"no user {name!r}")
    now = now or datetime.now(timezone.utc)
    token = new_token()
    s.add(AccessToken(user_id=user.id, token_hash=token_digest(token), created_at=now,
                      expires_at=now + ttl if ttl else None))
    return token


def _principal(s: Session, user: User) -> Principal:
    regions: frozenset[str] = frozenset()
    if user.staff_id:
        regions = frozenset(s.scalars(select(StaffRegion.region_id).where(StaffRegion.staff_id == user.staff_id)))
    return Principal(user.id, user.name, user.display_name, user.role, user.staff_id, regions,
                     permissions_for(user.role))


def authenticate(s: Session, token: str, now: datetime | None = None) -> Principal | None:
    """The user behind a token, or None when the token is unknown, revoked, expired or the user disabled."""
    now = now or datetime.now(timezone.utc)
    row = s.scalar(select(AccessToken).where(AccessToken.token_hash == token_digest(token)))
    if row is None or row.revoked or (row.expires_at is not None and row.expires_at <= now):
        return None
    user = s.get(User, row.user_id)
    if user is None or user.disabled:
        return None
    return _principal(s, user)


def authenticate_password(s: Session, name: str, password: str) -> Principal | None:
    user = s.scalar(select(User).where(User.name == name))
    if user is None or user.disabled or not check_password(password, user.password_hash):
        return None
    return _principal(s, user)
