"""Every document of a bundle opens as a Word file, read back with python-docx: its
title, number, date and signer are those of the signed PDF (numbers from the register
given when it was signed)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import docx

from service.documents import build_bundle, word_files
from service.platform.app import ThiduaApplication
from tests.documents import pdftools
from tests.documents.conftest import CHAIR, INPUTS, Demo


def cells(document: docx.document.Document, table: int) -> list[str]:
    return [c.text for row in document.tables[table].rows for c in row.cells]


def test_each_document_as_word_matches_the_signed_pdf(
    own_app: ThiduaApplication,
    demo: Demo,
    signer,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    pdf = pdftools.text(build_bundle(own_app, demo.year_id, inputs=INPUTS, signer=signer))
    files = dict(word_files(own_app, demo.year_id, inputs=INPUTS))
    assert len(files) >= 8 and list(files)[:2] == ["01-proposal.docx", "02-minutes.docx"]

    proposal = docx.Document(BytesIO(files["01-proposal.docx"]))
    assert proposal.paragraphs[0].text == "TỜ TRÌNH"
    head = cells(proposal, 0)
    assert head[2].startswith("Số: 01/TTr-CTĐ") and head[3] == "Cao Bằng, ngày 15 tháng 01 năm 2016"
    assert CHAIR in cells(proposal, len(proposal.tables) - 1)[1]
    assert proposal.core_properties.title == "Tờ trình đề nghị khen thưởng"

    minutes = docx.Document(BytesIO(files["02-minutes.docx"]))
    assert minutes.paragraphs[0].text == "BIÊN BẢN"
    number, dateline = cells(minutes, 0)[2:4]
    assert number == "Số: 03/BB-CTĐ" and number in pdf
    assert dateline == "Cao Bằng, ngày 18 tháng 12 năm 2015"
    assert CHAIR in cells(minutes, len(minutes.tables) - 1)[1]
    for name, data in files.items():  # every file opens, with its number line
        assert cells(docx.Document(BytesIO(data)), 0)[2].startswith("Số: "), name
        assert "……/" not in cells(docx.Document(BytesIO(data)), 0)[2], name
