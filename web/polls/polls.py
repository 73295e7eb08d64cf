"""Conference votes: open a poll (evaluation, award, election), cast a ballot, file an
absent member's written vote, enter the paper tally, close and read the result."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import fields as ma
from marshmallow import pre_load

from domain.kernel.base import DomainError
from domain.polls.poll import KINDS, METHODS
from service.polls import polls
from service.polls.queries import ballot_receipt, poll_info, turnout
from web.polls import ceremony
from web.polls.tally_checks import check_tally
from web.shell.actions import Action, Ctx
from web.shell.as_of import as_of_arg
from web.shell.fields import Base, Choice, Flag, Id, Int, Many, Text, label
from web.shell.forms import FormErrors
from web.shell.i18n import locale, message
from web.shell.login import current_principal, login_required
from web.shell.store import store
from web.year.years import year_context

bp = Blueprint("polls", __name__)


@bp.get("/polls/<uuid:poll_id>")
@login_required
def poll(poll_id: UUID) -> tuple[str, int]:

    asked = as_of_arg()  # a day people know: the ballots, result and names of that day
    info = poll_info(store(), poll_id, locale(), day=asked.day)
    who = current_principal()
    mine = who.unit.hex if who and who.unit else None
    voted = None
    if who and who.unit and mine in info["voters"] and asked.when is None:
        voted = ballot_receipt(store(), poll_id, who.unit)
    return render_template(
        "polls/poll.html",
        poll=info,
        mine=mine,
        voted=voted,
        is_chair=mine is not None and mine == info["year"]["chair"],
        as_of=asked,
        steps=ceremony.STEPS,
        min_passphrase=ceremony.MIN_PASSPHRASE,
    ), (422 if asked.error else 200)


@bp.get("/polls/<uuid:poll_id>/receipt")
@login_required
def receipt(poll_id: UUID) -> str:
    """The receipt of the unit's ballot: what, for which unit, when, and the ballot's
    number and mark in the box (never its choices). The chair may read the receipt of
    an absent member's written vote it filed (?voter=)."""
    info = poll_info(store(), poll_id, locale())
    who = current_principal()
    mine = who.unit.hex if who and who.unit else None
    voter = request.args.get("voter") or mine
    if voter is None or (voter != mine and mine != info["year"]["chair"]):
        abort(404)
    try:
        voter_id = UUID(voter)
    except ValueError:
        abort(404)
    found = ballot_receipt(store(), poll_id, voter_id)
    if found is None:
        abort(404)
    return render_template(
        "polls/receipt.html",
        poll=info,
        receipt=found,
        unit=info["year"]["names"].get(voter_id.hex, ""),
    )


def poll_url(args: dict[str, Any]) -> str:
    return url_for("polls.poll", poll_id=args["poll_id"])


class OpenForm(Base):
    kind = Choice(KINDS, metadata=label(_l("Nội dung bỏ phiếu"), widget="select"))
    award = Text(
        max_length=60,
        allow_empty=True,
        metadata=label(_l("Hình thức khen thưởng (khi bình xét khen thưởng)"), widget="select"),
    )
    options = Many(
        Id(), at_least=1, metadata=label(_l("Các đơn vị được đề cử"), widget="checkboxes")
    )
    method = Choice(METHODS, metadata=label(_l("Hình thức"), widget="select"))
    secret = Choice(
        ("regulation", "secret", "open"),
        load_default="regulation",
        required=False,
        metadata=label(_l("Bỏ phiếu kín hay công khai"), widget="select"),
    )
    max_choices = Int(
        minimum=1,
        required=False,
        load_default=None,
        allow_none=True,
        metadata=label(_l("Số lựa chọn tối đa trên một phiếu (để trống: theo Quy chế)")),
    )
    question = Text(
        max_length=500, allow_empty=True, metadata=label(_l("Câu hỏi (để trống: mặc định)"))
    )
    committee = Many(
        Id(),
        metadata=label(
            _l("Ban kiểm phiếu giữ khoá giải mã (chỉ bỏ phiếu kín điện tử; để trống: không có)"),
            widget="checkboxes",
        ),
    )
    threshold = Int(
        minimum=0,
        required=False,
        load_default=None,
        allow_none=True,
        metadata=label(_l("Số thành viên cần có để mở kết quả")),
    )


class BallotForm(Base):
    choices = Many(Id(), metadata=label(_l("Lựa chọn"), widget="checkboxes"))
    blank = Flag(metadata=label(_l("Phiếu trắng (không chọn ai)"), widget="checkbox"))

    @pre_load
    def blank_radio(self, data: Any, **_: Any) -> Any:
        """A one-choice ballot is a group of radio buttons, "Phiếu trắng" one of them."""
        if not hasattr(data, "get") or not isinstance(data.get("choices"), list):
            return data
        if BLANK in data["choices"]:
            data = {**data, "choices": [c for c in data["choices"] if c != BLANK], "blank": True}
        return data


