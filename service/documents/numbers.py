"""Document numbers from the issuers' registers (domain/year/register.py).

A bundle's documents read their numbers here (`registered`); signing a bundle first
numbers every document that has none yet (`issue`), in the register of its issuer and
of its date's year, so the signed file carries real numbers and a later rebuild the
same ones. A document without a date is not numbered (signing refuses it: bundle.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import partial
from typing import Any
from uuid import UUID

from domain.kernel.base import Actor
from domain.year.register import DocumentRegister
from service.documents.letterhead import Doc
from service.platform.app import ThiduaApplication, execute


def day_of(on: Any) -> date | None:
    if on is None or on == "":
        return None
    if isinstance(on, date):
        return on
    return date.fromisoformat(str(on)[:10])


def registered(
    app: ThiduaApplication, issuer: UUID, years: Iterable[int], prefix: str, symbol: str
) -> dict[str, str]:
    """Register key → "05/TTr-CTĐ", for the keys starting with `prefix`, in `issuer`'s
    registers of `years`."""
    found: dict[str, str] = {}
    for year in years:
        register = app.find(DocumentRegister.id_for(issuer, year))
        if isinstance(register, DocumentRegister):
            for key, entry in register.entries.items():
                if key.startswith(prefix):
                    found[key] = entry.text(symbol)
    return found


def undated(docs: Sequence[Doc]) -> list[str]:
    """The labels of the documents that would go out without a date."""
    return [d.label for d in docs if d.numbering is not None and day_of(d.on) is None]


def to_number(docs: Sequence[Doc]) -> list[Doc]:
    """The documents the registers should number: dated, and not typed or stored."""
    return [
        d
        for d in docs
        if d.numbering is not None and not d.numbering.given and day_of(d.on) is not None
    ]


def issue(app: ThiduaApplication, actor: Actor, docs: Sequence[Doc]) -> int:
    """Number `docs` (those without a number), in order; returns how many got one now."""
    by_register: dict[UUID, list[Doc]] = {}
    for d in to_number(docs):
        assert d.numbering is not None
        day = day_of(d.on)
        assert day is not None
        by_register.setdefault(DocumentRegister.id_for(d.numbering.issuer, day.year), []).append(d)
    added = 0
    for register_id, group in by_register.items():
        group.sort(key=lambda d: day_of(d.on) or date.min)  # earlier documents first
        added += execute(app, actor, partial(_number_in, app, register_id, group))
    return added


def _number_in(app: ThiduaApplication, register_id: UUID, group: list[Doc]) -> int:
    """One register's command: number `group` (same issuer, same year) in it."""
    first = group[0]
    assert first.numbering is not None
    year = (day_of(first.on) or date.min).year
    register = app.find(register_id) or DocumentRegister(issuer=first.numbering.issuer, year=year)
    before = len(register.entries)
    for d in group:
        assert d.numbering is not None
        register.assign(d.numbering.document, d.numbering.kind, day_of(d.on) or date.min)
    if len(register.entries) > before:
        app.save(register)
    return len(register.entries) - before
