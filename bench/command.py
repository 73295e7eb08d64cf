"""P1: one command through the service layer vs the bare library's get-mutate-save.

The command is a member's self-score of one criterion (`service.year.dossiers.self_score`):
authorise, load the year (criteria, deadline) and the dossier, mutate, save with its
hash-chain link. The baseline does the same events with eventsourcing alone, on its
own store with the same settings and no chain: `repository.get(dossier)`, the domain
method, `save`. Both stores start with the same registered dossiers and grow alike.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder

from bench.harness import Row, interleave, rate_rows
from domain.kernel.base import Actor, current_actor
from domain.org.unit import UnitKind
from domain.year.dossier import Dossier
from service.audit.schema import create_schema
from service.demo import cluster_year_data as data
from service.demo.cluster_year import ADMIN_P, Demo
from service.org import units
from service.platform import transcodings
from service.platform.app import ThiduaApplication
from service.platform.store import persistence_env
from service.views.projector import projector_of
from service.year import clusters, dossiers

MEMBERS = 42  # dossiers self-scored in turn


class BareApplication(Application[UUID]):
    """eventsourcing as it comes: the same transcodings and SQLite settings, no chain."""

    name = "Thidua"

    def __init__(self, url: str, cache: int | None = None) -> None:
        env = persistence_env(url, create_table=True)
        if cache:  # the library's own aggregate cache (off as it comes)
            env["AGGREGATE_CACHE_MAXSIZE"] = str(cache)
        super().__init__(env=env)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder)


class CommandPair:
    """Registered dossiers in both stores, and the two ways of self-scoring them."""

    def __init__(self, work: Path) -> None:
        url = f"sqlite:///{work / 'p1-service.sqlite3'}"
        create_schema(url)
        self.app = ThiduaApplication(url)
        demo = Demo(self.app)
        demo.units_and_cluster()
        extra = [f"BENCH{i}" for i in range(MEMBERS - len(data.PROVINCES))]
        for code in extra:  # more members, so that dossiers stay the size of a real year's
            demo.ids[code] = units.register_unit(
                self.app, ADMIN_P, code, UnitKind.PROVINCE, f"LĐLĐ mẫu {code}", date(2011, 6, 7)
            )
            clusters.admit_member(self.app, ADMIN_P, data.CLUSTER_CODE, code, date(2011, 6, 7))
        self.year_id = demo.open_and_adopt()
        demo.registrations_and_reports(self.year_id)
        for code in extra:
            officer = demo.officer(code)
            dossiers.register(
                self.app, officer, self.year_id, "Cờ thi đua", ["Cam kết"], date(2015, 1, 10)
            )
        self.officers = [demo.officer(code) for code, _ in data.PROVINCES] + [
            demo.officer(code) for code in extra
        ]
        year = clusters.year_of(self.app, self.year_id)
        assert year.adopted_version is not None
        self.criteria, self.version = year.criteria, year.adopted_version
        self.deadline = year.deadline("yearend_report")
        self.codes = [c for c in self.criteria.all() if c.kind == "standard"]
        self.bare = BareApplication(f"sqlite:///{work / 'p1-bare.sqlite3'}")
        self.bare_cached = BareApplication(f"sqlite:///{work / 'p1-bare-cached.sqlite3'}", 1000)
        for officer in self.officers:  # the same dossiers: their stored events copied
            assert officer.unit is not None
            stored = self.app.recorder.select_events(Dossier.id_for(self.year_id, officer.unit))
            self.bare.recorder.insert_events(stored)
            self.bare_cached.recorder.insert_events(stored)
        self.n = 0

    def _next(self) -> tuple[Any, Any, Decimal]:
        self.n += 1
        officer = self.officers[self.n % len(self.officers)]
        criterion = self.codes[self.n % len(self.codes)]
        points = (criterion.max_points * Decimal(90 + self.n % 10) / 100).quantize(Decimal("0.1"))
        return officer, criterion, points

    def service(self, commands: int) -> Callable[[], int]:
        def run() -> int:
            for _ in range(commands):
                officer, c, points = self._next()
                scores = {c.code: (points, "Báo cáo tổng kết")}
                dossiers.self_score(self.app, officer, self.year_id, scores, date(2015, 12, 1))
            return commands

        return run

    def bare_library(self, commands: int, cached: bool = False) -> Callable[[], int]:
        bare = self.bare_cached if cached else self.bare

        def run() -> int:
            for _ in range(commands):
                officer, c, points = self._next()
                token = current_actor.set(Actor(officer.account, officer.unit))
                try:
                    dossier: Dossier = bare.repository.get(
                        Dossier.id_for(self.year_id, officer.unit)
                    )
                    dossier.self_score(
                        self.criteria,
                        self.version,
                        c.code,
                        points,
                        "Báo cáo tổng kết",
                        date(2015, 12, 1),
                        self.deadline,
                    )
                    bare.save(dossier)
                finally:
                    current_actor.reset(token)
            return commands

        return run

    def with_catch_up(self, commands: int) -> Callable[[], int]:
        """The command as the web runs it on SQLite: then the views catch up."""
        run = self.service(commands)

        def both() -> int:
            done = run()
            projector_of(self.app).catch_up()
            return done

        return both

    def close(self) -> None:
        self.app.close()
        self.bare.close()
        self.bare_cached.close()


def run(work: Path, repeats: int, commands: int) -> list[Row]:
    pair = CommandPair(work)
    try:
        per_command = interleave(
            {
                "bare": pair.bare_library(commands),
                "service": pair.service(commands),
                "service + view catch-up": pair.with_catch_up(commands),
                "bare, library cache on": pair.bare_library(commands, cached=True),
            },
            repeats,
        )
        rows = rate_rows("P1", per_command, "bare", "/s", ">= 0.7")
        rows[0].subject = "self-score command (service)"
        rows[1].goal = ""  # informational: what a web request adds on SQLite
        rows.pop()  # the cached bare library is shown as a baseline of its own:
        cached = 1 / per_command["bare, library cache on"]
        rows.append(
            Row(
                "P1",
                "self-score command (service)",
                rows[0].value,
                "/s",
                "bare, library cache on",
                cached,
                note="informational",
            )
        )
        return rows
    finally:
        pair.close()
