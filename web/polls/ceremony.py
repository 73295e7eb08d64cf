"""Ban kiểm phiếu on the web: the key ceremony's three steps and the partial decryption
of a committee member, each a form of that member unit's own officer, and the public
election record of a closed poll.

A step's answer may be a file (the member's key file, then its share file): sent as a
download at once, never kept. The key and share files a member uploads are read from
the request in memory and handed to the service (service/polls/committee.py), never
stored: they are not attachments, so they never go through the UploadStore. Refusals
are the service's coded ones, worded beside the passphrase or the file (409), a
mistyped form 422.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from domain.kernel.base import DomainError
from service.platform.auth import AUDITOR
from service.polls import committee as counting
from service.polls.committee import MIN_PASSPHRASE
from service.polls.queries import poll_info
from web.shell.i18n import locale, message
from web.shell.login import current_principal, login_required
from web.shell.security import status_of
from web.shell.store import store

bp = Blueprint("ceremony", __name__)

MAX_FILE = 64 * 1024  # a key file is ~1 kB, a share file less
# refusals about what was typed or chosen: beside that field
FIELD_OF = {
    "poll.wrong_passphrase": "passphrase",
    "poll.share_not_yours": "key_file",
    "poll.partial_file_invalid": "key_file",
    "poll.partial_stale": "key_file",
    "poll.partial_invalid": "key_file",
    "poll.answer_file_invalid": "key_file",
}


@dataclass(frozen=True)
class Step:
    title: Any
    submit: Any
    file_label: Any | None  # the file it takes back (None: it makes the first)
    done: Any | None  # said after it, when its answer is not a download


STEPS = {
    "begin": Step(_l("Tạo khoá của thành viên"), _l("Tạo khoá và tải tệp khoá"), None, None),
    "deal": Step(
        _l("Gửi phần khoá cho các thành viên khác"),
        _l("Gửi phần khoá"),
        _l("Tệp khoá của thành viên (tải về ở bước tạo khoá)"),
        _l("Đã gửi phần khoá cho các thành viên khác của Ban kiểm phiếu."),
    ),
    "finish": Step(
        _l("Nhận phần khoá của mình"),
        _l("Nhận và tải tệp phần khoá"),
        _l("Tệp khoá của thành viên (tải về ở bước tạo khoá)"),
        None,
    ),
    "decrypt": Step(
        _l("Góp phần giải mã kết quả"),
        _l("Góp phần giải mã"),
        _l("Tệp phần khoá của thành viên (tải về ở bước nhận phần khoá)"),
        _l("Đã ghi nhận phần giải mã kết quả của đơn vị."),
    ),
    "answer": Step(
        _l("Nộp tệp trả lời đã làm trên máy của mình"),
        _l("Nộp tệp trả lời"),
        _l("Tệp trả lời (tạo bằng lệnh thidua committee)"),
        _l("Đã ghi nhận bước tạo khoá của đơn vị."),
    ),
    "partial": Step(
        _l("Nộp phần giải mã đã tính trên máy của mình"),
        _l("Nộp phần giải mã"),
        _l("Tệp phần giải mã (tạo bằng lệnh thidua committee partial)"),
        _l("Đã ghi nhận phần giải mã kết quả của đơn vị."),
    ),
}


@bp.route(
    "/polls/<uuid:poll_id>/committee/<any(begin, deal, finish, decrypt, partial, answer):step>",
    methods=["GET", "POST"],
)
@login_required
def step(poll_id: UUID, step: str) -> ResponseReturnValue:
    """A committee member's step: its form (GET), or done (POST). Only the officer of a
    member unit of the poll's committee may; an auditor reads, never acts."""
    info, who = _member(poll_id)
    if request.method == "GET":
        return _form(info, step, {})
    return _submit(info, step, who)


def _member(poll_id: UUID) -> tuple[dict[str, Any], Any]:
    """The poll and the signed-in committee member's officer; 403 for anyone else (an
    auditor reads, never acts)."""
    info = poll_info(store(), poll_id, locale())
    who = current_principal()
    assert who is not None
    members = [m["id"] for m in (info["committee"] or {}).get("members", [])]
    if AUDITOR in who.roles or who.unit is None or who.unit.hex not in members:
        abort(403)
    return info, who


