"""Benchmarks: `python -m tests.perf [name ...]` runs every `bench_*.py` module's `main(argv)`.

They print figures; they are not pytest tests (tests/perf is excluded from collection).
"""
