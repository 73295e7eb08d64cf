"""Stored files, served as downloads with their sniffed type, never inline as HTML."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from domain.kernel.base import DomainError
from web.shell.actions import uploads
from web.shell.login import login_required

bp = Blueprint("files", __name__)


def download(sha256: str) -> Response:
    try:
        data, kind = uploads().open(sha256)
    except DomainError:
        abort(404)
    name = (request.args.get("name") or sha256[:16]).replace("/", "_").replace("\\", "_")
    response = Response(data, mimetype=kind)
    response.headers.set("Content-Disposition", "attachment", filename=name[:150])
    response.headers["X-Content-Type-Options"] = "nosniff"
    # default-src does not cover frame-ancestors: a stored file is never framed either
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; sandbox; frame-ancestors 'none'"
    )
    return response


@bp.get("/files/<sha256>")
@login_required
def get(sha256: str) -> Response:
    return download(sha256)
