#!/usr/bin/env bash
# THE test command: lint, layering contracts, then pytest on SQLite and on a throwaway
# PostgreSQL 15 server started here and always stopped (pass or fail).
# Extra arguments go to pytest:  bash scripts/test.sh -k health -x
# Exit status is pytest's; "no tests ran" (5) and skipped PostgreSQL tests fail too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"

echo "== ruff check, ruff format --check"
ruff check .
ruff format --check .
echo "== lint-imports"
lint-imports --no-cache
echo "== mypy (domain, projections, service, web, bench)"
mypy domain projections service web bench

# --- throwaway PostgreSQL (scripts/pg.sh: started here, stopped at exit) ----------------
source scripts/pg.sh
pg_start
export THIDUA_TEST_POSTGRES_URL="$PG_URL"

# --- pytest, with a plugin that fails the run if any PostgreSQL test was skipped ------
cat >"$tmp/thidua_pgcheck.py" <<'PY'
import os

skipped, ran = [], []


def pytest_runtest_logreport(report):
    if "postgres" not in report.keywords:
        return
    if report.skipped:
        skipped.append(report.nodeid)
    elif report.when == "call":
        ran.append(report.nodeid)


def pytest_sessionfinish(session):
    if hasattr(session.config, "workerinput"):
        return  # xdist worker: the controller sees every report and decides
    print(f"\nPostgreSQL tests: {len(ran)} ran, {len(skipped)} skipped")
    problem = None
    if skipped:
        problem = "PostgreSQL tests were skipped:\n  " + "\n  ".join(skipped)
    elif not ran and os.environ.get("THIDUA_REQUIRE_POSTGRES_TESTS") == "1":
        problem = "no PostgreSQL test ran"
    if problem:
        print(problem)
        if session.exitstatus == 0:
            session.exitstatus = 1
PY

# The whole suite must run some PostgreSQL tests; a selection (args) need not.
[ $# -eq 0 ] && export THIDUA_REQUIRE_POSTGRES_TESTS=1
echo "== pytest"
status=0
PYTHONPATH="$tmp${PYTHONPATH:+:$PYTHONPATH}" python -m pytest -p thidua_pgcheck -n 2 "$@" || status=$?
[ "$status" -eq 5 ] && echo "pytest: no tests were collected" >&2
exit "$status"
