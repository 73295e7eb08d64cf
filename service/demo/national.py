"""`thidua demo --scale national`: a whole country's year and term review, through the service.

34 provincial federations and 20 national sector unions in 12 clusters; each cluster
plays the 2015 year as the seed demo does (`service.demo.Demo` with a generated
`ClusterSpec`). Then every federation reviews its term over its lower units: lower
federations (LĐLĐ huyện, công đoàn ngành) and about 130,000 grassroots unions in all,
each filing a report with its figures, some late, some returned and resubmitted; the
grassroots report first, then their parents. All writes are service commands (batched
where there are thousands: `service.batch`). `fraction` scales the number of lower
units (the clusters and federations stay whole); the same seed and fraction give the
same nation: each federation draws from its own generator, so loading only some
federations (`only=`) gives them exactly as in the whole load.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.org.unit import Unit, UnitKind
from domain.review.campaign import ReviewCampaign
from service.demo import national_data as nd
from service.demo import review_data as review_data
from service.demo.cluster_year import Demo
from service.demo.cluster_year_data import SAMPLE, ClusterSpec
from service.org import units
from service.platform.app import ThiduaApplication
from service.platform.auth import REVIEWER, STEERING, SYSTEM_PRINCIPAL, Principal
from service.review import batch, reviews

ADMIN = SYSTEM_PRINCIPAL
BATCH = 500  # reports (or units, or participants) per transaction
SINCE = date(2013, 1, 1)
GRASSROOTS_TARGETS = ("CT01", "CT05", "CT06", "CT07", "CT08", "CT09", "CT11", "CT12")
INTERMEDIATE_TARGETS = ("CT02", "CT03", "CT04", "CT10")
RATINGS = ("done", "partly_done", "done", "not_done")
LATE_SHARE, RETURNED_SHARE = 0.04, 0.02


@dataclass(frozen=True)
class Federation:
    code: str
    name: str
    kind: str  # "province" | "sector"
    cluster: str
    grassroots: int
    intermediates: int


@dataclass(frozen=True)
class Nation:
    clusters: list[ClusterSpec]
    federations: list[Federation]

    @property
    def grassroots(self) -> int:
        return sum(f.grassroots for f in self.federations)


def nation(seed: int = 1, fraction: float = 1.0) -> Nation:
    """Who is who, and how big, for `seed` and `fraction` of the nation."""
    rng = random.Random(f"{seed}:nation")
    cities = [p for p in nd.PROVINCES if p[1] in nd.CITIES]
    others = [p for p in nd.PROVINCES if p[1] not in nd.CITIES]
    groups: list[tuple[str, str, str, list[tuple[str, str]]]] = []
    for i, (code, name) in enumerate(nd.PROVINCE_CLUSTERS[:-1]):
        members = [(c, nd.federation_name(p)) for c, p in others[4 * i : 4 * i + 4]]
        groups.append((code, name, "province", members))
    code, name = nd.PROVINCE_CLUSTERS[-1]
    groups.append((code, name, "province", [(c, nd.federation_name(p)) for c, p in cities]))
    for i, (code, name) in enumerate(nd.SECTOR_CLUSTERS):
        groups.append((code, name, "sector", nd.SECTOR_UNIONS[5 * i : 5 * i + 5]))
    weights = {
        c: rng.uniform(0.4, 2.0) * (4 if c in ("HANOI", "HCM") else 1)
        if kind == "province"
        else rng.uniform(0.2, 1.2)
        for _, _, kind, members in groups
        for c, _ in members
    }
    total = sum(weights.values())
    federations, specs = [], []
    for code, name, kind, members in groups:
        specs.append(cluster_spec(random.Random(f"{seed}:{code}"), code, name, members))
        for c, n in members:
            size = max(1, round(nd.GRASSROOTS_NATIONAL * fraction * weights[c] / total))
            lo, hi = nd.INTERMEDIATE[kind]
            middle = max(1, min(size, round(rng.randint(lo, hi) * min(1.0, fraction * 50))))
            federations.append(Federation(c, n, kind, code, size, middle))
    return Nation(specs, federations)


def cluster_spec(
    rng: random.Random, code: str, name: str, members: list[tuple[str, str]]
) -> ClusterSpec:
    codes = [c for c, _ in members]
    shares = sorted((Decimal(rng.randint(84, 98)) / 100 for _ in codes), reverse=True)
    order = codes[:]
    rng.shuffle(order)  # order[0] scores best
    share = dict(zip(order, shares, strict=True))
    leading, rest = order[0], [c for c in order[1:]]
    cut = rng.choice(rest)
    return ClusterSpec(
        code=code,
        name=name,
        members=members,
        chair=codes[0],
        vice=codes[1],
        self_share=share,
        appraisal_cuts={
            cut: [("3.1", Decimal("1.5"), "Số đoàn viên phát triển mới thấp hơn báo cáo")]
        },
        bonus={leading: Decimal(rng.randint(2, 5))},
        late_registration=frozenset({rest[-1]}),
        late_midyear=frozenset({rest[0]}),
        no_rollout=frozenset({rest[-1]}),
        commenters=(codes[2], codes[3]),
        absent=codes[-1],
        leading=leading,
        merit=tuple(rest[:4]),
        modest=(rest[0],),
        next_vice=(codes[2], codes[-1]),
        short=code,
    )


def load_national(
    app: ThiduaApplication,
    seed: int = 1,
    fraction: float = 1.0,
    only: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Load the nation (or the clusters of the federations in `only`, and only their
    reviews); `progress` is told the store's head after each step."""
    country = nation(seed, fraction)
    feds = [f for f in country.federations if only is None or f.code in only]
    specs = [s for s in country.clusters if any(f.cluster == s.code for f in feds)]
    tick = progress or (lambda _: None)
    units.register_unit(
        app, ADMIN, "TLD", UnitKind.CONFEDERATION, review_data.CONFEDERATION[1], date(1929, 7, 28)
    )
    members = [(c, n, s.code) for s in specs for c, n in s.members]
    kinds = {f.code: f.kind for f in country.federations}
    batch.register_units(
        app,
        ADMIN,
        [batch.NewUnit(c, kinds[c], n, date(2011, 6, 7), "TLD") for c, n, _ in members],
    )
    years = {}
    for spec in specs:
        demo = Demo(app, spec)
        demo.cluster(date(2011, 6, 7))
        years[spec.code] = demo.year()["year_id"]
        tick(_head(app))
    campaigns = {}
    for fed in feds:
        campaigns[fed.code] = FederationReview(app, seed, fed).run(tick)
    return {
        "loaded": True,
        "clusters": len(specs),
        "federations": len(feds),
        "grassroots": sum(f.grassroots for f in feds),
        "years": years,
        "campaigns": campaigns,
    }


