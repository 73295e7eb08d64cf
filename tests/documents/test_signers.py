"""No placeholder in a dossier people file (issue 17): the people who sign besides the
chair's certificate are data the year holds; before the first signature the bundle says
plainly it is a preview whose numbers are given at signing, on every page of each
document and in each Word file's header; the check lists each missing signer and each
undated document, and signing is refused while one is missing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path
from uuid import UUID

import docx
import pytest

from domain.year.year import EmulationYear
from service.audit.schema import create_schema
from service.demo.cluster_year import Demo as DemoLoader
from service.demo.cluster_year_data import SEED_CLUSTER, SIGNERS
from service.documents import DocumentInputs, build_bundle, render_bundle, word_files
from service.documents.bundle import collect
from service.documents.fmt import BLANK
from service.documents.letterhead import PREVIEW_MARK
from service.documents.readiness import gaps
from service.documents.signing import SigningError
from service.platform.app import ThiduaApplication
from service.platform.auth import Principal
from service.year import clusters
from tests.documents import pdftools
from tests.documents.test_render import document_pdf, flat

SECRETARY, SECRETARY_TITLE = SIGNERS["secretary"]
COUNTING_HEAD = SIGNERS["counting_head"][0]
CHAIR = SIGNERS["chair"][0]
NUMBER = re.compile(r"Số: (\S+)")
ON = date(2016, 2, 1)


def docs_of(app: ThiduaApplication, year_id: UUID, inputs: DocumentInputs | None = None) -> dict:  # type: ignore[type-arg]
    return {d.key: d for d in collect(app, year_id, (), inputs).docs}


def paper_tally(docs: dict) -> str:  # type: ignore[type-arg]
    keys = [k for k, d in docs.items() if k.startswith("tally-") and "TRƯỞNG BAN" in d.html]
    assert keys, "the demo holds a paper poll counted by the committee"
    return keys[0]


def test_the_demo_preview_names_every_signer_and_says_it_is_a_preview(
    shared_app: ThiduaApplication, demo
) -> None:  # type: ignore[no-untyped-def]
    docs = docs_of(shared_app, demo.year_id)
    minutes_pdf = document_pdf(docs["minutes"])
    minutes = flat(pdftools.text(minutes_pdf))
    assert SECRETARY in minutes and SECRETARY_TITLE.upper() in minutes and CHAIR in minutes
    assert BLANK not in minutes and "……" not in minutes
    assert "Số: (cấp khi ký)/BB-CTĐ" in minutes  # the register numbers it at signing
    pages = pdftools.page_count(minutes_pdf)
    assert pages >= 2 and minutes.count(PREVIEW_MARK) == pages  # on every page
    tally = flat(pdftools.text(document_pdf(docs[paper_tally(docs)])))
    assert COUNTING_HEAD in tally and BLANK not in tally
    proposal = flat(pdftools.text(document_pdf(docs["proposal"])))
    assert PREVIEW_MARK in proposal and CHAIR in proposal and BLANK not in proposal
    assert all(d.blank_signers == () for d in docs.values())
    assert gaps(shared_app, demo.year_id, ON) == []


def test_typed_names_win_over_the_stored_ones(shared_app: ThiduaApplication, demo) -> None:  # type: ignore[no-untyped-def]
    inputs = DocumentInputs(people={"secretary": "Trần Văn Bình"})
    minutes = flat(
        pdftools.text(document_pdf(docs_of(shared_app, demo.year_id, inputs)["minutes"]))
    )
    assert "Trần Văn Bình" in minutes and SECRETARY not in minutes
    assert SECRETARY_TITLE.upper() not in minutes  # the stored title was the stored person's


def test_the_signed_bundle_and_its_word_files_have_no_placeholder(
    own_app: ThiduaApplication, demo, signer
) -> None:  # type: ignore[no-untyped-def]
    preview = render_bundle(own_app, demo.year_id).pdf
    words = pdftools.text(preview)
    assert PREVIEW_MARK in words and "(cấp khi ký)" in words
    last = pdftools.page_count(preview)  # the contents and the appendix are marked too
    for page in (1, last):
        assert PREVIEW_MARK in pdftools.text(preview, page, page), page
    assert "(Chưa ký số)" in words and "(Đã ký số)" not in words  # not signed yet
    before = dict(word_files(own_app, demo.year_id))
    minutes_before = docx.Document(BytesIO(before["02-minutes.docx"]))
    assert minutes_before.sections[0].header.paragraphs[0].text == PREVIEW_MARK
    head = [c.text for row in minutes_before.tables[0].rows for c in row.cells]
    assert head[2] == "Số: (cấp khi ký)/BB-CTĐ"

    signed = build_bundle(own_app, demo.year_id, signer=signer)
    text = pdftools.text(signed)
    assert PREVIEW_MARK not in text and "(cấp khi ký)" not in text
    assert "(Chưa ký số)" not in text and "(Đã ký số)" in text
    assert BLANK not in text and "……" not in text
    assert SECRETARY in flat(text) and COUNTING_HEAD in flat(text)
    assert not [n for n in NUMBER.findall(text) if not n[0].isdigit()]

    after = dict(word_files(own_app, demo.year_id))
    for name, data in after.items():
        document = docx.Document(BytesIO(data))
        assert PREVIEW_MARK not in document.sections[0].header.paragraphs[0].text, name
        number = [c.text for row in document.tables[0].rows for c in row.cells][2]
        assert re.match(r"Số: \d\d/", number), (name, number)
    minutes = docx.Document(BytesIO(after["02-minutes.docx"]))
    assert minutes.paragraphs[0].text == "BIÊN BẢN" and minutes.core_properties.title
    head = [c.text for row in minutes.tables[0].rows for c in row.cells]
    assert head[2] == "Số: 03/BB-CTĐ" and head[3] == "Cao Bằng, ngày 18 tháng 12 năm 2015"
    signature = " ".join(c.text for row in minutes.tables[-1].rows for c in row.cells)
    assert SECRETARY in signature and CHAIR in signature and BLANK not in signature


@pytest.fixture
def unnamed(tmp_path: Path) -> Iterator[tuple[ThiduaApplication, UUID, Principal]]:
    """The demo's year played without anyone naming the signers."""
    url = f"sqlite:///{tmp_path / 'events.sqlite'}"
    create_schema(url)
    app = ThiduaApplication(url)
    loader = DemoLoader(app, replace(SEED_CLUSTER, signers={}))
    loader.units_and_cluster()
    year_id = loader.year()["year_id"]
    yield app, year_id, loader.officer(SEED_CLUSTER.chair)
    app.close()


