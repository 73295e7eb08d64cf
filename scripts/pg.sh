# Sourced (never run): start a throwaway PostgreSQL 15 server, stopped at exit.
#
#   source scripts/pg.sh; pg_start     # sets $tmp (a work directory, removed at exit),
#                                      # $pgdata and PG_URL (postgresql://postgres@127.0.0.1:PORT/postgres)
#
# The server runs as the `postgres` system user when we are root (PostgreSQL refuses
# root), on 127.0.0.1 and a free port, fsync off (test and benchmark data are thrown
# away). Traps on EXIT, INT and TERM stop it by its pid, pass or fail.

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

pg_start() {
    [ "$(id -u)" -eq 0 ] && chown postgres: "$tmp"
    as_pg "$PGBIN/initdb" -D "$pgdata" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }

    local started= _attempt port
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
    PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
    echo "== PostgreSQL 15 on 127.0.0.1:$port (data in $pgdata)"
}
