"""Gridline console entry point; no logic here (widgets/app.py starts everything).

    python main.py [--server ws://HOST:PORT/ws] [--lang zh_CN|en] [--wall]

Without --server the console runs the platform itself (console.embedded.EmbeddedBackend: the demo
street on SQLite in the user data directory, with the live simulator) and signs in as `duty`.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from widgets.app import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
