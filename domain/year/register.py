"""DocumentRegister (sổ đăng ký văn bản đi): the numbers an issuing body gives its
documents in one calendar year (NĐ 30/2020/NĐ-CP, Điều 15: one sequence per year,
from 01 on 1 January, in Arabic numerals, numbers under 10 written 01 ... 09).

A document (named by a stable key: the case it belongs to and what it is) is numbered
once, when it is first issued; asked again, it keeps that number and date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import ThiduaAggregate, natural_id, require


@dataclass(frozen=True)
class Registered:
    number: int
    kind: str  # "TTr", "BB", "BC": the document type's abbreviation
    on: date

    def text(self, symbol: str) -> str:
        """ "05/TTr-CTĐ" for symbol "CTĐ"."""
        return f"{self.number:02d}/{self.kind}-{symbol}"


class DocumentRegister(ThiduaAggregate):
    TOPIC = "thidua.DocumentRegister"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.DocumentRegister.Opened"
        issuer: UUID
        year: int

    class NumberAssigned(ThiduaAggregate.Event):
        TOPIC = "thidua.DocumentRegister.NumberAssigned"
        document: str  # the stable key, e.g. "2015/proposal" (not shown to people)
        doc_type: str  # "TTr", "BB", ...
        serial: int
        on: date

    @staticmethod
    def id_for(issuer: UUID, year: int) -> UUID:
        return natural_id("document_register", issuer, year)

    @classmethod
    def create_id(cls, issuer: UUID, year: int, **_: object) -> UUID:
        return cls.id_for(issuer, year)

    @event(Created)
    def __init__(self, issuer: UUID, year: int) -> None:
        self.issuer = issuer
        self.year = year
        self.entries: dict[str, Registered] = {}

    def assign(self, document: str, kind: str, on: date) -> Registered:
        """The document's number: the one it has, or the next of the year."""
        if document in self.entries:
            return self.entries[document]
        require(bool(document.strip()) and bool(kind.strip()), "register.document_required")
        require(on.year == self.year, "register.wrong_year", year=self.year)
        self._assigned(document=document, doc_type=kind, serial=len(self.entries) + 1, on=on)
        return self.entries[document]

    @event(NumberAssigned)
    def _assigned(self, document: str, doc_type: str, serial: int, on: date) -> None:
        self.entries[document] = Registered(serial, doc_type, on)
