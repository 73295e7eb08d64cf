"""Auditors' pages: the chain and the timeline, a case's history with what changed, and
any case as of any event beside today. Administrators and auditors only; read-only."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from openpyxl import Workbook

from domain.org.unit import Unit
from service.audit import history
from service.platform.app import ThiduaApplication
from service.platform.auth import AUDITOR, Principal
from service.views import views
from service.views.projector import projector_of
from service.year import queries
from web.audit.event_labels import FIELDS, KINDS, SECRET, VALUES
from web.audit.event_words import in_words, label, shown, unit_ids
from web.shell.fields import parse_day
from web.shell.i18n import number
from web.shell.login import current_principal, login_required
from web.shell.store import store
from web.year.years import chart_labels

bp = Blueprint("audit", __name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
PAGE = 50
EVERYTHING = 100_000  # the filtered log is counted and exported whole
ACCESS_TOPIC = "thidua.AccessRecord.AccessRecorded"


@bp.app_template_filter("vn_time")
def vn_time(value: datetime | str | None) -> str:
    """A recorded instant (UTC) as a person in Vietnam reads it: 05/12/2026 16:58."""
    if value is None or value == "":
        return ""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def _page_arg() -> int:
    text = (request.args.get("page") or "1").strip()
    return max(int(text), 1) if text.isascii() and text.isdigit() and len(text) < 7 else 1


def _paging(count: int) -> dict[str, Any]:
    pages = max((count + PAGE - 1) // PAGE, 1)
    page = min(_page_arg(), pages)
    args = {k: v for k, v in request.args.items() if k not in ("page", "export")}
    here = {**(request.view_args or {}), **args}
    endpoint = request.endpoint or "audit.index"
    return {
        "prev_url": url_for(endpoint, **here, page=page - 1) if page > 1 else None,
        "next_url": url_for(endpoint, **here, page=page + 1) if page < pages else None,
        "xlsx_url": url_for(endpoint, **here, export="xlsx"),
        "csv_url": url_for(endpoint, **here, export="csv"),
        "page": page,
        "pages": pages,
        "count": count,
        "first": (page - 1) * PAGE,
        "args": args,
    }


def what_label(topic: str, kind: str, fields: dict[str, Any]) -> str:
    """What an event records, in words; a sign-in record by its outcome."""
    if topic == ACCESS_TOPIC:
        outcome = VALUES["outcome"].get(str(fields.get("outcome", "")))
        if outcome:
            text = str(outcome)
            return text[:1].upper() + text[1:]
    return str(KINDS.get(topic, kind))


def sentence(who: str, what: str, words: list[dict[str, str]]) -> str:
    """One event as a sentence: "Who: what — field: value; field: value"."""
    said = "; ".join(f"{w['label']}: {w['value']}" for w in words)
    head = f"{who}: {what}" if who else what
    return f"{head} — {said}" if said else head


def _auditor() -> Principal:
    who = current_principal()
    if who is None or not (who.is_admin or AUDITOR in who.roles):
        abort(403)
    return who


def _day_args() -> tuple[date | None, date | None, dict[str, str]]:
    """The filter's "from" and "to" days, and a message beside each one that is not a
    real date (then the page lists nothing: a filter dropped would show everything)."""
    days: dict[str, date | None] = {}
    errors: dict[str, str] = {}
    for name in ("from", "to"):
        text = (request.args.get(name) or "").strip()[:40]
        found = parse_day(text) if text else None
        days[name] = found if isinstance(found, date) or found is None else None
        if text and days[name] is None:
            errors[name] = str(found)
    return days["from"], days["to"], errors


def _unit_arg() -> UUID | None:
    code = (request.args.get("unit") or "").strip()
    return Unit.id_for(code) if code else None


@bp.get("/audit")
@login_required
def index() -> tuple[str, int]:

    _auditor()
    app = store()
    unit, topic = _unit_arg(), request.args.get("kind", "").strip()
    filters = {
        "actor_account": request.args.get("account", "").strip(),
        "kind": topic.rsplit(".", 1)[-1],
        "actor_unit": unit.hex if unit else "",
    }
    frm, to, bad_days = _day_args()
    every = (
        []
        if bad_days
        else views.timeline(
            app,
            filters,
            day_from=frm.isoformat() if frm else None,
            day_to=to.isoformat() if to else None,
            limit=EVERYTHING,
        )
    )
    every = [r for r in every if not topic or r["topic"] == topic]  # kinds share last names
    export = request.args.get("export", "")
    paging = _paging(len(every))
    rows = every if export else every[paging["first"] : paging["first"] + PAGE]
    found = [history.event_fields(app, UUID(r["originator"]), r["version"]) for r in rows]
    everyone = unit_ids(v for f in found for v in f.values())
    names = queries.names(app, [*(r["actor_unit"] for r in rows), *everyone])
    show = shown(names)
    words = [in_words(f, show) for f in found]
    whats = [what_label(r["topic"], r["kind"], f) for r, f in zip(rows, found, strict=True)]
    if export in ("csv", "xlsx"):
        return _export(export, rows, names, whats, words)  # type: ignore[return-value]
    return render_template(
        "audit/index.html",
        chain=history.chain_status(app),
        rows=rows,
        words=words,
        whats=whats,
        paging=paging,
        names=names,
        cases=_case_labels(app, {(r["case_id"], r["case_kind"]) for r in rows if r["case_id"]}),
        kinds=KINDS,
        args=request.args,
        clusters=queries.clusters(app),
        filter_errors=bad_days,
    ), (422 if bad_days else 200)


@bp.get("/audit/cases/<uuid:case_id>")
@login_required
def case(case_id: UUID) -> tuple[str, int]:

    _auditor()
    app = store()
    kind_topic = request.args.get("kind", "").strip()
    frm, to, bad_days = _day_args()
    entries = (
        []
        if bad_days
        else history.case_history(
            app,
            case_id,
            account=request.args.get("account", "").strip() or None,
            unit=_unit_arg(),
            kind=kind_topic.rsplit(".", 1)[-1] if kind_topic else None,
            day_from=frm,
            day_to=to,
        )
    )
    paging = _paging(len(entries))
    entries = entries[paging["first"] : paging["first"] + PAGE]
    changed = [c.old for e in entries for c in e.changes]
    ids = {e.unit.hex for e in entries if e.unit} | unit_ids(
        [*(v for e in entries for v in e.fields.values()), *changed]
    )
    names = queries.names(app, sorted(ids))
    found = projector_of(app).store.case_of(case_id)
    return render_template(
        "audit/case.html",
        case_id=case_id,
        case_kind=found.kind if found else None,
        title=_case_labels(app, {(case_id.hex, found.kind if found else "")}).get(case_id.hex),
        entries=entries,
        names=names,
        kinds=KINDS,
        fields=FIELDS,
        label=label,
        what=what_label,
        paging=paging,
        show=shown(names),
        secret=SECRET,
        args=request.args,
        filter_errors=bad_days,
    ), (422 if bad_days else 200)


def _export(
    kind: str,
    rows: list[dict[str, Any]],
    names: dict[str, str],
    whats: list[str],
    words: list[list[dict[str, str]]],
) -> Response:
    """The filtered log as a CSV or an Excel workbook, one event a row, in words."""
    head = [_("Số thứ tự"), _("Thời điểm ghi (giờ Việt Nam)"), _("Người thực hiện"),
            _("Thay mặt đơn vị"), _("Việc"), _("Nội dung")]  # fmt: skip
    table = [
        [
            r["position"],
            vn_time(r["recorded_at"]),
            r["actor_account"] or "",
            names.get(r["actor_unit"], "") if r["actor_unit"] else "",
            what,
            "; ".join(f"{w['label']}: {w['value']}" for w in said),
        ]
        for r, what, said in zip(rows, whats, words, strict=True)
    ]
    stamp = datetime.now(VIETNAM).strftime("%Y%m%d-%H%M")
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(head)
        writer.writerows(table)
        return Response(
            "\ufeff" + out.getvalue(),  # Excel opens a UTF-8 CSV with its mark
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="nhat-ky-{stamp}.csv"'},
        )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Nhật ký")[:31]
    sheet.append(head)
    for line in table:
        sheet.append(line)
    for column, width in zip("ABCDEF", (10, 18, 18, 36, 36, 100), strict=True):
        sheet.column_dimensions[column].width = width
    raw = io.BytesIO()
    book.save(raw)
    return Response(
        raw.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="nhat-ky-{stamp}.xlsx"'},
    )


@bp.get("/audit/cases/<uuid:case_id>/as-of")
@login_required
def as_of_time(case_id: UUID) -> str:
    """The case as it stood at a date and time (Vietnam time) beside today: the last
    event recorded by then."""

    _auditor()
    app = store()
    day_text = (request.args.get("day") or "").strip()[:10]
    time_text = (request.args.get("time") or "").strip()[:5] or "23:59"
    try:
        moment = datetime.strptime(f"{day_text} {time_text}", "%d/%m/%Y %H:%M")
    except ValueError:
        abort(404)
    moment = moment.replace(tzinfo=VIETNAM)
    entries = history.case_history(app, case_id)
    before = [e.position for e in entries if _aware(e.recorded_at) <= moment]
    return as_of(case_id, max(before) if before else 0)


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@bp.get("/audit/cases/<uuid:case_id>/as-of/<int:position>")
@login_required
def as_of(case_id: UUID, position: int) -> str:

    _auditor()
    app = store()
    found = projector_of(app).store.case_of(case_id)
    if found is None or found.kind not in ("year", "review"):
        abort(404)
    title = _case_labels(app, {(case_id.hex, found.kind)}).get(case_id.hex)
    then_at = [e.recorded_at for e in history.case_history(app, case_id) if e.position <= position]
    moment = vn_time(max(then_at)) if then_at else _("trước sự kiện đầu tiên")
    if found.kind == "year":
        then, now = queries.standings(app, case_id, position), queries.standings(app, case_id)
        charts = [queries.standings_svg(t, number, chart_labels()) for t in (then, now)]
        return render_template(
            "audit/as_of_year.html",
            case_id=case_id,
            position=position,
            moment=moment,
            title=title,
            then=then,
            now=now,
            charts=charts,
        )
    then_p, now_p = views.term_progress(app, case_id, position), views.term_progress(app, case_id)
    rows = _progress_rows(then_p, now_p)
    return render_template(
        "audit/as_of_review.html",
        case_id=case_id,
        position=position,
        moment=moment,
        title=title,
        rows=rows,
    )


def _progress_rows(then: Any, now: Any) -> list[dict[str, Any]]:
    fed_then = then.rollup.progress.get(then.rollup.federation, {})
    fed_now = now.rollup.progress.get(now.rollup.federation, {})
    return [
        {"code": t.code, "name": t.name, "then": fed_then.get(t.code), "now": fed_now.get(t.code)}
        for t in now.targets
    ]


def _case_labels(app: ThiduaApplication, cases: set[tuple[str, str]]) -> dict[str, str]:
    """A readable name for each case: cluster and year, review title, unit or cluster name."""
    labels: dict[str, str] = {}
    store = projector_of(app).store
    for case_id, kind in cases:
        if kind == "year":
            doc = store.get("standings", case_id) or {}
            cluster = views.directory_entries(app, [doc.get("cluster", "")]).get(
                doc.get("cluster", ""), {}
            )
            labels[case_id] = f"{cluster.get('name', '')} — {doc.get('year', '')}"
        elif kind == "review":
            doc = store.get("term_progress", case_id) or {}
            labels[case_id] = (doc.get("campaign") or {}).get("title", case_id)
        else:
            labels[case_id] = (
                views.directory_entries(app, [case_id]).get(case_id, {}).get("name", case_id)
            )
    return labels


ACCESS_KIND = "AccessRecorded"


@bp.get("/audit/access")
@login_required
def access() -> str:
    """Sign-ins, refused sign-ins and lockouts, newest first (service/access_log.py)."""

    _auditor()
    app = store()
    wanted = request.args.get("account", "").strip().lower()
    # refusals are filed under the actor "anonymous": filter on the record's own field
    rows = views.timeline(app, {"kind": ACCESS_KIND}, limit=1000 if wanted else 200)
    found = [(r, app.get(UUID(r["originator"]))) for r in rows]
    entries = [(r, a) for r, a in found if not wanted or a.account == wanted][:200]
    return render_template("audit/access.html", entries=entries, args=request.args)
