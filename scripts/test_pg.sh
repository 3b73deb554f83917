#!/usr/bin/env bash
# Runs the backend suites on a real PostgreSQL on loopback (installed and started when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! command -v pg_ctlcluster >/dev/null; then
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql
fi
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
$SUDO pg_ctlcluster "$ver" main start 2>/dev/null || true
as_postgres psql -qtc "SELECT 1 FROM pg_roles WHERE rolname='gridline'" | grep -q 1 || \
  as_postgres psql -qc "CREATE USER gridline PASSWORD 'gridline' CREATEDB"
.venv/bin/python -m pip install -q 'psycopg[binary]>=3.1'
GRIDLINE_TEST_PG=postgresql+psycopg://gridline:gridline@127.0.0.1/postgres QT_QPA_PLATFORM=offscreen \
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/backend/test_hub.py tests/backend/test_hub_faults.py \
  tests/backend/test_writer.py tests/backend/test_simulator.py "$@"
