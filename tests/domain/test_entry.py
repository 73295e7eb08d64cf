"""Entry: the date an action counts for, within the rules (no I/O)."""

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from domain.kernel.base import DomainError, current_late_reason
from domain.kernel.entry import Entry, entering
from domain.org.unit import Unit, UnitKind
from domain.polls.poll import Poll

TODAY = date(2016, 12, 30)


def code_of(entry: Entry, opened: date | None = None, days: int = 7) -> str:
    with pytest.raises(DomainError) as e:
        entry.check(opened, days)
    return e.value.code


def test_within_the_allowed_days_no_reason_is_needed() -> None:
    assert Entry(date(2016, 12, 23), TODAY).check(date(2016, 12, 18), 7).late_reason == ""
    assert Entry(TODAY, TODAY).check(None, 0) == Entry(TODAY, TODAY)


def test_a_day_more_needs_a_reason_which_is_kept_trimmed() -> None:
    late = Entry(date(2016, 12, 22), TODAY)  # 8 days behind
    assert code_of(late) == "entry.late_reason_required"
    assert code_of(Entry(late.on, TODAY, "   ")) == "entry.late_reason_required"
    kept = Entry(late.on, TODAY, "  Biên bản gửi về chậm ").check(None, 7)
    assert kept.late_reason == "Biên bản gửi về chậm"
    assert Entry(date(2016, 12, 18), TODAY).check(None, 30).late_reason == ""  # its regulation


def test_future_and_before_opening_are_refused() -> None:
    assert code_of(Entry(date(2016, 12, 31), TODAY, "lý do")) == "entry.in_future"
    assert code_of(Entry(date(2016, 12, 17), TODAY, "x"), date(2016, 12, 18)) == (
        "entry.before_opening"
    )
    assert Entry(date(2016, 12, 18), TODAY, "x").check(date(2016, 12, 18), 7).on == date(
        2016, 12, 18
    )
    assert code_of(Entry(TODAY, TODAY, "x" * 501)) == "entry.reason_too_long"


def test_events_caused_while_entering_carry_the_reason_and_others_none() -> None:
    with entering(Entry(date(2016, 12, 18), TODAY, "Nhập từ biên bản giấy")):
        unit = Unit.register("X", UnitKind.PROVINCE, "Tỉnh X", None, date(2016, 12, 18))
    unit.rename("Tỉnh Y", date(2016, 12, 30))
    created, renamed = unit.collect_events()
    assert created.late_reason == "Nhập từ biên bản giấy" and renamed.late_reason == ""
    assert current_late_reason.get() == ""


def test_a_sealed_ballot_never_carries_a_reason_its_participation_could_share() -> None:
    with entering(Entry(date(2016, 12, 18), TODAY, "Phiếu gửi về chậm")):
        sealed = Poll.BallotSealed(
            originator_id=uuid4(),
            originator_version=2,
            timestamp=datetime.now(UTC),
            sealed="v1:abc",
        )
        cast = Poll.BallotCast(
            originator_id=uuid4(),
            originator_version=2,
            timestamp=datetime.now(UTC),
            voter=uuid4(),
            choices=[],
            absentee=True,
            on=date(2016, 12, 18),
        )
    assert "late_reason" not in sealed.__dict__ and sealed.late_reason == ""
    assert cast.__dict__["late_reason"] == "Phiếu gửi về chậm"
