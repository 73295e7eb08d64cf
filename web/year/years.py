"""Clusters and their years: the list, the year page (criteria, standings and chart),
the plan board, and the year's forms (criteria table, comments, pact, plan, the
chair's registration with TLĐ and compiled reports, reopened windows, tasks done)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import fields as ma

from domain.org.regulation import TIE_BREAKS
from domain.year.criteria import KINDS, Criteria, Criterion, Section
from domain.year.plan import ROLES, PlanTask
from service.org.regulation_words import (
    criterion_words,
    regulation_lines,
    rules_of,
    version_words,
)
from service.platform.auth import AUDITOR, TLD_OFFICER
from service.polls.polls import polls_of_year
from service.year import clusters, queries, steps
from web.shell.actions import Action, Ctx, today
from web.shell.as_of import as_of_arg
from web.shell.fields import Attachment, Base, Choice, Day, Dec, Int, Many, Text, label
from web.shell.i18n import locale, number
from web.shell.login import current_principal, login_required
from web.shell.store import store
from web.shell.words import choices
from web.year.score_checks import check_criteria_table

bp = Blueprint("years", __name__)


def year_url(args: dict[str, Any]) -> str:
    return url_for("years.year", year_id=args["year_id"])


def year_context(ctx: Ctx) -> dict[str, Any]:
    info = queries.year(ctx.app, ctx.args["year_id"])
    return {"year": info, "case_title": f"{info['cluster']['name']} — {info['year']}"}


# -- pages -----------------------------------------------------------------------------
@bp.get("/clusters", endpoint="clusters")
@login_required
def clusters_page() -> str:

    return render_template("years/clusters.html", clusters=queries.clusters(store()))


@bp.get("/years/<uuid:year_id>")
@login_required
def year(year_id: UUID) -> tuple[str, int]:

    app, who = store(), current_principal()
    asked = as_of_arg()  # a day people know, a date and time, or an auditor's position
    info = queries.year(app, year_id, day=asked.day)
    table = queries.standings(app, year_id, asked.when)
    svg = queries.standings_svg(table, number, chart_labels())
    mine = who.unit.hex if who and who.unit else None
    return render_template(
        "years/year.html",
        year=info,
        standings=table,
        chart=svg,
        mine=mine,
        is_member=mine in [m["id"] for m in info["members"]],
        is_chair=mine is not None and mine == info["chair"],
        is_team=mine is not None and mine in (info["chair"], info["vice_chair"]),
        can_act=who is not None and AUDITOR not in who.roles,
        is_admin=who is not None and who.is_admin,
        can_read_bundle=who is not None and bool({AUDITOR, TLD_OFFICER} & set(who.roles)),
        polls=_polls(app, year_id),
        tasks=steps.task_list(app, year_id, today(), mine),
        as_of=asked,
        rules=regulation_lines(rules_of(info["regulation"]), locale()),
        tie_words={code: criterion_words(code, locale()) for code in TIE_BREAKS},
        rules_version=version_words(info["regulation"].get("version") or 1, locale()),
    ), (422 if asked.error else 200)


def _polls(app: Any, year_id: UUID) -> list[dict[str, Any]]:

    return polls_of_year(app, year_id)


@bp.get("/years/<uuid:year_id>/board")
@login_required
def board(year_id: UUID) -> str:

    app = store()
    return render_template(
        "years/board.html",
        year=queries.year(app, year_id),
        rows=queries.board(app, year_id, today()),
    )


def chart_labels() -> dict[str, str]:
    return {
        "title": _("Điểm tự chấm và điểm thẩm định"),
        "self_label": _("Tự chấm"),
        "appraised_label": _("Thẩm định"),
    }


# -- schemas ---------------------------------------------------------------------------
class CriterionRow(Base):
    section = Text(max_length=20, metadata=label(_l("Mục")))
    section_title = Text(max_length=300, metadata=label(_l("Tên mục")))
    code = Text(max_length=20, metadata=label(_l("Mã tiêu chí")))
    title = Text(max_length=500, metadata=label(_l("Nội dung tiêu chí")))
    max_points = Dec(required=True, metadata=label(_l("Điểm chuẩn")))
    kind = Choice(KINDS, metadata=label(_l("Loại")))


class CriteriaTable(Base):
    rows = Many(ma.Nested(CriterionRow), at_least=1)


class VersionForm(Base):
    version = Int(minimum=1, metadata=label(_l("Phiên bản dự thảo"), widget="select"))


class CommentForm(VersionForm):
    text = Text(max_length=4000, metadata=label(_l("Ý kiến góp ý"), widget="textarea"))


class Confirm(Base):
    pass


class PlanTaskForm(Base):
    key = Text(max_length=60, metadata=label(_l("Mã nhiệm vụ")))
    number = Text(max_length=10, metadata=label(_l("Số thứ tự trong kế hoạch")))
    content = Text(max_length=2000, metadata=label(_l("Nội dung"), widget="textarea"))
    role = Choice(ROLES, metadata=label(_l("Đơn vị thực hiện"), widget="select"))
    start = Day(required=True, metadata=label(_l("Từ ngày"), widget="date"))
    end = Day(required=True, metadata=label(_l("Đến ngày"), widget="date"))


class ReferenceForm(Base):
    reference = Text(max_length=300, metadata=label(_l("Số, ký hiệu văn bản")))


class SignersForm(Base):
    """Who signs the year's documents besides the chair's certificate ("người ký các văn
    bản"): kept on the year, so every rebuild of the bundle names them."""

    secretary_name = Text(max_length=120, metadata=label(_l("Họ tên Thư ký Hội nghị")))
    secretary_title = Text(
        max_length=200, allow_empty=True, metadata=label(_l("Chức vụ của Thư ký Hội nghị"))
    )
    counting_head_name = Text(
        max_length=120, allow_empty=True, metadata=label(_l("Họ tên Trưởng Ban kiểm phiếu"))
    )
    counting_head_title = Text(
        max_length=200, allow_empty=True, metadata=label(_l("Chức vụ của Trưởng Ban kiểm phiếu"))
    )
    chair_name = Text(
        max_length=120,
        allow_empty=True,
        metadata=label(_l("Họ tên Trưởng Cụm (bản xem trước; bản ký lấy tên trong chứng thư số)")),
    )


def signer_values(ctx: Ctx) -> dict[str, Any]:
    """The form shows the names the year holds."""
    extra = year_context(ctx)
    values = {}
    for role, signer in queries.signers(ctx.app, ctx.args["year_id"]).items():
        values[f"{role}_name"] = signer["name"]
        if role != "chair":
            values[f"{role}_title"] = signer["title"]
    return {**extra, "values": values}


def to_signers(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    roles = ("secretary", "counting_head", "chair")
    return {
        r: (data[f"{r}_name"], data.get(f"{r}_title", "")) for r in roles if data.get(f"{r}_name")
    }


class CompiledReportForm(Base):
    kind = Choice(("midyear", "yearend"), metadata=label(_l("Loại báo cáo"), widget="select"))
    summary = Text(max_length=8000, metadata=label(_l("Tóm tắt nội dung"), widget="textarea"))
    attachments = Many(ma.Nested(Attachment), metadata={"hidden": True})


class ReopenForm(Base):
    task = Text(max_length=60, metadata=label(_l("Nhiệm vụ"), widget="select"))
    until = Day(required=True, metadata=label(_l("Gia hạn đến ngày"), widget="date"))
    reason = Text(max_length=2000, metadata=label(_l("Lý do"), widget="textarea"))


class TaskDoneForm(Base):
    task = Text(max_length=60, metadata=label(_l("Nhiệm vụ"), widget="select"))
    note = Text(max_length=4000, metadata=label(_l("Kết quả thực hiện"), widget="textarea"))


# -- how each form reads its choices -----------------------------------------------------
def criteria_rows(ctx: Ctx) -> dict[str, Any]:
    extra = year_context(ctx)
    tree = extra["year"]["criteria"] or {"sections": []}
    rows = [
        {
            "section": s["code"],
            "section_title": s["title"],
            "code": c["code"],
            "title": c["title"],
            "max_points": c["max_points"],
            "kind": c.get("kind", "standard"),
        }
        for s in tree["sections"]
        for c in s["criteria"]
    ]
    return {**extra, "values": {"rows": rows}, "blank_rows": 5, "kinds": KINDS}


def versions(ctx: Ctx) -> dict[str, Any]:
    extra = year_context(ctx)
    tree = extra["year"]["criteria"]
    options = [(tree["version"], f"{_('Phiên bản')} {tree['version']}")] if tree else []
    return {**extra, "choices": {"version": options}}


def task_choices(ctx: Ctx) -> dict[str, Any]:
    extra = year_context(ctx)
    rows = queries.board(ctx.app, ctx.args["year_id"], ctx.today)
    options = [(r["key"], f"{r['number']}. {r['content'][:90]}") for r in rows]
    return {**extra, "choices": {"task": options, "role": choices(ROLES)}}


def compiled_choices(ctx: Ctx) -> dict[str, Any]:
    kinds = [("midyear", _("Sơ kết 6 tháng")), ("yearend", _("Tổng kết năm"))]
    return {**year_context(ctx), "choices": {"kind": kinds}}


def to_criteria(rows: list[dict[str, Any]]) -> Criteria:
    sections: dict[str, tuple[str, list[Criterion]]] = {}
    for r in rows:
        entry = sections.setdefault(r["section"], (r["section_title"], []))
        entry[1].append(Criterion(r["code"], r["title"], r["max_points"], r["kind"]))
    return Criteria(tuple(Section(k, t, tuple(cs)) for k, (t, cs) in sections.items()))


Y = "/years/<uuid:year_id>"
ACTIONS = [
    Action("draft_criteria", Y + "/criteria/draft", _l("Dự thảo chỉ tiêu thi đua và điểm chuẩn"),
           CriteriaTable, lambda c, d: clusters.draft_criteria(
               c.app, c.who, c.args["year_id"], to_criteria(d["rows"]), c.today),
           year_url, "years/criteria_form.html", criteria_rows, row_keys=("kind",), tag="years",
           check=check_criteria_table),
    Action("adopt_criteria", Y + "/criteria/adopt", _l("Thông qua chỉ tiêu thi đua"), VersionForm,
           lambda c, d: clusters.adopt_criteria(c.app, c.who, c.args["year_id"], d["version"], c.today),
           year_url, prepare=versions, tag="years"),
    Action("comment_criteria", Y + "/criteria/comment", _l("Góp ý dự thảo chỉ tiêu"), CommentForm,
           lambda c, d: clusters.comment_criteria(
               c.app, c.who, c.args["year_id"], d["version"], d["text"], c.today),
           year_url, prepare=versions, tag="years"),
    Action("sign_pact", Y + "/pact", _l("Ký giao ước thi đua"), Confirm,
           lambda c, d: clusters.sign_pact(c.app, c.who, c.args["year_id"], c.today),
           year_url, prepare=year_context, tag="years"),
    Action("set_plan_task", Y + "/plan/task", _l("Thêm hoặc sửa nhiệm vụ trong kế hoạch"),
           PlanTaskForm, lambda c, d: clusters.set_plan_task(
               c.app, c.who, c.args["year_id"], PlanTask(**d), c.today),
           year_url, prepare=task_choices, tag="years"),
    Action("adopt_plan", Y + "/plan/adopt", _l("Thông qua kế hoạch hoạt động"), Confirm,
           lambda c, d: clusters.adopt_plan(c.app, c.who, c.args["year_id"], c.today),
           year_url, prepare=year_context, tag="years"),
    Action("register_with_tld", Y + "/tld-registration", _l("Đăng ký thi đua của Cụm với Tổng Liên đoàn"),
           ReferenceForm, lambda c, d: clusters.register_with_confederation(
               c.app, c.who, c.args["year_id"], d["reference"], c.today),
           year_url, prepare=year_context, tag="years"),
    Action("name_signers", Y + "/signers", _l("Người ký các văn bản của hồ sơ"), SignersForm,
           lambda c, d: clusters.name_signers(
               c.app, c.who, c.args["year_id"], to_signers(d), c.today),
           year_url, prepare=signer_values, tag="years"),
    Action("send_compiled_report", Y + "/compiled-report", _l("Gửi báo cáo tổng hợp của Cụm"),
           CompiledReportForm, lambda c, d: clusters.send_compiled_report(
               c.app, c.who, c.args["year_id"], d["kind"], d["summary"], d["attachments"], c.today),
           year_url, prepare=compiled_choices, files=True, tag="years"),
    Action("reopen_window", Y + "/reopen", _l("Gia hạn thời gian thực hiện nhiệm vụ"), ReopenForm,
           lambda c, d: clusters.reopen_window(
               c.app, c.who, c.args["year_id"], d["task"], d["until"], d["reason"], c.today),
           year_url, prepare=task_choices, tag="years"),
    Action("report_task", Y + "/task-done", _l("Báo cáo đã thực hiện nhiệm vụ"), TaskDoneForm,
           lambda c, d: clusters.report_task(
               c.app, c.who, c.args["year_id"], d["task"], d["note"], c.today),
           year_url, prepare=task_choices, tag="years"),
]  # fmt: skip
