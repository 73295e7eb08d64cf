"""A person's own account: password change and API tokens (shown once)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, url_for
from flask_babel import lazy_gettext as _l

from service.accounts import accounts
from web.shell.actions import Action, Ctx
from web.shell.fields import Base, Text, label
from web.shell.login import current_user, login_required

bp = Blueprint("account", __name__)


@bp.get("/account")
@login_required
def me() -> str:
    account = current_user.account
    return render_template("admin/me.html", account=account)


def me_url(args: dict[str, Any]) -> str:
    return url_for("account.me")


class PasswordForm(Base):
    current = Text(max_length=200, metadata=label(_l("Mật khẩu hiện tại"), widget="password"))
    new = Text(
        max_length=200, metadata=label(_l("Mật khẩu mới (ít nhất 10 ký tự)"), widget="password")
    )


class TokenForm(Base):
    label = Text(max_length=100, metadata=label(_l("Tên gợi nhớ của mã truy cập")))


class RevokeForm(Base):
    token_sha256 = Text(max_length=64, metadata=label(_l("Mã truy cập"), widget="select"))


def tokens(ctx: Ctx) -> dict[str, Any]:
    account = accounts.load_account(ctx.app, ctx.who.account)
    return {
        "choices": {"token_sha256": [(k, f"{v} ({k[:8]}…)") for k, v in account.tokens.items()]}
    }


ACTIONS = [
    Action("change_password", "/account/password", _l("Đổi mật khẩu"), PasswordForm,
           lambda c, d: accounts.change_own_password(c.app, c.who, d["current"], d["new"], c.today),
           lambda a: url_for("auth.login"), tag="account", extra={"auditor_ok": True}),
    Action("issue_token", "/account/tokens", _l("Tạo mã truy cập API"), TokenForm,
           lambda c, d: accounts.issue_token(c.app, c.who, d["label"], c.today),
           me_url, tag="account",
           extra={"show_result": _l("Mã truy cập (chỉ hiện một lần, hãy lưu lại):"), "auditor_ok": True}),
    Action("revoke_token", "/account/tokens/revoke", _l("Thu hồi mã truy cập API"), RevokeForm,
           lambda c, d: accounts.revoke_token(c.app, c.who, d["token_sha256"], c.today),
           me_url, prepare=tokens, tag="account", extra={"auditor_ok": True}),
]  # fmt: skip
