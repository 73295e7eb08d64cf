"""Forms of the term review: the term and its targets, the plan and steering committee,
a unit's report with a row per target (and per programme), return and accept, and the
federation's steps up to the report to TLĐ."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import url_for
from flask_babel import lazy_gettext as _l
from marshmallow import fields as ma

from domain.accounts.account import AUDITOR
from domain.kernel.base import DomainError
from domain.review.parts import COMMITTEES, PARTICIPANT_KINDS, STEERING_ROLES
from domain.review.report import EDITABLE, NARRATIVE, RATINGS, clean_figures
from domain.review.term import Direction, Rollup, Target
from service.accounts import accounts
from service.org.units import unit_by_code
from service.review import review_reports, reviews
from service.review.queries import report_detail, review_progress, term_targets
from web.shell import words
from web.shell.actions import Action, Ctx
from web.shell.fields import Attachment, Base, Choice, Day, Int, Many, Text, label
from web.shell.forms import FormErrors
from web.shell.i18n import message


def review_url(args: dict[str, Any]) -> str:
    return url_for("reviews.review", campaign_id=args["campaign_id"])


def report_url(args: dict[str, Any]) -> str:
    return url_for("reviews.report", campaign_id=args["campaign_id"], unit_code=args["unit_code"])


def review_context(ctx: Ctx) -> dict[str, Any]:
    data = review_progress(ctx.app, ctx.args["campaign_id"])
    return {"review": data, "case_title": data["campaign"]["title"]}


# -- schemas ---------------------------------------------------------------------------
class TermForm(Base):
    federation_code = Text(max_length=60, metadata=label(_l("Mã LĐLĐ (đơn vị có nhiệm kỳ)")))
    number = Text(max_length=20, metadata=label(_l("Số hiệu nhiệm kỳ (ví dụ XV)")))
    name = Text(max_length=300, metadata=label(_l("Tên nhiệm kỳ")))
    start_year = Int(minimum=1900, metadata=label(_l("Năm bắt đầu")))
    end_year = Int(minimum=1900, metadata=label(_l("Năm kết thúc")))
    opened_on = Day(required=True, metadata=label(_l("Ngày khai mạc Đại hội"), widget="date"))
    resolution = Text(max_length=2000, metadata=label(_l("Nghị quyết"), widget="textarea"))


class TargetForm(Base):
    code = Text(max_length=20, metadata=label(_l("Mã chỉ tiêu")))
    name = Text(max_length=500, metadata=label(_l("Tên chỉ tiêu")))
    measure = Text(max_length=300, allow_empty=True, metadata=label(_l("Thước đo")))
    unit = Text(max_length=40, allow_empty=True, metadata=label(_l("Đơn vị tính")))
    target = Text(max_length=40, metadata=label(_l("Giá trị chỉ tiêu (ví dụ 9,5)")))
    direction = Choice(tuple(Direction), metadata=label(_l("Chiều đánh giá"), widget="select"))
    rollup = Choice(tuple(Rollup), metadata=label(_l("Cách tổng hợp"), widget="select"))
    baseline = Text(max_length=40, allow_empty=True, metadata=label(_l("Giá trị đầu nhiệm kỳ")))
    weight_label = Text(
        max_length=200, allow_empty=True, metadata=label(_l("Trọng số (bình quân gia quyền)"))
    )
    numerator_label = Text(max_length=200, allow_empty=True, metadata=label(_l("Tử số (tỷ lệ)")))
    denominator_label = Text(max_length=200, allow_empty=True, metadata=label(_l("Mẫu số (tỷ lệ)")))


class ProgrammeForm(Base):
    code = Text(max_length=20, metadata=label(_l("Mã chương trình")))
    name = Text(max_length=500, metadata=label(_l("Tên chương trình hành động")))


class PlanForm(Base):
    title = Text(max_length=500, metadata=label(_l("Tên đợt sơ kết")))
    review_date = Day(required=True, metadata=label(_l("Mốc sơ kết"), widget="date"))


class AppointForm(Base):
    account = Text(max_length=64, metadata=label(_l("Tài khoản")))
    name = Text(max_length=200, metadata=label(_l("Họ và tên")))
    role = Choice(
        STEERING_ROLES, metadata=label(_l("Chức danh trong Ban chỉ đạo"), widget="select")
    )
    position = Text(max_length=300, allow_empty=True, metadata=label(_l("Chức vụ")))


class RelieveForm(Base):
    account = Text(max_length=64, metadata=label(_l("Tài khoản")))


class MilestoneForm(Base):
    code = Text(max_length=40, metadata=label(_l("Mã mốc")))
    title = Text(max_length=500, metadata=label(_l("Nội dung")))
    starts_on = Day(required=True, metadata=label(_l("Từ ngày"), widget="date"))
    due_on = Day(required=True, metadata=label(_l("Hạn"), widget="date"))


class ParticipantForm(Base):
    unit_code = Text(max_length=60, metadata=label(_l("Mã đơn vị")))
    theme = Text(max_length=500, allow_empty=True, metadata=label(_l("Chuyên đề (các Ban)")))


class CompileForm(Base):
    title = Text(max_length=500, metadata=label(_l("Tên báo cáo")))
    summary = Text(
        max_length=8000, allow_empty=True, metadata=label(_l("Tóm tắt"), widget="textarea")
    )


class PresentForm(Base):
    committee = Choice(COMMITTEES, metadata=label(_l("Trình"), widget="select"))
    session = Text(max_length=300, metadata=label(_l("Kỳ họp, hội nghị")))
    conclusion = Text(
        max_length=4000, allow_empty=True, metadata=label(_l("Kết luận"), widget="textarea")
    )


class FindingForm(Base):
    topic = Text(max_length=300, metadata=label(_l("Chuyên đề khảo sát")))
    findings = Text(max_length=4000, metadata=label(_l("Kết quả khảo sát"), widget="textarea"))
    unit_code = Text(
        max_length=60, allow_empty=True, metadata=label(_l("Đơn vị được khảo sát (mã)"))
    )


class ReferenceForm(Base):
    reference = Text(max_length=300, metadata=label(_l("Số, ký hiệu văn bản")))


class ValueRow(Base):
    target = Text(max_length=20)
    value = Text(max_length=40, allow_empty=True)
    weight = Text(max_length=40, allow_empty=True)
    numerator = Text(max_length=40, allow_empty=True)
    denominator = Text(max_length=40, allow_empty=True)


class AssessmentRow(Base):
    """A programme's rating and assessment: both needed, checked in `_draft` with the
    figures so that every row's error shows at once."""

    programme = Text(max_length=20)
    rating = Choice(RATINGS, required=False)
    assessment = Text(max_length=4000, allow_empty=True)


