"""Messages of the term review's coded errors (review.*), and the labels they use."""

from __future__ import annotations

from domain.kernel.messages import define

STATUS_VI = {
    "draft": "dự thảo",
    "submitted": "đã gửi",
    "returned": "trả lại để hoàn thiện",
    "resubmitted": "đã gửi lại",
    "accepted": "đã tiếp nhận",
}
NARRATIVE_VI = {
    "done": "những việc đã làm được",
    "not_done": "những việc chưa làm được",
    "causes": "nguyên nhân",
    "lessons": "bài học kinh nghiệm",
    "tasks": "nhiệm vụ nửa nhiệm kỳ còn lại",
}
RATING_VI = {
    "done": "hoàn thành",
    "partly_done": "hoàn thành một phần",
    "not_done": "chưa hoàn thành",
}
STEERING_ROLE_VI = {
    "head": "Trưởng ban",
    "deputy": "Phó Trưởng ban",
    "member": "Ủy viên",
    "secretary": "Thư ký",
}
COMMITTEE_VI = {"standing": "Ban Thường vụ", "executive": "Ban Chấp hành"}

define(
    {
        "review.title_required": ("Tiêu đề không được để trống.", "A title is required."),
        "review.date_outside_term": (
            "Ngày sơ kết phải nằm trong nhiệm kỳ ({start:%d/%m/%Y} – {end:%d/%m/%Y}).",
            "The review date must fall within the term ({start:%d/%m/%Y} – {end:%d/%m/%Y}).",
        ),
        "review.not_participant": (
            "Đơn vị không tham gia đợt sơ kết này.",
            "The unit does not take part in this review.",
        ),
        "review.closed": (
            "Đợt sơ kết đã gửi báo cáo về Tổng Liên đoàn, không thể thay đổi.",
            "The review has been submitted to the Confederation and is closed.",
        ),
        "review.member_required": (
            "Thành viên Ban chỉ đạo cần có tài khoản và họ tên.",
            "A steering committee member needs an account and a name.",
        ),
        "review.bad_role": (
            "Chức danh trong Ban chỉ đạo không hợp lệ: {role}.",
            "Invalid steering role: {role}.",
        ),
        "review.head_taken": (
            "Ban chỉ đạo đã có Trưởng ban.",
            "The steering committee already has a head.",
        ),
        "review.not_member": (
            "Tài khoản {account} không phải thành viên Ban chỉ đạo.",
            "Account {account} is not on the steering committee.",
        ),
        "review.milestone_required": (
            "Mốc thời gian cần có mã và nội dung.",
            "A milestone needs a code and a title.",
        ),
        "review.milestone_order": (
            "Mốc {milestone}: ngày bắt đầu phải trước hoặc trùng hạn chót.",
            "Milestone {milestone}: the start must not be after the deadline.",
        ),
        "review.participant_kind": (
            "Chỉ LĐLĐ huyện, Công đoàn ngành, Công đoàn cơ sở trực thuộc và các Ban "
            "của LĐLĐ tỉnh tham gia sơ kết (loại đơn vị: {kind}).",
            "Only districts, sector unions, grassroots unions and departments take part "
            "(unit kind: {kind}).",
        ),
        "review.already_participant": (
            "Đơn vị đã có trong danh sách tham gia sơ kết.",
            "The unit already takes part.",
        ),
        "review.theme_required": (
            "Báo cáo chuyên đề của các Ban cần ghi rõ chuyên đề.",
            "A department's thematic report needs a theme.",
        ),
        "review.nothing_to_consolidate": (
            "Chưa có báo cáo nào của đơn vị được tiếp nhận để tổng hợp.",
            "No accepted unit report to consolidate yet.",
        ),
        "review.bad_committee": (
            "Không rõ cơ quan trình: {committee}.",
            "Unknown committee: {committee}.",
        ),
        "review.not_compiled": (
            "Chưa có báo cáo sơ kết tổng hợp.",
            "The consolidated report has not been compiled yet.",
        ),
        "review.session_required": (
            "Cần ghi rõ kỳ họp, hội nghị trình báo cáo.",
            "The session the report goes to is required.",
        ),
        "review.finding_required": (
            "Kết quả khảo sát cần có nội dung và nhận xét.",
            "A survey finding needs a topic and findings.",
        ),
        "review.not_presented": (
            "Báo cáo sơ kết phải được trình Hội nghị Ban Chấp hành trước khi gửi Tổng Liên đoàn.",
            "The report must go to the executive committee before the Confederation.",
        ),
        "review.reference_required": (
            "Cần ghi số, ký hiệu văn bản gửi Tổng Liên đoàn.",
            "The reference number of the submission is required.",
        ),
        "review.report_locked": (
            "Báo cáo đang ở trạng thái “{status}”, không thể sửa.",
            "The report cannot be changed in its current state ({status}).",
        ),
        "review.date_order": (
            "Ngày thực hiện không được trước thao tác gần nhất ({last:%d/%m/%Y}).",
            "The date cannot precede the last action ({last:%d/%m/%Y}).",
        ),
        "review.figures_shape": (
            "Chỉ tiêu {target} cần đúng các số liệu: {names}.",
            "Target {target} needs exactly these figures: {names}.",
        ),
        "review.bad_figure": (
            "Số liệu chỉ tiêu {target} không phải là số: {value}.",
            "A figure of target {target} is not a number: {value}.",
        ),
        "review.negative_figure": (
            "Số liệu chỉ tiêu {target} không được âm.",
            "Figures of target {target} cannot be negative.",
        ),
        "review.weight_positive": (
            "Trọng số của chỉ tiêu {target} phải lớn hơn 0.",
            "The weight of target {target} must be positive.",
        ),
        "review.denominator_positive": (
            "Mẫu số của chỉ tiêu {target} phải lớn hơn 0.",
            "The denominator of target {target} must be positive.",
        ),
        "review.no_such_value": (
            "Báo cáo chưa có số liệu chỉ tiêu {target}.",
            "The report has no figures for target {target}.",
        ),
        "review.bad_rating": ("Mức đánh giá không hợp lệ: {rating}.", "Invalid rating: {rating}."),
        "review.assessment_required": (
            "Cần nhận xét việc thực hiện chương trình {programme}.",
            "Programme {programme} needs an assessment.",
        ),
        "review.bad_narrative": (
            "Mục báo cáo không hợp lệ: {parts}.",
            "Unknown report sections: {parts}.",
        ),
        "review.bad_checksum": (
            "Mã băm SHA-256 của tệp đính kèm không hợp lệ.",
            "Invalid SHA-256 checksum of the attachment.",
        ),
        "review.attachment_name_required": (
            "Tệp đính kèm cần có tên.",
            "An attachment needs a name.",
        ),
        "review.bad_size": ("Dung lượng tệp không hợp lệ.", "Invalid file size."),
        "review.duplicate_attachment": (
            "Tệp {name} đã được đính kèm.",
            "File {name} is attached already.",
        ),
        "review.not_submittable": (
            "Báo cáo đang ở trạng thái “{status}”, không thể gửi.",
            "The report cannot be submitted in its current state ({status}).",
        ),
        "review.narrative_missing": (
            "Báo cáo còn thiếu: {parts}.",
            "The report is missing: {parts}.",
        ),
        "review.no_values": (
            "Báo cáo chưa có số liệu chỉ tiêu nào.",
            "The report has no target figures.",
        ),
        "review.programme_unassessed": (
            "Chưa đánh giá chương trình hành động: {programmes}.",
            "Programmes not assessed yet: {programmes}.",
        ),
        "review.not_under_review": (
            "Báo cáo đang ở trạng thái “{status}”, không thể trả lại hay tiếp nhận.",
            "The report cannot be returned or accepted in its current state ({status}).",
        ),
        "review.comments_required": (
            "Trả lại báo cáo cần có ý kiến yêu cầu hoàn thiện.",
            "Returning a report needs comments.",
        ),
        "review.resubmit_before_return": (
            "Hạn gửi lại không được trước ngày trả lại.",
            "The resubmission deadline cannot precede the return.",
        ),
        "review.unit_outside": (
            "Đơn vị {unit} không thuộc {federation}.",
            "Unit {unit} is not under {federation}.",
        ),
    }
)

define(
    {
        "review.auditor_in_steering": (
            "Kiểm toán viên không thể là thành viên Ban chỉ đạo: kiểm toán viên chỉ xem, không thao tác.",
            "An auditor cannot sit on the steering committee: auditors read and never act.",
        ),
    }
)
