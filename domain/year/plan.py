"""Kế hoạch hoạt động Cụm: the year's tasks, each with a responsible role and a window.

`default_plan(year)` is the task table of seed 000 (Cụm thi đua LĐLĐ các tỉnh Biên giới
phía Bắc, 2015) made relative to the year; a cluster may edit it before adoption.
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from domain.kernel.base import require

ROLES = ("chair", "vice_chair", "members", "chair_and_members", "next_chair")


@dataclass(frozen=True)
class PlanTask:
    key: str
    number: str  # the row number in the plan table ("1", "6", "9", ...)
    content: str
    role: str
    start: date
    end: date

    def __post_init__(self) -> None:
        require(bool(self.key.strip()), "plan.key_required")
        require(bool(self.content.strip()), "plan.content_required")
        require(self.role in ROLES, "plan.bad_role", role=self.role)
        require(self.start <= self.end, "plan.window_reversed", key=self.key)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PlanTask:
        return cls(**d)


def _d(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def default_plan(year: int) -> list[PlanTask]:
    y, p, n = year, year - 1, year + 1
    rows = [
        (
            "criteria_draft",
            "1",
            "Xây dựng dự thảo Kế hoạch hoạt động, Nội dung phát động thi đua, "
            f"các chỉ tiêu thi đua và điểm chuẩn của Cụm năm {y}; lấy ý kiến các thành viên và hoàn "
            "chỉnh bản giao ước thi đua để ký kết tại Hội nghị tổng kết Cụm",
            "chair",
            _d(p, 11, 18),
            _d(p, 12, 4),
        ),
        (
            "rollout",
            "2",
            "Tổ chức, triển khai thực hiện Kế hoạch, nội dung phát động thi đua, "
            "các chỉ tiêu thi đua tới đoàn viên Công đoàn, người lao động và Công đoàn các cấp",
            "members",
            _d(p, 12, 6),
            _d(y, 12, 31),
        ),
        (
            "member_registration",
            "3",
            f"Đăng ký thi đua năm {y} với Thường trực Cụm (Trưởng Cụm)",
            "members",
            _d(y, 1, 1),
            _d(y, 1, 31),
        ),
        (
            "tld_registration",
            "4",
            f"Đăng ký thi đua năm {y} với Tổng Liên đoàn Lao động Việt Nam",
            "chair",
            _d(y, 2, 1),
            _d(y, 2, 29),
        ),
        (
            "midyear_plan",
            "5",
            "Xây dựng Kế hoạch sơ kết công tác thi đua, khen thưởng của Cụm "
            f"6 tháng đầu năm {y} gửi các thành viên trong Cụm",
            "chair",
            _d(y, 5, 1),
            _d(y, 5, 30),
        ),
        (
            "midyear_report",
            "6",
            "Xây dựng Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng "
            f"đầu năm {y} của đơn vị gửi Thường trực Cụm thi đua",
            "members",
            _d(y, 5, 15),
            _d(y, 6, 15),
        ),
        (
            "midyear_compile",
            "6",
            "Tổng hợp, xây dựng dự thảo Báo cáo sơ kết 6 tháng đầu năm "
            "gửi các thành viên tham gia đóng góp ý kiến",
            "chair",
            _d(y, 5, 15),
            _d(y, 6, 15),
        ),
        (
            "workshop",
            "6",
            "Tổ chức Hội thảo về hoạt động thi đua khen thưởng",
            "chair_and_members",
            _d(y, 5, 15),
            _d(y, 6, 15),
        ),
        (
            "midyear_tld",
            "7",
            f"Tổng hợp công tác thi đua, khen thưởng 6 tháng đầu năm {y} của "
            "Cụm và báo cáo Tổng Liên đoàn",
            "chair",
            _d(y, 6, 15),
            _d(y, 6, 20),
        ),
        (
            "yearend_plan",
            "8",
            "Xây dựng Kế hoạch tổ chức Hội nghị tổng kết hoạt động công tác "
            f"thi đua, khen thưởng của Cụm năm {y} gửi các thành viên trong Cụm",
            "chair",
            _d(y, 9, 15),
            _d(y, 10, 15),
        ),
        (
            "yearend_report",
            "9",
            f"Xây dựng Báo cáo tổng kết, tự chấm điểm về công tác thi đua "
            f"năm {y} gửi Thường trực Cụm",
            "members",
            _d(y, 11, 1),
            _d(y, 12, 25),
        ),
        (
            "yearend_compile",
            "9",
            f"Tổng hợp, xây dựng dự thảo Báo cáo tổng kết công tác thi đua "
            f"năm {y} của Cụm gửi các thành viên tham gia đóng góp ý kiến",
            "chair",
            _d(y, 11, 1),
            _d(y, 12, 25),
        ),
        (
            "inspection",
            "9",
            "Xây dựng Kế hoạch, tổ chức thẩm định, kiểm tra các đơn vị thành "
            "viên để làm căn cứ cho công tác bình xét, suy tôn và đề nghị Tổng Liên đoàn khen "
            f"thưởng năm {y}",
            "chair",
            _d(y, 11, 1),
            _d(y, 12, 25),
        ),
        (
            "next_criteria",
            "9",
            f"Xây dựng dự thảo Kế hoạch hoạt động, Nội dung phát động thi đua, "
            f"các chỉ tiêu thi đua và điểm chuẩn của Cụm năm {n}; lấy ý kiến các thành viên để "
            f"ký giao ước thi đua tại Hội nghị tổng kết Cụm năm {y}",
            "vice_chair",
            _d(y, 11, 1),
            _d(y, 12, 25),
        ),
        (
            "conference",
            "9",
            f"Tổ chức Hội nghị Tổng kết hoạt động của Cụm, bình xét, suy tôn "
            "đơn vị dẫn đầu Cụm, đơn vị xuất sắc đề nghị Tổng Liên đoàn khen thưởng; bầu Trưởng "
            f"Cụm, Phó Cụm thi đua và tổ chức ký giao ước, đăng ký thi đua năm {n}",
            "chair",
            _d(y, 11, 1),
            _d(y, 12, 25),
        ),
        (
            "award_proposal",
            "10",
            "Tổng hợp và báo cáo kết quả hoạt động của Cụm, hoàn thiện tờ "
            f"trình đề nghị khen thưởng năm {y} với Tổng Liên đoàn",
            "chair",
            _d(y, 12, 25),
            _d(n, 3, 30),
        ),
        (
            "next_rollout",
            "11",
            "Tổ chức triển khai Kế hoạch, nội dung phát động thi đua, biện "
            f"pháp thực hiện và phương hướng hoạt động của Cụm thi đua năm {n}",
            "next_chair",
            _d(n, 1, 1),
            _d(n, 12, 31),
        ),
    ]
    return [PlanTask(*row) for row in rows]


def days_late(on: date, deadline: date | None) -> int:
    """Whole days after the deadline (0 when on time or when there is none).
    Late work is accepted and marked with this."""
    return max(0, (on - deadline).days) if deadline is not None else 0
