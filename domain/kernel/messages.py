"""The wording catalogue's building blocks, and the kernel's own coded messages.

A coded message is a code ("store.conflict") and its Vietnamese text, which is also its
Babel message id: the English is in web/translations/en (messages.po) and nowhere else.
Each area's `messages.py` holds a plain `MESSAGES` dict (code -> Vietnamese), its texts
marked with `N_` for `pybabel extract -k N_`; service/platform/wording.py lists every
area's table and renders a code in a language. Placeholders are str.format names from
the error's params ({since:%d/%m/%Y}); a param may itself be wording (`Phrase`,
`Listing`), rendered in the language of the message it is part of.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def N_(text: str) -> str:
    """Marks a Vietnamese text for extraction; it is translated when rendered."""
    return text


@dataclass(frozen=True)
class Phrase:
    """Wording inside a message's params (a report's status, a file's problem): the text
    of `code` with `params`, rendered in the same language as the message."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Listing:
    """Phrases joined by `separator`, each rendered in the message's language."""

    items: tuple[Phrase, ...]
    separator: str = ", "


MESSAGES: dict[str, str] = {
    "store.conflict": N_("Dữ liệu vừa được người khác thay đổi; vui lòng tải lại và thử lại."),
    "store.not_found": N_("Không tìm thấy {what}."),
    "store.exists": N_("{what} đã tồn tại."),
    "auth.forbidden": N_("Bạn không có quyền thực hiện thao tác này."),
    "entry.in_future": N_(
        "Ngày thực hiện {on:%d/%m/%Y} là ngày trong tương lai (hôm nay là {today:%d/%m/%Y})."
    ),
    "entry.before_opening": N_(
        "Ngày thực hiện không được trước ngày mở hồ sơ, cuộc bỏ phiếu hoặc kế hoạch "
        "({opened:%d/%m/%Y})."
    ),
    "entry.late_reason_required": N_(
        "Ngày thực hiện {on:%d/%m/%Y} đã qua {days} ngày, quá {allowed} ngày Quy chế cho "
        "phép nhập muộn: vui lòng ghi lý do nhập muộn."
    ),
    "entry.reason_too_long": N_("Lý do nhập muộn dài tối đa {most} ký tự."),
}
