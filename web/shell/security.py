"""CSRF on every POST, security headers, and error pages (HTML or JSON under /api).

CSRF (flask-wtf's CSRFProtect) is checked for every unsafe method, with one
exception: an API call that carries an `Authorization: Bearer` token and so is not
authenticated by the cookie. Session-authenticated API calls send the token in the
X-CSRFToken header.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request, session
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from domain.kernel.base import DomainError
from web.shell.i18n import message
from web.shell.login import bearer_token

csrf = CSRFProtect()
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
CSP = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Only over HTTPS: a plain-HTTP answer carrying it would be ignored (RFC 6797 §8.1),
# and a development server on http://127.0.0.1 must not pin the name to HTTPS.
HSTS = "max-age=31536000; includeSubDomains"


def _is_api() -> bool:
    return request.path.startswith("/api/")


def init(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # valid for the session's life
    csrf.init_app(app)

    @app.before_request
    def check_csrf() -> None:
        if request.method not in UNSAFE:
            return

        if _is_api() and (bearer_token() is not None or "_user_id" not in session):
            return  # not authenticated by the cookie: nothing to forge (answered 401 or by token)
        csrf.protect()

    @app.after_request
    def headers(response: Any) -> Any:
        h = response.headers
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Content-Security-Policy", CSP)
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Referrer-Policy", "same-origin")
        h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.path.startswith(("/api/", "/login")) or response.mimetype == "text/html":
            h.setdefault("Cache-Control", "no-store")
        if request.is_secure:  # HTTPS, or X-Forwarded-Proto: https behind THIDUA_PROXY=1
            h.setdefault("Strict-Transport-Security", HSTS)
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(e: CSRFError) -> Any:
        text = _("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ (CSRF). Hãy tải lại trang.")
        return _error(400, "csrf", text)

    @app.errorhandler(DomainError)
    def refused(e: DomainError) -> Any:
        """A refusal no page caught (an unknown year, poll or review id): its own status
        and message, never a 500."""
        return _error(status_of(e), e.code, message(e))

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> Any:
        code = e.code or 500
        texts = {
            401: _("Vui lòng đăng nhập."),
            403: _("Bạn không có quyền thực hiện thao tác này."),
            404: _("Không tìm thấy trang hoặc dữ liệu yêu cầu."),
            405: _("Phương thức không được hỗ trợ."),
            413: _("Tệp gửi lên quá lớn."),
            429: _("Quá nhiều lần thử. Vui lòng đợi một lát rồi thử lại."),
            500: _(
                "Hệ thống gặp sự cố nên chưa thực hiện được yêu cầu. Vui lòng thử lại sau ít "
                "phút; nếu vẫn không được, hãy báo quản trị hệ thống kèm thời điểm xảy ra."
            ),
        }
        text = texts.get(code) or (texts[500] if code >= 500 else e.description or e.name)
        if (
            code in (403, 404)
            and e.description
            and not e.description.startswith(
                ("You don't", "The requested", "The server", "You do not")
            )
        ):
            text = e.description  # a domain message passed to abort()
        return _error(
            code, {403: "auth.forbidden", 404: "not_found"}.get(code, f"http.{code}"), text
        )


# Refusals of who is asking, not of the case's state: 403 with their own message.
FORBIDDEN = {"auth.forbidden", "auth.unit_inactive", "dossier.self_appraisal"}


def status_of(e: DomainError) -> int:
    """The HTTP status of a refusal: 404 for what does not exist, 403 for who may not."""
    if e.code.startswith("view.bad_"):  # a malformed query value (as_of, limit)
        return 422
    if e.code in FORBIDDEN:
        return 403
    if e.code.endswith("not_found"):
        return 404
    return 409


def _error(status: int, code: str, text: str) -> Any:
    if _is_api():
        return jsonify(code=code, message=text), status
    return render_template("error.html", status=status, text=text), status
