"""The parts every administrative document shares (Nghị định 30/2020/NĐ-CP, Phụ lục I).

The union's own rules, Quyết định 933/QĐ-TLĐ ngày 14/5/2024 (Quy định về thể loại, thẩm
quyền ban hành, thể thức và kỹ thuật trình bày văn bản của tổ chức Công đoàn Việt Nam),
rest on NĐ 30; only the decision's opening was found (its letterhead keeps the national
motto), not its rules' text, so NĐ 30's layout is kept (docs/documents-for-filing.md).

Header (parent body, issuing body, national motto), number and symbol, place and date,
the signature block (authority, title, "(Đã ký số)", position, name) and "Nơi nhận".

What the store does not hold (a venue, a number typed by hand) is an explicit input,
`DocumentInputs`; when it is not given the document shows a line to fill in (fmt.BLANK),
never an invented value. The people who sign are data the store holds (the year's
signers, domain/year/year.py `SignerNamed`); a typed name wins over the stored one.

A document the register will number when the bundle is signed, and that has no number
yet, is a preview: its number reads "Số: (cấp khi ký)/BB-CTĐ" and each of its pages
carries the mark "BẢN XEM TRƯỚC — CHƯA KÝ" (`Letterhead.preview`); a number nothing
will give (no register) stays a dotted line to fill in by hand.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from service.documents.fmt import BLANK

SIGNED = "(Đã ký số)"  # the bundle is signed with the chair's certificate (PAdES)
NUMBER_BLANK = "……"  # a number nothing will give: filled in by hand
NUMBER_AT_SIGNING = "(cấp khi ký)"  # a number the register gives when the bundle is signed
PREVIEW_MARK = "BẢN XEM TRƯỚC — CHƯA KÝ"
ABBREVIATIONS = (
    ("Liên đoàn Lao động", "LĐLĐ"),
    ("Công đoàn ngành", "CĐ ngành"),
    ("Công đoàn cơ sở", "CĐCS"),
)
PLACE_PREFIXES = (
    "Liên đoàn Lao động tỉnh ",
    "Liên đoàn Lao động thành phố ",
    "Liên đoàn Lao động ",
)


@dataclass(frozen=True)
class DocumentInputs:
    """What a real document needs and the store does not hold; all optional.

    people: role → person's name ("chair", "secretary", "counting_head", "review_head");
    numbers: document key → number and symbol ("01/TTr-CTĐ"); place: the place on the
    date line (default: the issuing unit's province); venue: where the conference met;
    symbol: the issuer's abbreviation after the document type ("TTr-CTĐ").
    """

    people: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    place: str | None = None
    venue: str | None = None
    symbol: str = "CTĐ"
    as_of: date | None = None  # made as of a day people know (that day's names, members)
    # register key → number from the issuer's register (service/documents/numbers.py);
    # filled by the bundle from the store, never typed
    registered: dict[str, str] = field(default_factory=dict)

    def person(self, role: str) -> str:
        return self.people.get(role) or BLANK

    def number(self, key: str, kind: str, stored: str | None = None, register_key: str = "") -> str:
        """The given number, else the stored reference, else the register's number,
        else "(cấp khi ký)/<kind>-<symbol>" (the register numbers it at signing), or
        "……/<kind>-<symbol>" when no register will (`register_key` empty)."""
        if key in self.numbers:
            return self.numbers[key]
        if stored:
            return stored.removeprefix("Số").strip(" :")
        if register_key in self.registered:
            return self.registered[register_key]
        pending = NUMBER_AT_SIGNING if register_key else NUMBER_BLANK
        return f"{pending}/{kind}-{self.symbol}"

    def issued(self, key: str, stored: str | None = None, register_key: str = "") -> bool:
        """The document has its number (typed, stored or registered): not a preview."""
        return self.given(key, stored) or register_key in self.registered or not register_key

    def preview(self, key: str, stored: str | None = None, register_key: str = "") -> bool:
        """A preview: the register will number this document at signing, or nothing of
        the year is numbered yet (never signed; a typed number is the person's choice)."""
        if not self.issued(key, stored, register_key):
            return True
        return bool(register_key) and not self.registered and key not in self.numbers

    def given(self, key: str, stored: str | None = None) -> bool:
        """The number is typed or stored: the register has nothing to give."""
        return key in self.numbers or bool(stored)

    def digest_source(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentInputs:
        return cls(
            people=dict(data.get("people", {})),
            numbers=dict(data.get("numbers", {})),
            place=data.get("place"),
            venue=data.get("venue"),
            symbol=data.get("symbol", "CTĐ"),
            as_of=date.fromisoformat(data["as_of"]) if data.get("as_of") else None,
        )


@dataclass(frozen=True)
class Letterhead:
    parent: str  # TÊN CƠ QUAN CHỦ QUẢN (upper case)
    issuer: str  # TÊN CƠ QUAN BAN HÀNH (upper case, bold)
    number: str  # "01/TTr-CTĐ"
    place: str
    on: Any  # date or ISO string; None leaves the date to be filled in
    preview: bool = False  # its number is given at signing: "BẢN XEM TRƯỚC — CHƯA KÝ"
    mark: str = PREVIEW_MARK


@dataclass(frozen=True)
class Signature:
    authority: str  # "TM. CỤM THI ĐUA"
    title: str  # "TRƯỞNG CỤM"
    position: str  # "CHỦ TỊCH LĐLĐ TỈNH CAO BẰNG" (may be empty)
    name: str
    note: str = SIGNED


def abbreviate(name: str) -> str:
    """ "Liên đoàn Lao động tỉnh Cao Bằng" → "LĐLĐ tỉnh Cao Bằng"."""
    for long, short in ABBREVIATIONS:
        name = name.replace(long, short)
    return name


def place_of(unit_name: str) -> str:
    """The place a unit's documents are dated at: "Liên đoàn Lao động tỉnh Cao Bằng" → "Cao Bằng"."""
    for prefix in PLACE_PREFIXES:
        if unit_name.startswith(prefix):
            return unit_name[len(prefix) :].strip()
    return unit_name


@dataclass(frozen=True)
class Numbering:
    """Where a document's number comes from: the issuer's register of `on`'s year, under
    `document` (stable: the same document rebuilt keeps its number)."""

    issuer: UUID
    document: str  # "2015/proposal": the emulation year and the document's key
    kind: str  # "TTr", "BB", ...
    given: bool  # typed or stored already: not registered


@dataclass(frozen=True)
class Doc:
    """One rendered document of a bundle: its key, its line in the contents, its HTML,
    its date, where its number comes from and whose signature it leaves unnamed."""

    key: str
    label: str
    html: str
    on: Any = None
    numbering: Numbering | None = None
    blank_signers: tuple[str, ...] = ()  # roles whose name the document leaves blank
