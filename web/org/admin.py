"""Administration: accounts and roles, units, clusters and their members, opening a
cluster's year (the first year names its chair and vice-chair; later years take them
from the previous year's election)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, url_for
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, validates

from domain.accounts.account import ROLES
from domain.org.unit import UnitKind
from service.accounts import accounts
from service.accounts.catalog import accounts as all_accounts
from service.org import units
from service.platform.auth import AUDITOR
from service.year import clusters, queries
from web.shell.actions import Action, Ctx
from web.shell.fields import Base, Choice, Day, Int, Many, Text, label
from web.shell.login import current_principal, login_required
from web.shell.store import store

bp = Blueprint("admin", __name__)


@bp.get("/admin")
@login_required
def index() -> str:

    who = current_principal()
    if who is None or not (who.is_admin or AUDITOR in who.roles):
        abort(403)  # accounts and roles are for administrators (and auditors, who read all)
    app = store()
    found = all_accounts(app)
    unit_names = queries.names(app, [a.unit.hex for a in found if a.unit])
    return render_template(
        "admin/index.html",
        accounts=found,
        names=unit_names,
        roles=ROLE_LABELS,
        clusters=queries.clusters(app),
    )


def admin_url(args: dict[str, Any]) -> str:
    return url_for("admin.index")


ROLE_LABELS = {
    "admin": _l("Quản trị hệ thống"),
    "tld": _l("Cán bộ Tổng Liên đoàn"),
    "auditor": _l("Kiểm toán (chỉ xem)"),
    "steering": _l("Ban chỉ đạo sơ kết"),
    "reviewer": _l("Cán bộ thẩm định báo cáo sơ kết"),
}
KIND_NAMES = {
    "confederation": _l("Tổng Liên đoàn"),
    "province": _l("Liên đoàn Lao động tỉnh, thành phố"),
    "commune": _l("Công đoàn xã, phường, đặc khu"),
    "grassroots": _l("Công đoàn cơ sở"),
    "sector": _l("Công đoàn ngành"),
    "department": _l("Ban của Liên đoàn Lao động tỉnh"),
    "district": _l("Liên đoàn Lao động huyện (trước 01/07/2025)"),
}
KIND_LABELS = [(k, KIND_NAMES[k]) for k in KIND_NAMES]


class AccountForm(Base):
    username = Text(max_length=64, metadata=label(_l("Tên đăng nhập")))
    display_name = Text(max_length=200, metadata=label(_l("Họ và tên")))
    unit_code = Text(
        max_length=60,
        allow_empty=True,
        metadata=label(_l("Mã đơn vị (để trống nếu không thuộc đơn vị)")),
    )
    roles = Many(Choice(ROLES), metadata=label(_l("Vai trò"), widget="checkboxes"))
    password = Text(
        max_length=200, metadata=label(_l("Mật khẩu ban đầu (ít nhất 10 ký tự)"), widget="password")
    )


class RolesForm(Base):
    username = Text(max_length=64, metadata=label(_l("Tên đăng nhập")))
    roles = Many(Choice(ROLES), metadata=label(_l("Vai trò"), widget="checkboxes"))


class DisableForm(Base):
    username = Text(max_length=64, metadata=label(_l("Tên đăng nhập")))
    reason = Text(max_length=500, allow_empty=True, metadata=label(_l("Lý do")))


class UsernameForm(Base):
    username = Text(max_length=64, metadata=label(_l("Tên đăng nhập")))


class ResetForm(UsernameForm):
    password = Text(
        max_length=200, metadata=label(_l("Mật khẩu mới (ít nhất 10 ký tự)"), widget="password")
    )


class UnitForm(Base):
    code = Text(max_length=60, metadata=label(_l("Mã đơn vị")))
    kind = Choice(
        tuple(k.value for k in UnitKind), metadata=label(_l("Loại đơn vị"), widget="select")
    )
    name = Text(max_length=300, metadata=label(_l("Tên đơn vị")))
    parent_code = Text(max_length=60, allow_empty=True, metadata=label(_l("Mã đơn vị cấp trên")))
    on = Day(required=True, metadata=label(_l("Ngày thành lập"), widget="date"))


class RenameForm(Base):
    code = Text(max_length=60, metadata=label(_l("Mã đơn vị")))
    name = Text(max_length=300, metadata=label(_l("Tên mới")))
    on = Day(required=True, metadata=label(_l("Từ ngày"), widget="date"))


class MoveForm(Base):
    code = Text(max_length=60, metadata=label(_l("Mã đơn vị")))
    parent_code = Text(
        max_length=60, allow_empty=True, metadata=label(_l("Mã đơn vị cấp trên mới"))
    )
    on = Day(required=True, metadata=label(_l("Từ ngày"), widget="date"))


class MergeForm(Base):
    code = Text(max_length=60, metadata=label(_l("Mã đơn vị")))
    into_code = Text(max_length=60, metadata=label(_l("Hợp nhất vào đơn vị (mã)")))
    on = Day(required=True, metadata=label(_l("Từ ngày"), widget="date"))


class MergeNewForm(Base):
    codes = Many(
        Text(max_length=60),
        at_least=1,
        metadata=label(_l("Mã các đơn vị hợp nhất (mỗi dòng một mã)"), widget="textarea"),
    )
    new_code = Text(max_length=60, metadata=label(_l("Mã đơn vị mới")))
    kind = Choice(
        tuple(k.value for k in UnitKind), metadata=label(_l("Loại đơn vị mới"), widget="select")
    )
    name = Text(max_length=300, metadata=label(_l("Tên đơn vị mới")))
    parent_code = Text(max_length=60, allow_empty=True, metadata=label(_l("Mã đơn vị cấp trên")))
    on = Day(required=True, metadata=label(_l("Ngày hợp nhất có hiệu lực"), widget="date"))


class SplitForm(Base):
    code = Text(max_length=60, metadata=label(_l("Mã đơn vị được chia tách")))
    parts = Many(
        Text(max_length=400),
        at_least=2,
        metadata=label(
            _l("Các đơn vị mới, mỗi dòng «mã; tên» (ít nhất hai dòng)"), widget="textarea"
        ),
    )
    on = Day(required=True, metadata=label(_l("Ngày chia tách có hiệu lực"), widget="date"))

    @validates("parts")
    def _parts(self, value: list[str], **_: Any) -> None:
        if any(len([p for p in line.split(";", 1) if p.strip()]) != 2 for line in value):
            raise ValidationError(str(_l("Mỗi dòng cần có mã và tên, cách nhau bởi dấu «;».")))


def _parts(lines: list[str]) -> list[tuple[str, str]]:
    pairs = [line.split(";", 1) for line in lines]
    return [(code.strip(), name.strip()) for code, name in pairs]


class DissolveForm(Base):
    code = Text(max_length=60, metadata=label(_l("Mã đơn vị")))
    on = Day(required=True, metadata=label(_l("Từ ngày"), widget="date"))


class ClusterForm(Base):
    code = Text(max_length=60, metadata=label(_l("Mã Cụm")))
    name = Text(max_length=300, metadata=label(_l("Tên Cụm, Khối thi đua")))
    on = Day(required=True, metadata=label(_l("Ngày thành lập"), widget="date"))


class MemberForm(Base):
    cluster_code = Text(max_length=60, metadata=label(_l("Mã Cụm")))
    unit_code = Text(max_length=60, metadata=label(_l("Mã đơn vị")))
    on = Day(required=True, metadata=label(_l("Từ ngày"), widget="date"))
    reason = Text(
        max_length=1000,
        allow_empty=True,
        metadata=label(
            _l("Lý do (năm thi đua đang mở sẽ chờ Trưởng Cụm quyết định về thay đổi này)")
        ),
    )


class OpenYearForm(Base):
    cluster_code = Text(max_length=60, metadata=label(_l("Mã Cụm")))
    year = Int(minimum=2000, metadata=label(_l("Năm thi đua")))
    chair_code = Text(
        max_length=60,
        allow_empty=True,
        metadata=label(_l("Trưởng Cụm (mã đơn vị; chỉ năm đầu tiên)")),
    )
    vice_code = Text(
        max_length=60, allow_empty=True, metadata=label(_l("Phó Cụm (mã đơn vị; chỉ năm đầu tiên)"))
    )


def role_choices(ctx: Ctx) -> dict[str, Any]:
    return {"choices": {"roles": [(r, ROLE_LABELS[r]) for r in ROLES], "kind": KIND_LABELS}}


def _open_year(c: Ctx, d: dict[str, Any]) -> Any:
    return clusters.open_year(
        c.app,
        c.who,
        d["cluster_code"],
        d["year"],
        c.today,
        chair_code=d["chair_code"] or None,
        vice_code=d["vice_code"] or None,
    )


A = "/admin"
ACTIONS = [
    Action("create_account", A + "/accounts/new", _l("Tạo tài khoản"), AccountForm,
           lambda c, d: accounts.create_account(c.app, c.who, d["username"], d["display_name"],
                                                d["unit_code"] or None, d["roles"], d["password"], c.today),
           admin_url, prepare=role_choices, tag="admin"),
    Action("set_roles", A + "/accounts/roles", _l("Đổi vai trò của tài khoản"), RolesForm,
           lambda c, d: accounts.set_roles(c.app, c.who, d["username"], d["roles"], c.today),
           admin_url, prepare=role_choices, tag="admin"),
    Action("disable_account", A + "/accounts/disable", _l("Khoá tài khoản"), DisableForm,
           lambda c, d: accounts.disable(c.app, c.who, d["username"], d["reason"], c.today),
           admin_url, tag="admin"),
    Action("enable_account", A + "/accounts/enable", _l("Mở khoá tài khoản"), UsernameForm,
           lambda c, d: accounts.enable(c.app, c.who, d["username"], c.today), admin_url, tag="admin"),
    Action("reset_password", A + "/accounts/password", _l("Đặt lại mật khẩu"), ResetForm,
           lambda c, d: accounts.reset_password(c.app, c.who, d["username"], d["password"], c.today),
           admin_url, tag="admin"),
    Action("register_unit", A + "/units/new", _l("Đăng ký đơn vị"), UnitForm,
           lambda c, d: units.register_unit(c.app, c.who, d["code"], d["kind"], d["name"], d["on"],
                                            parent_code=d["parent_code"] or None),
           admin_url, prepare=role_choices, tag="admin"),
    Action("rename_unit", A + "/units/rename", _l("Đổi tên đơn vị"), RenameForm,
           lambda c, d: units.rename_unit(c.app, c.who, d["code"], d["name"], d["on"]), admin_url, tag="admin"),
    Action("move_unit", A + "/units/move", _l("Chuyển đơn vị sang đơn vị cấp trên khác"), MoveForm,
           lambda c, d: units.move_unit(c.app, c.who, d["code"], d["parent_code"] or None, d["on"]),
           admin_url, tag="admin"),
    Action("merge_unit", A + "/units/merge", _l("Hợp nhất đơn vị"), MergeForm,
           lambda c, d: units.merge_unit(c.app, c.who, d["code"], d["into_code"], d["on"]), admin_url, tag="admin"),
    Action("merge_into_new", A + "/units/merge-new", _l("Hợp nhất nhiều đơn vị thành đơn vị mới"),
           MergeNewForm, lambda c, d: units.merge_into_new(
               c.app, c.who, d["codes"], d["new_code"], d["kind"], d["name"], d["on"],
               parent_code=d["parent_code"] or None),
           admin_url, prepare=role_choices, tag="admin"),
    Action("split_unit", A + "/units/split", _l("Chia tách đơn vị"), SplitForm,
           lambda c, d: units.split_unit(c.app, c.who, d["code"], _parts(d["parts"]), d["on"]),
           admin_url, tag="admin"),
    Action("dissolve_unit", A + "/units/dissolve", _l("Giải thể đơn vị"), DissolveForm,
           lambda c, d: units.dissolve_unit(c.app, c.who, d["code"], d["on"]), admin_url, tag="admin"),
    Action("establish_cluster", A + "/clusters/new", _l("Thành lập Cụm, Khối thi đua"), ClusterForm,
           lambda c, d: clusters.establish_cluster(c.app, c.who, d["code"], d["name"], d["on"]),
           admin_url, tag="admin"),
    Action("admit_member", A + "/clusters/admit", _l("Kết nạp thành viên Cụm"), MemberForm,
           lambda c, d: clusters.admit_member(c.app, c.who, d["cluster_code"], d["unit_code"], d["on"],
                                            d["reason"]),
           admin_url, tag="admin"),
    Action("remove_member", A + "/clusters/remove", _l("Rút thành viên khỏi Cụm"), MemberForm,
           lambda c, d: clusters.remove_member(c.app, c.who, d["cluster_code"], d["unit_code"], d["on"],
                                             d["reason"]),
           admin_url, tag="admin"),
    Action("open_year", A + "/years/open", _l("Mở năm thi đua của Cụm"), OpenYearForm, _open_year,
           admin_url, tag="admin"),
]  # fmt: skip
