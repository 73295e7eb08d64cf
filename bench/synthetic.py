"""A synthetic store of cluster-years for benchmarks, written straight through the domain.

Each cluster-year: 10 members, adopted criteria, every member registered, reporting and
self-scoring each criterion, then appraised. About 320 events per cluster-year, saved
one cluster-year per transaction. Deterministic (no randomness).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.org.cluster import Cluster
from domain.org.regulation import Regulation
from domain.org.unit import Unit, UnitKind
from domain.year.dossier import Dossier
from domain.year.plan import default_plan
from domain.year.year import EmulationYear
from service.demo.cluster_year_data import criteria
from service.platform.app import ThiduaApplication

MEMBERS = 10


def add_cluster_year(app: ThiduaApplication, n: int) -> UUID:
    """Cluster number n with its 2015 year; returns the year id."""
    on = date(2014, 11, 18)
    units = [
        Unit.register(f"B{n}-{i}", UnitKind.PROVINCE, f"LĐLĐ mẫu {n}-{i}", None, date(2010, 1, 1))
        for i in range(MEMBERS)
    ]
    cluster = Cluster.establish(f"BENCH{n}", f"Cụm mẫu {n}", Regulation(), date(2010, 1, 1))
    for u in units:
        cluster.admit(u, date(2010, 1, 1))
    ids = [u.id for u in units]
    year = EmulationYear.open(
        cluster.id, 2015, ids[0], ids[1], ids, Regulation(), default_plan(2015), on
    )
    crit = criteria(2015)
    year.adopt_criteria(year.draft_criteria(crit, on), on)
    dossiers = []
    for i, u in enumerate(units):
        d = Dossier(year_id=year.id, unit=u.id)
        d.register("Cờ thi đua", ["Cam kết"], date(2015, 1, 10), date(2015, 1, 31))
        d.submit_report("yearend", "Báo cáo", [], date(2015, 12, 1), date(2015, 12, 25))
        for c in crit.all():
            if c.kind == "standard":
                points = (c.max_points * Decimal(90 + (i + n) % 10) / 100).quantize(Decimal("0.1"))
                d.self_score(crit, 1, c.code, points, "MC", date(2015, 12, 1), date(2015, 12, 25))
        appraiser = ids[1] if i == 0 else ids[0]
        for c in crit.all():
            if c.kind == "standard":
                d.appraise(
                    crit, 1, c.code, d.self_scores[c.code].points, "", appraiser, date(2015, 12, 10)
                )
        dossiers.append(d)
    app.save(*units, cluster, year, *dossiers)
    return year.id


def fill(app: ThiduaApplication, events: int, start: int = 0) -> list[UUID]:
    """Add cluster-years until the store holds at least `events` events."""
    years, n = [], start
    while (app.recorder.max_notification_id() or 0) < events:
        years.append(add_cluster_year(app, n))
        n += 1
    return years