class ReportForm(Base):
    values = Many(ma.Nested(ValueRow))
    assessments = Many(ma.Nested(AssessmentRow))
    done = Text(max_length=8000, allow_empty=True)
    not_done = Text(max_length=8000, allow_empty=True)
    causes = Text(max_length=8000, allow_empty=True)
    lessons = Text(max_length=8000, allow_empty=True)
    tasks = Text(max_length=8000, allow_empty=True)
    attachments = Many(ma.Nested(Attachment))


class ReturnForm(Base):
    comments = Many(
        Text(max_length=2000),
        at_least=1,
        metadata=label(_l("Yêu cầu chỉnh sửa (mỗi dòng một ý)"), widget="textarea"),
    )
    resubmit_by = Day(
        required=False,
        load_default=None,
        allow_none=True,
        metadata=label(_l("Hạn gửi lại"), widget="date"),
    )


class Confirm(Base):
    pass


# -- the report form -------------------------------------------------------------------
FIGURE_NAMES = {
    "sum": ("value",),
    "weighted_average": ("value", "weight"),
    "ratio": ("numerator", "denominator"),
}


def report_rows(ctx: Ctx) -> dict[str, Any]:
    unit_by_code(ctx.app, ctx.args["unit_code"], read_only=True)  # an unknown unit: 404
    extra = review_context(ctx)
    found = report_detail(ctx.app, ctx.args["campaign_id"], ctx.args["unit_code"]) or {}
    given = found.get("values", {})
    values = [
        {
            "target": t["code"],
            **{k: v.replace(".", ",") for k, v in given.get(t["code"], {}).items()},
        }
        for t in extra["review"]["targets"]
    ]
    marks = found.get("assessments", {})
    assessments = [
        {
            "programme": p,
            "rating": marks.get(p, ("", ""))[0],
            "assessment": marks.get(p, ("", ""))[1],
        }
        for p in extra["review"]["programmes"]
    ]
    narrative = found.get("narrative", {})
    status = found.get("status")
    return {
        **extra,
        "report": found,
        "editable": status is None or status in {s.value for s in EDITABLE},
        "target_words": {t.code: t for t in term_targets(ctx.app, ctx.args["campaign_id"])},
        "figure_names": FIGURE_NAMES,
        "ratings": RATINGS,
        "narrative_parts": NARRATIVE,
        "values": {"values": values, "assessments": assessments, **narrative},
    }


