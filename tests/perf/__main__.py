"""`python -m tests.perf` runs every tests/perf/bench_*.py; `python -m tests.perf hub [-- args]` runs one.

Arguments after the module names (or after `--`) go to each benchmark's `main(argv)`, e.g.
`python -m tests.perf hub --street small --seconds 10`.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(p.stem[len("bench_"):] for p in HERE.glob("bench_*.py"))


def split_args(argv: list[str]) -> tuple[list[str], list[str]]:
    """Leading bare words naming benchmarks, then the rest (everything after `--`, or from the first option)."""
    names: list[str] = []
    known = set(available())
    for i, a in enumerate(argv):
        if a == "--":
            return names, argv[i + 1:]
        if a.startswith("-"):
            return names, argv[i:]
        name = a[len("bench_"):] if a.startswith("bench_") else a
        name = name[:-3] if name.endswith(".py") else name
        if name not in known:
            raise SystemExit(f"unknown benchmark {a!r}; available: {', '.join(sorted(known)) or '(none)'}")
        names.append(name)
    return names, []


def main(argv: list[str]) -> int:
    names, rest = split_args(argv)
    names = names or available()
    worst = 0
    for name in names:
        mod = importlib.import_module(f"tests.perf.bench_{name}")
        print(f"=== bench_{name} ===", flush=True)
        t0 = time.monotonic()
        try:
            rc = mod.main(list(rest)) or 0
        except KeyboardInterrupt:
            raise
        except Exception:
            traceback.print_exc()
            rc = 1
        print(f"=== bench_{name}: exit {rc}, {time.monotonic() - t0:.1f} s ===", flush=True)
        worst = max(worst, rc)
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
