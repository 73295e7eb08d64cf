"""Command handlers for members' dossiers: registration, reports, self-score, appraisal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from domain.kernel.base import DomainError
from domain.year.dossier import REPORT_KINDS, Dossier
from domain.year.year import EmulationYear
from service.platform.app import ThiduaApplication, execute
from service.platform.auth import Principal, acts_for, allow
from service.year.clusters import is_chair_team, read_year

T = TypeVar("T")


def dossier_of(app: ThiduaApplication, year_id: UUID, unit: UUID) -> Dossier | None:
    return app.find(Dossier.id_for(year_id, unit))


def _own_dossier(
    app: ThiduaApplication, who: Principal, year: EmulationYear, unit: UUID | None = None
) -> Dossier:
    """The dossier the principal's unit answers for: its own, or (`unit`) one it took
    over from a unit merged into it or split from it (year.answers_for)."""
    target = unit or who.unit
    allow(target is not None and target in year.answers_for(who.unit))
    assert target is not None
    return dossier_of(app, year.id, target) or Dossier(year_id=year.id, unit=target)


def _own_change(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    change: Callable[[EmulationYear, Dossier], T],
    unit: UUID | None = None,
) -> T:
    """A member's command on a dossier it answers for (opened on first use), saved as one."""

    def run() -> T:
        year = read_year(app, year_id)
        dossier = _own_dossier(app, who, year, unit)
        result = change(year, dossier)
        app.save(dossier)
        return result

    return execute(app, who.actor, run)


def register(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    title: str,
    commitments: list[str],
    on: date,
    unit: UUID | None = None,
) -> int:
    """Đăng ký thi đua with the chair's office. Returns days late (0: on time)."""

    return _own_change(
        app,
        who,
        year_id,
        lambda year, d: d.register(title, commitments, on, year.deadline("member_registration")),
        unit,
    )


def submit_report(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    kind: str,
    summary: str,
    attachments: list[dict[str, Any]],
    on: date,
    unit: UUID | None = None,
) -> int:
    """A member's mid-year or year-end report (attachments referenced by sha256); with
    `unit`, on a dossier the member took over."""
    if kind not in REPORT_KINDS:
        raise DomainError("report.bad_kind", kind=kind)

    return _own_change(
        app,
        who,
        year_id,
        lambda year, d: d.submit_report(
            kind, summary, attachments, on, year.deadline(REPORT_KINDS[kind])
        ),
        unit,
    )


def self_score(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    scores: dict[str, tuple[Decimal, str]],
    on: date,
    unit: UUID | None = None,
) -> None:
    """Tự chấm điểm: {criterion code: (points, evidence)}, all or nothing; with `unit`,
    on a dossier the member took over."""

    def score(year: EmulationYear, dossier: Dossier) -> None:
        criteria, version = year.criteria, year.adopted_version
        assert version is not None
        deadline = year.deadline("yearend_report")
        for code, (points, evidence) in scores.items():
            dossier.self_score(criteria, version, code, points, evidence, on, deadline)

    _own_change(app, who, year_id, score, unit)


def appraise(
    app: ThiduaApplication,
    who: Principal,
    year_id: UUID,
    unit: UUID,
    scores: dict[str, tuple[Decimal, str]],
    on: date,
) -> None:
    """Thẩm định: the chair's team scores a member, {code: (points, reason)}, all or nothing."""

    def run() -> None:
        year = read_year(app, year_id)
        allow(is_chair_team(who, year))
        if acts_for(who, unit):  # before any other check: an appraiser never appraises its own
            raise DomainError("dossier.self_appraisal")  # unit (403, with its own message)
        assert who.unit is not None
        dossier = dossier_of(app, year.id, unit)
        if dossier is None:
            raise DomainError("dossier.not_registered")
        criteria, version = year.criteria, year.adopted_version
        assert version is not None
        for code, (points, reason) in scores.items():
            dossier.appraise(criteria, version, code, points, reason, who.unit, on)
        app.save(dossier)

    execute(app, who.actor, run)
