"""Term reviews (sơ kết nửa nhiệm kỳ): the list, term progress with its chart, the
reports board, one unit's report. The forms are in web/review_actions.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from flask import Blueprint, render_template
from flask_babel import gettext as _

from domain.org.unit import Unit
from domain.review.report import ReviewReport
from service.documents.charts import ProgressBar, progress_chart
from service.review.queries import progress_labels, report_board
from service.views import views
from service.year import queries
from web.shell.actions import today
from web.shell.i18n import locale, number
from web.shell.login import current_principal, login_required
from web.shell.store import store

bp = Blueprint("reviews", __name__)


@bp.get("/reviews", endpoint="index")
@login_required
def index() -> str:

    app = store()
    found = queries.campaigns(app)
    fed_names = queries.names(app, [c["federation"] for c in found])
    return render_template("reviews/index.html", campaigns=found, names=fed_names)


def progress(app: Any, campaign_id: UUID, when: Any = None) -> dict[str, Any]:
    found = views.term_progress(app, campaign_id, when)
    state, rollup = found.state, found.rollup
    federation = state["campaign"]["federation"]
    rows = []
    for target in found.targets:
        p = rollup.progress.get(UUID(federation), {}).get(target.code)
        rows.append({
            "code": target.code, "name": target.name, "unit": target.unit,
            "target": target.target, "rollup": target.rollup,
            "value": None if p is None else p.value,
            "percent_of_target": None if p is None else p.percent_of_target,
            "expected": None if p is None else p.expected,
            "status": None if p is None else p.status,
            "reporters": 0 if p is None else p.reporters,
        })  # fmt: skip
    return {
        "id": campaign_id.hex, "campaign": state["campaign"], "term": state["term"],
        "targets": rows, "programmes": state["programmes"], "milestones": state["milestones"],
        "steps": state["steps"], "elapsed_percent": (rollup.elapsed * 100).quantize(Decimal("0.1")),
    }  # fmt: skip


def progress_svg(data: dict[str, Any]) -> str:
    bars = [
        ProgressBar(f"{t['code']} {t['name']}", t["percent_of_target"], t["status"])
        for t in data["targets"]
    ]
    return progress_chart(
        bars,
        data["elapsed_percent"],
        fmt=number,
        title=_("Tiến độ thực hiện chỉ tiêu (phần trăm so với chỉ tiêu)"),
        elapsed_label=_("Thời gian nhiệm kỳ đã qua"),
        status_labels=progress_labels(locale()),
    )


def board_rows(app: Any, campaign_id: UUID) -> list[dict[str, Any]]:
    return [row.__dict__ for row in report_board(app, campaign_id)]


@bp.get("/reviews/<uuid:campaign_id>")
@login_required
def review(campaign_id: UUID) -> str:

    app, who = store(), current_principal()
    data = progress(app, campaign_id)
    mine = who.unit.hex if who and who.unit else None
    return render_template(
        "reviews/review.html", review=data, chart=progress_svg(data),
        reports=board_rows(app, campaign_id), plan=queries.board(app, campaign_id, today()),
        mine=mine, fed_name=queries.names(app, [data["campaign"]["federation"]]),
    )  # fmt: skip


def report_detail(app: Any, campaign_id: UUID, unit_code: str) -> dict[str, Any] | None:
    report = app.find(ReviewReport.id_for(campaign_id, Unit.id_for(unit_code)))
    if report is None:
        return None
    return {
        "status": report.status.value, "thematic": report.thematic, "theme": report.theme,
        "values": report.values, "assessments": report.assessments,
        "narrative": report.narrative,
        "attachments": [a.__dict__ for a in report.attachments.values()],
        "submitted_on": report.submitted_on, "days_late": report.days_late,
        "returns": [{"on": on, "comments": c, "resubmit_by": by} for on, c, by in report.returns],
        "accepted_on": report.accepted_on,
    }  # fmt: skip


@bp.get("/reviews/<uuid:campaign_id>/reports/<unit_code>")
@login_required
def report(campaign_id: UUID, unit_code: str) -> str:

    app = store()
    data = progress(app, campaign_id)
    unit = app.find(Unit.id_for(unit_code))
    return render_template(
        "reviews/report.html", review=data, unit_code=unit_code.upper(),
        unit_name=unit.name if unit else unit_code, report=report_detail(app, campaign_id, unit_code),
    )  # fmt: skip
