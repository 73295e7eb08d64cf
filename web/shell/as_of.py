"""The "as of" of a page or an API read: `?as_of=` as a day people know (30/06/2025 or
2025-06-30), a date and time, or an auditor's log position (service/year/queries.py
parses it). A page shows a bad value beside its date picker, in Vietnamese, and the
page as it is now; it never ignores it silently."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import request

from domain.kernel.base import DomainError
from service.year import queries
from web.shell.i18n import day as day_text
from web.shell.i18n import message


@dataclass(frozen=True)
class AsOf:
    text: str  # what was typed, shown back in the picker
    when: int | datetime | date | None
    error: str | None = None

    @property
    def day(self) -> date | None:
        """The day asked for, when the as-of is a day (not a position or an instant)."""
        return queries.day_of(self.when)

    @property
    def label(self) -> str:
        """The as-of as a person reads it: 30/06/2025, or what was typed."""
        return day_text(self.day) if self.day else self.text


def as_of_arg(name: str = "as_of") -> AsOf:
    """The page's as-of from the query string (a bad one: its error, and now)."""
    text = (request.args.get(name) or "").strip()[:40]
    try:
        return AsOf(text, queries.as_of(text))
    except DomainError as e:
        return AsOf(text, None, message(e))
