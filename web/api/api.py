"""JSON API under /api/v1: every form's action (POST, the same schema) and every view
(GET). Auth: `Authorization: Bearer <token>` (from /account/tokens) or the session
cookie plus the X-CSRFToken header. Errors: {"code", "message", "fields"?}."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from domain.kernel.base import DomainError
from service.audit import history
from service.audit.export import json_safe
from service.home import queries as home
from service.org import queries as org_queries
from service.platform.auth import AUDITOR
from service.polls import polls
from service.polls.queries import poll_info
from service.review import queries as review_queries
from service.views import views
from service.year import dossiers, queries, regulations
from web.api.openapi import PREFIX, Read, document
from web.audit.event_labels import KINDS
from web.audit.event_words import in_words, shown, unit_ids
from web.shell.actions import Action, api_error, api_view, today, uploads
from web.shell.files import download
from web.shell.i18n import message
from web.shell.ids import canonical_ids, id_arg
from web.shell.login import api_principal
from web.shell.security import status_of
from web.shell.store import store

bp = Blueprint("api", __name__, url_prefix=PREFIX)
ACTIONS_KEY = "thidua.actions"  # app.extensions: every (blueprint, action), for OpenAPI
OPENAPI_KEY = "thidua.openapi"  # app.extensions: the document, built on first request


def guarded(fn: Callable[..., Any]) -> Callable[..., ResponseReturnValue]:
    """A read: signed in (token or session), DomainError as JSON, data as JSON."""

    def view(**args: Any) -> ResponseReturnValue:
        who = api_principal()
        if who is None:
            return api_error(
                401, "auth.login_required", message(DomainError("auth.login_required"))
            )
        try:
            result = fn(who=who, **args)
        except DomainError as e:
            return api_error(status_of(e), e.code, message(e))
        if not isinstance(result, dict | list):
            return result  # a file
        return jsonify(canonical_ids(json_safe(result)))

    view.__name__ = fn.__name__
    return view


def me(who: Any) -> dict[str, Any]:
    return {"account": who.account, "unit": who.unit, "roles": sorted(who.roles)}


def my_tasks(who: Any) -> list[dict[str, Any]]:
    return home.tasks(_app(), who, today())


def clusters(who: Any) -> list[dict[str, Any]]:
    return queries.clusters(_app())


def cluster_regulation(who: Any, code: str) -> dict[str, Any]:
    lang = "en" if request.args.get("lang") == "en" else "vi"
    return regulations.regulation_info(_app(), code, today(), lang)


def _as_of() -> Any:
    """`?as_of=`: a day (2025-06-30 or 30/06/2025), a date and time, or a log position."""
    return queries.as_of(request.args.get("as_of"))


def year(who: Any, year_id: UUID) -> dict[str, Any]:
    return queries.year(_app(), year_id, day=queries.day_of(_as_of()))


def standings(who: Any, year_id: UUID) -> dict[str, Any]:
    return queries.standings(_app(), year_id, _as_of())


def units(who: Any) -> list[dict[str, Any]]:
    return org_queries.units_on(_app(), day=queries.day_of(_as_of()))


def unit(who: Any, unit_id: UUID) -> dict[str, Any]:
    return org_queries.unit_on(_app(), unit_id, day=queries.day_of(_as_of()))


def year_board(who: Any, year_id: UUID) -> list[dict[str, Any]]:
    return queries.board(_app(), year_id, today())


def year_polls(who: Any, year_id: UUID) -> list[dict[str, Any]]:
    return polls.polls_of_year(_app(), year_id)


def dossier(who: Any, year_id: UUID, unit: UUID) -> dict[str, Any]:
    found = dossiers.dossier_of(_app(), year_id, unit)
    if found is None:
        raise DomainError("store.not_found", what="hồ sơ")
    return {
        "unit": unit,
        "registration": found.registration,
        "reports": found.reports,
        "self_scores": {k: s.__dict__ for k, s in found.self_scores.items()},
        "appraisals": {k: s.__dict__ for k, s in found.appraisals.items()},
    }


def poll(who: Any, poll_id: UUID) -> dict[str, Any]:

    info = poll_info(_app(), poll_id, day=queries.day_of(_as_of()))
    info.pop("year")
    return info


def campaigns(who: Any) -> list[dict[str, Any]]:
    return review_queries.campaigns(_app())


def review_progress(who: Any, campaign_id: UUID) -> dict[str, Any]:

    return review_queries.review_progress(_app(), campaign_id, _as_of())


def review_board(who: Any, campaign_id: UUID) -> list[dict[str, Any]]:
    return queries.board(_app(), campaign_id, today())


def review_reports(who: Any, campaign_id: UUID) -> list[dict[str, Any]]:

    return review_queries.board_rows(_app(), campaign_id)


def review_report(who: Any, campaign_id: UUID, unit_code: str) -> dict[str, Any]:

    found = review_queries.report_detail(_app(), campaign_id, unit_code)
    if found is None:
        raise DomainError("store.not_found", what="báo cáo sơ kết")
    return found


def timeline(who: Any) -> list[dict[str, Any]]:
    if not (who.is_admin or AUDITOR in who.roles):
        raise DomainError("auth.forbidden")  # the audit trail: administrators and auditors
    filters = {
        k: id_arg(request.args[k]) if k in ("case_id", "actor_unit") else request.args[k]
        for k in ("case_id", "actor_unit", "actor_account", "kind")
        if request.args.get(k)
    }
    app = _app()
    rows = views.timeline(app, filters, limit=queries.limit(request.args.get("limit")))
    found = [history.event_fields(app, UUID(r["originator"]), r["version"]) for r in rows]
    actors = [r["actor_unit"] for r in rows]
    names = queries.names(app, [*actors, *unit_ids(v for f in found for v in f.values())])
    show = shown(names)
    return [
        {
            **r,
            "what": str(KINDS.get(r["topic"], r["kind"])),
            "actor_unit_name": names.get(r["actor_unit"] or "", None),
            "fields": in_words(fields, show),
        }
        for r, fields in zip(rows, found, strict=True)
    ]


def file(who: Any, sha256: str) -> Any:
    return download(sha256)


def _app() -> Any:

    return store()


# (rule, function, summary, tag): every read, documented in the OpenAPI document too
READS: tuple[Read, ...] = (
    ("/me", me, "Tài khoản đang đăng nhập và vai trò", "account"),
    ("/me/tasks", my_tasks, "Việc cần làm và hạn của đơn vị mình", "account"),
    ("/clusters", clusters, "Các Cụm thi đua và năm thi đua", "years"),
    ("/clusters/<code>/regulation", cluster_regulation, "Quy chế Cụm: bản đang áp dụng, các lần ban hành, dự thảo, góp ý và mẫu", "clusters"),
    ("/units", units, "Các đơn vị như tại một ngày (as_of): tên, loại, cấp trên, tình trạng", "units"),
    ("/units/<uuid:unit_id>", unit, "Một đơn vị như tại một ngày: thành viên Cụm, đơn vị tiền thân và kế thừa", "units"),
    ("/years/<uuid:year_id>", year, "Năm thi đua: thành viên, Trưởng, Phó Cụm, chỉ tiêu", "years"),
    ("/years/<uuid:year_id>/standings", standings, "Bảng điểm, xếp hạng", "years"),
    ("/years/<uuid:year_id>/board", year_board, "Bảng tiến độ kế hoạch", "years"),
    ("/years/<uuid:year_id>/polls", year_polls, "Các cuộc bỏ phiếu của năm", "polls"),
    ("/years/<uuid:year_id>/dossiers/<uuid:unit>", dossier, "Hồ sơ thi đua của một đơn vị", "dossiers"),
    ("/polls/<uuid:poll_id>", poll, "Cuộc bỏ phiếu (kết quả khi đã kết thúc)", "polls"),
    ("/reviews", campaigns, "Các đợt sơ kết nhiệm kỳ", "reviews"),
    ("/reviews/<uuid:campaign_id>/progress", review_progress, "Tiến độ thực hiện chỉ tiêu", "reviews"),
    ("/reviews/<uuid:campaign_id>/board", review_board, "Bảng tiến độ các mốc", "reviews"),
    ("/reviews/<uuid:campaign_id>/reports", review_reports, "Tình hình báo cáo của các đơn vị", "reviews"),
    ("/reviews/<uuid:campaign_id>/reports/<unit_code>", review_report, "Báo cáo sơ kết của một đơn vị", "reviews"),
    ("/timeline", timeline, "Nhật ký sự kiện, mỗi sự kiện với các trường bằng lời (lọc theo case_id, actor_unit, actor_account, kind)", "audit"),
    ("/files/<sha256>", file, "Tải tệp đã lưu (luôn tải về, không hiển thị)", "files"),
)  # fmt: skip

for _rule, _fn, _summary, _tag in READS:
    bp.add_url_rule(_rule, "get_" + _fn.__name__, guarded(_fn), methods=["GET"])


@bp.post("/uploads")
def upload() -> ResponseReturnValue:
    """Store a file (multipart field "file"); answers its {name, sha256, size}."""
    if api_principal() is None:
        return api_error(401, "auth.login_required", message(DomainError("auth.login_required")))
    item = request.files.get("file")
    if item is None or not item.filename:
        return api_error(
            422,
            "validation",
            message(DomainError("upload.empty", name="file")),
            {"file": [message(DomainError("upload.empty", name="file"))]},
        )
    store = uploads()
    content = item.read(store.limit + 1)
    try:
        stored = store.save(item.filename, content)
    except DomainError as e:
        return api_error(422, "validation", message(e), {"file": [message(e)]})
    return jsonify({**stored.reference(), "content_type": stored.content_type}), 201


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:

    built = current_app.extensions.get(OPENAPI_KEY)
    if built is None:  # once per application
        built = current_app.extensions[OPENAPI_KEY] = document(
            current_app.extensions[ACTIONS_KEY], READS
        )
    return jsonify(built)


def bind_actions(actions: tuple[tuple[str, Action], ...]) -> None:
    """Add each action's JSON face (once: web/site/registry.py)."""
    for blueprint, action in actions:
        bp.add_url_rule(
            action.rule, f"{blueprint}__{action.name}", api_view(action), methods=["POST"]
        )
