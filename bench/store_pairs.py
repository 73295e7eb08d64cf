"""P3, P5, P7 on one synthetic store (bench.synthetic): rebuild, as-of replay, chain verify.

P3 rebuilds each view from zero (`Projector.rebuild`, as `thidua projections rebuild
NAME`) beside the library's decoded read of the same log (select_notifications in
batches of 1,000 + mapper.to_domain_event). P5 replays one cluster-year's standings in
memory as of the log's head (`service.views.year_standings(as_of=...)`); beside it, the
library reading and decoding the same streams one by one. P7 verifies the hash chain
(`service.chain.verify`) beside a raw read of the same rows and one SHA-256 per event.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from bench.harness import Row, interleave, rate_rows
from bench.synthetic import fill
from service.audit import chain
from service.audit.schema import create_schema
from service.platform.app import ThiduaApplication
from service.views.projector import projector_of
from service.views.views import year_standings


def synthetic_store(url: str, events: int) -> tuple[ThiduaApplication, list[UUID]]:
    create_schema(url)
    app = ThiduaApplication(url)
    years = fill(app, events)
    projector_of(app).catch_up()
    return app, years


def head(app: ThiduaApplication) -> int:
    return app.recorder.max_notification_id() or 0


def decoded_read(app: ThiduaApplication) -> int:
    count, start = 0, 0
    while batch := app.recorder.select_notifications(start, 1000, inclusive_of_start=False):
        for n in batch:
            app.mapper.to_domain_event(n)
        count += len(batch)
        start = batch[-1].id
    return count


def p3_rebuild(app: ThiduaApplication, repeats: int) -> list[Row]:
    """Each view alone beside the decoded read; then all views in one pass (informational:
    one read feeds six views, so its ratio is of one view's worth of reading)."""
    fns: dict[str, Callable[[], int]] = {"decoded read": lambda: decoded_read(app)}
    for name in projector_of(app).views:
        fns[f"rebuild {name}"] = _rebuild(app, name)
    fns["rebuild all views, one pass"] = lambda: projector_of(app).rebuild()
    rows = rate_rows("P3", interleave(fns, repeats), "decoded read", "ev/s", ">= 0.5")
    rows[-1].goal = ""
    rows[-1].note = f"{len(projector_of(app).views)} views' folds per decoded event"
    for row in rows:  # the timeline's own goal since issue 18
        if row.subject == "rebuild timeline":
            row.goal = ">= 0.7"
    return rows


def _rebuild(app: ThiduaApplication, name: str) -> Callable[[], int]:
    return lambda: projector_of(app).rebuild(name)


def p5_as_of(app: ThiduaApplication, year: UUID, reads: int, repeats: int) -> list[Row]:
    position = head(app)
    originators = list(projector_of(app).store.originators_of(year))

    def replay() -> int:
        for _ in range(reads):
            year_standings(app, year, as_of=position)
        return reads

    def library() -> int:
        for _ in range(reads):
            for originator in originators:
                for stored in app.recorder.select_events(originator):
                    app.mapper.to_domain_event(stored)
        return reads

    per_read = interleave({"library": library, "as-of": replay}, repeats)
    events = sum(len(app.recorder.select_events(o)) for o in originators)
    return [
        Row(
            "P5",
            f"as-of standings, one cluster-year ({events} events)",
            per_read["as-of"] * 1000,
            "ms",
            "library read+decode of its streams",
            per_read["library"] * 1000,
            "<= 50 ms",
        )
    ]


def raw_read_and_hash(app: ThiduaApplication, with_links: bool) -> int:
    """Every stored event read in batches of 1,000 and hashed once; with_links also reads
    the link rows verify compares them with (the same rows verify reads)."""
    recorder: chain.ChainMixin = chain._recorder(app)
    stop = head(app)
    count, start = 0, 0
    while batch := app.recorder.select_notifications(start, 1000, inclusive_of_start=False):
        for n in batch:
            hashlib.sha256(n.state).digest()
        if with_links:
            recorder.chain_rows(start, stop, 1000)
        count += len(batch)
        start = batch[-1].id
    return count


def p7_verify(app: ThiduaApplication, repeats: int) -> list[Row]:
    def verify() -> int:
        report = chain.verify(app)
        assert report.ok, report.problem
        return report.checked

    fns = {
        "raw read + sha256": lambda: raw_read_and_hash(app, with_links=False),
        "raw read of events and links + sha256": lambda: raw_read_and_hash(app, True),
        "chain verify": verify,
    }
    per_event = interleave(fns, repeats)
    rows = []
    for baseline in ("raw read + sha256", "raw read of events and links + sha256"):
        chosen = {k: v for k, v in per_event.items() if k in (baseline, "chain verify")}
        rows += rate_rows("P7", chosen, baseline, "ev/s", ">= 0.5")
    rows[1].goal = ""  # the goal is judged against the cheaper baseline (events only)
    return rows


def run(work: Path, events: int, repeats: int, reads: int) -> list[Row]:
    app, years = synthetic_store(f"sqlite:///{work / 'p3-store.sqlite3'}", events)
    try:
        rows = p3_rebuild(app, repeats)
        rows += p5_as_of(app, years[len(years) // 2], reads, repeats)
        rows += p7_verify(app, repeats)
        for row in rows:
            row.extra["store_events"] = head(app)
        return rows
    finally:
        app.close()
