"""console.feed: the thread-safe queue between the network thread and the UI thread."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

from console.feed import Events, Feed, ReplyItem, SnapshotReady, Status, Welcomed
from console.protocol import ErrorInfo, Event, Reply
from console.session import Session
from console.store import ConnectionStatus, Store

TS = "2026-11-23T10:00:00.000Z"
T0 = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


def ev(seq: int, id: str = "T1", op: str = "upsert") -> Event:
    return Event(seq, TS, "ticket", op, id, None if op == "remove" else {"id": id, "version": seq})


class RecordingOps:
    def __init__(self) -> None:
        self.replies: list[Reply] = []

    def on_reply(self, reply: Reply) -> None:
        self.replies.append(reply)


def test_items_are_applied_in_order_and_consecutive_events_make_one_batch():
    feed, store, session, ops = Feed(), Store(), Session(), RecordingOps()
    batches = []
    store.sig_changed.connect(batches.append)
    feed.put(Status(ConnectionStatus("connecting", T0)))
    feed.put(Welcomed({"id": "U-1", "name": "调度员", "role": "dispatcher"}, frozenset({"ticket.assign"}), 3))
    feed.put(SnapshotReady(3, {"ticket": [{"id": "T1", "version": 1}]}))
    for seq in (4, 5, 6):
        feed.put(Events([ev(seq, f"T{seq}")]))
    feed.put(ReplyItem(Reply("c-1", True, {"seq": 6})))
    feed.put(Events([ev(7, "T1", "remove")]))
    assert len(feed) == 6  # the three event items were merged while queued
    assert feed.drain(store, ops, session) == 6
    assert store.seq == 7 and store.get("ticket", "T1") is None and store.count("ticket") == 3
    assert [len(b) for b in batches] == [3, 1]  # one batch before the reply, one after
    assert session.role == "dispatcher" and session.can("ticket.assign") and session.head == 3
    assert [r.id for r in ops.replies] == ["c-1"]
    assert store.status.state == "connecting"
    assert feed.drain(store, ops, session) == 0


def test_max_items_limits_one_drain_and_the_rest_waits():
    feed, store = Feed(), Store()
    feed.put(SnapshotReady(0, {}))
    feed.put(Status(ConnectionStatus("live", T0)))
    feed.put(Events([ev(1)]))
    assert feed.drain(store, max_items=2) == 2 and store.seq == 0 and store.status.state == "live"
    assert feed.drain(store, max_items=2) == 1 and store.seq == 1


def test_replies_and_welcomes_without_a_receiver_are_dropped_quietly():
    feed, store = Feed(), Store()
    feed.put(Welcomed({"id": "U", "name": "n", "role": "duty"}, frozenset(), 0))
    feed.put(ReplyItem(Reply("c-9", False, error=ErrorInfo("internal", "boom"))))
    assert feed.drain(store) == 2


def test_events_that_do_not_follow_the_store_are_dropped_without_breaking_it():
    feed, store = Feed(), Store()
    changes = []
    store.sig_changed.connect(changes.extend)
    store.load(5, {})
    feed.put(Events([ev(4), ev(5), ev(6, "A"), ev(8, "B"), ev(9, "C")]))  # 4, 5 duplicates; 7 missing
    feed.drain(store)
    assert store.seq == 6 and [c.id for c in changes] == ["A"]  # the good prefix, and its signal


def test_a_non_live_status_keeps_the_age_of_cached_data_until_live():
    feed, store = Feed(), Store()
    saved = datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    store.set_status(ConnectionStatus("offline", T0, "cached", data_as_of=saved))
    feed.put(Status(ConnectionStatus("connecting", T0)))
    feed.drain(store)
    assert store.status.state == "connecting" and store.status.data_as_of == saved
    feed.put(Status(ConnectionStatus("live", T0)))
    feed.drain(store)
    assert store.status.data_as_of is None and not store.status.stale


def test_put_copies_the_event_list_so_merging_never_touches_the_producers_list():
    feed = Feed()
    first = [ev(1)]
    feed.put(Events(first))
    feed.put(Events([ev(2)]))
    assert first == [ev(1)]


def test_producer_thread_and_draining_consumer_see_every_event_once_in_order():
    feed, store = Feed(), Store()
    n = 20_000

    def produce():
        for seq in range(1, n + 1):
            feed.put(Events([ev(seq, f"T{seq % 50}")]))

    t = threading.Thread(target=produce)
    t.start()
    seen = []
    store.sig_changed.connect(lambda changes: seen.extend(c.new["version"] for c in changes))
    while t.is_alive() or len(feed):
        feed.drain(store)
    t.join()
    feed.drain(store)
    assert store.seq == n and seen == list(range(1, n + 1))
