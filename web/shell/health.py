"""GET /healthz: is the event store reachable, and how far has it got."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from web.shell.store import store, store_holder

bp = Blueprint("health", __name__)

UNREACHABLE = (
    "Không truy cập được kho sự kiện. Hãy kiểm tra THIDUA_DATABASE_URL và chạy `thidua db init`."
)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    kind = store_holder().kind
    try:
        events = store().recorder.max_notification_id() or 0
    except Exception:  # any failure to reach the store is "unhealthy", never a 500
        current_app.logger.exception("health check: event store unreachable")
        store_holder().reset()  # connect afresh next time: a restarted database is used again
        return jsonify(status="error", store=kind, message=UNREACHABLE), 503
    return jsonify(status="ok", store=kind, events=events)