def row_errors(c: Ctx, d: dict[str, Any]) -> dict[str, list[str]]:
    """Every row's error at once, keyed by the row's place in the posted list
    ("values/3", "assessments/1/rating"), before anything is stored."""
    errors: dict[str, list[str]] = {}
    targets = {t.code: t for t in term_targets(c.app, c.args["campaign_id"])}
    for i, row in enumerate(d["values"]):
        filled = {k: row[k] for k in ("value", "weight", "numerator", "denominator") if row.get(k)}
        target = targets.get(row["target"].strip().upper())
        if target is None or not filled:
            continue
        try:
            clean_figures(target, filled)
        except DomainError as e:
            errors[f"values/{i}"] = [message(e)]
    for i, row in enumerate(d["assessments"]):
        if not row.get("rating"):
            errors[f"assessments/{i}/rating"] = [str(_l("Chọn mức độ thực hiện."))]
        if not row.get("assessment", "").strip():
            problem = DomainError("review.assessment_required", programme=row["programme"])
            errors[f"assessments/{i}/assessment"] = [message(problem)]
    return errors


def _draft(c: Ctx, d: dict[str, Any]) -> UUID:
    errors = row_errors(c, d)
    if errors:
        raise FormErrors(errors)
    figures = {}
    for row in d["values"]:
        filled = {k: row[k] for k in ("value", "weight", "numerator", "denominator") if row.get(k)}
        if filled:
            figures[row["target"]] = filled
    assessments = {r["programme"]: (r.get("rating", ""), r["assessment"]) for r in d["assessments"]}
    narrative = {k: d[k] for k in NARRATIVE if d.get(k)}
    return review_reports.draft_report(
        c.app,
        c.who,
        c.args["campaign_id"],
        c.args["unit_code"],
        c.today,
        values=figures,
        assessments=assessments,
        narrative=narrative,
        attachments=d["attachments"],
    )


def _target(c: Ctx, d: dict[str, Any]) -> None:
    reviews.add_targets(c.app, c.who, c.args["term_id"], [Target.make(**d)], c.today)


def _appoint(c: Ctx, d: dict[str, Any]) -> None:
    """An auditor is never appointed: appointment would let it act on the campaign."""
    found = accounts.account_of(c.app, d["account"])
    if found is not None and AUDITOR in found.roles:
        raise DomainError("account.auditor_exclusive")
    reviews.appoint_steering_member(
        c.app, c.who, c.args[campaign], d["account"], d["name"], d["role"], d["position"], c.today
    )


def choices(ctx: Ctx) -> dict[str, Any]:
    extra = review_context(ctx) if "campaign_id" in ctx.args else {}
    return {
        **extra,
        "choices": {
            "role": words.choices(STEERING_ROLES),
            "committee": words.choices(COMMITTEES),
            "direction": words.choices(Direction),
            "rollup": words.choices(Rollup),
        },
        "kinds": PARTICIPANT_KINDS,
    }


