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
}
