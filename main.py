"""Gridline entry point. Until the console lands, `make run` serves the embedded platform:
the demo street on SQLite in the user data directory, with the live simulator."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_dir


def main(argv: list[str] | None = None) -> int:
    from backend.__main__ import main as backend_main

    data = Path(user_data_dir("gridline", appauthor=False))
    data.mkdir(parents=True, exist_ok=True)
    db = f"sqlite:///{data / 'gridline.db'}"
    args = list(argv if argv is not None else sys.argv[1:])
    return backend_main(["serve", "--db", db, "--demo", "--simulate", "1", *args])


if __name__ == "__main__":
    sys.exit(main())
