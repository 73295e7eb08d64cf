"""The score tables' rows checked against the year before the service is called, so
that every row's error shows at once beside its row: a score over its criterion's
maximum (12 out of 10) in the same answer as a missing piece of evidence, an appraisal
that differs from the self-score without a reason. The domain keeps the same rules
(domain/year/criteria.py, dossier.py); a refusal of its about one row is shown beside
that row too (`row_refusal`)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from marshmallow import ValidationError

from domain.kernel.base import DomainError
from domain.year.criteria import Criteria
from domain.year.year import EmulationYear
from service.year import dossiers
from service.year.clusters import read_year
from web.shell.actions import Ctx
from web.shell.fields import Dec
from web.shell.i18n import message, number

# a refusal's code → the row's field it is about (the row named by the refusal's `code`)
ROW_FIELD = {
    "criteria.points_out_of_range": "points",
    "criteria.too_precise": "points",
    "criteria.unknown": "criterion",
    "dossier.evidence_required": "evidence",
    "dossier.reason_required": "reason",
}


def rows_of(raw: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]]:
    rows = raw.get("rows")
    if not isinstance(rows, list):
        return []
    return [(i, r) for i, r in enumerate(rows) if isinstance(r, Mapping)]


def points_of(row: Mapping[str, Any]) -> Decimal | None:
    """The row's points if they read as a number (else the schema says why)."""
    try:
        found = Dec().deserialize(row.get("points"))
    except ValidationError:
        return None
    return found if isinstance(found, Decimal) else None


def _year(ctx: Ctx) -> tuple[EmulationYear, Criteria] | None:
    try:
        year = read_year(ctx.app, ctx.args["year_id"])
        return year, year.criteria
    except DomainError:  # no such year, no adopted criteria: the service refuses it whole
        return None


def _points_errors(criteria: Criteria, raw: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for i, row in rows_of(raw):
        code = str(row.get("criterion") or "")
        points = points_of(row)
        try:
            criterion = criteria.get(code)
        except DomainError as e:
            errors[f"rows/{i}/criterion"] = [message(e)]
            continue
        if points is None:
            continue
        try:
            criterion.check_points(points)
        except DomainError as e:
            shown = {**e.params, "points": number(points), "max": number(criterion.max_points)}
            errors[f"rows/{i}/points"] = [message(DomainError(e.code, **shown))]
    return errors


def check_self_scores(ctx: Ctx, raw: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each row's points against its criterion's maximum, in the year's criteria."""
    found = _year(ctx)
    return _points_errors(found[1], raw) if found else {}


def check_appraisal(ctx: Ctx, raw: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each row's points against its criterion's maximum, and a reason where the
    appraisal differs from the member's self-score (or there is none)."""
    found = _year(ctx)
    if found is None:
        return {}
    year, criteria = found
    errors = _points_errors(criteria, raw)
    unit = ctx.args.get("unit")
    dossier = dossiers.dossier_of(ctx.app, year.id, unit) if unit else None
    own = dossier.self_scores if dossier else {}
    for i, row in rows_of(raw):
        code, points = str(row.get("criterion") or ""), points_of(row)
        if (
            points is None
            or f"rows/{i}/criterion" in errors
            or str(row.get("reason") or "").strip()
        ):
            continue
        mine = own.get(code)
        if mine is None or mine.points != points or mine.version != year.adopted_version:
            errors[f"rows/{i}/reason"] = [
                message(DomainError("dossier.reason_required", code=code))
            ]
    return errors


def check_criteria_table(ctx: Ctx, raw: Mapping[str, Any]) -> dict[str, list[str]]:
    """The criteria table's rows: a benchmark above 0, each code once (the domain's
    rules, domain/year/criteria.py, said beside the row that breaks them)."""
    errors: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    for i, row in rows_of(raw):
        code = str(row.get("code") or "").strip()
        most = points_of({"points": row.get("max_points")})
        if most is not None and most <= 0:
            errors[f"rows/{i}/max_points"] = [message(DomainError("criteria.bad_max", code=code))]
        if code and code in seen:
            errors[f"rows/{i}/code"] = [message(DomainError("criteria.duplicate_code"))]
        seen.setdefault(code, i)
    return errors


def row_refusal(e: DomainError, raw: Mapping[str, Any]) -> str | None:
    """Where the domain's refusal about one criterion belongs: "rows/3/points"."""
    field = ROW_FIELD.get(e.code)
    if field is None:
        return None
    for i, row in rows_of(raw):
        if str(row.get("criterion") or "") == str(e.params.get("code")):
            return f"rows/{i}/{field}"
    return None
