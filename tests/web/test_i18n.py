"""Vietnamese first, English complete: every wrapped text has its English wording, the
compiled catalogue matches its source, and a page switched to English reads English.
Numbers and dates: 9,5 and 05/12/2015 in Vietnamese."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.web.site import Site
from web.shell.i18n import day, number

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "web/translations/en/LC_MESSAGES/messages.po"


def test_every_text_has_its_english_wording(tmp_path: Path) -> None:
    pot = tmp_path / "m.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "extract", "-F", "web/babel.cfg", "-k", "_l", "-k", "lazy_gettext",
                    "--no-location", "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    wanted = {m.id for m in read_po(pot.open("rb")) if m.id}
    english = {m.id: m.string for m in read_po(PO.open("rb")) if m.id}
    assert len(wanted) > 300
    assert wanted - set(english) == set(), "run the update in README (Languages)"
    assert not [i for i in wanted if not english[i]], "untranslated"


def test_the_compiled_catalogue_matches_its_source() -> None:
    source = {m.id: m.string for m in read_po(PO.open("rb")) if m.id}
    compiled = {m.id: m.string for m in read_mo(PO.with_suffix(".mo").open("rb")) if m.id}
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
