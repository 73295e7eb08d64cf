"""Wording of the query-string codes of the year's reads (view.*); see
domain/kernel/messages.py."""

from domain.kernel.messages import N_

MESSAGES: dict[str, str] = {
    "view.bad_as_of": N_(
        "Mốc xem lại không hợp lệ: {value} (vị trí trong nhật ký hoặc thời điểm ISO 8601)."
    ),
    "view.bad_limit": N_("Số dòng không hợp lệ: {value} (một số nguyên từ 1 đến {most})."),
}
