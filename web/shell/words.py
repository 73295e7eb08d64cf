"""Coded values a form or a list may offer, in words (Vietnamese msgids, English in the
second locale): roles, unit kinds, poll kinds and methods, plan-task parties, steering
roles, committees, a target's direction and rollup, report statuses and ratings. A
select or a checkbox list whose choice reads as its own code is shown these words
(`in_words` in templates), so no code reaches a person's eyes."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

WORDS: dict[str, Any] = {
    # accounts' roles
    "admin": _l("Quản trị hệ thống"),
    "tld": _l("Cán bộ Tổng Liên đoàn"),
    "auditor": _l("Kiểm toán (chỉ xem)"),
    "steering": _l("Ban chỉ đạo sơ kết"),
    "reviewer": _l("Cán bộ thẩm định báo cáo sơ kết"),
    # unit kinds
    "confederation": _l("Tổng Liên đoàn"),
    "province": _l("Liên đoàn Lao động tỉnh, thành phố"),
    "commune": _l("Công đoàn xã, phường, đặc khu"),
    "grassroots": _l("Công đoàn cơ sở"),
    "sector": _l("Công đoàn ngành"),
    "department": _l("Ban của Liên đoàn Lao động tỉnh"),
    "district": _l("Liên đoàn Lao động huyện (trước 01/07/2025)"),
    # a plan task's party, poll kinds
    "chair": _l("Trưởng Cụm"),
    "vice_chair": _l("Phó Cụm"),
    "members": _l("các thành viên"),
    "chair_and_members": _l("Trưởng Cụm và các thành viên"),
    "next_chair": _l("Trưởng Cụm năm sau"),
    "leading": _l("suy tôn đơn vị dẫn đầu"),
    "award": _l("bình xét khen thưởng"),
    "electronic": _l("điện tử"),
    "paper": _l("phiếu giấy"),
    # a steering committee's roles, committees
    "head": _l("Trưởng ban"),
    "deputy": _l("Phó trưởng ban"),
    "member": _l("Thành viên"),
    "secretary": _l("Thư ký"),
    "standing": _l("Ban Thường vụ"),
    "executive": _l("Ban Chấp hành"),
    # a target's direction and rollup
    "at_least": _l("không thấp hơn"),
    "at_most": _l("không vượt quá"),
    "sum": _l("cộng dồn"),
    "weighted_average": _l("bình quân gia quyền"),
    "ratio": _l("tỷ lệ"),
    # criteria kinds, report kinds, ratings, report statuses
    "standard": _l("tiêu chí"),
    "bonus": _l("điểm thưởng"),
    "penalty": _l("điểm trừ"),
    "midyear": _l("báo cáo 6 tháng"),
    "yearend": _l("báo cáo cuối năm"),
    "done": _l("hoàn thành"),
    "partly_done": _l("hoàn thành một phần"),
    "not_done": _l("chưa hoàn thành"),
    "draft": _l("đang soạn"),
    "submitted": _l("đã gửi"),
    "returned": _l("bị trả lại"),
    "resubmitted": _l("đã gửi lại"),
    "accepted": _l("đã chấp nhận"),
}


def in_words(text: Any, value: Any = None) -> str:
    """A choice's text: its words when the text is only its own code."""
    if value is None or str(text) == str(value):
        return str(WORDS.get(str(text), text))
    return str(text)


def choices(codes: Any) -> list[tuple[str, str]]:
    """Codes as (value, words) choices for a form."""
    return [(str(c), str(WORDS.get(str(c), c))) for c in codes]
