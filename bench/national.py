"""P8 national ingest (time, peak memory, view catch-up) and P4 reads at 10k vs national.

P8 loads the national store (`service.demo_national.load_national`, the code behind
`thidua demo --scale national`) into an empty SQLite file and, given `--postgres URL`,
into a fresh PostgreSQL database. Each load runs in a child process, so its peak
resident memory (ru_maxrss) and CPU time are its own; the two loads run side by side
(2 cores: one each), then two more children catch each store's views up
(`Projector.catch_up`, as `thidua projections run` does) and report their time.

P4 reads, through `service.views` (the calls the web makes, which catch up first), the
standings of one cluster-year and the term progress of one federation's review, in a
small store holding only that cluster and that federation (the generator gives them
exactly as in the whole load) and in the national SQLite store: same documents, same
code, only the history around them differs.

Child entry point: `python -m bench.national ingest|catch-up URL SEED FRACTION`.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg

from bench.harness import Row, interleave
from service.audit.schema import create_schema
from service.demo.national import load_national, nation
from service.platform.app import ThiduaApplication
from service.views.projector import projector_of
from service.views.views import term_progress, year_standings

CAMPAIGNS: dict[str, str] = {}  # federation code -> review campaign id, of the last ingest


def child(
    action: str, url: str, seed: int, fraction: float, only: list[str] | None = None
) -> dict[str, Any]:
    """Run in this process (the child): load or catch up, report time and memory."""

    if action == "ingest":
        create_schema(url)
    app = ThiduaApplication(url)
    campaigns: dict[str, str] = {}
    try:
        started = time.perf_counter()
        if action == "ingest":
            loaded = load_national(app, seed, fraction, only=only)
            campaigns = {code: str(c) for code, c in loaded["campaigns"].items()}
        else:
            projector_of(app).catch_up()
        seconds = time.perf_counter() - started
        events = app.recorder.max_notification_id() or 0
    finally:
        app.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "events": events,
        "seconds": seconds,
        "peak_mib": usage.ru_maxrss / 1024,  # KiB
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "campaigns": campaigns,
    }


def in_children(
    action: str, urls: dict[str, str], seed: int, fraction: float, only: list[str] | None
) -> dict[str, Any]:
    """`action` on each store, each in its own child process, the children side by side
    (one core each on the 2-core machine: the SQLite load and the PostgreSQL load, whose
    server works in its own processes). Returns each child's report by store."""
    running = {}
    for store, url in urls.items():
        cmd = [sys.executable, "-m", "bench.national", action, url, str(seed), str(fraction)]
        cmd += [",".join(only)] if only else []
        running[store] = (
            cmd,
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        )
    results = {}
    for store, (cmd, proc) in running.items():
        out, err = proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{err[-3000:]}")
        results[store] = json.loads(out.strip().splitlines()[-1])
    return results


def p8_ingest(
    urls: dict[str, str], seed: int, fraction: float, only: list[str] | None
) -> list[Row]:
    ingests = in_children("ingest", urls, seed, fraction, only)
    catches = in_children("catch-up", urls, seed, fraction, only)
    side = f"{len(urls)} stores loaded side by side" if len(urls) > 1 else ""
    rows = []
    for store in urls:
        ingest, catch = ingests[store], catches[store]
        extra = {"seed": seed, "fraction": fraction, "clusters": "all" if only is None else "some"}
        events = ingest["events"]
        CAMPAIGNS.update(ingest.pop("campaigns"))
        catch.pop("campaigns")
        cpu = events / ingest["cpu_seconds"]
        rows += [
            Row("P8", f"national ingest, {store}", events / ingest["seconds"], "ev/s",
                note=f"{events:,} events in {ingest['seconds']:.0f} s; {cpu:,.0f} per CPU-second "
                     f"of the loader; {side}".rstrip("; "),
                extra={**extra, **ingest}),
            Row("P8", f"ingest peak memory, {store}", ingest["peak_mib"], "MiB",
                extra={**extra, **ingest}),
            Row("P8", f"views catch-up, {store}", events / catch["seconds"], "ev/s",
                note=f"{catch['seconds']:.0f} s, peak {catch['peak_mib']:.0f} MiB",
                extra={**extra, **catch}),
        ]  # fmt: skip
    return rows


def postgres_database(server_url: str) -> tuple[str, Callable[[], None]]:
    """A fresh database on the server at `server_url`; returns its URL and a dropper."""

    name = f"thidua_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = server_url.rpartition("/")

    def drop() -> None:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