R = "/reviews/<uuid:campaign_id>"
T = "/terms/<uuid:term_id>"
U = R + "/reports/<unit_code>"
campaign = "campaign_id"
ACTIONS = [
    Action("open_term", "/terms/new", _l("Mở nhiệm kỳ Đại hội"), TermForm,
           lambda c, d: reviews.open_term(c.app, c.who, d["federation_code"], d["number"], d["name"],
                                          d["start_year"], d["end_year"], d["opened_on"], d["resolution"]),
           lambda a: url_for("reviews.index"), tag="reviews"),
    Action("add_target", T + "/targets", _l("Thêm chỉ tiêu của Nghị quyết"), TargetForm, _target,
           lambda a: url_for("reviews.index"), prepare=choices, tag="reviews"),
    Action("add_programme", T + "/programmes", _l("Thêm chương trình hành động"), ProgrammeForm,
           lambda c, d: reviews.add_programme(c.app, c.who, c.args["term_id"], d["code"], d["name"], c.today),
           lambda a: url_for("reviews.index"), tag="reviews"),
    Action("plan_review", T + "/review", _l("Lập kế hoạch sơ kết"), PlanForm,
           lambda c, d: reviews.plan_review(c.app, c.who, c.args["term_id"], d["title"], d["review_date"], c.today),
           lambda a: url_for("reviews.index"), tag="reviews"),
    Action("appoint_steering_member", R + "/steering", _l("Bổ nhiệm thành viên Ban chỉ đạo"), AppointForm,
           _appoint, review_url, prepare=choices, tag="reviews"),
    Action("relieve_steering_member", R + "/steering/relieve", _l("Miễn nhiệm thành viên Ban chỉ đạo"),
           RelieveForm, lambda c, d: reviews.relieve_steering_member(c.app, c.who, c.args[campaign], d["account"], c.today),
           review_url, prepare=review_context, tag="reviews"),
    Action("schedule_milestone", R + "/milestones", _l("Đặt mốc thời gian"), MilestoneForm,
           lambda c, d: reviews.schedule_milestone(c.app, c.who, c.args[campaign], d["code"], d["title"],
                                                   d["starts_on"], d["due_on"], c.today),
           review_url, prepare=review_context, tag="reviews"),
    Action("add_participant", R + "/participants", _l("Thêm đơn vị tham gia sơ kết"), ParticipantForm,
           lambda c, d: reviews.add_participant(c.app, c.who, c.args[campaign], d["unit_code"], c.today, d["theme"]),
           review_url, prepare=review_context, tag="reviews"),
    Action("draft_report", U + "/draft", _l("Báo cáo sơ kết của đơn vị"), ReportForm, _draft, report_url,
           "reviews/report_form.html", report_rows, row_keys=("target", "programme"), files=True, tag="reviews",
           extra={"submit": _l("Lưu báo cáo (chưa gửi)")}),
    Action("submit_review_report", U + "/submit", _l("Gửi báo cáo sơ kết"), Confirm,
           lambda c, d: review_reports.submit_report(c.app, c.who, c.args[campaign], c.args["unit_code"], c.today),
           report_url, prepare=review_context, tag="reviews"),
    Action("return_report", U + "/return", _l("Trả lại báo cáo để chỉnh sửa"), ReturnForm,
           lambda c, d: review_reports.return_report(c.app, c.who, c.args[campaign], c.args["unit_code"],
                                                     d["comments"], c.today, d["resubmit_by"]),
           report_url, prepare=review_context, tag="reviews"),
    Action("accept_report", U + "/accept", _l("Chấp nhận báo cáo"), Confirm,
           lambda c, d: review_reports.accept_report(c.app, c.who, c.args[campaign], c.args["unit_code"], c.today),
           report_url, prepare=review_context, tag="reviews"),
    Action("compile_report", R + "/compile", _l("Tổng hợp báo cáo sơ kết của LĐLĐ"), CompileForm,
           lambda c, d: reviews.compile_consolidated_report(c.app, c.who, c.args[campaign], d["title"], d["summary"], c.today),
           review_url, prepare=review_context, tag="reviews"),
    Action("present_to_committee", R + "/present", _l("Trình Ban Thường vụ, Ban Chấp hành"), PresentForm,
           lambda c, d: reviews.present_to_committee(c.app, c.who, c.args[campaign], d["committee"], d["session"],
                                                     d["conclusion"], c.today),
           review_url, prepare=choices, tag="reviews"),
    Action("record_survey_finding", R + "/survey", _l("Ghi kết quả khảo sát"), FindingForm,
           lambda c, d: reviews.record_survey_finding(c.app, c.who, c.args[campaign], d["topic"], d["findings"],
                                                      c.today, d["unit_code"] or None),
           review_url, prepare=review_context, tag="reviews"),
    Action("submit_to_confederation", R + "/tld", _l("Gửi báo cáo sơ kết tới Tổng Liên đoàn"), ReferenceForm,
           lambda c, d: reviews.submit_to_confederation(c.app, c.who, c.args[campaign], d["reference"], c.today),
           review_url, prepare=review_context, tag="reviews"),
]  # fmt: skip
