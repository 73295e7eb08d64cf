#!/usr/bin/env bash
# The whole benchmark on a fresh clone: bootstrap, a throwaway PostgreSQL 15 (stopped at
# exit, pass or fail), then every pair: `python -m bench --postgres URL "$@"`.
#   bash scripts/bench.sh               # all pairs (docs/PERFORMANCE.md: < 30 min on 2 cores)
#   bash scripts/bench.sh --quick       # small sizes (< 3 min)
#   bash scripts/bench.sh --only P4,P8 --json rows.json
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"

source scripts/pg.sh
pg_start
status=0
python -m bench --postgres "$PG_URL" "$@" || status=$?
exit "$status"
