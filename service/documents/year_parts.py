"""Letterhead and signature of the cluster's documents (issued by the year's chair)."""

from __future__ import annotations

from typing import Any

from service.documents.fmt import BLANK, day
from service.documents.letterhead import (
    DocumentInputs,
    Letterhead,
    Numbering,
    Signature,
    abbreviate,
    place_of,
)
from service.documents.year_data import YearFacts

CLUSTER_RECIPIENTS = ("Các thành viên trong Cụm", "Lưu: VT, Thường trực Cụm")


def cluster_head(
    f: YearFacts, inputs: DocumentInputs, key: str, kind: str, on: Any, stored: str | None = None
) -> Letterhead:
    chair = f.name(f.year.chair)
    registered_as = register_key(f, key)
    return Letterhead(
        parent=abbreviate(f.parent_name).upper(),
        issuer=f.cluster.name.upper(),
        number=inputs.number(key, kind, stored, registered_as),
        place=inputs.place or place_of(chair),
        on=on,
        preview=inputs.preview(key, stored, registered_as),
    )


def register_key(f: YearFacts, key: str) -> str:
    """A year document's name in the cluster's register: "2015/proposal"."""
    return f"{f.year.year}/{key}"


def cluster_numbering(
    f: YearFacts, inputs: DocumentInputs, key: str, kind: str, stored: str | None = None
) -> Numbering:
    """A year document is numbered in its cluster's register."""
    return Numbering(f.cluster.id, register_key(f, key), kind, inputs.given(key, stored))


def person(f: YearFacts, inputs: DocumentInputs, role: str) -> str:
    """Who signs in `role`: the typed name, else the one the year records (the chair's
    "người ký các văn bản"), else a line to fill in (fmt.BLANK)."""
    typed = inputs.people.get(role)
    if typed:
        return typed
    signer = f.year.signers.get(role)
    return signer.name if signer else BLANK


def named_signature(
    f: YearFacts, inputs: DocumentInputs, role: str, authority: str, title: str
) -> Signature:
    """A signature block without "(Đã ký số)" (signed on paper at the conference): the
    person the year records in `role`, with the title recorded beside the name."""
    signer = f.year.signers.get(role)
    position = signer.title.upper() if signer and not inputs.people.get(role) else ""
    return Signature(authority, title, position, person(f, inputs, role), note="")


def blank_roles(*signed: tuple[str, Signature]) -> tuple[str, ...]:
    """The roles whose signature block is left without a name."""
    return tuple(role for role, s in signed if s.name == BLANK)


def chair_signature(f: YearFacts, inputs: DocumentInputs) -> Signature:
    chair = f.name(f.year.chair)
    position = f"Chủ tịch {abbreviate(chair)}".upper() if chair else ""
    return Signature("TM. CỤM THI ĐUA", "TRƯỞNG CỤM", position, person(f, inputs, "chair"))


def legal_basis(f: YearFacts) -> list[str]:
    """The year's legal basis ("Căn cứ ..."), from the regulation version the year was
    opened under: its decree, the union's decision it follows, and that version itself."""
    regulation = f.year.regulation
    lines = [t.strip().rstrip(";.") for t in (regulation.decree, regulation.union_decision)]
    version = f.cluster.versions.get(regulation.version)
    rules = f"Quy chế hoạt động của {f.cluster.name}"
    if version is not None and regulation.version:
        rules += f" (bản số {regulation.version}"
        if version.effective_on is not None:
            rules += f", có hiệu lực từ ngày {day(version.effective_on)}"
        rules += ")"
    return [line for line in lines if line] + [rules]
