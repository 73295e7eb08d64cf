"""Forms for a term cut short (service/review/cut_short.py): end a term early, begin the
next term, close a running review with what it has, and the decisions on participants
merged mid-review (the successor reports for it, or it withdraws), each form offering
the pending change's sensible default."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from domain.kernel.base import DomainError
from domain.review.campaign import ReviewCampaign
from service.review import cut_short
from service.review.queries import board_rows, review_progress
from service.year.queries import names as unit_names
from web.review.review_actions import review_context, review_url
from web.shell.actions import Action, Ctx
from web.shell.fields import Base, Day, Id, Int, Text, label

R = "/reviews/<uuid:campaign_id>"
T = "/terms/<uuid:term_id>"
CAUSES = {
    "merged": _l("đã hợp nhất"),
    "split": _l("đã chia tách"),
    "dissolved": _l("đã giải thể"),
}


class EndTermForm(Base):
    on = Day(required=True, metadata=label(_l("Ngày kết thúc nhiệm kỳ"), widget="date"))
    reason = Text(max_length=1000, metadata=label(_l("Lý do kết thúc trước thời hạn")))
    basis = Text(max_length=1000, metadata=label(_l("Căn cứ (số, ngày nghị quyết, quyết định)")))


class BeginTermForm(Base):
    number = Text(max_length=20, metadata=label(_l("Số hiệu nhiệm kỳ mới (ví dụ I)")))
    name = Text(max_length=300, metadata=label(_l("Tên nhiệm kỳ")))
    start_year = Int(minimum=1900, metadata=label(_l("Năm bắt đầu")))
    end_year = Int(minimum=1900, metadata=label(_l("Năm kết thúc")))
    opened_on = Day(required=True, metadata=label(_l("Ngày khai mạc Đại hội"), widget="date"))
    resolution = Text(max_length=2000, metadata=label(_l("Nghị quyết"), widget="textarea"))


class CloseReviewForm(Base):
    on = Day(required=True, metadata=label(_l("Ngày kết thúc đợt sơ kết"), widget="date"))
    reason = Text(max_length=1000, metadata=label(_l("Lý do kết thúc sớm")))
    basis = Text(max_length=1000, metadata=label(_l("Căn cứ (số, ngày văn bản quyết định)")))


class TakeOverForm(Base):
    unit = Id(metadata=label(_l("Đơn vị đã hợp nhất hoặc chia tách"), widget="select"))
    successor = Id(metadata=label(_l("Đơn vị kế thừa báo cáo thay"), widget="select"))
    reason = Text(max_length=1000, metadata=label(_l("Lý do (căn cứ quyết định)")))


class WithdrawForm(Base):
    unit = Id(metadata=label(_l("Đơn vị"), widget="select"))
    reason = Text(max_length=1000, metadata=label(_l("Lý do (căn cứ quyết định)")))


def _decision_choices(ctx: Ctx, only_take_over: bool) -> dict[str, Any]:
    """The pending participants as choices; the one asked for (?unit=) or the first
    comes preselected with its default successor. Any participant may withdraw."""
    info = review_context(ctx)
    board = {r["unit"].hex: r for r in _board(ctx)}
    pending = cut_short.pending_of(ctx.app, ctx.args["campaign_id"])
    if only_take_over:
        pending = [p for p in pending if p["successors"]]
    name = lambda u: board[u]["name"] if u in board else u  # noqa: E731
    units = [(p["unit"], f"{name(p['unit'])} ({CAUSES.get(p['cause'], '')})") for p in pending]
    if not only_take_over:
        units += [
            (u, r["name"])
            for u, r in board.items()
            if u not in dict(units) and r["status"] != "withdrawn"
        ]
    names = unit_names(ctx.app, [s for p in pending for s in p["successors"]])
    successors = [(s, names.get(s, s)) for p in pending for s in p["successors"]]
    wanted = request.args.get("unit")
    chosen = next((p for p in pending if p["unit"] == wanted), pending[0] if pending else None)
    values = {}
    if chosen is not None:
        values = {"unit": chosen["unit"], "successor": chosen.get("default_successor") or ""}
    return {**info, "choices": {"unit": units, "successor": successors}, "values": values}


def _board(ctx: Ctx) -> list[dict[str, Any]]:
    return board_rows(ctx.app, ctx.args["campaign_id"])


def _term_url(args: dict[str, Any]) -> str:
    return url_for("reviews.index")


def _term_context(ctx: Ctx) -> dict[str, Any]:
    """The term's review, when it has one, and what ending the term does to it."""
    campaign = ReviewCampaign.id_for(ctx.args["term_id"])
    try:
        data = review_progress(ctx.app, campaign)
    except DomainError:
        return {}
    return {
        "review": data,
        "case_title": data["term"]["name"],
        "intro": _closing_lines(ctx, campaign, ending_term=True),
    }


