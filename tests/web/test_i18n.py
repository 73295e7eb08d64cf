"""Vietnamese first, English complete: every wrapped text and every coded message has its
English wording, the compiled catalogue matches its source, every code the domain and
the service raise is worded, and a page switched to English reads English. Numbers and
dates: 9,5 and 05/12/2015 in Vietnamese."""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from domain.kernel.messages import Listing, Phrase
from service.platform.wording import CATALOGUE, FALLBACK, render
from tests.web.site import Site
from web.shell.i18n import day, number

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "web/translations/en/LC_MESSAGES/messages.po"


def test_every_text_has_its_english_wording(tmp_path: Path) -> None:
    pot = tmp_path / "m.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [
            str(pybabel),
            "extract",
            "-F",
            "web/babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "N_",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    wanted = {m.id for m in read_po(pot.open("rb")) if m.id}
    catalogue = read_po(PO.open("rb"))
    english = {m.id: m.string for m in catalogue if m.id}
    assert len(wanted) > 300
    assert wanted - set(english) == set(), "run the update in README (Languages)"
    assert set(english) - wanted == set(), "no longer used: run the update in README"
    forms = {i: english[i] if isinstance(english[i], tuple) else (english[i],) for i in wanted}
    assert not [i for i, texts in forms.items() if not all(texts)], "untranslated"
    assert not [m.id for m in catalogue if m.id and m.fuzzy] and not catalogue.obsolete
    assert not [(m.id, e) for m, e in catalogue.check()], "placeholders differ"


def test_every_coded_message_reads_the_same_in_both_languages() -> None:
    """Each code's Vietnamese text is a message id with English, and both languages
    fill in the same params ({since:%d/%m/%Y}: babel checks only %-placeholders)."""
    english = {m.id: m.string for m in read_po(PO.open("rb")) if m.id}
    for code, vi in [*CATALOGUE.items(), ("(fallback)", FALLBACK)]:
        assert english.get(vi), code
        assert _fields(vi) == _fields(english[vi]), code


def _fields(text: str) -> list[tuple[str, str]]:
    return sorted((n, f or "") for _, n, f, _ in string.Formatter().parse(text) if n)


CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")
RAISING = {"require", "DomainError", "problem", "Problem", "_refuse", "canonical_decimal", "Phrase"}


def test_every_code_raised_in_the_domain_and_the_service_is_worded() -> None:
    """Each code literal given to require(), DomainError() or a table problem, and every
    other literal of a catalogue area's form ("poll.too_many_rounds"), has its wording."""
    areas = {code.split(".")[0] for code in CATALOGUE}
    raised: dict[str, str] = {}
    for path in [*(ROOT / "domain").rglob("*.py"), *(ROOT / "service").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _name(n) in RAISING]
        given = {id(a) for call in calls for a in call.args}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if CODE.match(node.value) and (id(node) in given or node.value.split(".")[0] in areas):
                raised[node.value] = str(path.relative_to(ROOT))
    assert len(raised) > 200
    assert {c: p for c, p in raised.items() if c not in CATALOGUE} == {}


def _name(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")


def test_wording_inside_a_message_follows_its_language() -> None:
    status = Phrase("review.report_status.returned")
    assert render("review.report_locked", "vi", {"status": status}) == (
        "Báo cáo đang ở trạng thái “trả lại để chỉnh sửa”, không thể sửa."
    )
    assert render("review.report_locked", "en", {"status": status}) == (
        "The report cannot be changed in its current state (returned for revision)."
    )
    parts = Listing((Phrase("review.narrative.causes"), Phrase("review.narrative.lessons")))
    assert render("review.narrative_missing", "en", {"parts": parts}) == (
        "The report is missing: causes, lessons learned."
    )
    assert render("no.such_code", "en", {}) == "Action refused (no.such_code)."


def test_a_count_of_one_reads_right_in_english() -> None:
    """English words a count so that one and many both read: the count after a colon."""
    assert render("poll.too_many_choices", "en", {"max": 1}) == "Choices per ballot: at most 1."
    assert render("awards.cap_exceeded", "en", {"award": "Cờ thi đua", "cap": 1}) == (
        "Too many units proposed for Cờ thi đua: at most 1."
    )


def test_the_compiled_catalogue_matches_its_source() -> None:
    def texts(catalogue: Any) -> dict[Any, Any]:  # a plural's id and forms: a sequence
        return {
            m.id if isinstance(m.id, str) else tuple(m.id): (
                m.string if isinstance(m.string, str) else tuple(m.string)
            )
            for m in catalogue
            if m.id
        }

    source = texts(read_po(PO.open("rb")))
    compiled = texts(read_mo(PO.with_suffix(".mo").open("rb")))
    assert compiled == source, "run: pybabel compile -d web/translations"


def test_vietnamese_numbers_and_dates(sqlite_site: Site) -> None:
    with sqlite_site.app.test_request_context("/"):
        assert number(Decimal("9.5")) == "9,5"
        assert number(Decimal("1234.25")) == "1.234,25"
        assert day(date(2015, 12, 5)) == day("2015-12-05") == "05/12/2015"


def test_a_page_in_english(site: Site) -> None:
    client, token = site.login("member")
    vi = client.get(f"/years/{site.year15}").get_data(as_text=True)
    assert '<html lang="vi">' in vi and "Bảng điểm và xếp hạng" in vi and ">93,9<" in vi
    client.post("/language", data={"csrf_token": token, "lang": "en", "next": "/"})
    en = client.get(f"/years/{site.year15}").get_data(as_text=True)
    assert '<html lang="en">' in en
    for text in (
        "Scores and standings",
        "Sign out",
        "Emulation criteria and benchmark scores",
        "Chair",
        "Vice-chair",
        "leading unit",
        "Self-scores and appraised scores",
    ):
        assert text in en, text
    assert "Bảng điểm và xếp hạng" not in en
    assert ">93.9<" in en  # decimals the English way
    refused = client.post(
        f"/years/{site.year15}/criteria/adopt", data={"csrf_token": token, "version": "2"}
    )
    assert refused.status_code == 403
    assert "You are not allowed to do this." in refused.get_data(as_text=True)
    invalid = client.post(f"/years/{site.year16}/register", data={"csrf_token": token, "title": ""})
    assert invalid.status_code == 422
    assert "Must not be empty." in invalid.get_data(as_text=True)
