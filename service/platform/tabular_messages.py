"""Messages of the table import codes (tabular.*), Vietnamese first.

Row-level messages start in lower case: they follow "Dòng 3, cột B «...»: ".
"""

from __future__ import annotations

from domain.kernel.messages import define

define(
    {
        "tabular.rejected": (
            "Tệp không hợp lệ, chưa nhập dữ liệu nào ({count} lỗi):\n{details}",
            "The file was refused and nothing was imported ({count} problems):\n{details_en}",
        ),
        "tabular.bad_format": (
            "Chỉ nhận tệp .csv hoặc .xlsx (tệp: {name}).",
            "Only .csv or .xlsx files are accepted (file: {name}).",
        ),
        "tabular.unreadable": (
            "Không đọc được tệp: không phải tệp {format} hợp lệ (CSV cần mã hóa UTF-8).",
            "Cannot read the file: not a valid {format} file (CSV must be UTF-8).",
        ),
        "tabular.empty": ("Tệp trống, không có dòng tiêu đề.", "The file is empty: no header row."),
        "tabular.no_rows": ("Tệp không có dòng dữ liệu nào.", "The file has no data rows."),
        "tabular.unknown_column": ("cột không thuộc mẫu bảng.", "not a column of this table."),
        "tabular.duplicate_column": ("cột bị lặp lại.", "the column appears twice."),
        "tabular.missing_column": ("thiếu cột «{label}».", "the column “{label}” is missing."),
        "tabular.required": ("không được để trống.", "must not be empty."),
        "tabular.bad_date": (
            "ngày «{value}» không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 05/12/2015.",
            "invalid date “{value}”; write day/month/year, e.g. 05/12/2015.",
        ),
        "tabular.bad_number": ("«{value}» không phải là số.", "“{value}” is not a number."),
        "tabular.ambiguous_number": (
            "số «{value}» không rõ nghĩa; không dùng dấu phân cách hàng nghìn.",
            "the number “{value}” is ambiguous; do not use thousands separators.",
        ),
        "tabular.negative": ("số «{value}» không được âm.", "“{value}” must not be negative."),
        "tabular.bad_choice": (
            "giá trị «{value}» không hợp lệ; dùng một trong: {choices}.",
            "invalid value “{value}”; use one of: {choices}.",
        ),
        "tabular.duplicate": (
            "mã «{value}» trùng với dòng {first}.",
            "the code “{value}” repeats row {first}.",
        ),
        "tabular.exists": ("mã «{value}» đã có trong kho.", "the code “{value}” already exists."),
        "tabular.unknown_parent": (
            "không có đơn vị cấp trên mã «{value}» trong tệp hay trong kho.",
            "no parent unit “{value}” in the file or in the store.",
        ),
        "tabular.cycle": (
            "đơn vị «{value}» nằm trong vòng lặp cấp trên – cấp dưới.",
            "unit “{value}” is part of a parent–child loop.",
        ),
    }
)
