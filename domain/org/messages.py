"""Wording of the unit, cluster and regulation error codes (see domain/kernel/messages.py)."""

from domain.kernel.messages import N_

MESSAGES: dict[str, str] = {
    "unit.code_required": N_("Mã đơn vị không được để trống."),
    "unit.name_required": N_("Tên đơn vị không được để trống."),
    "unit.not_active": N_("Đơn vị không còn hoạt động (đã hợp nhất, chia tách hoặc giải thể)."),
    "unit.change_before_last": N_(
        "Ngày thay đổi không được trước lần thay đổi gần nhất ({since:%d/%m/%Y})."
    ),
    "unit.same_name": N_("Tên mới trùng tên hiện tại."),
    "unit.own_parent": N_("Đơn vị không thể trực thuộc chính nó."),
    "unit.same_parent": N_("Đơn vị đã trực thuộc đơn vị này."),
    "unit.merge_into_self": N_("Không thể hợp nhất đơn vị vào chính nó."),
    "unit.merge_target_inactive": N_("Đơn vị tiếp nhận không còn hoạt động."),
    "cluster.code_required": N_("Mã Cụm không được để trống."),
    "cluster.name_required": N_("Tên Cụm không được để trống."),
    "cluster.already_member": N_("Đơn vị đã là thành viên Cụm."),
    "cluster.not_member": N_("Đơn vị không phải thành viên Cụm."),
    "regulation.bad_basis": N_("Căn cứ tính tỷ lệ không hợp lệ: {basis}."),
    "regulation.bad_share": N_("Tỷ lệ không hợp lệ: {share}."),
    "regulation.bad_absentee": N_("Cách tính phiếu của thành viên vắng mặt không hợp lệ."),
    "regulation.bad_rotation": N_("Quy tắc luân phiên không hợp lệ."),
    "regulation.bad_tie_break": N_("Tiêu chí xếp hạng khi bằng điểm không hợp lệ: {tie_break}."),
    "regulation.bad_late_entry_days": N_(
        "Số ngày được nhập muộn không có lý do phải từ 0 đến 366."
    ),
    "regulation.duplicate_award": N_("Danh hiệu khen thưởng bị trùng mã."),
    "regulation.duplicate_tie_break": N_("Một tiêu chí xếp hạng khi bằng điểm được chọn hai lần."),
    "regulation.award_name_required": N_("Mỗi hình thức khen thưởng cần có mã và tên."),
    "regulation.bad_cap": N_("Số đơn vị tối đa được đề nghị không được âm."),
    "regulation.bad_cap_percent": N_(
        "Tỷ lệ tối đa được đề nghị phải lớn hơn 0 và không quá 100 %."
    ),
    "regulation.comment_not_member": N_("Chỉ đơn vị thành viên Cụm được góp ý dự thảo Quy chế."),
    "regulation.comment_empty": N_("Nội dung góp ý không được để trống."),
    "regulation.before_draft": N_(
        "Ngày này không được trước ngày soạn dự thảo ({drafted:%d/%m/%Y})."
    ),
    "regulation.reason_required": N_("Cần ghi lý do (căn cứ) thông qua Quy chế."),
    "regulation.before_in_force": N_(
        "Ngày có hiệu lực không được trước ngày có hiệu lực của Quy chế đang áp dụng ({since:%d/%m/%Y})."
    ),
    "regulation.unknown_version": N_("Không có dự thảo Quy chế số {version}."),
    "regulation.already_adopted": N_(
        "Quy chế lần {version} đã được thông qua, không còn là dự thảo."
    ),
    "regulation.unknown_preset": N_("Không có mẫu Quy chế này."),
    "award.unknown": N_("Hình thức khen thưởng không có trong Quy chế: {award}."),
    "unit.merge_before_target": N_(
        "Ngày hợp nhất không được trước lần thay đổi gần nhất của đơn vị tiếp nhận ({since:%d/%m/%Y})."
    ),
    "unit.split_too_few": N_("Chia tách phải thành ít nhất hai đơn vị mới."),
    "unit.split_duplicate": N_(
        "Danh sách đơn vị mới sau chia tách bị trùng hoặc có chính đơn vị bị chia tách."
    ),
    "unit.split_part_not_new": N_(
        "Đơn vị sau chia tách phải là đơn vị mới, thành lập đúng ngày chia tách."
    ),
    "unit.parent_inactive": N_("Đơn vị cấp trên không còn hoạt động."),
    "unit.commune_parent": N_(
        "Công đoàn xã, phường, đặc khu phải trực thuộc Liên đoàn Lao động tỉnh, thành phố."
    ),
    "unit.under_commune": N_("Dưới Công đoàn xã, phường, đặc khu chỉ có công đoàn cơ sở."),
    "unit.merge_sources_required": N_("Cần ít nhất một đơn vị để hợp nhất."),
    "unit.merge_sources_duplicate": N_("Danh sách đơn vị hợp nhất có đơn vị trùng lặp."),
    "unit.split_parts_invalid": N_("Mỗi dòng đơn vị mới cần có mã và tên."),
    "cluster.unit_inactive": N_(
        "Đơn vị {name} không còn hoạt động (đã hợp nhất, chia tách hoặc giải thể): không thể kết nạp vào Cụm."
    ),
    "cluster.before_unit": N_(
        "Ngày kết nạp không được trước ngày thành lập đơn vị ({since:%d/%m/%Y})."
    ),
    "cluster.before_left": N_(
        "Ngày kết nạp lại không được trước ngày đơn vị rời Cụm ({left:%d/%m/%Y})."
    ),
    "cluster.left_before_joined": N_(
        "Ngày rời Cụm không được trước ngày kết nạp ({joined:%d/%m/%Y})."
    ),
}
