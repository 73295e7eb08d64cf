"""Vietnamese and English wording of the cluster-year error codes."""

from domain.kernel.messages import define

define({
    "year.chair_not_member": ("Trưởng Cụm phải là thành viên Cụm.", "The chair must be a member."),
    "year.vice_not_member": ("Phó Cụm phải là thành viên Cụm.", "The vice-chair must be a member."),
    "year.chair_is_vice": (
        "Trưởng Cụm và Phó Cụm phải là hai đơn vị khác nhau.",
        "Chair and vice-chair must be different units.",
    ),
    "year.too_few_members": ("Cụm cần ít nhất hai thành viên.", "A cluster needs two members."),
    "year.not_member": ("Đơn vị không phải thành viên Cụm năm này.", "Not a member this year."),
    "year.bad_role": ("Chức danh không hợp lệ: {role}.", "Invalid role: {role}."),
    "year.exists": ("Năm thi đua này của Cụm đã được mở.", "This cluster year is already open."),
    "year.no_chair": (
        "Chưa có Trưởng Cụm, Phó Cụm cho năm này: cần kết quả bầu của năm trước "
        "hoặc chỉ định khi mở năm đầu tiên.",
        "No chair and vice-chair for this year: elect them the year before or name "
        "them when opening the first year.",
    ),
    "year.already_registered_with_tld": (
        "Cụm đã đăng ký thi đua với Tổng Liên đoàn.",
        "The cluster is already registered with the Confederation.",
    ),
    "plan.key_required": ("Mã nhiệm vụ không được để trống.", "Task key is required."),
    "plan.content_required": ("Nội dung nhiệm vụ không được để trống.", "Task content is required."),
    "plan.bad_role": ("Đơn vị thực hiện không hợp lệ: {role}.", "Invalid responsible role: {role}."),
    "plan.window_reversed": (
        "Thời gian thực hiện của nhiệm vụ {key}: ngày bắt đầu sau ngày kết thúc.",
        "Task {key}: the window starts after it ends.",
    ),
    "plan.duplicate_key": ("Kế hoạch có nhiệm vụ trùng mã.", "Duplicate task key in the plan."),
    "plan.unknown_task": ("Không có nhiệm vụ {key} trong kế hoạch.", "No task {key} in the plan."),
    "plan.already_adopted": (
        "Kế hoạch đã được thông qua, không sửa được nữa.",
        "The plan is adopted and can no longer be edited.",
    ),
    "plan.reopen_reason_required": (
        "Cần nêu lý do mở lại thời hạn.", "A reason is required to reopen a window."),
    "plan.reopen_not_later": (
        "Thời hạn mới của nhiệm vụ {key} phải sau thời hạn hiện tại.",
        "The new deadline of {key} must be later than the current one.",
    ),
    "criteria.too_precise": (
        "Điểm của tiêu chí {code} chỉ được có tối đa hai chữ số thập phân.",
        "Points for {code} may have at most two decimals.",
    ),
    "criteria.points_out_of_range": (
        "Điểm của tiêu chí {code} phải từ 0 đến {max} (nhập: {points}).",
        "Points for {code} must be between 0 and {max} (given: {points}).",
    ),
    "criteria.duplicate_code": ("Bảng tiêu chí có mã trùng nhau.", "Duplicate criterion code."),
    "criteria.no_standard": (
        "Bảng tiêu chí cần ít nhất một tiêu chí chấm điểm.", "At least one scored criterion."),
    "criteria.incomplete": ("Mỗi tiêu chí cần mã và nội dung.", "Each criterion needs code and title."),
    "criteria.bad_kind": ("Loại tiêu chí {code} không hợp lệ.", "Invalid kind for {code}."),
    "criteria.bad_max": (
        "Điểm chuẩn của tiêu chí {code} phải lớn hơn 0.", "Benchmark of {code} must be positive."),
    "criteria.unknown": ("Không có tiêu chí {code}.", "No criterion {code}."),
    "criteria.malformed": ("Bảng tiêu chí không đúng cấu trúc.", "Malformed criteria table."),
    "criteria.not_adopted": (
        "Bảng tiêu chí thi đua chưa được thông qua.", "The criteria are not adopted yet."),
    "criteria.unknown_version": (
        "Không có dự thảo tiêu chí phiên bản {version}.", "No criteria draft version {version}."),
    "criteria.superseded": (
        "Dự thảo phiên bản {version} đã có bản mới hơn.", "Draft version {version} is superseded."),
    "criteria.already_adopted": (
        "Phiên bản tiêu chí này đã được thông qua.", "This criteria version is already adopted."),
    "criteria.empty_comment": ("Nội dung góp ý không được để trống.", "The comment is empty."),
    "pact.already_signed": (
        "Đơn vị đã ký giao ước thi đua với bảng tiêu chí này.",
        "The unit has already signed the pact for these criteria.",
    ),
    "report.bad_kind": ("Loại báo cáo không hợp lệ: {kind}.", "Invalid report kind: {kind}."),
    "report.empty": ("Nội dung báo cáo không được để trống.", "The report is empty."),
    "report.bad_attachment": (
        "Tệp đính kèm phải có mã băm SHA-256 hợp lệ.", "Attachments need a valid SHA-256."),
    "dossier.already_registered": (
        "Đơn vị đã đăng ký thi đua năm này.", "The unit has already registered this year."),
    "dossier.title_required": (
        "Cần ghi danh hiệu thi đua đăng ký.", "The aimed title is required."),
    "dossier.commitments_required": (
        "Cần ghi ít nhất một nội dung cam kết.", "At least one commitment is required."),
    "dossier.not_registered": (
        "Đơn vị chưa đăng ký thi đua năm này.", "The unit has not registered this year."),
    "dossier.already_appraised": (
        "Hồ sơ đã được thẩm định, không thể tự chấm hoặc nộp lại báo cáo tổng kết.",
        "The dossier is appraised; self-scores and the year-end report are closed.",
    ),
    "dossier.evidence_required": (
        "Cần nêu minh chứng cho điểm tự chấm của tiêu chí {code}.",
        "Evidence is required for the self-score of {code}.",
    ),
    "dossier.self_appraisal": (
        "Đơn vị không được thẩm định hồ sơ của chính mình.",
        "A unit may not appraise its own dossier.",
    ),
    "dossier.no_yearend_report": (
        "Đơn vị chưa nộp báo cáo tổng kết, chưa thể thẩm định.",
        "No year-end report yet: nothing to appraise.",
    ),
    "dossier.reason_required": (
        "Điểm thẩm định tiêu chí {code} khác điểm tự chấm: cần nêu lý do.",
        "The appraised score of {code} differs from the self-score: a reason is required.",
    ),
    "awards.already_submitted": (
        "Tờ trình đã gửi Tổng Liên đoàn, không sửa được nữa.",
        "The proposal has been submitted and can no longer change.",
    ),
    "awards.not_voted": (
        "Đơn vị chưa được Hội nghị bình xét, suy tôn cho hình thức {award}.",
        "The unit was not voted for {award}.",
    ),
    "awards.already_proposed": ("Đơn vị đã có trong đề nghị.", "The unit is already proposed."),
    "awards.cap_exceeded": (
        "Vượt số lượng tối đa được đề nghị cho {award} ({cap} đơn vị).",
        "More than the {cap} units allowed for {award}.",
    ),
    "awards.not_proposed": ("Đơn vị không có trong đề nghị.", "The unit is not proposed."),
    "awards.empty": ("Tờ trình chưa đề nghị đơn vị nào.", "The proposal names no unit."),
    "awards.reference_required": (
        "Cần ghi số, ký hiệu của tờ trình.", "The document number is required."),
    "awards.not_submitted": ("Tờ trình chưa được gửi.", "The proposal is not submitted."),
    "awards.already_received": (
        "Tổng Liên đoàn đã ghi nhận tiếp nhận tờ trình.", "Receipt is already recorded."),
    "awards.not_received": (
        "Tổng Liên đoàn chưa tiếp nhận tờ trình.", "The Confederation has not received it yet."),
    "awards.already_decided": (
        "Đã ghi quyết định cho đơn vị này.", "A decision is already recorded for this unit."),
    "awards.poll_not_closed": (
        "Cuộc bỏ phiếu cho hình thức {award} chưa kết thúc.",
        "The vote for {award} is not closed.",
    ),
})

define({
    "year.roles_from_election": (
        "Trưởng Cụm, Phó Cụm năm này do Hội nghị năm trước bầu, không chỉ định được.",
        "This year's chair and vice-chair come from last year's election.",
    ),
})

define({
    "plan.wrong_party": (
        "Nhiệm vụ {key} không thuộc trách nhiệm của đơn vị báo cáo.",
        "Task {key} is not this party's responsibility.",
    ),
    "plan.note_required": ("Cần ghi kết quả thực hiện nhiệm vụ.", "Say what was done."),
})