class AbsenteeForm(BallotForm):
    voter = Id(metadata=label(_l("Đơn vị vắng mặt gửi phiếu"), widget="select"))


class OptionCount(Base):
    option = Id()
    votes = Int()


class TallyForm(Base):
    issued = Int(metadata=label(_l("Số phiếu phát ra")))
    returned = Int(metadata=label(_l("Số phiếu thu vào")))
    valid = Int(metadata=label(_l("Số phiếu hợp lệ")))
    invalid = Int(metadata=label(_l("Số phiếu không hợp lệ")))
    counts = Many(ma.Nested(OptionCount), metadata={"hidden": True})


class Confirm(Base):
    pass


def open_choices(ctx: Ctx) -> dict[str, Any]:
    extra = year_context(ctx)
    y = extra["year"]
    kinds = [
        ("leading", _("Suy tôn đơn vị dẫn đầu")),
        ("award", _("Bình xét khen thưởng")),
        ("chair", _("Bầu Trưởng Cụm năm sau")),
        ("vice_chair", _("Bầu Phó Cụm năm sau")),
    ]
    return {
        **extra,
        "values": {"threshold": 2, **next_round_values()},
        "choices": {
            "kind": kinds,
            "award": [(a, y["award_names"][a]) for a in y["awards"]],
            "options": [(m["id"], m["name"]) for m in y["members"]],
            "committee": [(m["id"], m["name"]) for m in y["members"]],
            "method": [
                ("electronic", _("Bỏ phiếu điện tử")),
                ("paper", _("Phiếu giấy (nhập kết quả kiểm phiếu)")),
            ],
            "secret": [
                ("regulation", _("Theo Quy chế")),
                ("secret", _("Bỏ phiếu kín")),
                ("open", _("Biểu quyết công khai")),
            ],
        },
    }


BLANK = "blank"
# refusals about what a ballot chose: shown beside the choices, what was ticked kept
CHOICE_ERRORS = (
    "poll.too_many_choices",
    "poll.no_choice",
    "poll.blank_with_choices",
    "poll.duplicate_choice",
    "poll.choice_not_option",
)


def poll_choices(ctx: Ctx) -> dict[str, Any]:
    info = poll_info(ctx.app, ctx.args["poll_id"], locale())
    members = info["year"]["members"]
    return {
        "poll": info,
        "case_title": info["question"],
        "choices": {
            "choices": [(o["id"], o["name"]) for o in info["options"]],
            "voter": [(m["id"], m["name"]) for m in members],
        },
        "values": {"counts": [{"option": o["id"], "votes": ""} for o in info["options"]]},
    }


def ballot_choices(ctx: Ctx) -> dict[str, Any]:
    """The ballot form; once the unit has voted, its receipt instead of a blank form."""
    found = poll_choices(ctx)
    unit = ctx.who.unit
    voted = ballot_receipt(ctx.app, ctx.args["poll_id"], unit) if unit else None
    return {**found, "receipt": voted}


def close_choices(ctx: Ctx) -> dict[str, Any]:
    """The check page before closing: turnout against quorum, who has not voted."""
    found = poll_choices(ctx)
    names = found["poll"]["year"]["names"]
    seen = turnout(ctx.app, ctx.args["poll_id"])
    return {**found, "turnout": seen, "missing": [names.get(v, "") for v in seen["missing"]]}


def next_round_values() -> dict[str, Any]:
    """The open-poll form's values for the next round of the poll `?after=` (its kind,
    award, candidates, method, secrecy and choices), if it names one."""
    after = request.args.get("after", "")
    try:
        previous = poll_info(store(), UUID(after), locale())
    except (ValueError, DomainError):
        return {}
    return {
        "kind": previous["kind"],
        "award": previous["award"] or "",
        "options": [o["id"] for o in previous["options"]],
        "method": previous["method"],
        "secret": "secret" if previous["secret"] else "open",
        "max_choices": previous["max_choices"],
    }


def _vote(c: Ctx, d: dict[str, Any]) -> None:
    try:
        polls.cast_ballot(c.app, c.who, c.args["poll_id"], d["choices"], c.today, blank=d["blank"])
    except DomainError as e:
        if e.code in CHOICE_ERRORS:
            raise FormErrors({"choices": [message(e)]}) from None
        raise


def receipt_url(args: dict[str, Any]) -> str:
    return url_for("polls.receipt", poll_id=args["poll_id"])