def test_missing_signers_are_listed_and_refuse_the_signature_until_named(
    unnamed: tuple[ThiduaApplication, UUID, Principal], signer
) -> None:  # type: ignore[no-untyped-def]
    app, year_id, chair = unnamed
    found = gaps(app, year_id, ON)
    assert [(g.code, g.items) for g in found] == [("signers", ("secretary", "counting_head"))]
    minutes = flat(pdftools.text(document_pdf(docs_of(app, year_id)["minutes"])))
    assert BLANK in minutes  # what the store does not hold is a line to fill in
    with pytest.raises(SigningError, match="Thư ký Hội nghị; Trưởng Ban kiểm phiếu"):
        build_bundle(app, year_id, signer=signer)
    typed = DocumentInputs(people={"secretary": "A", "counting_head": "B"})
    assert gaps(app, year_id, ON, typed) == []  # typed names count as given

    changed = clusters.name_signers(
        app, chair, year_id, {"secretary": ("Nông Thị Mai", ""), "counting_head": ("B", "")}, ON
    )
    assert changed == 2 and gaps(app, year_id, ON) == []
    assert clusters.name_signers(app, chair, year_id, {"secretary": ("Nông Thị Mai", "")}, ON) == 0
    signed = flat(pdftools.text(build_bundle(app, year_id, signer=signer)))
    assert "Nông Thị Mai" in signed and BLANK not in signed


def test_an_undated_document_is_on_the_check_list(shared_app: ThiduaApplication, demo) -> None:  # type: ignore[no-untyped-def]
    year16 = EmulationYear.id_for(shared_app.get(demo.year_id).cluster_id, 2016)
    undated = [g for g in gaps(shared_app, year16, ON) if g.code == "undated"]
    assert [g.items for g in undated] == [("Bảng tổng hợp điểm tự chấm và thẩm định",)]
