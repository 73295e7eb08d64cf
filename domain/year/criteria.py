"""Chỉ tiêu thi đua và điểm chuẩn: the criteria tree with benchmark (maximum) scores.

Sections hold criteria; each criterion is `standard` (scored 0..max), `bonus` (điểm
thưởng, 0..max added) or `penalty` (điểm trừ, 0..max deducted).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.kernel.base import DomainError, require

KINDS = ("standard", "bonus", "penalty")


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    max_points: Decimal
    kind: str = "standard"

    def check_points(self, points: Decimal) -> None:
        require(points.as_tuple().exponent >= -2, "criteria.too_precise", code=self.code)  # type: ignore[operator]
        require(
            Decimal(0) <= points <= self.max_points,
            "criteria.points_out_of_range",
            code=self.code,
            points=points,
            max=self.max_points,
        )


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Criteria:
    sections: tuple[Section, ...]

    def __post_init__(self) -> None:
        codes = [c.code for c in self.all()] + [s.code for s in self.sections]
        require(len(codes) == len(set(codes)), "criteria.duplicate_code")
        require(any(c.kind == "standard" for c in self.all()), "criteria.no_standard")
        for c in self.all():
            require(bool(c.code.strip()) and bool(c.title.strip()), "criteria.incomplete")
            require(c.kind in KINDS, "criteria.bad_kind", code=c.code)
            require(c.max_points > 0, "criteria.bad_max", code=c.code)

    def all(self) -> list[Criterion]:
        return [c for s in self.sections for c in s.criteria]

    def get(self, code: str) -> Criterion:
        for c in self.all():
            if c.code == code:
                return c
        raise DomainError("criteria.unknown", code=code)

    @property
    def benchmark_total(self) -> Decimal:
        """Điểm chuẩn: the sum of the standard criteria's maxima."""
        return sum((c.max_points for c in self.all() if c.kind == "standard"), Decimal(0))

    def total(self, points: dict[str, Decimal]) -> Decimal:
        """standard + bonus − penalty for a {code: points} map."""
        sign = {"standard": 1, "bonus": 1, "penalty": -1}
        return sum((sign[self.get(k).kind] * v for k, v in points.items()), Decimal(0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "sections": [
                {
                    "code": s.code,
                    "title": s.title,
                    "criteria": [
                        {
                            "code": c.code,
                            "title": c.title,
                            "max_points": str(c.max_points),
                            "kind": c.kind,
                        }
                        for c in s.criteria
                    ],
                }
                for s in self.sections
            ]
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Criteria:
        try:
            return cls(
                tuple(
                    Section(
                        s["code"],
                        s["title"],
                        tuple(
                            Criterion(
                                c["code"],
                                c["title"],
                                Decimal(str(c["max_points"])),
                                c.get("kind", "standard"),
                            )
                            for c in s["criteria"]
                        ),
                    )
                    for s in d["sections"]
                )
            )
        except (KeyError, TypeError, InvalidOperation):
            raise DomainError("criteria.malformed") from None
