"""The pushed state as of `head`, and a ring of recent events for resume, kept in the hub's loop."""

from __future__ import annotations

from collections import deque
from typing import Any

from .writer import Published


class LiveState:
    """Entities by kind and id, exactly as of `head`. Entity dicts are replaced, never mutated,
    so a shallow copy of the dict values is a consistent snapshot."""

    def __init__(self, entities: dict[str, dict[str, dict[str, Any]]], head: int, ring_size: int = 20_000):
        self.entities = entities
        self.head = head
        self._ring: deque[Published] = deque(maxlen=ring_size)

    def apply(self, events: list[Published]) -> None:
        for ev in events:
            if ev.seq != self.head + 1:
                # The writer publishes in commit order; anything else is a bug worth stopping for.
                raise RuntimeError(f"live state at {self.head} got event {ev.seq}")
            bucket = self.entities.setdefault(ev.kind, {})
            if ev.op == "remove":
                bucket.pop(ev.id, None)
            else:
                bucket[ev.id] = ev.data  # type: ignore[assignment]
            self.head = ev.seq
            self._ring.append(ev)

    def snapshot(self) -> tuple[int, dict[str, list[dict[str, Any]]]]:
        return self.head, {kind: list(bucket.values()) for kind, bucket in self.entities.items()}

    def events_since(self, seq: int) -> list[Published] | None:
        """Events after `seq` from memory, or None when the ring does not reach back that far."""
        if seq == self.head:
            return []
        if seq > self.head or not self._ring or self._ring[0].seq > seq + 1:
            return None
        start = seq + 1 - self._ring[0].seq
        return [self._ring[i] for i in range(start, len(self._ring))]

    def count(self, kind: str) -> int:
        return len(self.entities.get(kind, {}))
