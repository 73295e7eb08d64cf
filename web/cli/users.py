"""`thidua users create|demo-accounts`: the first administrator, and demo sign-ins.

thidua users create quantri --unit TLD --role admin --name "Quản trị hệ thống"
    (mật khẩu: nhập khi được hỏi, hoặc lấy từ THIDUA_ADMIN_PASSWORD)
thidua users demo-accounts     tạo các tài khoản mẫu cho dữ liệu mẫu (mật khẩu in ra)
"""

from __future__ import annotations

import os

import click
from flask.cli import AppGroup

from domain.accounts.account import ROLES
from domain.kernel.base import DomainError
from domain.org.unit import Unit
from service.accounts import accounts
from service.platform import clock, wording
from service.platform.auth import SYSTEM_PRINCIPAL
from web.shell.store import store, store_holder

users_cli = AppGroup("users", help="Tài khoản người dùng.")
DEMO_PASSWORD = "thidua-demo-2015"
# username, display name, unit code, roles: one per role of the demo's story
DEMO_ACCOUNTS = [
    ("quantri", "Quản trị hệ thống (mẫu)", None, ["admin"]),
    ("caobang", "Cán bộ LĐLĐ tỉnh Cao Bằng — Trưởng Cụm 2015 (mẫu)", "CAOBANG", []),
    ("laocai", "Cán bộ LĐLĐ tỉnh Lào Cai — Phó Cụm 2015 (mẫu)", "LAOCAI", []),
    ("langson", "Cán bộ LĐLĐ tỉnh Lạng Sơn (mẫu)", "LANGSON", []),
    ("hagiang", "Cán bộ LĐLĐ tỉnh Hà Giang (mẫu)", "HAGIANG", []),
    ("tld", "Cán bộ Tổng Liên đoàn (mẫu)", "TLD", ["tld"]),
    ("kiemtoan", "Kiểm toán viên (mẫu)", None, ["auditor"]),
    ("bcd.langson", "Ban chỉ đạo sơ kết LĐLĐ Lạng Sơn (mẫu)", "LANGSON", ["steering"]),
    ("thamdinh.langson", "Cán bộ thẩm định báo cáo sơ kết (mẫu)", "LANGSON", ["reviewer"]),
    ("vanquan", "Cán bộ LĐLĐ huyện Văn Quan (mẫu)", "LS-VANQUAN", []),
]


def _store():  # type: ignore[no-untyped-def]
    click.get_current_context().call_on_close(store_holder().close)
    return store()


@users_cli.command("create")
@click.argument("username")
@click.option("--unit", "unit_code", default=None, help="Mã đơn vị của tài khoản.")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), help="Vai trò (lặp lại).")
@click.option("--name", "display_name", default=None, help="Họ và tên.")
def create(
    username: str, unit_code: str | None, roles: tuple[str, ...], display_name: str | None
) -> None:
    """Tạo tài khoản (chạy trên máy chủ, với quyền quản trị)."""
    password = os.environ.get("THIDUA_ADMIN_PASSWORD") or click.prompt(
        "Mật khẩu", hide_input=True, confirmation_prompt=True
    )
    try:
        accounts.create_account(
            _store(),
            SYSTEM_PRINCIPAL,
            username,
            display_name or username,
            unit_code,
            list(roles),
            password,
            clock.today(),
        )
    except DomainError as e:
        raise click.ClickException(wording.text(e)) from None
    click.echo(
        f"Đã tạo tài khoản {username.strip().lower()} ({', '.join(roles) or 'cán bộ đơn vị'})."
    )


@users_cli.command("demo-accounts")
def demo_accounts() -> None:
    """Tạo các tài khoản mẫu (bỏ qua tài khoản đã có) và in mật khẩu mẫu."""
    app = _store()
    for username, name, unit, roles in DEMO_ACCOUNTS:
        if accounts.account_of(app, username) is not None:
            continue
        if unit and not app.exists(Unit.id_for(unit)):
            continue
        accounts.create_account(
            app, SYSTEM_PRINCIPAL, username, name, unit, roles, DEMO_PASSWORD, clock.today()
        )
        click.echo(f"  {username:18} {name}")
    click.echo(f"Mật khẩu của mọi tài khoản mẫu: {DEMO_PASSWORD}")
