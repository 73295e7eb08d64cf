"""A member's dossier: registration, reports with files, the self-score table with
evidence per criterion, and the chair's inspection table with reasons."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, abort, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import fields as ma

from service.year import dossiers, queries
from web.shell.actions import Action, Ctx
from web.shell.fields import Attachment, Base, Choice, Dec, Many, Text, label
from web.shell.login import login_required
from web.shell.store import store
from web.year.years import year_context, year_url

bp = Blueprint("dossiers", __name__)
Y = "/years/<uuid:year_id>"


@bp.get(Y + "/dossiers/<uuid:unit>")
@login_required
def dossier(year_id: UUID, unit: UUID) -> str:

    app = store()
    info = queries.year(app, year_id)
    found = dossiers.dossier_of(app, year_id, unit)
    if unit.hex not in [m["id"] for m in info["members"]]:
        abort(404)
    return render_template(
        "dossiers/dossier.html",
        year=info,
        unit=unit.hex,
        dossier=found,
        name=info["names"].get(unit.hex, unit.hex),
        criteria=_flat(info["criteria"]),
    )


def _flat(tree: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [
        {**c, "section": s["code"], "section_title": s["title"]}
        for s in (tree or {"sections": []})["sections"]
        for c in s["criteria"]
    ]


class RegisterForm(Base):
    title = Text(max_length=300, metadata=label(_l("Danh hiệu đăng ký phấn đấu")))
    commitments = Many(
        Text(max_length=1000),
        at_least=1,
        metadata=label(_l("Các chỉ tiêu cam kết (mỗi dòng một nội dung)"), widget="textarea"),
    )


class ReportForm(Base):
    kind = Choice(("midyear", "yearend"), metadata=label(_l("Loại báo cáo"), widget="select"))
    summary = Text(max_length=8000, metadata=label(_l("Tóm tắt báo cáo"), widget="textarea"))
    attachments = Many(ma.Nested(Attachment), metadata={"hidden": True})


class ScoreRow(Base):
    criterion = Text(max_length=20)
    points = Dec(required=True)
    evidence = Text(max_length=2000)


class ScoreTable(Base):
    rows = Many(ma.Nested(ScoreRow), at_least=1)


class AppraiseRow(Base):
    criterion = Text(max_length=20)
    points = Dec(required=True)
    reason = Text(max_length=2000, allow_empty=True)


class AppraiseTable(Base):
    rows = Many(ma.Nested(AppraiseRow), at_least=1)


def report_choices(ctx: Ctx) -> dict[str, Any]:
    kinds = [("midyear", _("Báo cáo sơ kết 6 tháng")), ("yearend", _("Báo cáo tổng kết năm"))]
    return {**year_context(ctx), "choices": {"kind": kinds}}


def score_rows(ctx: Ctx) -> dict[str, Any]:
    extra = year_context(ctx)
    unit = ctx.args.get("unit") or ctx.who.unit
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
        "values": {"rows": values},
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
               c.app, c.who, c.args["year_id"], d["title"], d["commitments"], c.today),
           year_url, prepare=year_context, tag="dossiers"),
    Action("submit_report", Y + "/report", _l("Gửi báo cáo của đơn vị"), ReportForm,
           lambda c, d: dossiers.submit_report(
               c.app, c.who, c.args["year_id"], d["kind"], d["summary"], d["attachments"], c.today),
           year_url, prepare=report_choices, files=True, tag="dossiers"),
    Action("self_score", Y + "/self-score", _l("Tự chấm điểm"), ScoreTable,
           lambda c, d: dossiers.self_score(
               c.app, c.who, c.args["year_id"], rows_to_scores(d["rows"], "evidence"), c.today),
           year_url, "dossiers/score_form.html", score_rows, row_keys=("criterion",),
           tag="dossiers"),
    Action("appraise", Y + "/dossiers/<uuid:unit>/appraise", _l("Thẩm định, chấm điểm đơn vị"),
           AppraiseTable, lambda c, d: dossiers.appraise(
               c.app, c.who, c.args["year_id"], c.args["unit"],
               rows_to_scores(d["rows"], "reason"), c.today),
           dossier_url, "dossiers/appraise_form.html", score_rows, row_keys=("criterion",),
           tag="dossiers"),
]  # fmt: skip
