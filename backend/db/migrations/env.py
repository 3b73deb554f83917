"""Alembic environment: runs on the connection handed over by `Database.upgrade`."""

from alembic import context
from sqlalchemy import create_engine

from backend.db import Base

config = context.config
connection = config.attributes.get("connection")


def run(conn) -> None:
    context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:  # `alembic` command line: URL from the config or GRIDLINE_DB
    import os

    url = config.get_main_option("sqlalchemy.url") or os.environ["GRIDLINE_DB"]
    with create_engine(url).begin() as conn:
        run(conn)
