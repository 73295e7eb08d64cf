"""The clock: today in Vietnam, read on every call; and an action's entry, built once.

"Today" is the date in Asia/Ho_Chi_Minh (no daylight saving), unless `THIDUA_TODAY`
(yyyy-mm-dd, for demonstrations and tests) fixes it. The variable is read on each call,
never kept from start-up: changing it takes effect on the next request.

An action's entry (domain/kernel/entry.py) is built here and nowhere else: the date it
counts for (today unless the person gave another), the recording day, and the reason it
is entered late, checked against the case it acts on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.kernel.base import DEFAULT_LATE_ENTRY_DAYS
from domain.kernel.entry import Entry

try:
    VIETNAM: Any = ZoneInfo("Asia/Ho_Chi_Minh")
except ZoneInfoNotFoundError:  # no tz database on the machine: the same offset, fixed
    VIETNAM = timezone(timedelta(hours=7))
TODAY_VARIABLE = "THIDUA_TODAY"


def today(fixed: date | str | None = None) -> date:
    """`fixed` (an application's own setting) if given, else THIDUA_TODAY as it is
    now, else the date in Vietnam."""
    chosen = fixed or os.environ.get(TODAY_VARIABLE, "").strip()
    if chosen:
        return chosen if isinstance(chosen, date) else date.fromisoformat(str(chosen))
    return datetime.now(VIETNAM).date()


def entry(
    app: Any,
    cases: Iterable[UUID],
    on: date | None,
    late_reason: str,
    recorded: date,
) -> Entry:
    """The entry of an action on `cases` (the ids its address names: a year, a poll, a
    review, a term; others are ignored), recorded on `recorded`: `on` or that day, and
    the reason; DomainError entry.* when it breaks the case's rules (Entry.check).

    The case that opened last bounds the date; its regulation says how late it may be
    entered without a reason."""
    opened, late_days = bounds(app, cases)
    found = Entry(on or recorded, recorded, late_reason or "")
    return found.check(opened, late_days)


def bounds(app: Any, cases: Iterable[UUID]) -> tuple[date | None, int]:
    """The latest opening date of `cases` (None: none has one) and the late-entry days
    of the case that opened last."""
    opened: date | None = None
    late_days = DEFAULT_LATE_ENTRY_DAYS
    for case_id in cases:
        aggregate = app.find_read(case_id)  # only its dates are read: no copy
        bounds = getattr(aggregate, "entry_bounds", None)
        if bounds is None:
            continue
        case_opened, case_days = bounds()
        if case_opened is not None and (opened is None or case_opened >= opened):
            opened, late_days = case_opened, case_days
    return opened, late_days
