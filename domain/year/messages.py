"""Wording of the cluster-year error codes (see domain/kernel/messages.py)."""

from domain.kernel.messages import N_

MESSAGES: dict[str, str] = {
    "year.chair_not_member": N_("Trưởng Cụm phải là thành viên Cụm."),
    "year.vice_not_member": N_("Phó Cụm phải là thành viên Cụm."),
    "year.chair_is_vice": N_("Trưởng Cụm và Phó Cụm phải là hai đơn vị khác nhau."),
    "year.too_few_members": N_("Cụm cần ít nhất hai thành viên."),
    "year.not_member": N_("Đơn vị không phải thành viên Cụm năm này."),
    "year.bad_role": N_("Chức danh không hợp lệ: {role}."),
    "year.no_chair": N_(
        "Chưa có Trưởng Cụm, Phó Cụm cho năm này: cần kết quả bầu của năm trước hoặc chỉ định "
        "khi mở năm đầu tiên."
    ),
    "year.bad_signer_role": N_("Không có người ký văn bản với vai trò này: {role}."),
    "year.signer_name_required": N_("Cần ghi họ tên người ký văn bản."),
    "year.already_registered_with_tld": N_("Cụm đã đăng ký thi đua với Tổng Liên đoàn."),
    "register.document_required": N_("Văn bản cần có mã và loại để vào sổ đăng ký."),
    "register.wrong_year": N_("Sổ đăng ký văn bản năm {year} chỉ ghi văn bản ban hành năm {year}."),
    "bundles.bad_record": N_("Bản ghi hồ sơ đã ký thiếu điểm kiểm tra hoặc mã băm của tệp."),
    "plan.key_required": N_("Mã nhiệm vụ không được để trống."),
    "plan.content_required": N_("Nội dung nhiệm vụ không được để trống."),
    "plan.bad_role": N_("Đơn vị thực hiện không hợp lệ: {role}."),
    "plan.window_reversed": N_(
        "Thời gian thực hiện của nhiệm vụ {key}: ngày bắt đầu sau ngày kết thúc."
    ),
    "plan.duplicate_key": N_("Kế hoạch có nhiệm vụ trùng mã."),
    "plan.unknown_task": N_("Không có nhiệm vụ {key} trong kế hoạch."),
    "plan.already_adopted": N_("Kế hoạch đã được thông qua, không sửa được nữa."),
    "plan.reopen_reason_required": N_("Cần nêu lý do mở lại thời hạn."),
    "plan.reopen_not_later": N_("Thời hạn mới của nhiệm vụ {key} phải sau thời hạn hiện tại."),
    "criteria.too_precise": N_("Điểm của tiêu chí {code} chỉ được có tối đa hai chữ số thập phân."),
    "criteria.points_out_of_range": N_(
        "Điểm của tiêu chí {code} phải từ 0 đến {max} (nhập: {points})."
    ),
    "criteria.duplicate_code": N_("Bảng tiêu chí có mã trùng nhau."),
    "criteria.no_standard": N_("Bảng tiêu chí cần ít nhất một tiêu chí chấm điểm."),
    "criteria.incomplete": N_("Mỗi tiêu chí cần mã và nội dung."),
    "criteria.bad_kind": N_("Loại tiêu chí {code} không hợp lệ."),
    "criteria.bad_max": N_("Điểm chuẩn của tiêu chí {code} phải lớn hơn 0."),
    "criteria.unknown": N_("Không có tiêu chí {code}."),
    "criteria.malformed": N_("Bảng tiêu chí không đúng cấu trúc."),
    "criteria.not_adopted": N_("Bảng tiêu chí thi đua chưa được thông qua."),
    "criteria.unknown_version": N_("Không có dự thảo tiêu chí phiên bản {version}."),
    "criteria.superseded": N_("Dự thảo phiên bản {version} đã có bản mới hơn."),
    "criteria.already_adopted": N_("Phiên bản tiêu chí này đã được thông qua."),
    "criteria.empty_comment": N_("Nội dung góp ý không được để trống."),
    "pact.already_signed": N_("Đơn vị đã ký giao ước thi đua với bảng tiêu chí này."),
    "report.bad_kind": N_("Loại báo cáo không hợp lệ: {kind}."),
    "report.empty": N_("Nội dung báo cáo không được để trống."),
    "report.bad_attachment": N_("Tệp đính kèm phải có mã băm SHA-256 hợp lệ."),
    "dossier.already_registered": N_("Đơn vị đã đăng ký thi đua năm này."),
    "dossier.title_required": N_("Cần ghi danh hiệu thi đua đăng ký."),
    "dossier.commitments_required": N_("Cần ghi ít nhất một nội dung cam kết."),
    "dossier.not_registered": N_("Đơn vị chưa đăng ký thi đua năm này."),
    "dossier.already_appraised": N_(
        "Hồ sơ đã được thẩm định, không thể tự chấm hoặc nộp lại báo cáo tổng kết."
    ),
    "dossier.evidence_required": N_("Cần nêu minh chứng cho điểm tự chấm của tiêu chí {code}."),
    "dossier.self_appraisal": N_("Đơn vị không được thẩm định hồ sơ của chính mình."),
    "dossier.no_yearend_report": N_("Đơn vị chưa nộp báo cáo tổng kết, chưa thể thẩm định."),
    "dossier.reason_required": N_(
        "Điểm thẩm định tiêu chí {code} khác điểm tự chấm: cần nêu lý do."
    ),
    "awards.already_submitted": N_("Tờ trình đã gửi Tổng Liên đoàn, không sửa được nữa."),
    "awards.not_voted": N_("Đơn vị chưa được Hội nghị bình xét, suy tôn cho hình thức {award}."),
    "awards.already_proposed": N_("Đơn vị đã có trong đề nghị."),
    "awards.cap_exceeded": N_("Vượt số lượng tối đa được đề nghị cho {award} ({cap} đơn vị)."),
    "awards.not_proposed": N_("Đơn vị không có trong đề nghị."),
    "awards.empty": N_("Tờ trình chưa đề nghị đơn vị nào."),
    "awards.reference_required": N_("Cần ghi số, ký hiệu của tờ trình."),
    "awards.not_submitted": N_("Tờ trình chưa được gửi."),
    "awards.already_received": N_("Tổng Liên đoàn đã ghi nhận tiếp nhận tờ trình."),
    "awards.not_received": N_("Tổng Liên đoàn chưa tiếp nhận tờ trình."),
    "awards.already_decided": N_("Đã ghi quyết định cho đơn vị này."),
    "awards.not_appraised": N_(
        "{unit} chưa được thẩm định: chỉ đề nghị khen thưởng đơn vị đã được thẩm định."
    ),
    "awards.poll_not_closed": N_("Cuộc bỏ phiếu cho hình thức {award} chưa kết thúc."),
    "year.roles_from_election": N_(
        "Trưởng Cụm, Phó Cụm năm này do Hội nghị năm trước bầu, không chỉ định được."
    ),
    "plan.wrong_party": N_("Nhiệm vụ {key} không thuộc trách nhiệm của đơn vị báo cáo."),
    "plan.note_required": N_("Cần ghi kết quả thực hiện nhiệm vụ."),
    "year.decision_reason_required": N_("Cần ghi lý do của quyết định."),
    "year.change_before_opening": N_(
        "Ngày thay đổi không được trước ngày mở năm thi đua ({opened:%d/%m/%Y})."
    ),
    "year.decision_before_change": N_(
        "Ngày quyết định không được trước ngày thay đổi có hiệu lực ({effective:%d/%m/%Y})."
    ),
    "year.already_member": N_("Đơn vị đã là thành viên của năm thi đua."),
    "year.already_carried": N_("Hồ sơ của đơn vị này đã do đơn vị khác tiếp nhận."),
    "year.bad_cause": N_("Nguyên nhân thay đổi không hợp lệ."),
    "year.take_over_self": N_("Đơn vị tiếp nhận phải khác đơn vị có hồ sơ."),
    "year.no_successor": N_(
        "Đơn vị này không có đơn vị kế thừa để tiếp nhận hồ sơ; chỉ có thể rút khỏi năm thi đua."
    ),
    "year.not_a_successor": N_("Đơn vị tiếp nhận phải là đơn vị kế thừa của đơn vị đã thay đổi."),
    "year.successor_inactive": N_("Đơn vị tiếp nhận không còn hoạt động."),
    "year.unit_active": N_("Đơn vị vẫn đang hoạt động: không có thay đổi tổ chức để quyết định."),
    "year.not_in_cluster": N_("Đơn vị chưa là thành viên Cụm: kết nạp vào Cụm trước."),
    "year.pending_decisions": N_(
        "Năm thi đua còn {count} quyết định về thay đổi tổ chức chưa xử lý; hãy quyết định trước khi mở bỏ phiếu."
    ),
    "dossier.withdrawn": N_("Hồ sơ đã đóng vì đơn vị đã rút khỏi năm thi đua."),
}
