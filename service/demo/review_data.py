"""Data of the Lạng Sơn mid-term review of term XV, 2013–2018 (seed 003).

From the seed: the federation, the term, 12 targets and 4 action programmes (counted,
not listed), the steering committee's make-up, the milestones and their deadlines,
who takes part. Everything else is SAMPLE data, marked "(dữ liệu mẫu)" where a person
reads it: the targets' wording and values, the congress date, the units' figures and
texts, the people, the document numbers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.review.term import Target

SAMPLE = "(dữ liệu mẫu)"
FEDERATION = ("LANGSON", "Liên đoàn Lao động tỉnh Lạng Sơn")
CONFEDERATION = ("TLD", "Tổng Liên đoàn Lao động Việt Nam")
TERM = ("XV", 2013, 2018, date(2013, 7, 1))  # congress date: sample
REVIEW_DATE = date(2015, 12, 31)
UNITS_SINCE = date(2013, 1, 1)

# code, name, measure, unit, target, baseline, direction, rollup, labels (weight | num, den)
SAMPLE_TARGETS: list[tuple[Any, ...]] = [
    ("CT01", "Phát triển mới đoàn viên công đoàn", "Số đoàn viên kết nạp mới trong nhiệm kỳ",
     "đoàn viên", "10000", None, "at_least", "sum", ()),
    ("CT02", "Thành lập mới công đoàn cơ sở", "Số CĐCS thành lập mới trong nhiệm kỳ",
     "CĐCS", "100", None, "at_least", "sum", ()),
    ("CT03", "Doanh nghiệp từ 30 lao động trở lên có tổ chức công đoàn", "Tỷ lệ doanh nghiệp",
     "%", "90", "75", "at_least", "ratio",
     ("Số doanh nghiệp có tổ chức công đoàn", "Số doanh nghiệp có từ 30 lao động trở lên")),
    ("CT04", "Công đoàn cơ sở đạt tiêu chuẩn vững mạnh", "Tỷ lệ CĐCS xếp loại vững mạnh",
     "%", "80", "70", "at_least", "ratio",
     ("Số CĐCS vững mạnh", "Số CĐCS được đánh giá")),
    ("CT05", "Doanh nghiệp có công đoàn ký kết thỏa ước lao động tập thể", "Tỷ lệ doanh nghiệp",
     "%", "70", "50", "at_least", "ratio",
     ("Số doanh nghiệp ký thỏa ước", "Số doanh nghiệp có tổ chức công đoàn")),
    ("CT06", "Cơ quan, đơn vị tổ chức Hội nghị cán bộ, công chức, viên chức",
     "Tỷ lệ cơ quan, đơn vị", "%", "100", "95", "at_least", "ratio",
     ("Số cơ quan, đơn vị tổ chức hội nghị", "Số cơ quan, đơn vị phải tổ chức")),
    ("CT07", "Giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp",
     "Số đoàn viên được giới thiệu trong nhiệm kỳ", "người", "2500", None, "at_least", "sum", ()),
    ("CT08", "Thu nhập bình quân của người lao động trong doanh nghiệp",
     "Bình quân theo số lao động", "triệu đồng/tháng", "5.5", "3.8", "at_least",
     "weighted_average", ("Số lao động",)),
    ("CT09", "Xây dựng, sửa chữa nhà “Mái ấm Công đoàn”", "Số nhà trong nhiệm kỳ",
     "nhà", "150", None, "at_least", "sum", ()),
    ("CT10", "Công đoàn cơ sở xếp loại yếu kém", "Tỷ lệ CĐCS yếu kém", "%", "3", "6",
     "at_most", "ratio", ("Số CĐCS yếu kém", "Số CĐCS được đánh giá")),
    ("CT11", "Ngừng việc tập thể không đúng trình tự pháp luật", "Số cuộc trong nhiệm kỳ",
     "cuộc", "10", None, "at_most", "sum", ()),
    ("CT12", "Nữ tham gia Ban Chấp hành công đoàn cơ sở", "Tỷ lệ nữ ủy viên BCH CĐCS",
     "%", "30", "25", "at_least", "ratio",
     ("Số nữ ủy viên BCH CĐCS", "Tổng số ủy viên BCH CĐCS")),
]  # fmt: skip

SAMPLE_PROGRAMMES = [
    ("CTHD1", "Nâng cao chất lượng hoạt động đại diện, chăm lo, bảo vệ quyền, lợi ích hợp "
     "pháp, chính đáng của đoàn viên và người lao động"),
    ("CTHD2", "Tuyên truyền, giáo dục nâng cao bản lĩnh chính trị, trình độ, kỹ năng nghề "
     "nghiệp, ý thức chấp hành pháp luật cho công nhân, viên chức, lao động"),
    ("CTHD3", "Phát triển đoàn viên, thành lập công đoàn cơ sở, xây dựng công đoàn cơ sở "
     "vững mạnh"),
    ("CTHD4", "Nâng cao chất lượng đội ngũ cán bộ công đoàn"),
]  # fmt: skip

MILESTONES = [  # seed 003, section IV; "before 15/3/2016" → due 14/03/2016
    ("plan", "Xây dựng kế hoạch, đề cương báo cáo sơ kết; thành lập Ban chỉ đạo; triển khai "
     "kế hoạch", date(2015, 11, 1), date(2015, 11, 30)),
    ("lower_reports", "LĐLĐ huyện, thành phố, Công đoàn ngành, CĐCS trực thuộc sơ kết và gửi "
     "báo cáo về LĐLĐ tỉnh", date(2015, 11, 1), date(2015, 12, 31)),
    ("committees", "Trình Ban Thường vụ, Hội nghị Ban Chấp hành LĐLĐ tỉnh lần thứ 7 (khoá XV)",
     date(2016, 1, 1), date(2016, 1, 31)),
    ("survey", "Ban chỉ đạo khảo sát, nghe báo cáo của các ban theo chuyên đề",
     date(2016, 2, 1), date(2016, 2, 29)),
    ("tld_report", "Hoàn chỉnh báo cáo sơ kết gửi Tổng Liên đoàn", date(2016, 2, 1),
     date(2016, 3, 14)),
]  # fmt: skip


def sample_targets() -> list[Target]:
    out = []
    for code, name, measure, unit, goal, base, direction, rollup, labels in SAMPLE_TARGETS:
        extra: dict[str, str] = {}
        if rollup == "weighted_average":
            extra["weight_label"] = labels[0]
        elif rollup == "ratio":
            extra["numerator_label"], extra["denominator_label"] = labels
        out.append(
            Target.make(
                code=code,
                name=f"{name} {SAMPLE}",
                measure=measure,
                unit=unit,
                target=goal,
                baseline=base,
                direction=direction,
                rollup=rollup,
                **extra,
            )
        )
    return out


DISTRICTS = [  # code suffix, name, size (sample scale of its figures)
    ("TPLS", "Liên đoàn Lao động thành phố Lạng Sơn", 10),
    ("TRANGDINH", "Liên đoàn Lao động huyện Tràng Định", 4),
    ("VANLANG", "Liên đoàn Lao động huyện Văn Lãng", 4),
    ("VANQUAN", "Liên đoàn Lao động huyện Văn Quan", 3),
    ("BINHGIA", "Liên đoàn Lao động huyện Bình Gia", 3),
    ("BACSON", "Liên đoàn Lao động huyện Bắc Sơn", 4),
    ("HUULUNG", "Liên đoàn Lao động huyện Hữu Lũng", 6),
    ("CHILANG", "Liên đoàn Lao động huyện Chi Lăng", 5),
    ("CAOLOC", "Liên đoàn Lao động huyện Cao Lộc", 7),
    ("LOCBINH", "Liên đoàn Lao động huyện Lộc Bình", 5),
    ("DINHLAP", "Liên đoàn Lao động huyện Đình Lập", 2),
]
SECTORS = [
    ("GIAODUC", "Công đoàn ngành Giáo dục tỉnh Lạng Sơn", 6),
    ("YTE", "Công đoàn ngành Y tế tỉnh Lạng Sơn", 4),
    ("CONGTHUONG", "Công đoàn ngành Công Thương tỉnh Lạng Sơn", 5),
    ("NONGNGHIEP", "Công đoàn ngành Nông nghiệp và Phát triển nông thôn tỉnh Lạng Sơn", 3),
    ("VIENCHUC", "Công đoàn Viên chức tỉnh Lạng Sơn", 3),
]
GRASSROOTS = [
    ("DIENLUC", f"Công đoàn cơ sở Công ty Điện lực Lạng Sơn {SAMPLE}", 1),
    ("BUUDIEN", f"Công đoàn cơ sở Bưu điện tỉnh Lạng Sơn {SAMPLE}", 1),
    ("CAPNUOC", f"Công đoàn cơ sở Công ty Cấp thoát nước Lạng Sơn {SAMPLE}", 1),
]
DEPARTMENTS = [  # code suffix, name, theme
    ("BANTOCHUC", "Ban Tổ chức", "Phát triển đoàn viên, xây dựng CĐCS vững mạnh"),
    ("BANTUYENGIAO", "Ban Tuyên giáo", "Tuyên truyền, giáo dục CNVCLĐ"),
    ("BANCSPL", "Ban Chính sách - Pháp luật", "Đại diện, bảo vệ quyền lợi người lao động"),
    ("BANTAICHINH", "Ban Tài chính", "Mái ấm Công đoàn và tài chính công đoàn"),
]
LATE = {"DINHLAP": date(2016, 1, 6), "BINHGIA": date(2016, 1, 4), "YTE": date(2016, 1, 8)}
RETURNED = "VANQUAN"  # returned for revision, then resubmitted

STEERING_COMMITTEE = [  # account, name, role, position; the head signed the seed's plan
    ("lotienson", "Lô Tiến Sơn", "head", "Chủ tịch LĐLĐ tỉnh"),
    ("phochutich1", f"Hoàng Văn Minh {SAMPLE}", "deputy", "Phó Chủ tịch LĐLĐ tỉnh"),
    ("truongbantc", f"Nông Thị Hạnh {SAMPLE}", "member", "Trưởng Ban Tổ chức"),
    ("truongbantg", f"Vi Văn Tuấn {SAMPLE}", "member", "Trưởng Ban Tuyên giáo"),
    ("phobancspl", f"Lương Thị Mai {SAMPLE}", "secretary", "Phó Trưởng Ban Chính sách - Pháp luật"),
]

NARRATIVE = {
    "done": f"Hoàn thành phần lớn chỉ tiêu về phát triển đoàn viên, chăm lo đời sống {SAMPLE}.",
    "not_done": f"Thành lập CĐCS ở doanh nghiệp ngoài nhà nước còn chậm {SAMPLE}.",
    "causes": f"Doanh nghiệp nhỏ, lao động biến động; cán bộ kiêm nhiệm {SAMPLE}.",
    "lessons": f"Bám sát cơ sở, phối hợp chặt chẽ với chính quyền cùng cấp {SAMPLE}.",
    "tasks": f"Tập trung phát triển đoàn viên, nâng chất lượng thỏa ước {SAMPLE}.",
}
RETURN_COMMENTS = [
    f"Số đoàn viên kết nạp mới (CT01) chưa khớp với báo cáo tháng 11/2015 {SAMPLE}.",
    f"Bổ sung số doanh nghiệp ký thỏa ước lao động tập thể (CT05) {SAMPLE}.",
]
SURVEY = [  # unit suffix (None: a department hearing), topic, findings
    ("HUULUNG", "Phát triển đoàn viên ở doanh nghiệp ngoài nhà nước",
     f"Số liệu báo cáo khớp với sổ sách của CĐCS được khảo sát {SAMPLE}."),
    ("CONGTHUONG", "Thương lượng, ký kết thỏa ước lao động tập thể",
     f"Chất lượng thỏa ước chưa cao, phần lớn nhắc lại luật {SAMPLE}."),
    (None, "Nghe báo cáo chuyên đề của các Ban",
     f"Các Ban đã đánh giá đủ chỉ tiêu theo chuyên đề {SAMPLE}."),
]  # fmt: skip
