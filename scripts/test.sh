#!/usr/bin/env bash
# THE test command: lint, layering contracts, then pytest on SQLite and on a throwaway
# PostgreSQL 15 server started here and always stopped (pass or fail).
# Extra arguments go to pytest:  bash scripts/test.sh -k health -x
# Exit status is pytest's; "no tests ran" (5) and skipped PostgreSQL tests fail too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"

echo "== ruff check"
ruff check .
echo "== lint-imports"
lint-imports --no-cache
echo "== mypy (domain, projections, service)"
mypy domain projections service

# --- throwaway PostgreSQL -------------------------------------------------------------
PGBIN=/usr/lib/postgresql/15/bin
tmp="$(mktemp -d /tmp/thidua-test.XXXXXX)"
pgdata="$tmp/data"
as_pg() {
    # PostgreSQL refuses to run as root: use the postgres system user then.
    # (from inside $tmp, which it owns: it may not be allowed into the checkout)
    if [ "$(id -u)" -eq 0 ]; then (cd "$tmp" && runuser -u postgres -- "$@"); else "$@"; fi
}
stop_pg() {
    if [ -f "$pgdata/postmaster.pid" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$pgdata" -m immediate -w -t 20 stop >/dev/null 2>&1 ||
            kill -9 "$(head -1 "$pgdata/postmaster.pid")" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap stop_pg EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ "$(id -u)" -eq 0 ] && chown postgres: "$tmp"
as_pg "$PGBIN/initdb" -D "$pgdata" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }

started=
for _attempt in 1 2 3; do  # a free port can be taken between finding and binding it
    port="$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    if as_pg "$PGBIN/pg_ctl" -D "$pgdata" -l "$tmp/postgres.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
        start >/dev/null; then
        started=1
        break
    fi
done
[ -n "$started" ] || { echo "could not start PostgreSQL:" >&2; cat "$tmp/postgres.log" >&2; exit 1; }
export THIDUA_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
echo "== PostgreSQL 15 on 127.0.0.1:$port (data in $pgdata)"

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
