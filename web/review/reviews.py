"""Term reviews (sơ kết nửa nhiệm kỳ): the list, term progress with its chart, the
reports board, one unit's report. The forms are in web/review_actions.py."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _

from domain.org.unit import Unit
from service.platform.charts import progress_chart
from service.review import cut_short, review_reports
from service.review import queries as review_queries
from service.year import queries
from web.shell.actions import today
from web.shell.as_of import as_of_arg
from web.shell.first_reads import reads_for
from web.shell.i18n import locale, number, worded
from web.shell.login import current_principal, login_required
from web.shell.store import store

bp = Blueprint("reviews", __name__)


@bp.get("/reviews", endpoint="index")
@login_required
def index() -> str:

    app = store()
    found = review_queries.campaigns(app)
    fed_names = queries.names(app, [c["federation"] for c in found])
    return render_template("reviews/index.html", campaigns=found, names=fed_names)


def progress_svg(data: dict[str, Any]) -> str:
    return progress_chart(
        review_queries.progress_bars(data["targets"]),
        data["elapsed_percent"],
        fmt=number,
        title=_("Tiến độ thực hiện chỉ tiêu (phần trăm so với chỉ tiêu)"),
        elapsed_label=_("Thời gian nhiệm kỳ đã qua"),
        ceiling_label=_(
            "Chỉ tiêu không vượt quá: càng thấp càng tốt, vượt mức chỉ tiêu là không đạt"
        ),
        status_labels=review_queries.progress_labels(locale()),
    )


ROWS = 50  # reports listed per page, units per step of the plan board
STATUSES = (
    "missing", "draft", "submitted", "resubmitted", "returned", "accepted", "withdrawn",
    "not_received",
)  # fmt: skip


@bp.get("/reviews/<uuid:campaign_id>")
@login_required
def review(campaign_id: UUID) -> tuple[str, int]:
    """The review's progress and its reports. A review of thousands of units lists its
    reports a page at a time (`page`), or those of one status (`status`)."""
    app, who = store(), current_principal()
    asked = as_of_arg()
    data = review_queries.review_progress(app, campaign_id, asked.when)
    mine = who.unit.hex if who and who.unit else None
    board = review_queries.reports_board(app, campaign_id)
    reports, by_status = board.dict_rows, board.by_status
    status = request.args.get("status")
    listed = by_status.get(status, []) if status in STATUSES else reports
    pages = max(1, -(-len(listed) // ROWS))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    shown = listed[(page - 1) * ROWS : page * ROWS]
    waiting, waiting_total = board.waiting(ROWS)
    pending = cut_short.pending_of(app, campaign_id)
    own = board.own(mine)
    named = shown + waiting + own
    successors = [r["carried_by"] for r in named] + [s for p in pending for s in p["successors"]]
    return render_template(
        "reviews/review.html",
        review=data,
        chart=progress_svg(data),
        counts=Counter({st: len(rows) for st, rows in by_status.items()}),
        statuses=STATUSES,
        total=len(reports),
        shown=shown,
        report_pages=report_links(campaign_id, named),
        status_words={s: worded(f"review.report_status.{s}") for s in {r["status"] for r in named}},
        listed=len(listed),
        status=status if status in STATUSES else None,
        page=page,
        pages=pages,
        waiting=waiting,
        waiting_total=waiting_total,
        own=own,
        pending=pending,
        names={r["unit"].hex: r["name"] for r in named} | queries.names(app, successors),
        plan=queries.board(app, campaign_id, today(), cells=ROWS),
        mine=mine,
        fed_name=queries.names(app, [data["campaign"]["federation"]], day=asked.day),
        as_of=asked,
    ), (422 if asked.error else 200)


def report_links(campaign_id: UUID, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Each listed unit's report page by its code: the route built once, each code put
    in as the route's converter puts it (building the route for each of a page's 100
    rows was its largest part: 5.6 -> 4.4 ms CPU for the 400-unit review page)."""
    head = url_for("reviews.report", campaign_id=campaign_id, unit_code="_")[:-1]
    segment = current_app.url_map.converters["default"](current_app.url_map)
    return {r["code"]: head + segment.to_url(r["code"]) for r in rows}


@reads_for(
    "reviews.report",
    "reviews.submit_review_report",
    "reviews.draft_report",
    "reviews.accept_report",
    "reviews.return_report",
)
def _report_reads(args: Mapping[str, Any]) -> list[UUID]:
    """A report's page and forms read the campaign, the unit and the report first."""
    return review_reports.report_reads(args["campaign_id"], args["unit_code"])


@bp.get("/reviews/<uuid:campaign_id>/reports/<unit_code>")
@login_required
def report(campaign_id: UUID, unit_code: str) -> str:

    app, who = store(), current_principal()
    data = review_queries.review_heading(app, campaign_id)
    unit = app.find_read(Unit.id_for(unit_code))
    if unit is None or who is None:
        abort(404)
    found = review_queries.report_detail(app, campaign_id, unit_code)
    programmes = data["programmes"]
    return render_template(
        "reviews/report.html",
        review=data,
        unit_code=unit_code.upper(),
        unit_name=unit.name,
        report=found,
        figures=review_queries.figure_lines(data["targets"], found["values"] if found else {}),
        assessed=[
            {"code": c, "name": programmes.get(c, c), "rating": r, "text": t}
            for c, (r, t) in sorted((found or {}).get("assessments", {}).items())
        ],
        rights=review_reports.report_rights(app, who, campaign_id, unit_code),
    )
