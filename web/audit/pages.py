"""Auditors' pages: the chain and the timeline, a case's history with what changed, and
any case as of any event beside today. Administrators and auditors only; read-only."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from domain.org.unit import Unit
from service.audit import history
from service.platform.app import ThiduaApplication
from service.platform.auth import AUDITOR, Principal
from service.views import views
from service.views.projector import projector_of
from service.year import queries
from web.audit.event_labels import FIELDS, KINDS
from web.shell.i18n import day, number
from web.shell.login import current_principal, login_required
from web.shell.store import store
from web.year.years import chart_labels

bp = Blueprint("audit", __name__)


def _auditor() -> Principal:
    who = current_principal()
    if who is None or not (who.is_admin or AUDITOR in who.roles):
        abort(403)
    return who


def _day_arg(name: str) -> date | None:
    text = (request.args.get(name) or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _unit_arg() -> UUID | None:
    code = (request.args.get("unit") or "").strip()
    return Unit.id_for(code) if code else None


@bp.get("/audit")
@login_required
def index() -> str:

    _auditor()
    app = store()
    unit, topic = _unit_arg(), request.args.get("kind", "").strip()
    filters = {
        "actor_account": request.args.get("account", "").strip(),
        "kind": topic.rsplit(".", 1)[-1],
        "actor_unit": unit.hex if unit else "",
    }
    frm, to = _day_arg("from"), _day_arg("to")
    rows = views.timeline(
        app,
        filters,
        day_from=frm.isoformat() if frm else None,
        day_to=to.isoformat() if to else None,
        limit=200,
    )
    rows = [r for r in rows if not topic or r["topic"] == topic]  # kinds share last names
    names = queries.names(app, [r["actor_unit"] for r in rows])
    return render_template(
        "audit/index.html",
        chain=history.chain_status(app),
        rows=rows,
        names=names,
        cases=_case_labels(app, {(r["case_id"], r["case_kind"]) for r in rows if r["case_id"]}),
        kinds=KINDS,
        args=request.args,
        clusters=queries.clusters(app),
    )


@bp.get("/audit/cases/<uuid:case_id>")
@login_required
def case(case_id: UUID) -> str:

    _auditor()
    app = store()
    kind_topic = request.args.get("kind", "").strip()
    entries = history.case_history(
        app,
        case_id,
        account=request.args.get("account", "").strip() or None,
        unit=_unit_arg(),
        kind=kind_topic.rsplit(".", 1)[-1] if kind_topic else None,
        day_from=_day_arg("from"),
        day_to=_day_arg("to"),
    )
    ids = {e.unit.hex for e in entries if e.unit} | _unit_ids(entries)
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
        show=_shown(names),
        args=request.args,
    )


@bp.get("/audit/cases/<uuid:case_id>/as-of/<int:position>")
@login_required
def as_of(case_id: UUID, position: int) -> str:

    _auditor()
    app = store()
    found = projector_of(app).store.case_of(case_id)
    if found is None or found.kind not in ("year", "review"):
        abort(404)
    title = _case_labels(app, {(case_id.hex, found.kind)}).get(case_id.hex)
    if found.kind == "year":
        then, now = queries.standings(app, case_id, position), queries.standings(app, case_id)
        charts = [queries.standings_svg(t, number, chart_labels()) for t in (then, now)]
        return render_template(
            "audit/as_of_year.html",
            case_id=case_id,
            position=position,
            title=title,
            then=then,
            now=now,
            charts=charts,
        )
    then_p, now_p = views.term_progress(app, case_id, position), views.term_progress(app, case_id)
    rows = _progress_rows(then_p, now_p)
    return render_template(
        "audit/as_of_review.html", case_id=case_id, position=position, title=title, rows=rows
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


def _unit_ids(entries: list[history.HistoryEntry]) -> set[str]:
    found = set()
    for e in entries:
        for value in [*e.fields.values(), *(c.old for c in e.changes)]:
            if isinstance(value, UUID):
                found.add(value.hex)
            elif isinstance(value, list):
                found.update(v.hex for v in value if isinstance(v, UUID))
    return found


def _shown(names: dict[str, str]) -> Any:
    """A field's value as a person reads it: unit names, 9,5, dd/mm/yyyy."""

    def show(value: Any) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool):
            return _("có") if value else _("không")
        if isinstance(value, UUID):
            return names.get(value.hex, value.hex[:8])
        if isinstance(value, Decimal | float):
            return number(value)
        if isinstance(value, date):
            return day(value)
        if isinstance(value, list):
            return "; ".join(show(v) for v in value)
        if isinstance(value, dict):
            return "; ".join(f"{k}: {show(v)}" for k, v in value.items())
        return str(value)

    return show


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
