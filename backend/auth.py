"""Who may do what: role permissions, hashed access tokens and passwords."""

from __future__ import annotations

import hashlib
import hmac
import secrets

ROLES = ("admin", "leader", "duty", "dispatcher", "grid_worker")

_READ = {"ticket.get", "resident.search", "resident.get", "stats.query", "place.search"}
# Aggregates and the overdue list for dashboards and bulletins: no personal data, every role reads them.
_STATS = {"stats.population", "stats.staff", "stats.alarms", "stats.overdue"}
_TICKET_HANDLING = {"ticket.start", "ticket.feedback", "ticket.verify"}
_DISPATCH = {"ticket.create", "ticket.accept", "ticket.reject", "ticket.assign", "ticket.escalate",
             "ticket.evaluate", "ticket.close", "ticket.extend", "alarm.ack", "alarm.close", "alarm.to_ticket"}
# Seeing unmasked phones of staff: the people who have to ring a grid worker.
STAFF_PHONE = "staff.phone"

_READ |= _STATS

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(_READ | _DISPATCH | _TICKET_HANDLING | {"resident.reveal", STAFF_PHONE, "user.manage"}),
    "leader": frozenset(_READ | _DISPATCH | _TICKET_HANDLING | {"resident.reveal", STAFF_PHONE}),
    "dispatcher": frozenset(_READ | _DISPATCH | {STAFF_PHONE}),
    "duty": frozenset(_READ | {"ticket.create", "ticket.accept", "ticket.reject", "alarm.ack", "alarm.close",
                               "alarm.to_ticket", STAFF_PHONE}),
    # Grid workers act on their own grids only; the workflow checks the scope.
    "grid_worker": frozenset(_READ | _TICKET_HANDLING | {"ticket.create", "alarm.ack", "resident.reveal"}),
}


def permissions_for(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())


def new_token() -> str:
    """A URL-safe access token with 256 bits of entropy."""
    return "gl_" + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    # Tokens are random and long, so a plain SHA-256 is enough (no salt or stretching needed).
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str, *, salt: bytes | None = None, rounds: int = 200_000) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, rounds)
    return f"pbkdf2_sha256${rounds}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        scheme, rounds, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(rounds))
    return hmac.compare_digest(candidate.hex(), digest)
