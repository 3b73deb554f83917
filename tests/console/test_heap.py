"""Settling the heap: garbage cycles are freed, the survivors frozen out of later collections."""

from __future__ import annotations

import gc
import weakref

from console import heap


class Node:
    def __init__(self) -> None:
        self.other: "Node | None" = None


def test_settle_frees_cycles_and_freezes_what_survives():
    gc.unfreeze()
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: only the collector frees it
        gone = weakref.ref(a)
        del a, b
        kept = Node()
        done = heap.settle()
        assert gone() is None and done["collected"] >= 2
        assert done["frozen"] == gc.get_freeze_count() > 0
        assert not any(o is kept for o in gc.get_objects())  # frozen: later collections skip it
        assert kept.other is None
    finally:
        gc.unfreeze()
