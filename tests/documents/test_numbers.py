"""Signing numbers every document of the bundle from the cluster's register (events):
no "……" number is left; the same bundle built again keeps its numbers; a preview made
before the first signature says the number is given at signing. The chair's signature
block names the person of the signing certificate when no name is given."""

from __future__ import annotations

import re
from datetime import date
from uuid import uuid4

from domain.year.register import DocumentRegister
from domain.year.year import EmulationYear
from service.documents import DocumentInputs, build_bundle, render_bundle
from service.documents.letterhead import Doc, Numbering
from service.documents.numbers import to_number, undated
from service.documents.signing import signer_name
from service.platform.app import ThiduaApplication
from tests.documents import pdftools
from tests.documents.conftest import INPUTS, Demo

NUMBER = re.compile(r"Số: (\S+)")


def numbers(pdf: bytes) -> list[str]:
    return NUMBER.findall(pdftools.text(pdf))


def test_signing_numbers_every_document_once(
    own_app: ThiduaApplication, demo: Demo, signer
) -> None:  # type: ignore[no-untyped-def]
    preview = numbers(render_bundle(own_app, demo.year_id, inputs=INPUTS).pdf)
    assert any(n.startswith("(cấp") for n in preview)  # "Số: (cấp khi ký)/BB-CTĐ"

    signed = build_bundle(own_app, demo.year_id, inputs=DocumentInputs(), signer=signer)
    first = numbers(signed)
    words = pdftools.text(signed, layout=False)
    assert words.count("Hoàng Đức Hạnh (phát triển)") >= 8  # the certificate's subject name
    assert len(first) == len(preview) >= 8
    assert not [n for n in first if "…" in n]
    assert {"01/GƯ-CTĐ", "01/BC-CTĐ", "02/BC-CTĐ", "03/BB-CTĐ", "09/BTH-CTĐ"} <= set(first)

    year: EmulationYear = own_app.get(demo.year_id)
    register = own_app.get(DocumentRegister.id_for(year.cluster_id, 2015))
    assert sorted(e.number for e in register.entries.values()) == list(range(1, 10))
    version = register.version

    again = numbers(build_bundle(own_app, demo.year_id, inputs=INPUTS, signer=signer))
    assert again == first
    assert own_app.get(register.id).version == version  # nothing numbered twice
    assert numbers(render_bundle(own_app, demo.year_id, inputs=INPUTS).pdf) == first


def test_the_signer_is_the_certificates_subject(signer) -> None:  # type: ignore[no-untyped-def]
    assert signer_name(signer) == "Hoàng Đức Hạnh (phát triển)"
    assert signer_name(object()) is None


def test_an_undated_document_is_listed_and_not_numbered() -> None:
    issuer = uuid4()
    dated = Doc(
        "minutes",
        "Biên bản",
        "",
        date(2015, 12, 18),
        Numbering(issuer, "2015/minutes", "BB", False),
    )
    blank = Doc(
        "scores", "Bảng tổng hợp điểm", "", None, Numbering(issuer, "2015/scores", "BTH", False)
    )
    typed = Doc(
        "proposal",
        "Tờ trình",
        "",
        date(2016, 1, 5),
        Numbering(issuer, "2015/proposal", "TTr", True),
    )
    assert undated([dated, blank, typed]) == ["Bảng tổng hợp điểm"]
    assert to_number([dated, blank, typed]) == [dated]
