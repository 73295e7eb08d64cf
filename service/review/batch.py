"""Many items in one command: units, review participants, review reports.

Each function applies, to every item, the same authorisation and domain rules as its
one-item twin (`units.register_unit`, `reviews.add_participant`,
`review_reports.draft_report` + `submit_report`, `return_report`, `accept_report`),
then saves everything in one `app.save` (one transaction): a refusal of any item
refuses the whole batch and nothing is written. What the one-item commands load again
per command (the campaign, the term, the parents of units) is loaded once per batch:
a federation's campaign holds one event per participant, and replaying it for each of
its ~2,400 reports made the national load quadratic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.kernel.base import DomainError
from domain.org.unit import Unit, UnitKind
from domain.review.report import ReviewReport
from domain.review.term import CongressTerm
from service.org.units import unit_by_code
from service.platform.app import ThiduaApplication, acting_as, execute
from service.platform.auth import Principal, acts_for, allow, require_role
from service.review.queries import load_campaign, load_term
from service.review.review_reports import own_report, require_reviewer
from service.review.reviews import _under, require_steering


@dataclass(frozen=True)
class NewUnit:
    code: str
    kind: UnitKind | str
    name: str
    on: date
    parent_code: str | None = None


def register_units(app: ThiduaApplication, who: Principal, rows: Sequence[NewUnit]) -> list[UUID]:
    """Register units (a parent may be registered earlier in the same batch); all or none."""
    require_role(who)

    def run() -> list[UUID]:
        made: dict[UUID, Unit] = {}
        known: set[UUID] = set()  # parents found in the store
        for row in rows:
            unit_id = Unit.id_for(row.code)
            if unit_id in made:
                raise DomainError("store.exists", what=f"đơn vị {row.code}")
            parent = Unit.id_for(row.parent_code) if row.parent_code else None
            if parent is not None and parent not in made and parent not in known:
                if not app.exists(parent):
                    raise DomainError("store.not_found", what=f"đơn vị {row.parent_code}")
                known.add(parent)
            made[unit_id] = Unit.register(row.code, UnitKind(row.kind), row.name, parent, row.on)
        try:  # a code already registered: the store's uniqueness refuses the whole batch
            _save(app, *made.values())
        except IntegrityError:  # (one query per batch instead of one lookup per unit)
            taken = next((u for u in made.values() if app.exists(u.id)), None)
            if taken is None:
                raise  # another writer, not a taken code: the command retries
            raise DomainError("store.exists", what=f"đơn vị {taken.code}") from None
        return list(made)

    return execute(app, who.actor, run)


def add_participants(
    app: ThiduaApplication,
    who: Principal,
    campaign_id: UUID,
    rows: Sequence[tuple[str, str]],
    on: date,
) -> None:
    """Add units (code, theme) to a campaign: each must stand under its federation."""

    def run() -> None:
        campaign = load_campaign(app, campaign_id)
        require_steering(who, campaign)
        units: dict[UUID, Unit] = {}

        def unit_of(unit_id: UUID) -> Unit:  # parents are shared by many rows: read once
            if unit_id not in units:
                units[unit_id] = app.read(unit_id)
            return units[unit_id]

        for code, theme in rows:
            unit = unit_by_code(app, code, read_only=True)
            if not _under(unit_of, unit, campaign.federation, on):
                federation = unit_of(campaign.federation)
                raise DomainError("review.unit_outside", unit=unit.code, federation=federation.name)
            campaign.add_participant(unit.id, unit.kind.value, theme, on)
        app.save(campaign)

    execute(app, who.actor, run)


def _save(app: ThiduaApplication, *aggregates: Any) -> None:
    """Save, then leave the saved aggregates in the application's cache, as the library
    does itself when it does not fast-forward: the next batch (the reviewer's, after the
    officers') finds them decoded instead of replaying each (3 ms a report at 17
    events). Safe: a cached aggregate is fast-forwarded from the store on every get."""
    app.save(*aggregates)
    cache = app.repository.cache
    if cache is not None:
        for aggregate in aggregates:
            cache.put(aggregate.id, aggregate)


@dataclass(frozen=True)
class Filing:
    """One unit's report as its officer drafts it and (when `submitted_on`) submits it."""

    who: Principal
    unit_code: str
    on: date
    values: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    assessments: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    narrative: Mapping[str, str] = field(default_factory=dict)
    attachments: Iterable[Mapping[str, Any]] = ()
    withdraw: Iterable[str] = ()
    submitted_on: date | None = None


def draft(report: ReviewReport, term: CongressTerm, f: Filing) -> None:
    """What `review_reports.draft_report` does to the report, in the same order."""
    for code in f.withdraw:
        report.withdraw_value(term.target(code).code, f.on)
    for code, figures in f.values.items():
        report.report_value(term.target(code), dict(figures), f.on)
    for code, (rating, text) in f.assessments.items():
        report.assess(term.programme(code).code, rating, text, f.on)
    if f.narrative:
        report.write(f.on, **f.narrative)
    for a in f.attachments:
        report.attach(str(a["sha256"]), str(a["name"]), int(a["size"]), f.on)


def file_reports(app: ThiduaApplication, campaign_id: UUID, filings: Sequence[Filing]) -> None:
    """Units' own reports drafted (and submitted), each by its own officer; all or none."""

    def run() -> None:
        campaign = load_campaign(app, campaign_id, read_only=True)
        term = load_term(app, campaign.term, read_only=True)
        programmes = sorted(term.programmes)
        reports: dict[str, ReviewReport] = {}
        for f in filings:
            with acting_as(f.who.actor):  # each event carries its own officer
                report = reports.get(f.unit_code) or own_report(
                    app, f.who, campaign, f.unit_code, f.on
                )
                if f.unit_code in reports:  # a second filing of the unit in this batch
                    allow(acts_for(f.who, report.unit))
                draft(report, term, f)
                if f.submitted_on is not None:
                    report.submit(f.submitted_on, campaign.reports_due_on, programmes)
            reports[f.unit_code] = report
        _save(app, *reports.values())

    app.command(run)


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision on a submitted report: accept, or return with comments."""

    unit_code: str
    on: date
    comments: Sequence[str] = ()  # non-empty: return for revision
    resubmit_by: date | None = None


def review_reports(
    app: ThiduaApplication, who: Principal, campaign_id: UUID, decisions: Sequence[Decision]
) -> None:
    """Accept or return many reports, each checked as `accept_report`/`return_report`."""

    def run() -> None:
        campaign = load_campaign(app, campaign_id, read_only=True)
        require_reviewer(who, campaign)
        reports: dict[UUID, ReviewReport] = {}
        for d in decisions:
            unit = Unit.id_for(d.unit_code)  # a unit that does not exist is no participant
            allow(not acts_for(who, unit))
            campaign.participant(unit)
            report = reports.get(unit) or app.find(ReviewReport.id_for(campaign.id, unit))
            if report is None:
                raise DomainError("store.not_found", what="báo cáo sơ kết")
            if d.comments:
                report.return_for_revision(list(d.comments), d.resubmit_by, d.on)
            else:
                report.accept(d.on)
            reports[unit] = report
        app.save(*reports.values())

    execute(app, who.actor, run)
