"""The award proposal (tờ trình) to TLĐ: the chair proposes units the conference voted
for, withdraws, submits; the TLĐ officer records receipt and a decision per unit."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.views import views
from service.year import awards, queries, steps
from web.shell.actions import Action, Ctx
from web.shell.fields import Base, Flag, Text, label
from web.shell.login import login_required
from web.shell.store import store
from web.year.years import year_context

bp = Blueprint("awards", __name__)
Y = "/years/<uuid:year_id>/awards"


@bp.get(Y)
@login_required
def proposal(year_id: UUID) -> str:

    info = queries.year(store(), year_id)
    return render_template("years/awards.html", year=info, proposal=info["proposal"])


def awards_url(args: dict[str, Any]) -> str:
    return url_for("awards.proposal", year_id=args["year_id"])


class UnitAwardForm(Base):
    award = Text(max_length=60, metadata=label(_l("Hình thức khen thưởng"), widget="select"))
    unit_code = Text(max_length=60, metadata=label(_l("Đơn vị"), widget="select"))


class ReferenceForm(Base):
    reference = Text(max_length=300, metadata=label(_l("Số, ký hiệu văn bản")))


class DecisionForm(UnitAwardForm):
    granted = Flag(metadata=label(_l("Đồng ý khen thưởng"), widget="checkbox"))
    reference = Text(max_length=300, metadata=label(_l("Số quyết định")))


def choices(ctx: Ctx) -> dict[str, Any]:
    extra = year_context(ctx)
    y = extra["year"]
    docs = views.directory_entries(ctx.app, [m["id"] for m in y["members"]])
    appraised = set(steps.task_list(ctx.app, ctx.args["year_id"], ctx.today)["appraised"])
    units = [  # only units with an appraisal may be proposed (the service refuses others)
        (docs.get(m["id"], {}).get("code", ""), m["name"])
        for m in y["members"]
        if m["id"] in appraised
    ]
    options = [(a, y["award_names"][a]) for a in y["awards"]]
    return {**extra, "choices": {"award": options, "unit_code": units}}


def reference_form(ctx: Ctx) -> dict[str, Any]:
    return {**year_context(ctx), "submit_label": _("Gửi")}


def submit_check(ctx: Ctx) -> dict[str, Any]:
    """The check page before the proposal goes: each unit's appraisal and vote."""
    return {
        **year_context(ctx),
        "checks": awards.proposal_check(ctx.app, ctx.args["year_id"]),
        "submit_label": _("Gửi tờ trình tới Tổng Liên đoàn"),
    }


ACTIONS = [
    Action("propose", Y + "/propose", _l("Đề nghị khen thưởng một đơn vị"), UnitAwardForm,
           lambda c, d: awards.propose(c.app, c.who, c.args["year_id"], d["award"], d["unit_code"],
                                       c.today),
           awards_url, prepare=choices, tag="awards"),
    Action("withdraw", Y + "/withdraw", _l("Rút đề nghị khen thưởng"), UnitAwardForm,
           lambda c, d: awards.withdraw(c.app, c.who, c.args["year_id"], d["award"], d["unit_code"],
                                        c.today),
           awards_url, prepare=choices, tag="awards"),
    Action("submit", Y + "/submit", _l("Gửi tờ trình đề nghị khen thưởng tới Tổng Liên đoàn"),
           ReferenceForm, lambda c, d: awards.submit(
               c.app, c.who, c.args["year_id"], d["reference"], c.today),
           awards_url, "years/award_submit.html", submit_check, tag="awards"),
    Action("record_receipt", Y + "/receipt", _l("Tổng Liên đoàn ghi nhận đã nhận tờ trình"),
           ReferenceForm, lambda c, d: awards.record_receipt(
               c.app, c.who, c.args["year_id"], d["reference"], c.today),
           awards_url, prepare=year_context, tag="awards",
           extra={"submit": _l("Ghi nhận đã nhận tờ trình")}),
    Action("record_decision", Y + "/decision", _l("Tổng Liên đoàn ghi quyết định khen thưởng"),
           DecisionForm, lambda c, d: awards.record_decision(
               c.app, c.who, c.args["year_id"], d["award"], d["unit_code"], d["granted"],
               d["reference"], c.today),
           awards_url, prepare=choices, tag="awards",
           extra={"submit": _l("Ghi quyết định khen thưởng")}),
]  # fmt: skip