def p4_reads(
    small_url: str,
    large_url: str,
    seed: int,
    fraction: float,
    reads: int,
    repeats: int,
    only: list[str] | None,
) -> list[Row]:
    """The same cluster-year and review read in a small store and in the national one."""

    country = nation(seed, fraction)
    loaded_feds = [f for f in country.federations if only is None or f.code in only]
    fed = min(loaded_feds, key=lambda f: (f.grassroots, f.code))
    create_schema(small_url)
    small, large = ThiduaApplication(small_url), ThiduaApplication(large_url)
    try:
        loaded = load_national(small, seed, fraction, only=[fed.code])
        year, campaign = loaded["years"][fed.cluster], loaded["campaigns"][fed.code]
        for app in (small, large):
            projector_of(app).catch_up()
        reports = [len(term_progress(a, campaign).state["reports"]) for a in (small, large)]
        assert reports[0] == reports[1], f"the two stores differ: {reports}"

        def reader(
            app: ThiduaApplication,
            read: Callable[[ThiduaApplication, UUID], Any],
            case: UUID,
            times: int = reads,
        ) -> Callable[[], int]:
            def run() -> int:
                for _ in range(times):
                    read(app, case)
                return times

            return run

        sizes = {
            name: app.recorder.max_notification_id() or 0
            for name, app in (("small", small), ("large", large))
        }
        rows = []
        # Many short samples, alternating: a read takes 0.5-50 ms, and a burst of other
        # work on a shared machine lands in one sample; the median of many shrugs it off.
        for what, read, case, times in (
            ("standings", year_standings, year, reads),
            ("term progress", term_progress, campaign, max(2, reads // 10)),
        ):
            per = interleave(
                {
                    "small": reader(small, read, case, times),
                    "large": reader(large, read, case, times),
                },
                max(11, 3 * repeats),
            )
            rows.append(
                Row(
                    "P4",
                    f"{what} read at {sizes['large']:,} events",
                    per["large"] * 1000,
                    "ms",
                    f"same read at {sizes['small']:,} events",
                    per["small"] * 1000,
                    "<= 1.2",
                    extra={"participants": fed.grassroots + fed.intermediates, **sizes},
                )
            )
        biggest = max(loaded_feds, key=lambda f: f.grassroots)
        if biggest.code in CAMPAIGNS:  # informational: a read grows with its review's size
            few = max(1, reads // 20)  # a read of the largest review takes seconds
            campaign_big = UUID(CAMPAIGNS[biggest.code])
            units = biggest.grassroots + biggest.intermediates

            def worked_out(app: ThiduaApplication, case: UUID) -> Any:
                projector_of(app).memo.clear()  # as after a change to the review or directory
                return term_progress(app, case)

            per = interleave(
                {
                    "kept": reader(large, term_progress, campaign_big, few),
                    "again": reader(large, worked_out, campaign_big, few),
                },
                3,
            )
            rows.append(
                Row(
                    "P4",
                    f"term progress read, largest review ({units:,} units)",
                    per["kept"] * 1000,
                    "ms",
                    "the same, roll-up worked out again",
                    per["again"] * 1000,
                    "<= 50 ms",
                    note="kept per process until the review's document or the directory changes",
                )
            )
        return rows
    finally:
        small.close()
        large.close()


def first_clusters(seed: int, fraction: float, clusters: int | None) -> list[str] | None:
    """The federations of the first `clusters` clusters of each kind (None: all)."""
    if clusters is None:
        return None
    country = nation_of(seed, fraction)
    kinds: dict[str, list[str]] = {}
    for f in country.federations:
        kinds.setdefault(f.kind, [])
        if f.cluster not in kinds[f.kind]:
            kinds[f.kind].append(f.cluster)
    chosen = {c for codes in kinds.values() for c in codes[:clusters]}
    return [f.code for f in country.federations if f.cluster in chosen]


def nation_of(seed: int, fraction: float) -> Any:

    return nation(seed, fraction)


def run(
    work: Path,
    seed: int,
    fraction: float,
    reads: int,
    repeats: int,
    postgres: str | None,
    pairs: set[str],
    clusters: int | None = None,
) -> list[Row]:
    """`clusters`: load only the first clusters of provinces and of sector unions (quick)."""
    rows: list[Row] = []
    only = first_clusters(seed, fraction, clusters)
    large = f"sqlite:///{work / 'national.sqlite3'}"
    for path in work.glob("national*.sqlite3*"):
        path.unlink()
    urls, drop = {"SQLite": large}, None
    if postgres and "P8" in pairs:
        urls["PostgreSQL"], drop = postgres_database(postgres)
    try:
        rows += p8_ingest(urls, seed, fraction, only)
    finally:
        if drop is not None:
            drop()
    if "P4" in pairs:
        for path in work.glob("national-small*.sqlite3*"):
            path.unlink()
        small = f"sqlite:///{work / 'national-small.sqlite3'}"
        rows += p4_reads(small, large, seed, fraction, reads, repeats, only)
    return [r for r in rows if r.pair in pairs]


if __name__ == "__main__":
    action, url, seed, fraction = sys.argv[1:5]
    only = sys.argv[5].split(",") if len(sys.argv) > 5 else None
    print(json.dumps(child(action, url, int(seed), float(fraction), only)))
