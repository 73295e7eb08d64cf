"""Small builders for domain tests (no I/O)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from domain.org.regulation import Regulation
from domain.year.criteria import Criteria, Criterion, Section
from domain.year.plan import default_plan
from domain.year.year import EmulationYear

D = Decimal


def sample_criteria() -> Criteria:
    return Criteria(
        (
            Section(
                "I",
                "Công tác tổ chức phong trào",
                (
                    Criterion("1.1", "Tuyên truyền, vận động CNVCLĐ", D(10)),
                    Criterion("1.2", "Phát triển đoàn viên", D(20)),
                ),
            ),
            Section(
                "II",
                "Điểm thưởng, điểm trừ",
                (
                    Criterion("T.1", "Mô hình mới, cách làm hay", D(5), "bonus"),
                    Criterion("P.1", "Nộp báo cáo chậm", D(3), "penalty"),
                ),
            ),
        )
    )


def open_year(members: int = 4, year: int = 2015) -> tuple[EmulationYear, list[UUID]]:
    units = [uuid4() for _ in range(members)]
    y = EmulationYear.open(
        uuid4(),
        year,
        units[0],
        units[1],
        units,
        Regulation(),
        default_plan(year),
        date(year - 1, 12, 5),
    )
    return y, units


def adopted_year(members: int = 4) -> tuple[EmulationYear, list[UUID]]:
    y, units = open_year(members)
    v = y.draft_criteria(sample_criteria(), date(2014, 11, 20))
    y.adopt_criteria(v, date(2014, 12, 5))
    return y, units
