"""Who is signed in: the user and permissions the server's welcome announced.

Lives on the UI thread; `Feed.drain` calls `welcomed` for every welcome (each reconnect sends
one). Views and `Operations` read it; `sig_changed` fires only when something really changed.
"""

from __future__ import annotations

from typing import Any

from psygnal import Signal


class Session:
    """The signed-in user (`user` dict with id, name, role) and their permission set."""

    sig_changed = Signal()
    """The user, role or permissions changed (not emitted for an identical welcome)."""

    def __init__(self) -> None:
        self.user: dict[str, Any] | None = None
        self.permissions: frozenset[str] = frozenset()
        self.head: int | None = None  # the server's newest seq at the last welcome

    @property
    def signed_in(self) -> bool:
        """True once a welcome came (it stays True while reconnecting: the rights are still known)."""
        return self.user is not None

    @property
    def role(self) -> str | None:
        """The user's role (admin, leader, duty, dispatcher, grid_worker) or None before welcome."""
        return None if self.user is None else self.user.get("role")

    @property
    def user_id(self) -> str | None:
        """The user (login) id; not a staff id."""
        return None if self.user is None else self.user.get("id")

    def can(self, permission: str) -> bool:
        """True when the welcome listed `permission` (a request name, or `staff.phone`, ...)."""
        return permission in self.permissions

    def welcomed(self, user: dict[str, Any], permissions: frozenset[str], head: int) -> None:
        """Record a welcome; emits `sig_changed` when the user or the permissions differ."""
        self.head = head
        permissions = frozenset(permissions)
        if user == self.user and permissions == self.permissions:
            return
        self.user = dict(user)
        self.permissions = permissions
        self.sig_changed.emit()

    def clear(self) -> None:
        """Sign out (e.g. the token was refused)."""
        if self.user is None and not self.permissions:
            return
        self.user = None
        self.permissions = frozenset()
        self.head = None
        self.sig_changed.emit()
