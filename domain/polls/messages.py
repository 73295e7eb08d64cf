"""Wording of the poll.* error codes (see domain/kernel/messages.py)."""

from domain.kernel.messages import N_

MESSAGES: dict[str, str] = {
    "poll.bad_kind": N_("Loại bỏ phiếu không hợp lệ: {kind}."),
    "poll.bad_method": N_("Hình thức bỏ phiếu không hợp lệ: {method}."),
    "poll.award_mismatch": N_(
        "Chỉ cuộc bình xét khen thưởng mới ghi hình thức khen thưởng, và phải ghi."
    ),
    "poll.no_options": N_("Chưa có đơn vị nào để bỏ phiếu."),
    "poll.duplicate_option": N_("Danh sách bỏ phiếu có đơn vị trùng lặp."),
    "poll.option_not_member": N_(
        "Đơn vị trong danh sách bỏ phiếu không phải thành viên Cụm năm này."
    ),
    "poll.award_cap_zero": N_(
        "Quy chế không cho đề nghị đơn vị nào cho hình thức khen thưởng {award}."
    ),
    "poll.bad_max_choices": N_("Số đơn vị được chọn trên mỗi phiếu phải từ 1 đến {max}."),
    "poll.role_filled": N_("Chức danh này của năm sau đã được bầu."),
    "poll.no_vice_chair": N_("Năm này chưa có Phó Cụm để bầu luân phiên làm Trưởng Cụm."),
    "poll.rotation_candidate": N_(
        "Theo Quy chế luân phiên, ứng cử viên Trưởng Cụm duy nhất là Phó Cụm năm nay."
    ),
    "poll.candidate_is_chair_elect": N_("Đơn vị đã trúng cử Trưởng Cụm không thể ứng cử Phó Cụm."),
    "poll.closed": N_("Cuộc bỏ phiếu đã kết thúc."),
    "poll.not_closed": N_("Cuộc bỏ phiếu chưa kết thúc: chưa công bố kết quả."),
    "poll.before_open": N_("Ngày này trước ngày mở cuộc bỏ phiếu ({opened:%d/%m/%Y})."),
    "poll.wrong_method": N_("Thao tác không phù hợp với hình thức bỏ phiếu ({method})."),
    "poll.not_eligible": N_("Đơn vị không có quyền bỏ phiếu trong cuộc bỏ phiếu này."),
    "poll.already_voted": N_("Đơn vị đã bỏ phiếu."),
    "poll.absentee_for_self": N_("Không thể nộp phiếu vắng mặt cho chính đơn vị mình."),
    "poll.no_choice": N_("Phiếu chưa chọn đơn vị nào (nếu muốn, hãy nộp phiếu trắng)."),
    "poll.blank_with_choices": N_("Phiếu trắng không được chọn đơn vị nào."),
    "poll.duplicate_choice": N_("Một đơn vị được chọn hai lần."),
    "poll.choice_not_option": N_("Đơn vị được chọn không có trong danh sách bỏ phiếu."),
    "poll.too_many_choices": N_("Mỗi phiếu chọn nhiều nhất {max} đơn vị."),
    "poll.tally_negative": N_("Số phiếu phải là số nguyên không âm."),
    "poll.tally_issued_over_eligible": N_(
        "Số phiếu phát ra vượt quá số đơn vị có quyền bỏ phiếu ({eligible})."
    ),
    "poll.tally_returned_over_issued": N_("Số phiếu thu về vượt quá số phiếu phát ra."),
    "poll.tally_valid_invalid_mismatch": N_(
        "Phiếu hợp lệ cộng phiếu không hợp lệ phải bằng số phiếu thu về."
    ),
    "poll.tally_option_over_valid": N_("Số phiếu của một đơn vị vượt quá số phiếu hợp lệ."),
    "poll.tally_sum_over_capacity": N_("Tổng số phiếu bầu vượt quá mức tối đa ({most})."),
    "poll.paper_issued_to_rest": N_(
        "Ban kiểm phiếu đã phát phiếu giấy cho mọi đơn vị chưa bỏ phiếu: không nhận thêm "
        "phiếu điện tử."
    ),
    "poll.no_paper_tally": N_("Ban kiểm phiếu chưa nhập kết quả kiểm phiếu."),
    "poll.ballot_unreadable": N_(
        "Không mở được phiếu kín: khóa bỏ phiếu không đúng hoặc phiếu bị hỏng."
    ),
    "poll.previous_round_open": N_("Vòng bỏ phiếu trước chưa kết thúc."),
    "poll.already_decided": N_("Vòng bỏ phiếu trước đã có kết quả; không bỏ phiếu lại."),
    "poll.too_many_rounds": N_("Đã bỏ phiếu đủ {most} vòng, không mở thêm vòng mới."),
    "poll.voted_through_absorbed": N_(
        "Đơn vị đã bỏ phiếu thông qua phiếu của đơn vị được hợp nhất vào mình."
    ),
    "poll.void": N_("Cuộc bỏ phiếu đã bị huỷ do thay đổi tổ chức; hãy mở vòng bỏ phiếu mới."),
    "poll.committee_not_secret": N_(
        "Chỉ cuộc bỏ phiếu kín điện tử mới có Ban kiểm phiếu giữ khoá giải mã."
    ),
    "poll.committee_incomplete": N_(
        "Cần ghi cả các thành viên Ban kiểm phiếu và số thành viên tối thiểu để kiểm phiếu."
    ),
    "poll.committee_not_member": N_("Thành viên Ban kiểm phiếu phải là thành viên Cụm năm này."),
    "poll.committee_duplicate": N_("Ban kiểm phiếu có đơn vị trùng lặp."),
    "poll.committee_too_small": N_("Ban kiểm phiếu cần ít nhất 2 thành viên."),
    "poll.committee_bad_threshold": N_(
        "Số thành viên Ban kiểm phiếu cần để kiểm phiếu phải lớn hơn 1 và không quá {n}."
    ),
    "poll.no_committee": N_("Cuộc bỏ phiếu này không có Ban kiểm phiếu giữ khoá giải mã."),
    "poll.not_committee_member": N_("Đơn vị không phải thành viên Ban kiểm phiếu của cuộc này."),
    "poll.ceremony_out_of_order": N_(
        "Chưa đến bước này của việc tạo khoá (hoặc bước này đã qua): "
        "chờ các thành viên khác của Ban kiểm phiếu."
    ),
    "poll.ceremony_already_begun": N_("Thành viên này đã bắt đầu tạo khoá; không bắt đầu lại."),
    "poll.ceremony_not_begun": N_("Thành viên này chưa bắt đầu tạo khoá."),
    "poll.ceremony_step_done": N_("Thành viên này đã làm xong bước này."),
    "poll.ceremony_bad_data": N_("Dữ liệu tạo khoá không hợp lệ hoặc không thuộc cuộc này."),
    "poll.wrong_passphrase": N_("Sai cụm mật khẩu, hoặc tệp khoá bị hỏng."),
    "poll.share_not_yours": N_(
        "Tệp khoá này không phải của thành viên này trong cuộc bỏ phiếu này."
    ),
    "poll.share_invalid": N_(
        "Phần khoá nhận từ thành viên {member} không khớp với cam kết đã công bố: "
        "báo Ban kiểm phiếu."
    ),
    "poll.key_not_published": N_(
        "Ban kiểm phiếu chưa tạo xong khoá chung: chưa nhận phiếu, chưa kiểm phiếu."
    ),
    "poll.ballot_invalid": N_("Phiếu mã hoá không hợp lệ: chứng minh không đúng."),
    "poll.ballot_replayed": N_("Phiếu trùng với một phiếu đã nhận (phiếu chép lại)."),
    "poll.counting_started": N_("Ban kiểm phiếu đã bắt đầu kiểm phiếu: không nhận thêm phiếu."),
    "poll.too_few_to_count": N_(
        "Quá ít phiếu để công bố kết quả phiếu kín: không giải mã, chỉ kết thúc cuộc bỏ phiếu."
    ),
    "poll.partial_invalid": N_("Phần giải mã của thành viên {member} không đúng."),
    "poll.answer_file_invalid": N_(
        "Tệp trả lời của bước tạo khoá không đọc được: hãy tạo lại bằng lệnh thidua committee."
    ),
    "poll.material_file_invalid": N_(
        "Tệp dữ liệu tạo khoá không đọc được: hãy tải lại từ trang cuộc bỏ phiếu."
    ),
    "poll.tally_file_invalid": N_(
        "Tệp tổng phiếu mã hoá không đọc được: hãy tải lại từ trang cuộc bỏ phiếu."
    ),
    "poll.partial_file_invalid": N_(
        "Tệp phần giải mã không đọc được: hãy tạo lại bằng lệnh thidua committee partial."
    ),
    "poll.partial_stale": N_(
        "Đã có thêm phiếu sau khi tải tổng phiếu mã hoá: hãy tải lại và tính lại phần giải mã."
    ),
    "poll.too_few_partials": N_(
        "Cần phần giải mã của ít nhất {k} thành viên Ban kiểm phiếu để kết thúc và công bố kết quả."
    ),
    "poll.no_record": N_(
        "Cuộc bỏ phiếu chưa có hồ sơ kiểm phiếu công khai (chưa kết thúc, "
        "không có Ban kiểm phiếu, hoặc quá ít phiếu để công bố)."
    ),
}
