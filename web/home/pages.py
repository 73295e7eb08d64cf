"""The home page: the signed-in person's inbox: open polls first (each with a large
"Bỏ phiếu ngay"), then each open task linked to its form, with its deadline (only the
overdue ones in red); for an auditor, the audit pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, url_for

from service.home import queries as home
from service.platform.auth import AUDITOR
from service.year import queries
from web.shell.actions import today
from web.shell.login import current_principal
from web.shell.store import store

bp = Blueprint("home", __name__)

# a plan task → the form that does it (the others: "Báo cáo đã thực hiện nhiệm vụ")
YEAR_FORMS = {
    "criteria_draft": "years.draft_criteria",
    "next_criteria": "years.draft_criteria",
    "member_registration": "dossiers.register",
    "midyear_report": "dossiers.submit_report",
    "yearend_report": "dossiers.submit_report",
    "tld_registration": "years.register_with_tld",
    "midyear_tld": "years.send_compiled_report",
    "yearend_compile": "years.send_compiled_report",
    "midyear_compile": "years.send_compiled_report",
    "award_proposal": "awards.proposal",
}


def task_url(t: dict[str, Any]) -> str:
    """Where a task of the inbox is done."""
    if t["case_kind"] != "year":
        return url_for("reviews.review", campaign_id=t["case"])
    if t["task"] == "inspection":
        return url_for("years.year", year_id=t["case"], _anchor="grid")
    if t["task"] == "conference":
        return url_for("years.year", year_id=t["case"], _anchor="polls")
    return url_for(YEAR_FORMS.get(t["task"], "years.report_task"), year_id=t["case"])


@bp.get("/")
def index() -> str:

    who = current_principal()
    if who is None:
        return render_template("index.html")
    app = store()
    found = home.home(app, who, today())
    return render_template(
        "home/home.html",
        **found,
        task_url=task_url,
        is_auditor=AUDITOR in who.roles,
        names=queries.names(app, [d["unit"] for d in found["decisions"]]),
        today=today(),
        unit_name=queries.names(app, [who.unit.hex]).get(who.unit.hex) if who.unit else None,
    )
