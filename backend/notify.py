"""Notifications (overdue alerts, new assignments) and the pluggable notifiers that deliver them.

A notifier never raises into its caller: an SLA sweep must keep running when the SMS gateway is
down. Failures are logged and kept on the notifier (`failures`) for the operator to see.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Protocol

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notification:
    """Something a person must hear about. `kind`: "overdue" (a stage ran out of time) or
    "assigned" (a ticket landed on a new holder). Times are aware UTC."""

    kind: str
    ticket_id: str
    stage: str | None
    region_id: str | None
    assignee_id: str | None
    due_at: datetime | None
    message: str
    at: datetime | None = None  # when it was raised

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; times as ISO 8601 UTC ending in Z, like the wire protocol."""
        return {k: _iso(v) if isinstance(v, datetime) else v for k, v in asdict(self).items()}


def _iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


class Notifier(Protocol):
    """Delivers notifications; returns True when delivered. Must not raise."""

    def send(self, notification: Notification) -> bool | None: ...


@dataclass(frozen=True)
class Failure:
    """A notification that could not be delivered, and why."""

    notification: Notification
    error: str
    at: datetime


class LogFileNotifier:
    """Appends one JSON line per notification to a file (append-only; flushed and fsynced)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.failures: list[Failure] = []
        # Several sweeps may share one notifier; whole lines must not interleave.
        self._lock = threading.Lock()

    def send(self, notification: Notification) -> bool:
        line = json.dumps(notification.to_dict(), ensure_ascii=False) + "\n"
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with open(self.path, "a", encoding="utf-8") as f:
                    f.write(line)
                    f.flush()
                    os.fsync(f.fileno())
            return True
        except OSError as exc:
            log.error("notification log %s not written: %s", self.path, exc)
            self.failures.append(Failure(notification, f"{type(exc).__name__}: {exc}", datetime.now(timezone.utc)))
            return False


class WebhookNotifier:
    """POSTs each notification as JSON to `url` (an SMS gateway, a chat bot...).

    Retries on connection errors and 5xx answers, waiting `backoff * 2**attempt` seconds between
    tries; a 4xx answer is not retried (the request itself is wrong). After the last try the
    failure is logged and recorded in `failures`, and `send` returns False.
    """

    def __init__(self, url: str, timeout: float = 5.0, retries: int = 2, backoff: float = 0.5,
                 headers: dict[str, str] | None = None):
        self.url = url
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        self.failures: list[Failure] = []
        self.sent = 0

    def send(self, notification: Notification) -> bool:
        body = json.dumps(notification.to_dict(), ensure_ascii=False).encode("utf-8")
        error = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                request = urllib.request.Request(self.url, data=body, headers=self.headers, method="POST")
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    response.read()
                self.sent += 1
                return True
            except urllib.error.HTTPError as exc:
                error = f"HTTP {exc.code} {exc.reason}"
                if exc.code < 500:
                    break
            except (urllib.error.URLError, OSError, ValueError) as exc:
                # ValueError: a malformed URL; OSError covers timeouts and refused connections.
                error = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
            log.warning("webhook %s attempt %d failed: %s", self.url, attempt + 1, error)
        log.error("notification %s for ticket %s not delivered to %s: %s",
                  notification.kind, notification.ticket_id, self.url, error)
        self.failures.append(Failure(notification, error, datetime.now(timezone.utc)))
        return False


class FanoutNotifier:
    """Sends every notification to each notifier; one failing does not stop the others."""

    def __init__(self, notifiers: Iterable[Notifier]):
        self.notifiers = list(notifiers)

    def send(self, notification: Notification) -> bool:
        """True only when every notifier delivered."""
        delivered = True
        for notifier in self.notifiers:
            try:
                ok = notifier.send(notification)
            except Exception:  # a third-party notifier broke its promise not to raise
                log.exception("notifier %r raised", notifier)
                ok = False
            delivered = delivered and ok is not False
        return delivered
