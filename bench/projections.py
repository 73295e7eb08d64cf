"""Projection benchmark: rebuild rate vs the bare library's decoded read; read time by size.

    python -m bench.projections [--large 1000000] [--small 10000] [--dir DIR] [--postgres URL]

Prints, on the same store: events/s of eventsourcing reading and decoding the whole log
(select_notifications in batches of 1,000 + mapper.to_domain_event) beside events/s of
`thidua projections rebuild` of every view and of standings alone, and their ratio; then
the median read time of one cluster-year's standings at `small` and at `large` events.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from bench.store_pairs import decoded_read
from bench.synthetic import fill
from service.audit.schema import create_schema
from service.platform.app import ThiduaApplication
from service.views.projector import projector_of
from service.views.views import year_standings


def rate(fn: Callable[[], int], repeats: int = 1) -> float:
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        n = fn()
        rates.append(n / (time.perf_counter() - started))
    return statistics.median(rates)


def read_ms(app: ThiduaApplication, year: UUID, reads: int = 200) -> float:
    year_standings(app, year)
    times = []
    for _ in range(reads):
        started = time.perf_counter()
        year_standings(app, year)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def store(url: str, events: int) -> tuple[ThiduaApplication, list[UUID]]:
    create_schema(url)
    app = ThiduaApplication(url)
    started = time.perf_counter()
    years = fill(app, events)
    total = app.recorder.max_notification_id()
    print(f"  wrote {total:,} events in {time.perf_counter() - started:.1f} s")
    projector_of(app).catch_up()
    return app, years


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument(
        "--postgres", default=None, help="URL of an empty PostgreSQL database for the large store"
    )
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    print(f"small store ({args.small:,} events):")
    small, small_years = store(f"sqlite:///{work / 'small.sqlite3'}", args.small)
    print(f"large store ({args.large:,} events):")
    large_url = args.postgres or f"sqlite:///{work / 'large.sqlite3'}"
    large, large_years = store(large_url, args.large)
    bare = rate(lambda: decoded_read(large))
    print(f"decoded read (eventsourcing):   {bare:>10,.0f} events/s")
    for name in projector_of(large).views:

        def rebuild_one(name: str = name) -> int:
            return projector_of(large).rebuild(name)

        r = rate(rebuild_one)
        print(f"rebuild {name:<22} {r:>10,.0f} events/s  ratio {r / bare:.2f}")
    together = rate(lambda: projector_of(large).rebuild())
    print(
        f"rebuild all {len(projector_of(large).views)} views in one pass: {together:>10,.0f} events/s  ratio {together / bare:.2f}"
    )
    small_ms = read_ms(small, small_years[0])
    large_ms = read_ms(large, large_years[len(large_years) // 2])
    print(f"standings read at {small.recorder.max_notification_id():,} events: {small_ms:.2f} ms")
    print(
        f"standings read at {large.recorder.max_notification_id():,} events: {large_ms:.2f} ms  ratio {large_ms / small_ms:.2f}"
    )
    small.close()
    large.close()


if __name__ == "__main__":
    main()
