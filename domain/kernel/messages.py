"""What each coded DomainError says to a person, in Vietnamese (first) and English.

Each area adds its codes to `MESSAGES` in its own module via `define()`; the web layer
picks the locale. Placeholders use str.format names from the error's params.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {}


def define(entries: dict[str, tuple[str, str]]) -> None:
    for code, texts in entries.items():
        if code in MESSAGES and MESSAGES[code] != texts:
            raise ValueError(f"message code defined twice: {code}")
        MESSAGES[code] = texts


def render(code: str, locale: str, params: dict[str, Any]) -> str:
    vi, en = MESSAGES.get(code, ("Không thực hiện được thao tác ({code}).", "Action refused ({code})."))
    template = en if locale.startswith("en") else vi
    try:
        return template.format(**{"code": code, **params})
    except (KeyError, IndexError, ValueError):
        return template


define({
    "store.conflict": (
        "Dữ liệu vừa được người khác thay đổi; vui lòng tải lại và thử lại.",
        "Someone else changed this just now; please reload and try again.",
    ),
    "store.not_found": ("Không tìm thấy {what}.", "{what} not found."),
    "store.exists": ("{what} đã tồn tại.", "{what} already exists."),
    "auth.forbidden": (
        "Bạn không có quyền thực hiện thao tác này.",
        "You are not allowed to do this.",
    ),
    "unit.code_required": ("Mã đơn vị không được để trống.", "Unit code is required."),
    "unit.name_required": ("Tên đơn vị không được để trống.", "Unit name is required."),
    "unit.not_active": (
        "Đơn vị không còn hoạt động (trạng thái: {status}).",
        "The unit is no longer active (status: {status}).",
    ),
    "unit.change_before_last": (
        "Ngày thay đổi không được trước lần thay đổi gần nhất ({since:%d/%m/%Y}).",
        "The change date cannot precede the last change ({since:%d/%m/%Y}).",
    ),
    "unit.same_name": ("Tên mới trùng tên hiện tại.", "The new name equals the current one."),
    "unit.own_parent": ("Đơn vị không thể trực thuộc chính nó.", "A unit cannot be its own parent."),
    "unit.same_parent": ("Đơn vị đã trực thuộc đơn vị này.", "The unit is already under this parent."),
    "unit.merge_into_self": ("Không thể hợp nhất đơn vị vào chính nó.", "A unit cannot merge into itself."),
    "unit.merge_target_inactive": (
        "Đơn vị tiếp nhận không còn hoạt động.",
        "The receiving unit is not active.",
    ),
    "cluster.code_required": ("Mã Cụm không được để trống.", "Cluster code is required."),
    "cluster.name_required": ("Tên Cụm không được để trống.", "Cluster name is required."),
    "cluster.already_member": ("Đơn vị đã là thành viên Cụm.", "The unit is already a member."),
    "cluster.not_member": ("Đơn vị không phải thành viên Cụm.", "The unit is not a member of the cluster."),
    "regulation.bad_basis": ("Căn cứ tính tỷ lệ không hợp lệ: {basis}.", "Invalid threshold basis: {basis}."),
    "regulation.bad_share": ("Tỷ lệ không hợp lệ: {share}.", "Invalid share: {share}."),
    "regulation.bad_absentee": (
        "Cách tính phiếu của thành viên vắng mặt không hợp lệ.",
        "Invalid rule for absent members' votes.",
    ),
    "regulation.bad_rotation": ("Quy tắc luân phiên không hợp lệ.", "Invalid rotation rule."),
    "regulation.bad_tie_break": (
        "Tiêu chí xếp hạng khi bằng điểm không hợp lệ: {tie_break}.",
        "Invalid tie-break rule: {tie_break}.",
    ),
    "regulation.duplicate_award": ("Danh hiệu khen thưởng bị trùng mã.", "Duplicate award code."),
    "award.unknown": ("Hình thức khen thưởng không có trong Quy chế: {award}.", "Unknown award: {award}."),
})
