"""The console's single source of truth: entities by kind, applied in seq order, with events.

Views never keep their own copy: they read `Store.get`/`Store.all` and listen to the events,
which fire once per real change (napari style). Optimistic changes are an overlay on top of the
confirmed state, keyed by request id, so a rejected request simply drops its overlay.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any, Mapping

from psygnal import Signal

Entity = dict[str, Any]


@dataclass(frozen=True)
class Change:
    """One entity that changed in a batch: `new` is None when it was removed, `old` None when new."""

    kind: str
    id: str
    old: Entity | None
    new: Entity | None


@dataclass(frozen=True)
class ConnectionStatus:
    """What the connection indicator shows; it never claims more than is known."""

    state: str  # "connecting", "live", "reconnecting", "offline"
    since: datetime
    detail: str = ""
    data_as_of: datetime | None = None  # when the shown data was last known live (cached data)

    @property
    def stale(self) -> bool:
        return self.state != "live"


@dataclass
class _Overlay:
    kind: str
    id: str
    entity: Entity | None  # None: optimistically hidden


@dataclass
class Store:
    """Entities by kind and id as of `seq`, plus optimistic overlays."""

    sig_reset = Signal()  # everything was replaced (a snapshot or the cache was loaded)
    sig_changed = Signal(list)  # list[Change], once per applied batch, in seq order
    sig_status = Signal(object)  # ConnectionStatus

    seq: int = 0
    _entities: dict[str, dict[str, Entity]] = field(default_factory=dict)
    _overlays: dict[str, _Overlay] = field(default_factory=dict)  # request id -> overlay
    status: ConnectionStatus = field(
        default_factory=lambda: ConnectionStatus("connecting", datetime.now(timezone.utc)))

    # --- reading --------------------------------------------------------------------------------

    def get(self, kind: str, entity_id: str) -> Entity | None:
        """The entity as the user should see it now (optimistic overlay first)."""
        for ov in reversed(self._overlays.values()):
            if ov.kind == kind and ov.id == entity_id:
                return ov.entity
        return self._entities.get(kind, {}).get(entity_id)

    def confirmed(self, kind: str, entity_id: str) -> Entity | None:
        """The entity as the server last said, ignoring optimistic overlays."""
        return self._entities.get(kind, {}).get(entity_id)

    def all(self, kind: str) -> list[Entity]:
        base = self._entities.get(kind, {})
        if not any(ov.kind == kind for ov in self._overlays.values()):
            return list(base.values())
        merged = dict(base)
        for ov in self._overlays.values():
            if ov.kind == kind:
                if ov.entity is None:
                    merged.pop(ov.id, None)
                else:
                    merged[ov.id] = ov.entity
        return list(merged.values())

    def kinds(self) -> Mapping[str, Mapping[str, Entity]]:
        return MappingProxyType(self._entities)

    def count(self, kind: str) -> int:
        return len(self._entities.get(kind, {}))

    # --- applying the stream --------------------------------------------------------------------

    def load(self, seq: int, entities: dict[str, list[Entity]] | dict[str, dict[str, Entity]]) -> None:
        """Replace everything (a snapshot, or the cache at start-up)."""
        self._entities = {kind: (dict(items) if isinstance(items, dict) else {e["id"]: e for e in items})
                          for kind, items in entities.items()}
        self.seq = seq
        self.sig_reset.emit()

    def apply(self, events: list[Any]) -> list[Change]:
        """Apply events (objects with seq, kind, op, id, data) in order; duplicates are skipped.

        A gap is the connection's business (it resyncs); here it is a programming error.
        """
        changes: list[Change] = []
        for ev in events:
            if ev.seq <= self.seq:
                continue
            if ev.seq != self.seq + 1:
                raise ValueError(f"store at seq {self.seq} cannot apply event {ev.seq}")
            bucket = self._entities.setdefault(ev.kind, {})
            old = bucket.get(ev.id)
            if ev.op == "remove":
                if old is not None:
                    del bucket[ev.id]
                    changes.append(Change(ev.kind, ev.id, old, None))
            else:
                bucket[ev.id] = ev.data
                changes.append(Change(ev.kind, ev.id, old, ev.data))
            self.seq = ev.seq
        if changes:
            self.sig_changed.emit(changes)
        return changes

    def set_status(self, status: ConnectionStatus) -> None:
        if status != self.status:
            self.status = status
            self.sig_status.emit(status)

    # --- optimistic overlays --------------------------------------------------------------------

    def overlay(self, request_id: str, kind: str, entity_id: str, entity: Entity | None) -> None:
        """Show `entity` in place of the confirmed one until `settle(request_id)`."""
        old = self.get(kind, entity_id)
        self._overlays[request_id] = _Overlay(kind, entity_id, entity)
        self.sig_changed.emit([Change(kind, entity_id, old, entity)])

    def settle(self, request_id: str) -> None:
        """Drop an overlay (the reply came: the confirmed state, or the rollback, shows again)."""
        ov = self._overlays.pop(request_id, None)
        if ov is not None:
            self.sig_changed.emit([Change(ov.kind, ov.id, ov.entity, self.get(ov.kind, ov.id))])

    def pending(self, kind: str, entity_id: str) -> bool:
        return any(ov.kind == kind and ov.id == entity_id for ov in self._overlays.values())
