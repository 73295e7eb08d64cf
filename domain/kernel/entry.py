"""Ngày thực hiện: the date an action counts for, besides the instant it is recorded.

Much of the work happens on paper first (a conference's votes, a signed report) and
is entered later. The person entering it gives the date it counts for, within the
rules: not in the future, not before the case opened, and with a reason (lý do nhập
muộn) when it is earlier than the recording date by more than the regulation allows.
Lateness against deadlines is counted on this date, never on the recording instant.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from domain.kernel.base import current_late_reason, require

REASON_MAX = 500


@dataclass(frozen=True)
class Entry:
    """An action's date (`on`), the day it is recorded (`recorded`, today in Vietnam)
    and the reason it is entered late ("" when not late)."""

    on: date
    recorded: date
    late_reason: str = ""

    @property
    def days_behind(self) -> int:
        """Whole days between the date it counts for and the day it is recorded."""
        return (self.recorded - self.on).days

    def check(self, opened: date | None, late_entry_days: int) -> Entry:
        """The entry, if within the rules; DomainError entry.* otherwise.

        `opened`: when the case opened (a year's opening date, a poll's date held, a
        review's planned date); `late_entry_days`: what the regulation allows."""
        require(self.on <= self.recorded, "entry.in_future", on=self.on, today=self.recorded)
        require(opened is None or self.on >= opened, "entry.before_opening", opened=opened)
        reason = self.late_reason.strip()
        require(len(reason) <= REASON_MAX, "entry.reason_too_long", most=REASON_MAX)
        if self.days_behind > late_entry_days:
            require(
                bool(reason),
                "entry.late_reason_required",
                on=self.on,
                days=self.days_behind,
                allowed=late_entry_days,
            )
        return Entry(self.on, self.recorded, reason)


@contextmanager
def entering(entry: Entry) -> Iterator[Entry]:
    """Every event caused inside carries `entry`'s late reason (ThiduaAggregate.Event)."""
    token = current_late_reason.set(entry.late_reason)
    try:
        yield entry
    finally:
        current_late_reason.reset(token)
