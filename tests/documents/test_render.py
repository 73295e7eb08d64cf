"""Each document rendered from the demo store: pages as PNG, Vietnamese text with its
diacritics in the PDF's text layer, only the bundled Liberation Serif embedded, the
administrative format's fixed parts, page numbers from page 2, Vietnamese numbers."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError

from service.documents.bundle import collect
from service.documents.fmt import BLANK, number, place_date, signed
from service.documents.letterhead import PREVIEW_MARK, DocumentInputs
from service.documents.render import ASSETS, AssetFetcher, Renderer, write_pdf
from service.platform.app import ThiduaApplication
from tests.documents import pdftools
from tests.documents.conftest import CHAIR, INPUTS, Demo


def document_pdf(doc: Any, renderer: Renderer | None = None) -> bytes:
    """One document of the bundle on its own, as PDF/A-3b, to look at it alone."""
    layout = (renderer or Renderer()).layout(doc.html)
    when = datetime(1970, 1, 1, tzinfo=UTC)
    identifier = hashlib.sha256(doc.html.encode()).digest()[:16]
    return write_pdf([layout], title=doc.label, author="thidua", when=when, identifier=identifier)


NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# What each document must say (pdftotext of its pages), diacritics and all.
EXPECTED = {
    "proposal": [
        "TỜ TRÌNH",
        "Kính gửi: Tổng Liên đoàn Lao động Việt Nam",
        "Liên đoàn Lao động tỉnh Quảng Ninh",
        "Cờ thi đua của Tổng Liên",
        "Cao Bằng, ngày 15 tháng 01 năm 2016",
        "TM. CỤM THI ĐUA",
        "TRƯỞNG CỤM",
        "CHỦ TỊCH LĐLĐ TỈNH CAO BẰNG",
        "Nơi nhận:",
        "- Lưu: VT",
        "101,4",
    ],
    "minutes": [
        "BIÊN BẢN",
        "Hội nghị tổng kết công tác thi đua năm 2015",
        "THƯ KÝ HỘI NGHỊ",
        "Liên đoàn Lao động tỉnh Điện Biên (có phiếu gửi)",
        "trúng cử Trưởng Cụm năm 2016",
    ],
    "tally-1": [
        "BIÊN BẢN KIỂM PHIẾU",
        "Suy tôn đơn vị dẫn đầu Cụm thi đua năm 2015",
        "Bỏ phiếu kín",
        "Số phiếu nhận được",
        "100,0%",
    ],
    "tally-5": [
        "BIÊN BẢN KIỂM PHIẾU",
        "Bầu Phó Cụm thi đua năm 2016",
        "Số phiếu phát ra",
        "Số phiếu không hợp lệ",
        "TM. BAN KIỂM PHIẾU",
        "57,1%",
    ],
    "scores": [
        "BẢNG TỔNG HỢP ĐIỂM",
        "Điểm thẩm định theo từng tiêu chí",
        "93,9",
        "-1,5",
        "Số đoàn viên phát triển mới",
        "320 người",
    ],
    "pact": [
        "GIAO ƯỚC THI ĐUA",
        "Phát triển đoàn viên, thành lập Công đoàn cơ sở",
        "ĐẠI DIỆN LĐLĐ TỈNH ĐIỆN BIÊN",
        "(Đã ký giao ước ngày 05/12/2014)",
    ],
    "compiled-midyear": [
        "BÁO CÁO",
        "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2015",
        "Chậm 3 ngày",
        "so-ket-6-thang-hagiang.pdf",
    ],
    "compiled-yearend": [
        "BÁO CÁO",
        "Tổng kết công tác thi đua, khen thưởng năm 2015",
        "TÌNH HÌNH THỰC HIỆN KẾ HOẠCH HOẠT ĐỘNG CỦA CỤM",
    ],
    "review": [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH",
        "Lạng Sơn, ngày 10 tháng 3 năm 2016",
        "Sơ kết nửa nhiệm kỳ thực hiện Nghị quyết Đại hội Công đoàn tỉnh Lạng Sơn",
        "TM. BAN THƯỜNG VỤ",
        "Lô Tiến Sơn",
        "Chậm tiến độ",
        "Liên đoàn Lao động huyện Văn Quan",
    ],
}


@pytest.fixture(scope="module")
def rendered(shared_app: ThiduaApplication, demo: Demo) -> dict[str, bytes]:
    collected = collect(shared_app, demo.year_id, [demo.campaign_id], INPUTS)
    renderer = Renderer()
    out = {}
    for doc in collected.docs:
        key = "review" if doc.key.startswith("review-") else doc.key
        out[key] = document_pdf(doc, renderer)
    return out


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_document_of_the_bundle_is_rendered(rendered: dict[str, bytes]) -> None:
    assert set(EXPECTED) <= set(rendered)
    tallies = [k for k in rendered if k.startswith("tally-")]
    assert len(tallies) == 5  # leading, flag, merit, chair, vice-chair


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_document_text_pages_and_fonts(
    key: str, rendered: dict[str, bytes], tmp_path: Path
) -> None:
    pdf = rendered[key]
    text = flat(pdftools.text(pdf))
    for phrase in [NATION, MOTTO, *EXPECTED[key]]:
        assert phrase in text, (key, phrase)
    pages = pdftools.pngs(pdf, tmp_path, key)
    assert len(pages) == pdftools.page_count(pdf) >= 1
    for page in pages:  # A4 portrait at 50 dpi: 413.4 × 584.6 pixels
        width, height = pdftools.png_size(page)
        assert (413 <= width <= 414) and (584 <= height <= 585)
        assert page.stat().st_size > 4_000  # something is drawn on it
    assert all(
        name.split("+", 1)[1].startswith("Liberation-Serif-Thidua")
        for name in pdftools.font_names(pdf)
    )
    assert pdftools.embedded_font_families(pdf) == {"Liberation Serif"}


def test_page_numbers_start_on_page_two(rendered: dict[str, bytes]) -> None:
    pdf = rendered["scores"]
    assert pdftools.page_count(pdf) >= 2
    first = pdftools.text(pdf, 1, 1).replace(PREVIEW_MARK, "").split()  # a preview's mark
    second = pdftools.text(pdf, 2, 2).replace(PREVIEW_MARK, "").split()
    assert first[0] != "1" and second[0] == "2"


def test_secret_ballots_show_tallies_and_who_voted_never_choices(
    rendered: dict[str, bytes],
) -> None:
    secret = flat(pdftools.text(rendered["tally-3"]))  # merit: secret, electronic
    assert "chỉ ghi các đơn vị đã bỏ phiếu" in secret and "Lựa chọn" not in secret
    open_vote = flat(pdftools.text(rendered["tally-4"]))  # chair: an open vote
    assert "biểu quyết công khai" in open_vote and "Lựa chọn" in open_vote


def test_what_the_store_holds_fills_the_documents_without_typing(
    shared_app: ThiduaApplication, demo: Demo
) -> None:
    docs = {d.key: d for d in collect(shared_app, demo.year_id, (), DocumentInputs()).docs}
    proposal = flat(pdftools.text(document_pdf(docs["proposal"])))
    assert CHAIR in proposal and BLANK not in proposal  # the year's signers hold the name
    minutes = flat(pdftools.text(document_pdf(docs["minutes"])))
    assert "Số: (cấp khi ký)/BB-CTĐ" in minutes  # no number yet: given at signing
    assert BLANK not in minutes  # the secretary too (tests/documents/test_signers.py)


def test_inputs_fill_the_numbers_names_and_place() -> None:
    inputs = DocumentInputs(numbers={"minutes": "12/BB-CTĐBGPB"}, place="Lào Cai")
    assert inputs.number("minutes", "BB") == "12/BB-CTĐBGPB"
    assert inputs.number("proposal", "TTr", "Số 01/TTr-CTĐ") == "01/TTr-CTĐ"
    assert inputs.number("scores", "BTH") == "……/BTH-CTĐ"


def test_vietnamese_numbers_and_dates() -> None:
    assert [number("9.5"), number(1000), number("1234567.25"), number("95.00")] == [
        "9,5",
        "1.000",
        "1.234.567,25",
        "95",
    ]
    assert (signed("-1.5"), signed(2), signed(0)) == ("-1,5", "+2", "0")
    assert place_date("Cao Bằng", "2016-01-05") == "Cao Bằng, ngày 05 tháng 01 năm 2016"
    assert place_date("Cao Bằng", "2015-12-18") == "Cao Bằng, ngày 18 tháng 12 năm 2015"
    assert place_date("Lạng Sơn", "2016-03-10") == "Lạng Sơn, ngày 10 tháng 3 năm 2016"


@pytest.mark.parametrize(
    "html",
    [
        '<img src="file:///etc/passwd">',
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
        "<style>@font-face { font-family: X; src: url(file:///etc/hostname) }"
        " p { font-family: X }</style><p>x</p>",
        '<img src="../../../../etc/passwd">',
    ],
)
def test_rendering_fetches_nothing_outside_the_assets(html: str) -> None:
    fetcher = AssetFetcher()
    with pytest.raises(FatalURLFetchingError):
        HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher).render()
    assert fetcher.refused


def test_the_assets_themselves_are_served() -> None:
    fetcher = AssetFetcher()
    css = fetcher.fetch((ASSETS / "css" / "document.css").as_uri())
    assert b"@font-face" in css.read()
    assert fetcher.path_of((ASSETS / ".." / "app.py").resolve().as_uri()) is None