def _head(app: ThiduaApplication) -> int:
    return app.recorder.max_notification_id() or 0


def _chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class FederationReview:
    """One federation's lower units and its mid-term review, from the grassroots up."""

    def __init__(self, app: ThiduaApplication, seed: int, fed: Federation) -> None:
        self.app, self.fed = app, fed
        self.rng = random.Random(f"{seed}:{fed.code}")
        fed_id = Unit.id_for(fed.code)
        self.steering = Principal(f"bcd.{fed.code.lower()}", fed_id, frozenset({STEERING}))
        self.reviewer = Principal(f"vanphong.{fed.code.lower()}", fed_id, frozenset({REVIEWER}))
        # lower federation code -> its grassroots codes
        self.tree: dict[str, list[str]] = {}

    def run(self, tick: Callable[[int], None]) -> UUID:
        self.lower_units()
        tick(_head(self.app))
        campaign = self.plan()
        tick(_head(self.app))
        grassroots = [(p, g) for p, gs in self.tree.items() for g in gs]
        self.reports_and_reviews(campaign, grassroots, tick)
        self.reports_and_reviews(campaign, [(self.fed.code, p) for p in self.tree], tick)
        return campaign

    def lower_units(self) -> None:
        fed, rng = self.fed, self.rng
        place = dict(nd.PROVINCES).get(fed.code, "Việt Nam")
        rows = []
        for n in range(1, fed.intermediates + 1):
            kind, name = nd.intermediate_name(rng, fed.kind, place, n)
            code = f"{fed.code}-{n:02d}"
            rows.append(batch.NewUnit(code, kind, name, SINCE, fed.code))
            self.tree[code] = []
        parents = list(self.tree)
        for n in range(1, fed.grassroots + 1):
            parent = parents[(n - 1) % len(parents)]
            code = f"{parent}-{len(self.tree[parent]) + 1:04d}"
            self.tree[parent].append(code)
            rows.append(
                batch.NewUnit(code, "grassroots", nd.grassroots_name(rng, n), SINCE, parent)
            )
        for chunk in _chunks(rows, 2 * BATCH):
            batch.register_units(self.app, ADMIN, chunk)

    def plan(self) -> UUID:
        app, fed, rng = self.app, self.fed, self.rng
        number = rng.choice(["XIV", "XV", "XVI"])
        opened = date(2013, 7, 1) + timedelta(days=rng.randint(0, 60))
        term = reviews.open_term(
            app,
            ADMIN,
            fed.code,
            number,
            f"Nhiệm kỳ Đại hội {fed.name} lần thứ {number} (2013 – 2018)",
            2013,
            2018,
            opened,
            f"Nghị quyết Đại hội {fed.name} lần thứ {number} {SAMPLE}",
        )
        reviews.add_targets(app, ADMIN, term, review_data.sample_targets(), opened)
        for code, name in review_data.SAMPLE_PROGRAMMES:
            reviews.add_programme(app, ADMIN, term, code, f"{name} {SAMPLE}", opened)
        on = date(2015, 11, 2)
        title = f"Sơ kết nửa nhiệm kỳ thực hiện Nghị quyết Đại hội {fed.name} lần thứ {number}"
        campaign = reviews.plan_review(app, ADMIN, term, title, review_data.REVIEW_DATE, on)
        head = f"Chủ tịch {fed.name}"
        who = self.steering.account
        reviews.appoint_steering_member(app, ADMIN, campaign, who, nd.person(rng), "head", head, on)
        for code, title_, starts, due in review_data.MILESTONES:
            reviews.schedule_milestone(app, self.steering, campaign, code, title_, starts, due, on)
        codes = [*self.tree, *(g for gs in self.tree.values() for g in gs)]
        for chunk in _chunks(codes, 2 * BATCH):
            batch.add_participants(app, self.steering, campaign, [(c, "") for c in chunk], on)
        assert campaign == ReviewCampaign.id_for(term)
        return campaign

    def reports_and_reviews(
        self, campaign: UUID, pairs: list[tuple[str, str]], tick: Callable[[int], None]
    ) -> None:
        """Each unit's report (grouped by parent), then the reviewer's decisions; the
        returned ones are corrected, resubmitted and accepted."""
        app, rng = self.app, self.rng
        filings, decisions, returned = [], [], []
        for n, (_, code) in enumerate(pairs):
            grassroots = code.count("-") == 2
            targets = GRASSROOTS_TARGETS if grassroots else INTERMEDIATE_TARGETS
            day = rng.randint(1, 20) if grassroots else rng.randint(21, 30)
            submitted = date(2015, 12, day)
            if rng.random() < LATE_SHARE:
                submitted = date(2016, 1, rng.randint(1, 6))
            filings.append(self.filing(code, targets, submitted, n))
            if rng.random() < RETURNED_SHARE:
                returned.append((code, targets, n))
                decisions.append(
                    batch.Decision(code, date(2016, 1, 7), _COMMENTS, date(2016, 1, 12))
                )
            else:
                decisions.append(batch.Decision(code, date(2016, 1, 9)))
        for filed, decided in zip(_chunks(filings), _chunks(decisions), strict=True):
            batch.file_reports(app, campaign, filed)
            batch.review_reports(app, self.reviewer, campaign, decided)
            tick(_head(app))
        fixes = [
            batch.Filing(
                self.officer(code),
                code,
                date(2016, 1, 8),
                values={"CT01" if "CT01" in t else "CT02": {"value": str(n % 7 + 1)}},
                submitted_on=date(2016, 1, 10),
            )
            for code, t, n in returned
        ]
        for chunk in _chunks(fixes):
            batch.file_reports(app, campaign, chunk)
        accepts = [batch.Decision(code, date(2016, 1, 12)) for code, _, _ in returned]
        for chunk in _chunks(accepts):
            batch.review_reports(app, self.reviewer, campaign, chunk)
        tick(_head(app))

    def officer(self, code: str) -> Principal:
        return Principal(f"canbo.{code.lower()}", Unit.id_for(code))

    def filing(self, code: str, targets: Sequence[str], submitted: date, n: int) -> batch.Filing:
        rng = self.rng
        drafted = submitted - timedelta(days=rng.randint(1, 5))
        values = {t: _figures(rng, t) for t in targets}
        assessments = {
            p: (RATINGS[(n + j) % 4], f"Đánh giá việc thực hiện {p} {SAMPLE}")
            for j, (p, _) in enumerate(review_data.SAMPLE_PROGRAMMES)
        }
        content = f"Báo cáo sơ kết nửa nhiệm kỳ của {code} {SAMPLE}".encode()
        attachment = {
            "sha256": hashlib.sha256(content).hexdigest(),
            "name": f"bao-cao-so-ket-{code.lower()}.pdf",
            "size": len(content),
        }
        return batch.Filing(
            self.officer(code),
            code,
            drafted,
            values=values,
            assessments=assessments,
            narrative=review_data.NARRATIVE,
            attachments=[attachment],
            submitted_on=submitted,
        )


_COMMENTS = [f"Số liệu phát triển đoàn viên chưa khớp với báo cáo tháng 11/2015 {SAMPLE}."]


def _figures(rng: random.Random, target: str) -> dict[str, str]:
    """Sample figures of one target for one unit (sum, ratio or weighted average)."""
    if target in ("CT01", "CT02", "CT07", "CT09", "CT11"):
        top = {"CT01": 40, "CT02": 6, "CT07": 8, "CT09": 2, "CT11": 1}[target]
        return {"value": str(rng.randint(0, top))}
    if target == "CT08":
        income = Decimal(rng.randint(38, 72)) / 10
        return {"value": str(income), "weight": str(rng.randint(20, 900))}
    denominator = rng.randint(5, 40)
    share = {"CT10": 0.05}.get(target, 0.8)
    numerator = min(denominator, round(denominator * rng.uniform(share * 0.6, share * 1.25)))
    return {"numerator": str(numerator), "denominator": str(denominator)}
