"""Wording of the term review: the term.* and review.* error codes, and the labels of a
report's status and of a target's progress, worded once for pages, PDFs, charts, the
CLI and the error messages that name them (see domain/kernel/messages.py)."""

from domain.kernel.messages import N_

MESSAGES: dict[str, str] = {
    "review.title_required": N_("Tiêu đề không được để trống."),
    "review.date_outside_term": N_(
        "Ngày sơ kết phải nằm trong nhiệm kỳ ({start:%d/%m/%Y} – {end:%d/%m/%Y})."
    ),
    "review.not_participant": N_("Đơn vị không tham gia đợt sơ kết này."),
    "review.closed": N_("Đợt sơ kết đã gửi báo cáo về Tổng Liên đoàn, không thể thay đổi."),
    "review.member_required": N_("Thành viên Ban chỉ đạo cần có tài khoản và họ tên."),
    "review.bad_role": N_("Chức danh trong Ban chỉ đạo không hợp lệ: {role}."),
    "review.head_taken": N_("Ban chỉ đạo đã có Trưởng ban."),
    "review.not_member": N_("Tài khoản {account} không phải thành viên Ban chỉ đạo."),
    "review.milestone_required": N_("Mốc thời gian cần có mã và nội dung."),
    "review.milestone_order": N_("Mốc {milestone}: ngày bắt đầu phải trước hoặc trùng hạn chót."),
    "review.participant_kind": N_(
        "Chỉ LĐLĐ huyện, Công đoàn ngành, Công đoàn cơ sở trực thuộc và các Ban của LĐLĐ tỉnh "
        "tham gia sơ kết (loại đơn vị: {kind})."
    ),
    "review.already_participant": N_("Đơn vị đã có trong danh sách tham gia sơ kết."),
    "review.theme_required": N_("Báo cáo chuyên đề của các Ban cần ghi rõ chuyên đề."),
    "review.nothing_to_consolidate": N_(
        "Chưa có báo cáo nào của đơn vị được tiếp nhận để tổng hợp."
    ),
    "review.bad_committee": N_("Không rõ cơ quan trình: {committee}."),
    "review.not_compiled": N_("Chưa có báo cáo sơ kết tổng hợp."),
    "review.session_required": N_("Cần ghi rõ kỳ họp, hội nghị trình báo cáo."),
    "review.finding_required": N_("Kết quả khảo sát cần có nội dung và nhận xét."),
    "review.not_presented": N_(
        "Báo cáo sơ kết phải được trình Hội nghị Ban Chấp hành trước khi gửi Tổng Liên đoàn."
    ),
    "review.reference_required": N_("Cần ghi số, ký hiệu văn bản gửi Tổng Liên đoàn."),
    "review.report_locked": N_("Báo cáo đang ở trạng thái “{status}”, không thể sửa."),
    "review.date_order": N_("Ngày thực hiện không được trước thao tác gần nhất ({last:%d/%m/%Y})."),
    "review.figures_shape": N_("Chỉ tiêu {target} cần đúng các số liệu: {names}."),
    "review.bad_figure": N_("Số liệu chỉ tiêu {target} không phải là số: {value}."),
    "review.negative_figure": N_("Số liệu chỉ tiêu {target} không được âm."),
    "review.weight_positive": N_("Trọng số của chỉ tiêu {target} phải lớn hơn 0."),
    "review.denominator_positive": N_("Mẫu số của chỉ tiêu {target} phải lớn hơn 0."),
    "review.numerator_exceeds": N_(
        "Tử số của chỉ tiêu {target} ({numerator}) không được lớn hơn mẫu số ({denominator})."
    ),
    "review.weight_not_whole": N_(
        "Trọng số của chỉ tiêu {target} là một số đếm, phải là số nguyên (không nhận «{value}»)."
    ),
    "review.numerator_not_whole": N_(
        "Tử số của chỉ tiêu {target} là một số đếm, phải là số nguyên (không nhận «{value}»)."
    ),
    "review.denominator_not_whole": N_(
        "Mẫu số của chỉ tiêu {target} là một số đếm, phải là số nguyên (không nhận «{value}»)."
    ),
    "review.no_such_value": N_("Báo cáo chưa có số liệu chỉ tiêu {target}."),
    "review.bad_rating": N_("Mức đánh giá không hợp lệ: {rating}."),
    "review.assessment_required": N_("Cần nhận xét việc thực hiện chương trình {programme}."),
    "review.bad_narrative": N_("Mục báo cáo không hợp lệ: {parts}."),
    "review.bad_checksum": N_("Mã băm SHA-256 của tệp đính kèm không hợp lệ."),
    "review.attachment_name_required": N_("Tệp đính kèm cần có tên."),
    "review.bad_size": N_("Dung lượng tệp không hợp lệ."),
    "review.duplicate_attachment": N_("Tệp {name} đã được đính kèm."),
    "review.not_submittable": N_("Báo cáo đang ở trạng thái “{status}”, không thể gửi."),
    "review.narrative_missing": N_("Báo cáo còn thiếu: {parts}."),
    "review.no_values": N_("Báo cáo chưa có số liệu chỉ tiêu nào."),
    "review.programme_unassessed": N_("Chưa đánh giá chương trình hành động: {programmes}."),
    "review.not_under_review": N_(
        "Báo cáo đang ở trạng thái “{status}”, không thể trả lại hay tiếp nhận."
    ),
    "review.comments_required": N_("Trả lại báo cáo cần có ý kiến yêu cầu hoàn thiện."),
    "review.resubmit_before_return": N_("Hạn gửi lại không được trước ngày trả lại."),
    "review.unit_outside": N_("Đơn vị {unit} không thuộc {federation}."),
    "review.auditor_in_steering": N_(
        "Kiểm toán viên không thể là thành viên Ban chỉ đạo: kiểm toán viên chỉ xem, không thao "
        "tác."
    ),
    "review.closed_early": N_(
        "Đợt sơ kết đã kết thúc sớm ngày {on:%d/%m/%Y}, không thể thay đổi hay gửi báo cáo."
    ),
    "review.close_reason_required": N_("Cần ghi lý do kết thúc sớm đợt sơ kết."),
    "review.close_basis_required": N_(
        "Cần ghi căn cứ kết thúc sớm đợt sơ kết (số, ngày văn bản quyết định)."
    ),
    "review.close_before_plan": N_(
        "Ngày kết thúc đợt sơ kết không được trước ngày lập kế hoạch ({start:%d/%m/%Y})."
    ),
    "review.participant_withdrawn": N_("Đơn vị đã rút khỏi đợt sơ kết, không gửi báo cáo."),
    "review.already_decided": N_("Đã có quyết định về đơn vị này trong đợt sơ kết."),
    "review.decision_reason_required": N_("Cần ghi lý do (căn cứ quyết định)."),
    "review.successor_is_unit": N_("Đơn vị tiếp nhận phải khác đơn vị đã thay đổi."),
    "review.successor_departed": N_(
        "Đơn vị tiếp nhận đã rút khỏi hoặc được tiếp nhận trong đợt sơ kết."
    ),
    "review.unit_active": N_("Đơn vị vẫn đang hoạt động: chưa có thay đổi tổ chức cần quyết định."),
    "review.not_a_successor": N_("Đơn vị tiếp nhận phải là đơn vị kế thừa của đơn vị đã thay đổi."),
    "term.already_ended": N_(
        "Nhiệm kỳ đã kết thúc ngày {on:%d/%m/%Y}, không thể kết thúc lần nữa."
    ),
    "term.end_reason_required": N_("Cần ghi lý do kết thúc nhiệm kỳ trước thời hạn."),
    "term.end_basis_required": N_(
        "Cần ghi căn cứ kết thúc nhiệm kỳ (số, ngày nghị quyết, quyết định)."
    ),
    "term.end_outside": N_(
        "Ngày kết thúc sớm phải sau ngày Đại hội và trước ngày hết nhiệm kỳ "
        "({start:%d/%m/%Y} – {end:%d/%m/%Y})."
    ),
    "term.date_in_future": N_("Ngày {on:%d/%m/%Y} chưa đến: không thể ghi một việc chưa xảy ra."),
    "term.follows_itself": N_("Nhiệm kỳ mới phải khác nhiệm kỳ trước."),
    "term.other_federation": N_("Nhiệm kỳ mới phải của cùng LĐLĐ với nhiệm kỳ trước."),
    "term.already_followed": N_("{term} đã có nhiệm kỳ tiếp theo."),
    "term.already_follows": N_("Nhiệm kỳ này đã nối tiếp một nhiệm kỳ khác."),
    "term.overlaps": N_(
        "Nhiệm kỳ mới không được chồng lên {term}: nhiệm kỳ đó còn đến ngày "
        "{end:%d/%m/%Y}; hãy kết thúc sớm nhiệm kỳ đó trước, hoặc chọn ngày Đại hội từ "
        "ngày này."
    ),
    "term.number_required": N_("Khoá (số hiệu nhiệm kỳ) không được để trống."),
    "term.name_required": N_("Tên nhiệm kỳ không được để trống."),
    "term.bad_years": N_("Năm bắt đầu ({start}) phải trước năm kết thúc ({end})."),
    "term.opened_outside": N_("Ngày Đại hội phải thuộc năm bắt đầu nhiệm kỳ ({year})."),
    "term.target_code_required": N_("Mã chỉ tiêu không được để trống."),
    "term.target_name_required": N_("Tên chỉ tiêu {target} không được để trống."),
    "term.bad_direction": N_("Chiều đánh giá của chỉ tiêu {target} không hợp lệ: {value}."),
    "term.bad_rollup": N_("Cách tổng hợp của chỉ tiêu {target} không hợp lệ: {value}."),
    "term.weight_label_required": N_(
        "Chỉ tiêu {target} tính bình quân gia quyền cần ghi rõ trọng số (số đếm kèm theo)."
    ),
    "term.ratio_labels_required": N_(
        "Chỉ tiêu {target} tính theo tỷ lệ cần ghi rõ tử số và mẫu số."
    ),
    "term.bad_number": N_("Giá trị không phải là số: {value}."),
    "term.negative_number": N_("Giá trị không được âm: {value}."),
    "term.unknown_target": N_("Không có chỉ tiêu mã {target}."),
    "term.duplicate_target": N_("Chỉ tiêu mã {target} đã có."),
    "term.programme_code_required": N_("Mã chương trình hành động không được để trống."),
    "term.programme_name_required": N_(
        "Tên chương trình hành động {programme} không được để trống."
    ),
    "term.unknown_programme": N_("Không có chương trình hành động mã {programme}."),
    "term.duplicate_programme": N_("Chương trình hành động mã {programme} đã có."),
}

