"""The legal basis lines ("Căn cứ ...") of the award proposal and the pact come from the
regulation version the year was opened under: the demo's (seed 000's Hướng dẫn 650), and
another version's decree and union decision when the year carries that one."""

from __future__ import annotations

import re
from dataclasses import replace

from service.documents import year_docs
from service.documents.bundle import collect
from service.documents.case import read_cases
from service.platform.app import ThiduaApplication
from tests.documents.conftest import INPUTS, Demo


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_demo_year_cites_its_regulation(shared_app: ThiduaApplication, demo: Demo) -> None:
    docs = {d.key: words(d.html) for d in collect(shared_app, demo.year_id, inputs=INPUTS).docs}
    assert "Căn cứ Hướng dẫn số 650/HD-TLĐ ngày 29/4/2011 của Tổng Liên đoàn" in docs["proposal"]
    assert "(bản số 1, có hiệu lực từ ngày 07/06/2011);" in docs["proposal"]
    assert "Thực hiện Hướng dẫn số 650/HD-TLĐ" in docs["pact"]


def test_another_regulation_version_gives_other_lines(
    shared_app: ThiduaApplication, demo: Demo
) -> None:
    facts = collect(shared_app, demo.year_id, inputs=INPUTS).facts
    facts.year.regulation = replace(
        facts.year.regulation,
        decree="Nghị định số 152/2025/NĐ-CP của Chính phủ",
        union_decision="Quyết định số 999/QĐ-TLĐ ngày 29/5/2024",
    )
    case = read_cases(shared_app, [demo.year_id])
    proposal = year_docs.award_proposal(facts, case, INPUTS)
    assert proposal is not None
    text = words(proposal.html)
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ;" in text
    assert "Căn cứ Quyết định số 999/QĐ-TLĐ ngày 29/5/2024;" in text
    assert "650/HD-TLĐ" not in text
    pact = year_docs.pact(facts, case, INPUTS)
    assert pact is not None and "Thực hiện Nghị định số 152/2025/NĐ-CP" in words(pact.html)