def _submit(info: dict[str, Any], step: str, who: Any) -> ResponseReturnValue:
    passphrase = request.form.get("passphrase", "")
    errors: dict[str, list[str]] = {}
    if step == "begin":
        if len(passphrase) < MIN_PASSPHRASE:
            errors["passphrase"] = [_("Cụm mật khẩu cần ít nhất %(n)s ký tự.", n=MIN_PASSPHRASE)]
        elif request.form.get("passphrase2", "") != passphrase:
            errors["passphrase2"] = [_("Hai lần nhập cụm mật khẩu không giống nhau.")]
        content = b""
    else:
        if not passphrase and step not in ("partial", "answer"):  # no secret in those
            errors["passphrase"] = [_("Cần nhập cụm mật khẩu.")]
        content, problem = _posted_file()
        if problem:
            errors["key_file"] = [problem]
    if errors:
        return _form(info, step, errors), 422
    app, poll_id = store(), UUID(info["id"])
    try:
        if step == "begin":
            answer = counting.begin_ceremony(app, who, poll_id, passphrase)
        elif step == "deal":
            counting.deal_shares(app, who, poll_id, content, passphrase)
        elif step == "finish":
            answer = counting.finish_ceremony(app, who, poll_id, content, passphrase)
        elif step == "partial":
            counting.submit_computed_partial(app, who, poll_id, _json(content))
        elif step == "answer":
            counting.submit_ceremony_answer(app, who, poll_id, _json(content, "answer"))
        else:
            counting.submit_partial(app, who, poll_id, content, passphrase)
    except DomainError as e:
        at = FIELD_OF.get(e.code)
        if at is None:
            return _form(info, step, {}, refusal=message(e)), status_of(e)
        return _form(info, step, {at: [message(e)]}), status_of(e)
    if step in ("begin", "finish"):
        return _download(answer, _file_name(info, who.unit.hex, step))
    flash(str(STEPS[step].done), "ok")
    return redirect(url_for("polls.poll", poll_id=info["id"]) + "#committee")


def _posted_file() -> tuple[bytes, str | None]:
    """The uploaded key or share file, in memory only."""
    item = request.files.get("key_file")
    if item is None or not item.filename:
        return b"", _("Cần chọn tệp khoá.")
    content = item.read(MAX_FILE + 1)
    if len(content) > MAX_FILE or not content:
        return b"", message(DomainError("poll.wrong_passphrase"))
    return content, None


def _json(content: bytes, kind: str = "partial") -> Any:
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DomainError(f"poll.{kind}_file_invalid") from None


def _file_name(info: dict[str, Any], unit: str, step: str) -> str:
    if step == "begin":
        return f"khoa-ban-kiem-phieu-{info['id'][:8]}-{unit[:8]}.thidua-key"
    return f"phan-khoa-ban-kiem-phieu-{info['id'][:8]}-{unit[:8]}.thidua-share"


def _download(content: bytes, name: str) -> Response:
    response = Response(content, mimetype="application/octet-stream")
    response.headers.set("Content-Disposition", "attachment", filename=name)
    response.headers["Cache-Control"] = "no-store"
    return response


def _form(
    info: dict[str, Any], step: str, errors: dict[str, list[str]], refusal: str | None = None
) -> str:
    return render_template(
        "polls/ceremony_form.html",
        poll=info,
        step=step,
        form=STEPS[step],
        errors=errors,
        refusal=refusal,
        min_passphrase=MIN_PASSPHRASE,
    )


@bp.get("/polls/<uuid:poll_id>/committee/material.json")
@login_required
def material(poll_id: UUID) -> Response:
    """The ceremony's public material for the member's next step on its own machine
    (`thidua committee begin|deal|finish`): only a member's own officer."""
    _info, who = _member(poll_id)
    try:
        found = counting.ceremony_material(store(), who, poll_id)
    except DomainError as e:
        abort(status_of(e))
    name = f"du-lieu-tao-khoa-{poll_id.hex[:8]}-{found['stage']}.json"
    return _json_download(json.dumps(found, indent=1), name, cache=False)


@bp.get("/polls/<uuid:poll_id>/tally-to-decrypt.json")
@login_required
def tally(poll_id: UUID) -> Response:
    """The encrypted tally as it stands, with the poll's context: public values, for a
    member computing its partial decryption on its own machine."""
    try:
        found = counting.tally_to_decrypt(store(), poll_id)
    except DomainError as e:
        abort(404 if e.code in ("poll.no_committee", "poll.key_not_published") else status_of(e))
    name = f"tong-phieu-ma-hoa-{poll_id.hex[:8]}.json"
    return _json_download(json.dumps(found, indent=1), name, cache=False)


@bp.get("/polls/<uuid:poll_id>/record.json")
@login_required
def record(poll_id: UUID) -> Response:
    """The public election record of a closed eg1 poll, for tools/verify_tally.py."""
    try:
        found = counting.election_record(store(), poll_id)
    except DomainError as e:
        abort(status_of(e) if status_of(e) != 409 else 404)
    text = json.dumps(found, ensure_ascii=False, sort_keys=True, indent=1)
    return _json_download(text, f"ho-so-kiem-phieu-{poll_id.hex[:8]}.json", cache=True)


def _json_download(text: str, name: str, cache: bool) -> Response:
    """A JSON file sent as a download; `cache=False` for what changes as people act."""
    response = Response(text, mimetype="application/json")
    response.headers.set("Content-Disposition", "attachment", filename=name)
    if not cache:
        response.headers["Cache-Control"] = "no-store"
    return response
