"""A member's dossier: registration, reports with files, the self-score table with
evidence per criterion, and the chair's inspection table with reasons."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import fields as ma

from service.year import dossiers, queries
from web.shell.actions import Action, Ctx
from web.shell.fields import Attachment, Base, Choice, Dec, Id, Many, Text, label
from web.shell.login import current_principal, login_required
from web.shell.store import store
from web.year.score_checks import check_appraisal, check_self_scores, row_refusal
from web.year.years import year_context, year_url

bp = Blueprint("dossiers", __name__)
Y = "/years/<uuid:year_id>"


@bp.get(Y + "/dossiers/<uuid:unit>")
@login_required
def dossier(year_id: UUID, unit: UUID) -> str:

    app, who = store(), current_principal()
    info = queries.year(app, year_id)
    found = dossiers.dossier_of(app, year_id, unit)
    mine = who.unit.hex if who and who.unit else None
    if unit.hex not in [m["id"] for m in info["members"]] and unit.hex not in info["carried"]:
        abort(404)  # a member's dossier, or one taken over (kept under its old name)
    return render_template(
        "dossiers/dossier.html",
        year=info,
        unit=unit.hex,
        dossier=found,
        name=info["names"].get(unit.hex, unit.hex),
        criteria=_flat(info["criteria"]),
        carried_by_me=mine is not None and info["carried"].get(unit.hex) == mine,
    )


def _flat(tree: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [
        {**c, "section": s["code"], "section_title": s["title"]}
        for s in (tree or {"sections": []})["sections"]
        for c in s["criteria"]
    ]


def DossierUnit() -> Id:  # a field factory, read like a field class
    """Which dossier the form acts on: shown only to an officer whose unit answers for
    more than one in the year (its own and one it took over: `picker`); otherwise its
    own (None)."""
    return Id(
        required=False,
        load_default=None,
        allow_none=True,
        metadata=label(_l("Hồ sơ của đơn vị"), widget="select", hidden=True, picker=True),
    )


class RegisterForm(Base):
    dossier_unit = DossierUnit()
    title = Text(max_length=300, metadata=label(_l("Danh hiệu đăng ký phấn đấu")))
    commitments = Many(
        Text(max_length=1000),
        at_least=1,
        metadata=label(_l("Các chỉ tiêu cam kết (mỗi dòng một nội dung)"), widget="textarea"),
    )


class ReportForm(Base):
    dossier_unit = DossierUnit()
    kind = Choice(("midyear", "yearend"), metadata=label(_l("Loại báo cáo"), widget="select"))
    summary = Text(max_length=8000, metadata=label(_l("Tóm tắt báo cáo"), widget="textarea"))
    attachments = Many(ma.Nested(Attachment), metadata={"hidden": True})


class ScoreRow(Base):
    criterion = Text(max_length=20)
    points = Dec(required=True)
    evidence = Text(max_length=2000)


class ScoreTable(Base):
    dossier_unit = DossierUnit()
    rows = Many(ma.Nested(ScoreRow), at_least=1)


class AppraiseRow(Base):
    criterion = Text(max_length=20)
    points = Dec(required=True)
    reason = Text(max_length=2000, allow_empty=True)


class AppraiseTable(Base):
    rows = Many(ma.Nested(AppraiseRow), at_least=1)


def dossiers_of(ctx: Ctx, info: dict[str, Any]) -> list[tuple[str, str]]:
    """The dossiers the officer's unit answers for in the year: its own, then those it
    took over (each under its old name)."""
    mine = ctx.who.unit.hex if ctx.who.unit else None
    if mine is None:
        return []
    carried = [a for a, s in info["carried"].items() if s == mine]
    names = info["names"]
    return [(u, names.get(u, u)) for u in [mine, *sorted(carried, key=lambda u: names.get(u, u))]]


def picker(ctx: Ctx) -> dict[str, Any]:
    """The year, and the dossier picker when the officer answers for more than one
    (the one asked for by ?unit= preselected)."""
    extra = year_context(ctx)
    found = dossiers_of(ctx, extra["year"])
    if len(found) < 2:
        return {**extra, "choices": {}, "values": {}}
    wanted = request.args.get("unit")
    chosen = wanted if wanted in dict(found) else found[0][0]
    return {**extra, "choices": {"dossier_unit": found}, "values": {"dossier_unit": chosen}}


def report_choices(ctx: Ctx) -> dict[str, Any]:
    kinds = [("midyear", _("Báo cáo sơ kết 6 tháng")), ("yearend", _("Báo cáo tổng kết năm"))]
    found = picker(ctx)
    return {**found, "choices": {**found["choices"], "kind": kinds}}


def score_rows(ctx: Ctx) -> dict[str, Any]:
    extra = picker(ctx) if "unit" not in ctx.args else year_context(ctx)
    chosen = extra.get("values", {}).get("dossier_unit")
    unit = ctx.args.get("unit") or (UUID(chosen) if chosen else None) or ctx.who.unit
    own = dossiers.dossier_of(ctx.app, ctx.args["year_id"], unit) if unit else None
    values = []
    for c in _flat(extra["year"]["criteria"]):
        mine = own.self_scores.get(c["code"]) if own else None
        done = own.appraisals.get(c["code"]) if own and "unit" in ctx.args else None
        shown = done or mine
        values.append(
            {
                "criterion": c["code"],
                "points": str(shown.points).replace(".", ",") if shown else "",
                "evidence": mine.note if mine else "",
                "reason": done.note if done else "",
            }
        )
    name = extra["year"]["names"].get(unit.hex, "") if unit else ""
    return {
        **extra,
        "criteria": _flat(extra["year"]["criteria"]),
        "values": {**extra.get("values", {}), "rows": values},
        "unit_name": name,
        "own": own,
    }


def rows_to_scores(rows: list[dict[str, Any]], note: str) -> dict[str, Any]:
    return {r["criterion"]: (r["points"], r[note]) for r in rows}


def dossier_url(args: dict[str, Any]) -> str:
    return url_for("dossiers.dossier", year_id=args["year_id"], unit=args["unit"])


ACTIONS = [
    Action("register", Y + "/register", _l("Đăng ký thi đua"), RegisterForm,
           lambda c, d: dossiers.register(
               c.app, c.who, c.args["year_id"], d["title"], d["commitments"], c.today,
               unit=d["dossier_unit"]),
           year_url, prepare=picker, tag="dossiers"),
    Action("submit_report", Y + "/report", _l("Gửi báo cáo của đơn vị"), ReportForm,
           lambda c, d: dossiers.submit_report(
               c.app, c.who, c.args["year_id"], d["kind"], d["summary"], d["attachments"], c.today,
               unit=d["dossier_unit"]),
           year_url, prepare=report_choices, files=True, tag="dossiers"),
    Action("self_score", Y + "/self-score", _l("Tự chấm điểm"), ScoreTable,
           lambda c, d: dossiers.self_score(
               c.app, c.who, c.args["year_id"], rows_to_scores(d["rows"], "evidence"), c.today,
               unit=d["dossier_unit"]),
           year_url, "dossiers/score_form.html", score_rows, row_keys=("criterion",),
           tag="dossiers", check=check_self_scores, refusal_at=row_refusal),
    Action("appraise", Y + "/dossiers/<uuid:unit>/appraise", _l("Thẩm định, chấm điểm đơn vị"),
           AppraiseTable, lambda c, d: dossiers.appraise(
               c.app, c.who, c.args["year_id"], c.args["unit"],
               rows_to_scores(d["rows"], "reason"), c.today),
           dossier_url, "dossiers/appraise_form.html", score_rows, row_keys=("criterion",),
           tag="dossiers", check=check_appraisal, refusal_at=row_refusal),
]  # fmt: skip