def _open(c: Ctx, d: dict[str, Any]) -> UUID:
    secret = {"regulation": None, "secret": True, "open": False}[d["secret"]]
    return polls.open_poll(
        c.app,
        c.who,
        c.args["year_id"],
        d["kind"],
        d["options"],
        c.today,
        award=d["award"] or None,
        secret=secret,
        method=d["method"],
        max_choices=d["max_choices"],
        question=d["question"] or None,
        committee=d["committee"] or None,
        threshold=committee_threshold(d) if d["committee"] else None,
    )


def committee_threshold(d: dict[str, Any]) -> int:
    """k as typed; left empty, a majority of the committee (2 of 3)."""
    given = d.get("threshold")
    return int(given) if given is not None else len(d["committee"]) // 2 + 1


def check_committee(ctx: Ctx, raw: Any) -> dict[str, list[str]]:
    """The committee beside its fields, every error at once: members of the year,
    at least 2, 1 < k ≤ n, only for a secret electronic poll."""
    given_members = raw.get("committee")
    if not isinstance(given_members, list):
        return {}  # none chosen, or not a list (the schema says so)
    chosen = [c for c in given_members if isinstance(c, str) and c]
    if not chosen:
        return {}
    errors: dict[str, list[str]] = {}
    members = {m["id"] for m in year_context(ctx)["year"]["members"]}
    if any(c.replace("-", "").lower() not in members for c in chosen):
        errors["committee"] = [message(DomainError("poll.committee_not_member"))]
    elif len(set(chosen)) < 2:
        errors["committee"] = [message(DomainError("poll.committee_too_small"))]
    elif raw.get("method") == "paper" or raw.get("secret") == "open":
        errors["committee"] = [message(DomainError("poll.committee_not_secret"))]
    given = str(raw.get("threshold") or "").strip()
    if given.isdigit() and not 1 < int(given) <= len(set(chosen)):
        errors["threshold"] = [
            message(DomainError("poll.committee_bad_threshold", n=len(set(chosen))))
        ]
    return errors


def committee_refusal_at(e: DomainError, _raw: Any) -> str | None:
    """A refusal about the committee (the Quy chế says the poll is open, say) beside it."""
    if e.code == "poll.committee_bad_threshold":
        return "threshold"
    return "committee" if e.code.startswith("poll.committee_") else None


def _tally(c: Ctx, d: dict[str, Any]) -> None:
    per_option = {row["option"]: row["votes"] for row in d["counts"]}
    polls.record_paper_tally(
        c.app,
        c.who,
        c.args["poll_id"],
        d["issued"],
        d["returned"],
        d["valid"],
        d["invalid"],
        per_option,
        c.today,
    )


def opened_url(args: dict[str, Any]) -> str:
    return url_for("years.year", year_id=args["year_id"]) + "#polls"


P = "/polls/<uuid:poll_id>"
ACTIONS = [
    Action("open_poll", "/years/<uuid:year_id>/polls/open", _l("Mở cuộc bỏ phiếu"), OpenForm,
           _open, opened_url, prepare=open_choices, tag="polls", check=check_committee,
           refusal_at=committee_refusal_at),
    Action("cast_ballot", P + "/vote", _l("Bỏ phiếu"), BallotForm, _vote,
           receipt_url, "polls/ballot_form.html", ballot_choices, tag="polls",
           extra={"submit": _l("Bỏ phiếu"), "done": _l("Đã ghi nhận phiếu của đơn vị."),
                  "own_receipt": True}),  # the ballot's receipt page: number and mark
    Action("cast_absentee_ballot", P + "/absentee", _l("Nhập phiếu của đơn vị vắng mặt"),
           AbsenteeForm, lambda c, d: polls.cast_absentee_ballot(
               c.app, c.who, c.args["poll_id"], d["voter"], d["choices"], c.today, blank=d["blank"]),
           poll_url, prepare=poll_choices, tag="polls", extra={"submit": _l("Gửi phiếu")}),
    Action("record_paper_tally", P + "/tally", _l("Nhập kết quả kiểm phiếu giấy"), TallyForm,
           _tally, poll_url, "polls/tally_form.html", poll_choices, row_keys=("option",),
           tag="polls", check=check_tally, extra={"submit": _l("Nhập kết quả kiểm phiếu giấy")}),
    Action("close_poll", P + "/close", _l("Đóng bỏ phiếu"), Confirm,
           lambda c, d: polls.close_poll(c.app, c.who, c.args["poll_id"], c.today),
           poll_url, "polls/close_form.html", close_choices, tag="polls",
           extra={"submit": _l("Đóng bỏ phiếu và công bố kết quả"),
                  "done": _l("Đã đóng bỏ phiếu và công bố kết quả.")}),
]  # fmt: skip