# Labels, not errors: a unit's report (ReportStatus, or "missing" when it has none yet)
# and a target's progress at the review date (projections.review.term_rollup).
LABELS: dict[str, str] = {
    "review.report_status.missing": N_("chưa có"),
    "review.report_status.draft": N_("dự thảo"),
    "review.report_status.submitted": N_("đã gửi"),
    "review.report_status.returned": N_("trả lại để chỉnh sửa"),
    "review.report_status.resubmitted": N_("đã gửi lại"),
    "review.report_status.accepted": N_("đã chấp nhận"),
    "review.narrative.done": N_("những việc đã làm được"),
    "review.narrative.not_done": N_("những việc chưa làm được"),
    "review.narrative.causes": N_("nguyên nhân"),
    "review.narrative.lessons": N_("bài học kinh nghiệm"),
    "review.narrative.tasks": N_("nhiệm vụ, giải pháp nửa nhiệm kỳ còn lại"),
    "review.progress.achieved": N_("Đạt chỉ tiêu"),
    "review.progress.on_track": N_("Đúng tiến độ"),
    "review.progress.behind": N_("Chậm tiến độ"),
    "review.progress.none": N_("Chưa có số liệu"),
    "review.rating.done": N_("hoàn thành"),
    "review.rating.partly_done": N_("hoàn thành một phần"),
    "review.rating.not_done": N_("chưa hoàn thành"),
    "review.figure.value": N_("giá trị"),
    "review.figure.weight": N_("trọng số"),
    "review.figure.numerator": N_("tử số"),
    "review.figure.denominator": N_("mẫu số"),
    "review.report_status.not_received": N_("không nhận được (đợt sơ kết kết thúc sớm)"),
    "review.report_status.withdrawn": N_("đã rút khỏi đợt sơ kết"),
}
