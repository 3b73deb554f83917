"""`python -m backend ...`: init, seed, serve, import-grids, user add, user token."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time

DEFAULT_DB = "sqlite:///gridline.db"


def _db(url: str):
    from .db import Database

    db = Database(url)
    db.upgrade()
    return db


def cmd_init(a) -> int:
    _db(a.db)
    print(f"schema ready: {a.db}", file=sys.stderr)
    return 0


def cmd_seed(a) -> int:
    if not a.demo:
        print("seed: only --demo is available", file=sys.stderr)
        return 2
    from .demo.history import seed_demo

    db = _db(a.db)
    if not db.is_empty():
        print("seed: the database already holds data; use an empty database", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    info = seed_demo(db, seed=a.seed)
    print(f"demo street seeded in {time.perf_counter() - t0:.1f} s: {info.counts}", file=sys.stderr)
    return 0


def cmd_serve(a) -> int:
    from .server import Server, ServeOptions

    opts = ServeOptions(db_url=a.db, host=a.host, port=a.port, demo=a.demo, simulate=a.simulate, seed=a.seed,
                        notify_log=a.notify_log, notify_webhook=a.notify_webhook, auto_escalate=a.auto_escalate,
                        port_file=a.port_file, platform_process=not a.single_process,
                        demo_media=not a.no_demo_media, media_port=a.media_port)

    async def main() -> None:
        server = Server(opts)
        await server.run_forever()

    asyncio.run(main())
    return 0


def cmd_user_add(a) -> int:
    from .auth import hash_password
    from .users import UserError, add_user

    db = _db(a.db)
    try:
        with db.session() as s:
            add_user(s, a.name, a.role, a.display_name, password_hash=hash_password(a.password) if a.password else None)
    except UserError as exc:
        print(f"user add: {exc}", file=sys.stderr)
        return 1
    print(f"user {a.name} ({a.role}) added", file=sys.stderr)
    return 0


def cmd_user_token(a) -> int:
    from datetime import timedelta

    from .users import UserError, issue_token

    db = _db(a.db)
    try:
        with db.session() as s:
            token = issue_token(s, a.name, timedelta(days=a.days) if a.days else None)
    except UserError as exc:
        print(f"user token: {exc}", file=sys.stderr)
        return 1
    print(token)  # the only thing on stdout, so scripts can capture it
    return 0


def cmd_import_grids(a) -> int:
    from .grid_import import GridImportError, import_grids, load_file

    db = _db(a.db)
    try:
        result = import_grids(db, load_file(a.file), tolerance_m=a.tolerance_m)
    except GridImportError as exc:
        print(f"import-grids: {a.file} refused, nothing imported:", file=sys.stderr)
        for line in exc.errors:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"import-grids: {len(result.created)} new, {len(result.updated)} updated", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m backend", description="Gridline platform server")
    sub = p.add_subparsers(dest="cmd", required=True)

    def with_db(sp):
        sp.add_argument("--db", default=DEFAULT_DB, help="database URL (sqlite:///file.db or postgresql+psycopg://...)")
        return sp

    with_db(sub.add_parser("init", help="create or migrate the schema")).set_defaults(fn=cmd_init)
    sp = with_db(sub.add_parser("seed", help="fill an empty database"))
    sp.add_argument("--demo", action="store_true", help="the demo street")
    sp.add_argument("--seed", type=int, default=7)
    sp.set_defaults(fn=cmd_seed)

    sp = with_db(sub.add_parser("serve", help="run the websocket hub"))
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    sp.add_argument("--demo", action="store_true", help="seed the demo street into an empty database first")
    sp.add_argument("--simulate", type=float, default=0.0, metavar="R", help="live activity, R times the normal pace")
    sp.add_argument("--seed", type=int, default=7)
    sp.add_argument("--notify-log", help="append overdue notifications to this file")
    sp.add_argument("--notify-webhook", help="POST overdue notifications to this URL (SMS gateway)")
    sp.add_argument("--auto-escalate", action="store_true", help="escalate overdue handling automatically")
    sp.add_argument("--port-file", help="write the bound port to this file once listening")
    sp.add_argument("--no-demo-media", action="store_true", help="with --demo: no demo video server")
    sp.add_argument("--media-port", type=int, default=0, help="port of the demo video server (0: any free one)")
    sp.add_argument("--single-process", action="store_true",
                    help="run the writer in the hub's process (default: its own process, a core each)")
    sp.set_defaults(fn=cmd_serve)

    sp = with_db(sub.add_parser("import-grids", help="import grid boundaries from a GeoJSON FeatureCollection"))
    sp.add_argument("file", help="FeatureCollection; properties code, name, level, parent_code")
    sp.add_argument("--tolerance-m", type=float, default=5.0, help="how far a child may stick out of its parent")
    sp.set_defaults(fn=cmd_import_grids)

    user = sub.add_parser("user", help="manage users").add_subparsers(dest="ucmd", required=True)
    sp = with_db(user.add_parser("add"))
    sp.add_argument("name")
    sp.add_argument("--role", required=True, choices=["admin", "leader", "duty", "dispatcher", "grid_worker"])
    sp.add_argument("--display-name")
    sp.add_argument("--password")
    sp.set_defaults(fn=cmd_user_add)
    sp = with_db(user.add_parser("token", help="print one new access token"))
    sp.add_argument("name")
    sp.add_argument("--days", type=float, default=0, help="expiry in days (0: never)")
    sp.set_defaults(fn=cmd_user_token)

    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    a = parser().parse_args(argv)
    return a.fn(a)


if __name__ == "__main__":
    sys.exit(main())