def _close_context(ctx: Ctx) -> dict[str, Any]:
    return {
        **review_context(ctx),
        "intro": _closing_lines(ctx, ctx.args["campaign_id"], ending_term=False),
    }


def _closing_lines(ctx: Ctx, campaign: Any, ending_term: bool) -> list[str]:
    """The check before an act that cannot be undone: what the review will keep and
    whose reports it will list as not received."""
    lines = [_("Thao tác này không thể hoàn tác.")]
    found = cut_short.closing_preview(ctx.app, campaign)
    if found is None:
        return lines
    if ending_term:
        lines.append(
            _("Đợt sơ kết «%(title)s» đang diễn ra sẽ kết thúc cùng ngày.", title=found["title"])
        )
    lines.append(
        _("Báo cáo đã nhận được, được giữ lại và tổng hợp (%(n)s)", n=len(found["counted"]))
        + (": " + "; ".join(found["counted"]) if found["counted"] else "")
    )
    if found["not_received"]:
        lines.append(
            _("Ghi là không nhận được (không tính là số 0): %(names)s",
              names="; ".join(found["not_received"]))
        )  # fmt: skip
    return lines


ACTIONS = [
    Action("end_term", T + "/end", _l("Kết thúc nhiệm kỳ trước thời hạn"), EndTermForm,
           lambda c, d: cut_short.end_term(c.app, c.who, c.args["term_id"], d["reason"], d["basis"],
                                           d["on"], c.today),
           _term_url, prepare=_term_context, tag="reviews"),
    Action("begin_term", T + "/next", _l("Bắt đầu nhiệm kỳ mới"), BeginTermForm,
           lambda c, d: cut_short.begin_term(c.app, c.who, c.args["term_id"], d["number"], d["name"],
                                             d["start_year"], d["end_year"], d["opened_on"],
                                             d["resolution"], c.today),
           lambda a: url_for("reviews.index"), prepare=_term_context, tag="reviews"),
    Action("close_review", R + "/close", _l("Kết thúc sớm đợt sơ kết"), CloseReviewForm,
           lambda c, d: cut_short.close_review(c.app, c.who, c.args["campaign_id"], d["reason"],
                                               d["basis"], d["on"], c.today),
           review_url, prepare=_close_context, tag="reviews"),
    Action("take_over_participant", R + "/changes/take-over",
           _l("Đơn vị kế thừa báo cáo thay đơn vị đã hợp nhất"), TakeOverForm,
           lambda c, d: cut_short.take_over_participant(
               c.app, c.who, c.args["campaign_id"], d["unit"], d["successor"], d["reason"], c.today),
           review_url, prepare=lambda c: _decision_choices(c, True), tag="reviews"),
    Action("withdraw_participant", R + "/changes/withdraw", _l("Đơn vị rút khỏi đợt sơ kết"),
           WithdrawForm,
           lambda c, d: cut_short.withdraw_participant(
               c.app, c.who, c.args["campaign_id"], d["unit"], d["reason"], c.today),
           review_url, prepare=lambda c: _decision_choices(c, False), tag="reviews",
           extra={"submit": _l("Ghi nhận đơn vị rút khỏi đợt sơ kết")}),
]  # fmt: skip
