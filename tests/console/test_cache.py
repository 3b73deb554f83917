"""console.cache: the last state on disk, and no crash whatever the file holds."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timezone

from console.cache import Cache, snapshot_of
from console.protocol import Event
from console.store import Store

SAVED = datetime(2026, 11, 23, 2, 30, 15, tzinfo=timezone.utc)
ENTITIES = {
    "ticket": [{"id": "T1", "version": 3, "title": "垃圾堆放", "location": {"lat": 37.05, "lon": 117.05},
                "due_at": None, "rework_count": 0, "ever_overdue": False}],
    "region": [{"id": "S1", "version": 1, "polygon": {"type": "Polygon", "coordinates": [[[117.0, 37.0]]]}},
               {"id": "S1-C1", "version": 1, "parent_id": "S1"}],
}


def test_save_then_load_round_trips_seq_entities_and_time(tmp_path):
    cache = Cache(tmp_path / "cache.db")
    assert cache.save(42, ENTITIES, SAVED)
    seq, entities, saved_at = Cache(tmp_path / "cache.db").load()
    assert (seq, entities, saved_at) == (42, ENTITIES, SAVED)


def test_a_second_save_replaces_the_first_completely(tmp_path):
    cache = Cache(tmp_path / "cache.db")
    cache.save(1, ENTITIES, SAVED)
    cache.save(2, {"alarm": [{"id": "A-1", "version": 1}]}, SAVED)
    assert cache.load() == (2, {"alarm": [{"id": "A-1", "version": 1}]}, SAVED)


def test_store_state_round_trips_through_snapshot_of_and_restore(tmp_path):
    store = Store()
    store.load(5, ENTITIES)
    store.apply([Event(6, "2026-11-23T02:31:00.000Z", "ticket", "upsert", "T2", {"id": "T2", "version": 1})])
    cache = Cache(tmp_path / "sub" / "cache.db")  # the directory is created
    seq, entities = snapshot_of(store)
    saver = threading.Thread(target=cache.save, args=(seq, entities, SAVED))  # off the UI thread
    saver.start()
    saver.join()
    again = Store()
    assert cache.restore(again) == (6, SAVED)
    assert again.seq == 6 and again.kinds() == store.kinds()
    assert again.status.state == "offline" and again.status.stale and again.status.data_as_of == SAVED


def test_dict_of_dicts_is_accepted_like_the_stores_own_shape(tmp_path):
    cache = Cache(tmp_path / "cache.db")
    cache.save(3, {"ticket": {"T1": ENTITIES["ticket"][0]}}, SAVED)
    assert cache.load()[1] == {"ticket": ENTITIES["ticket"]}


def test_missing_file_is_no_cache_and_is_not_created(tmp_path):
    path = tmp_path / "nope.db"
    assert Cache(path).load() is None and Cache(path).restore(Store()) is None
    assert not path.exists()


def test_corrupt_file_is_no_cache_and_the_next_save_starts_it_over(tmp_path):
    path = tmp_path / "cache.db"
    path.write_bytes(b"this is not a database" * 100)
    cache = Cache(path)
    assert cache.load() is None
    assert cache.save(7, ENTITIES, SAVED)
    assert cache.load() == (7, ENTITIES, SAVED)


def test_truncated_database_and_foreign_schema_and_bad_blob_are_no_cache(tmp_path):
    good = tmp_path / "good.db"
    Cache(good).save(1, ENTITIES, SAVED)
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(good.read_bytes()[:1500])
    assert Cache(truncated).load() is None

    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as db:
        db.execute("create table something (x)")
    assert Cache(foreign).load() is None

    with sqlite3.connect(good) as db:
        db.execute("update cached_kind set data = x'7b7b7b' where kind = 'ticket'")
    assert Cache(good).load() is None

    with sqlite3.connect(good) as db:
        db.execute("update cache_meta set schema_version = 99")
    assert Cache(good).load() is None


def test_empty_state_round_trips(tmp_path):
    cache = Cache(tmp_path / "cache.db")
    cache.save(0, {}, SAVED)
    assert cache.load() == (0, {}, SAVED)
    cache.close()


def test_the_cache_file_is_readable_by_its_owner_only(tmp_path):
    """It may hold staff phones in full (for roles allowed to see them)."""
    import stat
    from console.cache import Cache
    cache = Cache(tmp_path / "cache.sqlite")
    assert cache.save(3, {"staff": [{"id": "P1", "version": 1, "phone": "13800000003"}]})
    assert stat.S_IMODE((tmp_path / "cache.sqlite").stat().st_mode) == 0o600
