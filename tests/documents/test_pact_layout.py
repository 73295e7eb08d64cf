"""The pact's layout: every word of its score table inside the page's text area (the
"thưởng tối đa 5" cell once ran past the right margin), and the signatories' heading on
the page of their lines, each signatory's name with its line."""

from __future__ import annotations

import re
import subprocess

import pytest

from service.documents.bundle import collect
from service.documents.render import Renderer, write_pdf
from service.platform.app import ThiduaApplication
from tests.documents.conftest import INPUTS, Demo

A4_WIDTH_PT = 595.28
RIGHT_MARGIN_PT = 15 / 25.4 * 72  # document.css: 15 mm
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" [^>]*>([^<]*)</word>')


@pytest.fixture(scope="module")
def pact_pdf(shared_app: ThiduaApplication, demo: Demo) -> bytes:
    doc = next(d for d in collect(shared_app, demo.year_id, inputs=INPUTS).docs if d.key == "pact")
    layout = Renderer().layout(doc.html)
    return write_pdf([layout], title="t", author="t", when=doc.on, identifier=b"0" * 16)


def test_every_word_stays_inside_the_text_area(pact_pdf: bytes) -> None:
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pact_pdf, capture_output=True, check=True
    ).stdout.decode()
    words = [(float(x1), text) for _, x1, text in WORD.findall(boxes)]
    assert any(t == "thưởng" for _, t in words)
    limit = A4_WIDTH_PT - RIGHT_MARGIN_PT + 0.5
    assert [(x, t) for x, t in words if x > limit] == []


def test_signatories_stay_with_their_heading(pact_pdf: bytes) -> None:
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pact_pdf, capture_output=True, check=True
    ).stdout.decode()
    pages = text.split("\f")
    heading = [i for i, p in enumerate(pages) if "Các đơn vị ký giao ước" in p]
    names = [i for i, p in enumerate(pages) if "ĐẠI DIỆN" in p]
    assert len(heading) == 1 and names and set(names) == set(heading)
    for page in pages:
        assert page.count("ĐẠI DIỆN") == page.count("(Đã ký giao ước") + page.count("(Chưa ký)")
