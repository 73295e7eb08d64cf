"""Wording of the unit, cluster and regulation error codes (see domain/kernel/messages.py)."""

from domain.kernel.messages import N_

MESSAGES: dict[str, str] = {
    "unit.code_required": N_("Mã đơn vị không được để trống."),
    "unit.name_required": N_("Tên đơn vị không được để trống."),
    "unit.not_active": N_("Đơn vị không còn hoạt động (trạng thái: {status})."),
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
    "award.unknown": N_("Hình thức khen thưởng không có trong Quy chế: {award}."),
}
