"""Engine and sessions; SQLite gets WAL and a busy timeout, any other URL is used as given."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def _tune_sqlite(dbapi_conn, _record, manual_checkpoints: bool = False) -> None:
    dbapi_conn.isolation_level = None  # autocommit at the driver; SQLAlchemy emits BEGIN (see below)
    cur = dbapi_conn.cursor()
    # WAL lets readers (snapshots, stats) run while the single writer commits
    cur.execute("PRAGMA journal_mode=WAL")
    # NORMAL in WAL mode is durable across application crashes, and skips an fsync per commit
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    if manual_checkpoints:
        # A commit that crosses 1000 WAL pages would copy them back and fsync inside the commit
        # (a 20 ms stall of the writer); `Checkpointer` does that on its own thread instead.
        cur.execute("PRAGMA wal_autocheckpoint=0")
    cur.close()


class Database:
    """One engine and its session factory, created from a URL."""

    def __init__(self, url: str, echo: bool = False):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.manual_checkpoints = False
        kwargs = {"connect_args": {"check_same_thread": False}} if self.is_sqlite else {"pool_pre_ping": True}
        self.engine: Engine = create_engine(url, echo=echo, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect",
                         lambda conn, record: _tune_sqlite(conn, record, self.manual_checkpoints))
            # pysqlite's own BEGIN handling breaks SAVEPOINTs; emit BEGIN ourselves (SQLAlchemy docs recipe).
            # Writers take the write lock up front (IMMEDIATE): a deferred transaction that reads and
            # then writes cannot wait for another writer and fails at once with "database is locked".
            event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql(
                "BEGIN IMMEDIATE" if conn.get_execution_options().get("gridline_write") else "BEGIN"))
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.write_sessions = sessionmaker(self.engine.execution_options(gridline_write=True),
                                           expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A writing session in a transaction: committed on success, rolled back on any error."""
        with self.write_sessions.begin() as s:
            yield s

    def checkpoint_elsewhere(self) -> None:
        """From now on commits never checkpoint the WAL (SQLite): someone runs `checkpoint()` instead."""
        if self.is_sqlite and not self.manual_checkpoints:
            self.manual_checkpoints = True
            self.engine.dispose()  # pooled connections reconnect with the setting

    def checkpoint(self) -> tuple[int, int, int] | None:
        """Copy committed WAL pages back into the database file without waiting for anyone (SQLite).

        Returns SQLite's (busy, WAL pages, pages checkpointed); None for other databases.
        """
        if not self.is_sqlite:
            return None
        with self.engine.connect() as conn:
            row = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").first()
        return None if row is None else (row[0], row[1], row[2])

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (creates it on an empty database)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection_url"] = self.url
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def is_empty(self) -> bool:
        """True when the database holds no regions (never seeded)."""
        from .models import Region

        if not inspect(self.engine).has_table("regions"):
            return True
        with self.sessions() as s:
            return s.query(Region.id).limit(1).first() is None

    def dispose(self) -> None:
        self.engine.dispose()
