"""Wording of the platform's codes: table imports (tabular.*), uploaded files (upload.*)
and the store failing under a request (store.unavailable, store.disk_full); see
domain/kernel/messages.py.

Row-level table messages start in lower case: they follow "Dòng 3, cột B «...»: ".
"""

from domain.kernel.messages import N_

MESSAGES: dict[str, str] = {
    "tabular.rejected": N_("Tệp không hợp lệ, chưa nhập dữ liệu nào ({count} lỗi):\n{details}"),
    "tabular.at_row": N_("Dòng {row}: {problem}"),
    "tabular.at_cell": N_("Dòng {row}, cột {letter} «{column}»: {problem}"),
    "tabular.bad_format": N_("Chỉ nhận tệp .csv hoặc .xlsx (tệp: {name})."),
    "tabular.unreadable": N_(
        "Không đọc được tệp: không phải tệp {format} hợp lệ (CSV cần mã hóa UTF-8)."
    ),
    "tabular.empty": N_("Tệp trống, không có dòng tiêu đề."),
    "tabular.no_rows": N_("Tệp không có dòng dữ liệu nào."),
    "tabular.unknown_column": N_("cột không thuộc mẫu bảng."),
    "tabular.duplicate_column": N_("cột bị lặp lại."),
    "tabular.missing_column": N_("thiếu cột «{label}»."),
    "tabular.required": N_("không được để trống."),
    "tabular.bad_date": N_(
        "ngày «{value}» không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 05/12/2015."
    ),
    "tabular.bad_number": N_("«{value}» không phải là số."),
    "tabular.ambiguous_number": N_(
        "số «{value}» không rõ nghĩa; không dùng dấu phân cách hàng nghìn."
    ),
    "tabular.negative": N_("số «{value}» không được âm."),
    "tabular.bad_choice": N_("giá trị «{value}» không hợp lệ; dùng một trong: {choices}."),
    "tabular.duplicate": N_("mã «{value}» trùng với dòng {first}."),
    "tabular.exists": N_("mã «{value}» đã có trong kho."),
    "tabular.unknown_parent": N_("không có đơn vị cấp trên mã «{value}» trong tệp hay trong kho."),
    "tabular.cycle": N_("đơn vị «{value}» nằm trong vòng lặp cấp trên – cấp dưới."),
    "upload.empty": N_("Tệp {name} rỗng."),
    "upload.too_large": N_("Tệp {name} vượt quá dung lượng cho phép ({most} MB)."),
    "upload.bad_type": N_(
        "Tệp {name} không phải PDF, DOCX, XLSX, PNG hoặc JPEG (kiểm tra theo nội dung tệp)."
    ),
    "upload.not_found": N_("Không tìm thấy tệp."),
    "upload.bad_name": N_(
        "Tên tệp {name} không hợp lệ: không được chứa đường dẫn (/ hoặc \\), ký tự điều khiển "
        "hay ký tự ẩn, và dài tối đa {most} ký tự."
    ),
    "upload.zip_bomb": N_(
        "Tệp {name} khi giải nén vượt quá {most} MB hoặc có quá nhiều thành phần (có thể là tệp "
        "nén độc hại)."
    ),
    "store.unavailable": N_(
        "Hệ thống tạm thời không truy cập được cơ sở dữ liệu nên chưa lưu được. Dữ liệu bạn "
        "nhập vẫn còn; vui lòng thử lại sau ít phút."
    ),
    "store.disk_full": N_(
        "Máy chủ đã hết dung lượng lưu trữ nên chưa lưu được. Dữ liệu bạn nhập vẫn còn; vui "
        "lòng báo quản trị viên và thử lại sau."
    ),
    # a malformed query value of a read (as_of, limit)
    "view.bad_as_of": N_(
        "Ngày xem lại không hợp lệ: «{value}». Ghi ngày theo dạng ngày/tháng/năm, ví dụ "
        "30/06/2025 (có thể kèm giờ, ví dụ 30/06/2025 17:00)."
    ),
    "view.bad_id": N_(
        "Mã định danh không hợp lệ: «{value}» (một UUID, có hoặc không có dấu gạch)."
    ),
    "view.bad_limit": N_("Số dòng không hợp lệ: {value} (một số nguyên từ 1 đến {most})."),
    "auth.unit_inactive": N_(
        "Đơn vị của tài khoản ({name}) không còn hoạt động (đã hợp nhất, chia tách hoặc giải thể): tài khoản không thể thực hiện thao tác."
    ),
    "account.unit_inactive": N_("Đơn vị {name} không còn hoạt động: không thể cấp tài khoản."),
}
