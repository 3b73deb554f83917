"""The one door from the network thread to the UI thread: a thread-safe queue of typed items.

The network thread `put`s what it decoded; the UI thread `drain`s at most once per frame and
applies it in order to the Store, the Session and the Operations. Consecutive event batches are
merged so a burst of a thousand events is one `store.apply` and one `sig_changed`.
"""

from __future__ import annotations

import collections
import logging
import threading
from dataclasses import dataclass, replace
from typing import Any, Union

from console.protocol import Event, Reply
from console.store import ConnectionStatus, Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Welcomed:
    """The server accepted the handshake: who we are and what we may do."""

    user: dict[str, Any]
    permissions: frozenset[str]
    head: int


@dataclass(frozen=True)
class SnapshotReady:
    """A complete snapshot: replace the whole state (kind → list of entities)."""

    seq: int
    entities: dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class Events:
    """Protocol `Event`s in seq order, consecutive with what came before."""

    events: list[Event]


@dataclass(frozen=True)
class Status:
    """What the connection indicator should show now."""

    status: ConnectionStatus


@dataclass(frozen=True)
class ReplyItem:
    """The server's reply to one of our requests."""

    reply: Reply


Item = Union[Welcomed, SnapshotReady, Events, Status, ReplyItem]


class Feed:
    """Thread-safe FIFO of `Item`s: `put` on any thread, `drain` on the UI thread."""

    def __init__(self) -> None:
        self._items: collections.deque[Item] = collections.deque()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def put(self, item: Item) -> None:
        """Queue one item (network thread). Events join a queued Events item still waiting."""
        with self._lock:
            # Merging into the tail is safe: drain pops under this lock, so the tail is unseen.
            if isinstance(item, Events) and self._items and isinstance(self._items[-1], Events):
                self._items[-1].events.extend(item.events)
                return
            if isinstance(item, Events):
                item = Events(list(item.events))  # our own list, so merging never touches the caller's
            self._items.append(item)

    def drain(self, store: Store, operations: Any = None, session: Any = None,
              max_items: int | None = None) -> int:
        """Apply queued items in order (UI thread); return how many were handled.

        Snapshot → `store.load`; consecutive Events → one `store.apply`; Status →
        `store.set_status` (a non-live status keeps the store's `data_as_of`); Welcomed →
        `session.welcomed`; ReplyItem → `operations.on_reply`.
        Items for a missing `operations` or `session` are dropped.
        """
        with self._lock:
            n = len(self._items) if max_items is None else min(max_items, len(self._items))
            batch = [self._items.popleft() for _ in range(n)]
        pending: list[Event] = []
        for item in batch:
            if isinstance(item, Events):
                pending.extend(item.events)
                continue
            if pending:
                self._apply(store, pending)
                pending = []
            if isinstance(item, SnapshotReady):
                store.load(item.seq, item.entities)
            elif isinstance(item, Status):
                status = item.status
                if status.state != "live" and status.data_as_of is None and store.status.data_as_of:
                    # Still showing cached data: keep saying how old it is until live.
                    status = replace(status, data_as_of=store.status.data_as_of)
                store.set_status(status)
            elif isinstance(item, Welcomed):
                if session is not None:
                    session.welcomed(item.user, item.permissions, item.head)
            elif isinstance(item, ReplyItem):
                if operations is not None:
                    operations.on_reply(item.reply)
            else:
                log.warning("feed: unknown item %r dropped", item)
        if pending:
            self._apply(store, pending)
        return len(batch)

    @staticmethod
    def _apply(store: Store, events: list[Event]) -> None:
        # Apply only the part that follows the store without a gap: Store.apply would raise midway
        # and lose the change signal of what it had applied. A gap here means the store was loaded
        # from elsewhere (a cache at another seq); the next snapshot repairs it.
        seq = store.seq
        good = []
        for ev in events:
            if ev.seq <= seq:
                continue
            if ev.seq != seq + 1:
                log.error("feed: store at seq %s cannot apply event %s; %d events dropped",
                          seq, ev.seq, len(events) - len(good))
                break
            good.append(ev)
            seq = ev.seq
        if good:
            store.apply(good)
