"""CongressTerm (nhiệm kỳ Đại hội): a federation's term and its resolution.

The resolution (Nghị quyết Đại hội) sets targets (chỉ tiêu) and action programmes
(chương trình hành động). How a target rolls up the unit tree is data on the target:
a plain sum, an average weighted by a count reported alongside, or a ratio of two
counts (shown as a percentage).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import DEFAULT_LATE_ENTRY_DAYS, ThiduaAggregate, natural_id, require


class Direction(StrEnum):
    AT_LEAST = "at_least"  # không thấp hơn
    AT_MOST = "at_most"  # không vượt quá


class Rollup(StrEnum):
    SUM = "sum"  # cộng dồn
    WEIGHTED_AVERAGE = "weighted_average"  # bình quân gia quyền (trọng số là một số đếm)
    RATIO = "ratio"  # tỷ lệ của hai số đếm, tính bằng %


def canonical_decimal(text: object, error: str = "term.bad_number", **params: Any) -> str:
    """`text` as a canonical decimal string ("90", "12.5"), or DomainError(error)."""
    try:
        d = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        d = Decimal("NaN")
    require(d.is_finite(), error, value=text, **params)
    d = d.normalize()
    return format(d, "f") if d != 0 else "0"


@dataclass(frozen=True)
class Target:
    """One target (chỉ tiêu) of a resolution. Numbers are canonical decimal strings."""

    code: str
    name: str
    measure: str  # what is counted (thước đo)
    unit: str  # unit of measure (đơn vị tính), "%" for a ratio
    target: str
    direction: str = Direction.AT_LEAST.value
    rollup: str = Rollup.SUM.value
    baseline: str | None = None  # value at the start of the term (None: counted from zero)
    weight_label: str = ""  # weighted_average: the count each value is weighted by
    numerator_label: str = ""  # ratio: the counted part
    denominator_label: str = ""  # ratio: the whole

    @classmethod
    def make(cls, **fields: Any) -> Target:
        """A validated Target; numbers and enums normalised."""
        code = str(fields.get("code") or "").strip().upper()
        require(bool(code), "term.target_code_required")
        require(
            bool(str(fields.get("name") or "").strip()), "term.target_name_required", target=code
        )
        direction = str(fields.get("direction") or Direction.AT_LEAST.value)
        require(direction in set(Direction), "term.bad_direction", target=code, value=direction)
        rollup = str(fields.get("rollup") or Rollup.SUM.value)
        require(rollup in set(Rollup), "term.bad_rollup", target=code, value=rollup)
        baseline = fields.get("baseline")
        labels = {k: str(fields.get(k) or "").strip() for k in _LABELS}
        if rollup == Rollup.WEIGHTED_AVERAGE:
            require(bool(labels["weight_label"]), "term.weight_label_required", target=code)
        if rollup == Rollup.RATIO:
            require(
                bool(labels["numerator_label"] and labels["denominator_label"]),
                "term.ratio_labels_required",
                target=code,
            )
        target = canonical_decimal(fields.get("target"), target=code)
        require(Decimal(target) >= 0, "term.negative_number", target=code, value=target)
        return cls(
            code=code,
            name=str(fields["name"]).strip(),
            measure=str(fields.get("measure") or "").strip(),
            unit=str(fields.get("unit") or "").strip(),
            target=target,
            direction=direction,
            rollup=rollup,
            baseline=_baseline(baseline, code),
            **labels,
        )

    @property
    def target_value(self) -> Decimal:
        return Decimal(self.target)

    @property
    def baseline_value(self) -> Decimal:
        return Decimal(self.baseline) if self.baseline is not None else Decimal(0)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Target:
        return cls(**d)


_LABELS = ("weight_label", "numerator_label", "denominator_label")


def _baseline(raw: object, code: str) -> str | None:
    if raw is None or str(raw).strip() == "":
        return None
    value = canonical_decimal(raw, target=code)
    require(Decimal(value) >= 0, "term.negative_number", target=code, value=value)
    return value


@dataclass(frozen=True)
class Programme:
    """An action programme (chương trình hành động) of the resolution."""

    code: str
    name: str


@dataclass(frozen=True)
class EarlyEnd:
    """A term cut short (nhiệm kỳ kết thúc trước thời hạn): the day it ended, why, and
    the decision it rests on (căn cứ), e.g. the 2025 restructuring."""

    on: date
    reason: str
    basis: str


class CongressTerm(ThiduaAggregate):
    """One congress term of a federation, e.g. Lạng Sơn, khoá XV, 2013–2018.

    A term may end early (`end_early`, an event with the day, the reason and its
    basis) and be followed by a new term with its own period and targets
    (`follow`): the 2025 restructuring cut terms short and the 2025–2030 terms began.
    """

    TOPIC = "thidua.CongressTerm"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.CongressTerm.Created"
        federation: UUID
        number: str
        name: str
        start_year: int
        end_year: int
        opened_on: date
        resolution: str

    class TargetAdded(ThiduaAggregate.Event):
        TOPIC = "thidua.CongressTerm.TargetAdded"
        target: dict[str, Any]
        on: date

    class ProgrammeAdded(ThiduaAggregate.Event):
        TOPIC = "thidua.CongressTerm.ProgrammeAdded"
        code: str
        name: str
        on: date

    class EndedEarly(ThiduaAggregate.Event):
        TOPIC = "thidua.CongressTerm.EndedEarly"
        reason: str
        basis: str
        on: date

    class Followed(ThiduaAggregate.Event):
        """This (new) term follows `previous`, which ended on `previous_ended_on`."""

        TOPIC = "thidua.CongressTerm.Followed"
        previous: UUID
        previous_ended_on: date
        on: date

    class SucceededBy(ThiduaAggregate.Event):
        TOPIC = "thidua.CongressTerm.SucceededBy"
        successor: UUID
        on: date

    @staticmethod
    def id_for(federation: UUID, number: str) -> UUID:
        return natural_id("term", federation, number.strip().upper())

    @classmethod
    def create_id(cls, federation: UUID, number: str, **_: object) -> UUID:
        return cls.id_for(federation, number)

    @classmethod
    def open(
        cls,
        federation: UUID,
        number: str,
        name: str,
        start_year: int,
        end_year: int,
        opened_on: date,
        resolution: str,
    ) -> CongressTerm:
        number = number.strip().upper()
        require(bool(number), "term.number_required")
        require(bool(name.strip()), "term.name_required")
        require(start_year < end_year, "term.bad_years", start=start_year, end=end_year)
        require(opened_on.year == start_year, "term.opened_outside", year=start_year)
        return cls(
            federation=federation,
            number=number,
            name=name.strip(),
            start_year=start_year,
            end_year=end_year,
            opened_on=opened_on,
            resolution=resolution.strip(),
        )

    @event(Created)
    def __init__(
        self,
        federation: UUID,
        number: str,
        name: str,
        start_year: int,
        end_year: int,
        opened_on: date,
        resolution: str,
    ) -> None:
        self.federation = federation
        self.number = number
        self.name = name
        self.start_year = start_year
        self.end_year = end_year
        self.opened_on = opened_on
        self.resolution = resolution
        self.targets: dict[str, Target] = {}
        self.programmes: dict[str, Programme] = {}
        self.ended: EarlyEnd | None = None
        self.previous: UUID | None = None
        self.successor: UUID | None = None

    def entry_bounds(self) -> tuple[date | None, int]:
        """An action on the term counts from its congress (its opening date)."""
        return self.opened_on, DEFAULT_LATE_ENTRY_DAYS

    @property
    def closes_on(self) -> date:
        """The expected end of the term: the congress day, `end_year` (29/02 → 28/02)."""
        return term_closes_on(self.opened_on, self.end_year)

    @property
    def ends_on(self) -> date:
        """The day the term ended: early, or as planned."""
        return self.ended.on if self.ended is not None else self.closes_on

    # -- an early end and the term that follows ---------------------------------
    def end_early(self, reason: str, basis: str, on: date) -> None:
        """End the term on `on`, before its planned end (once)."""
        require(self.ended is None, "term.already_ended", on=self.ended.on if self.ended else on)
        require(bool(reason.strip()), "term.end_reason_required")
        require(bool(basis.strip()), "term.end_basis_required")
        require(
            self.opened_on < on < self.closes_on,
            "term.end_outside",
            start=self.opened_on,
            end=self.closes_on,
        )
        self._ended_early(reason=reason.strip(), basis=basis.strip(), on=on)

    def follow(self, previous: CongressTerm, on: date) -> None:
        """This new term follows `previous` of the same federation: `previous` has ended
        (early, or as planned) on or before this term's congress, and is followed once."""
        require(previous.id != self.id, "term.follows_itself")
        require(previous.federation == self.federation, "term.other_federation")
        require(
            previous.successor is None or previous.successor == self.id,
            "term.already_followed",
            term=previous.name,
        )
        require(self.previous is None, "term.already_follows")
        require(
            previous.ends_on <= self.opened_on,
            "term.overlaps",
            term=previous.name,
            end=previous.ends_on,
        )
        self._followed(previous=previous.id, previous_ended_on=previous.ends_on, on=on)
        previous._succeeded_by(successor=self.id, on=on)

    def target(self, code: str) -> Target:
        code = code.strip().upper()
        require(code in self.targets, "term.unknown_target", target=code)
        return self.targets[code]

    def programme(self, code: str) -> Programme:
        code = code.strip().upper()
        require(code in self.programmes, "term.unknown_programme", programme=code)
        return self.programmes[code]

    def add_target(self, target: Target, on: date) -> None:
        require(target.code not in self.targets, "term.duplicate_target", target=target.code)
        self._target_added(target=target.to_dict(), on=on)

    def add_programme(self, code: str, name: str, on: date) -> None:
        code = code.strip().upper()
        require(bool(code), "term.programme_code_required")
        require(bool(name.strip()), "term.programme_name_required", programme=code)
        require(code not in self.programmes, "term.duplicate_programme", programme=code)
        self._programme_added(code=code, name=name.strip(), on=on)

    @event(TargetAdded)
    def _target_added(self, target: dict[str, Any], on: date) -> None:
        t = Target.from_dict(target)
        self.targets[t.code] = t

    @event(ProgrammeAdded)
    def _programme_added(self, code: str, name: str, on: date) -> None:
        self.programmes[code] = Programme(code, name)

    @event(EndedEarly)
    def _ended_early(self, reason: str, basis: str, on: date) -> None:
        self.ended = EarlyEnd(on, reason, basis)

    @event(Followed)
    def _followed(self, previous: UUID, previous_ended_on: date, on: date) -> None:
        self.previous = previous

    @event(SucceededBy)
    def _succeeded_by(self, successor: UUID, on: date) -> None:
        self.successor = successor


def term_closes_on(opened_on: date, end_year: int) -> date:
    """The congress day in the term's last year (29/02 → 28/02)."""
    try:
        return opened_on.replace(year=end_year)
    except ValueError:
        return date(end_year, 2, 28)
