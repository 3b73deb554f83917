"""Python's garbage collector and the UI thread.

The console holds a large heap of long-lived objects (the Store's entities, regions, drawn map
items; ~150,000 tracked objects with a demo street and 10,000 tickets). A full (generation 2)
collection walks all of them: ~80 ms on the UI thread, in the middle of whatever frame allocated
the object that tipped the count — a visible stall of a pan or zoom on the wall
(tests/perf/bench_map.py counted one in every ~160 zoom frames). After a snapshot is loaded, and
then every few minutes, what survives a collection is frozen (`gc.freeze`): later collections
walk only the objects made since. Frozen objects are still freed by reference counting when
dropped; only a reference cycle among them would stay until the process ends.
"""

from __future__ import annotations

import gc
import time

SETTLE_AFTER_RESET_S = 1.0  # after a snapshot, once the views have rebuilt from it
RESETTLE_EVERY_S = 600.0  # then what the live updates left behind, every ten minutes


def settle() -> dict[str, float]:
    """Collect everything once, then freeze what survived. Returns what it did (for the log)."""
    t0 = time.perf_counter()
    found = gc.collect()
    gc.freeze()
    return {"collected": found, "frozen": gc.get_freeze_count(), "ms": (time.perf_counter() - t0) * 1000}
