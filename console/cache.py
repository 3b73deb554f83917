"""The last known state on disk: instant start and an offline view (SQLAlchemy + SQLite).

One row per entity kind holding the kind's entities as a JSON blob, plus one row of metadata
(seq, saved time, schema version). A whole save is one transaction, so a crash leaves the old
state or the new one. Anything wrong with the file on load (missing, corrupt, another schema)
means "no cache": the console then starts from a snapshot, never from a crash.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

import msgspec
from sqlalchemy import DateTime, Integer, LargeBinary, String, create_engine, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from console.store import ConnectionStatus, Entity, Store

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1


class Base(DeclarativeBase):
    """The cache's own metadata: never shared with the backend's database."""


class CacheMeta(Base):
    """The single row saying what the cached state is: seq and when it was saved."""

    __tablename__ = "cache_meta"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schema_version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CachedKind(Base):
    """All entities of one kind, as a JSON list (one blob: loading 30,000 rows one by one is slower)."""

    __tablename__ = "cached_kind"

    kind: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


def snapshot_of(store: Store) -> tuple[int, dict[str, list[Entity]]]:
    """(seq, kind → entities) of `store`, copied on the UI thread so `Cache.save` may run on
    another: entity dicts are replaced, never mutated, so a shallow copy is consistent."""
    return store.seq, {kind: list(items.values()) for kind, items in store.kinds().items()}


class Cache:
    """The cache file at `path`; `save` may run on a worker thread, `load` at start-up."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._engine: Engine | None = None
        self._lock = threading.Lock()  # one save at a time, and never a load during a save

    def _open(self) -> Engine:
        if self._engine is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._engine = create_engine(f"sqlite:///{self.path}",
                                         connect_args={"check_same_thread": False})
        return self._engine

    def close(self) -> None:
        """Release the file."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    def save(self, seq: int, entities: Mapping[str, Any], saved_at: datetime | None = None) -> bool:
        """Replace the cached state with `entities` (kind → list, or kind → {id: entity}) as of
        `seq`. Returns False (logged) if it could not be written; a corrupt file is recreated."""
        saved_at = saved_at or datetime.now(timezone.utc)
        blobs = []
        for kind, items in entities.items():
            values = list(items.values()) if isinstance(items, Mapping) else list(items)
            blobs.append(CachedKind(kind=kind, count=len(values), data=msgspec.json.encode(values)))
        with self._lock:
            for attempt in (1, 2):
                try:
                    self._write(seq, blobs, saved_at)
                    self._owner_only()
                    return True
                except SQLAlchemyError:
                    if attempt == 2:
                        log.exception("cache: could not save to %s", self.path)
                        return False
                    # Most likely not a database (or another schema): start the file over.
                    log.warning("cache: %s unusable, recreating it", self.path)
                    self._reset_file()
        return False

    def _write(self, seq: int, blobs: list[CachedKind], saved_at: datetime) -> None:
        engine = self._open()
        Base.metadata.create_all(engine)
        with Session(engine) as s, s.begin():
            s.execute(delete(CachedKind))
            s.execute(delete(CacheMeta))
            s.add(CacheMeta(id=1, schema_version=SCHEMA_VERSION, seq=seq, saved_at=saved_at))
            s.add_all(blobs)

    def _reset_file(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _owner_only(self) -> None:
        """The cache holds staff phones in full for roles allowed to see them (so a resume from
        it stays correct): readable by this OS user only, like an ssh key."""
        try:
            os.chmod(self.path, 0o600)
        except OSError:
            log.warning("cache: could not restrict %s to its owner", self.path, exc_info=True)

    def load(self) -> tuple[int, dict[str, list[Entity]], datetime] | None:
        """(seq, kind → entities, saved_at), or None when there is no usable cache."""
        if not self.path.is_file():
            return None
        with self._lock:
            try:
                with Session(self._open()) as s:
                    meta = s.get(CacheMeta, 1)
                    if meta is None or meta.schema_version != SCHEMA_VERSION:
                        return None
                    entities = {row.kind: msgspec.json.decode(row.data, type=list[dict[str, Any]])
                                for row in s.scalars(select(CachedKind))}
                    saved_at = meta.saved_at
                    seq = meta.seq
            except (SQLAlchemyError, msgspec.DecodeError, msgspec.ValidationError):
                log.warning("cache: %s is unreadable; ignoring it", self.path, exc_info=True)
                return None
        if saved_at.tzinfo is None:  # SQLite keeps no zone; we only ever write UTC
            saved_at = saved_at.replace(tzinfo=timezone.utc)
        return seq, entities, saved_at

    def restore(self, store: Store) -> tuple[int, datetime] | None:
        """Load the cache into `store` (marked stale, "offline, cached data from saved_at");
        returns (seq, saved_at) to resume from, or None when there is no usable cache."""
        loaded = self.load()
        if loaded is None:
            return None
        seq, entities, saved_at = loaded
        store.load(seq, entities)
        store.set_status(ConnectionStatus("offline", datetime.now(timezone.utc),
                                          "显示缓存数据 (showing cached data)", data_as_of=saved_at))
        return seq, saved_at
