"""Wording of the account, sign-in and access-record error codes (see
domain/kernel/messages.py)."""

from domain.kernel.messages import N_

MESSAGES: dict[str, str] = {
    "access.bad_outcome": N_("Kết quả truy cập không hợp lệ: {outcome}."),
    "account.username_required": N_("Tên đăng nhập không được để trống."),
    "account.bad_username": N_(
        "Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số và . _ - (tối đa 64 ký tự)."
    ),
    "account.display_name_required": N_("Họ tên không được để trống."),
    "account.password_required": N_("Mật khẩu không được để trống."),
    "account.bad_role": N_("Vai trò không hợp lệ: {role}."),
    "account.auditor_exclusive": N_(
        "Tài khoản kiểm toán không kiêm vai trò khác và không thuộc đơn vị nào."
    ),
    "account.same_roles": N_("Vai trò không thay đổi."),
    "account.already_disabled": N_("Tài khoản đã bị khoá."),
    "account.already_enabled": N_("Tài khoản đang hoạt động."),
    "account.disabled": N_("Tài khoản đã bị khoá."),
    "account.token_exists": N_("Mã truy cập đã tồn tại."),
    "account.no_such_token": N_("Không tìm thấy mã truy cập."),
    "account.password_too_short": N_("Mật khẩu phải có ít nhất {min} ký tự."),
    "account.password_is_username": N_("Mật khẩu không được trùng hoặc chứa tên đăng nhập."),
    "account.password_common": N_("Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác."),
    "account.wrong_password": N_("Mật khẩu hiện tại không đúng."),
    "account.not_found": N_("Không tìm thấy tài khoản {username}."),
    "account.exists": N_("Tài khoản {username} đã tồn tại."),
    "auth.login_required": N_("Vui lòng đăng nhập."),
}
