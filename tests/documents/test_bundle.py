"""The bundle before signing: PDF/A-3b with the extract and checkpoint attached, the
checkpoint printed on the last page, reproducible bytes, an extract that proves itself
against the checkpoint (and fails when any line is changed)."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO
from uuid import uuid4

import pytest

from domain.kernel.base import DomainError
from domain.org.unit import Unit, UnitKind
from service.audit.chain import checkpoint
from service.documents import DocumentInputs, render_bundle
from service.documents.bundle import Rendered
from service.documents.embedded import files
from service.documents.extract_check import check_extract
from service.platform.app import ThiduaApplication
from service.platform.wording import text
from tests.documents import pdftools
from tests.documents.conftest import INPUTS, Demo


@pytest.fixture(scope="module")
def bundle(shared_app: ThiduaApplication, demo: Demo) -> Rendered:
    return render_bundle(shared_app, demo.year_id, reviews=[demo.campaign_id], inputs=INPUTS)


def test_same_events_give_the_same_bytes(
    bundle: Rendered, own_app: ThiduaApplication, demo: Demo
) -> None:
    again = render_bundle(own_app, demo.year_id, reviews=[demo.campaign_id], inputs=INPUTS)
    assert again.pdf == bundle.pdf
    # An event of another case (a new unit elsewhere) changes nothing in this bundle.
    own_app.save(Unit.register("HN", UnitKind.PROVINCE, "LĐLĐ Hà Nội", None, date(2025, 7, 1)))
    later = render_bundle(own_app, demo.year_id, reviews=[demo.campaign_id], inputs=INPUTS)
    assert later.pdf == bundle.pdf
    # Different inputs are a different bundle (a typed name other than the stored one).
    typed = DocumentInputs(people={"chair": "Trần Văn Bình"})
    other = render_bundle(own_app, demo.year_id, reviews=[demo.campaign_id], inputs=typed)
    assert other.pdf != bundle.pdf


def test_pdfa3b_with_the_extract_and_checkpoint_attached(bundle: Rendered) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(bundle.pdf), strict=False)
    attached = files(reader)
    assert set(attached) == {"events.jsonl", "checkpoint.json"}
    assert all(f.relationship == "Source" and f.matches_params for f in attached.values())
    assert attached["events.jsonl"].data == bundle.extract.events
    xmp = reader.root["/Metadata"].get_object().data.decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert len({ref.idnum for ref in reader.root["/AF"]}) == 2  # WeasyPrint lists each twice
    manifest = json.loads(attached["checkpoint.json"].data)
    assert manifest["checkpoint"]["head"] == bundle.checkpoint.head
    assert [c["kind"] for c in manifest["cases"]] == ["year", "review"]


def test_contents_first_checkpoint_printed_last(bundle: Rendered) -> None:
    pages = pdftools.page_count(bundle.pdf)
    assert bundle.documents[-1][2] == pages  # the contents' page ranges end on the last page
    first = " ".join(pdftools.text(bundle.pdf, 1, 1).split())
    assert "HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG" in first and "DANH MỤC TÀI LIỆU" in first
    for _label, start, end in bundle.documents[:3]:
        assert f"{start}–{end}" in first
    last = pdftools.text(bundle.pdf, pages, pages, layout=False)
    cp = bundle.checkpoint
    assert "Xác thực hồ sơ điện tử" in last
    for value in (str(cp.position), cp.head, cp.merkle_root, bundle.extract.sha256):
        assert value in "".join(last.split())  # long hashes wrap in their table cell
    assert pdftools.embedded_font_families(bundle.pdf) == {"Liberation Serif"}
    _label, start, end = bundle.documents[-1]  # the appendix names the cases it covers
    appendix = " ".join(pdftools.text(bundle.pdf, start, end, layout=False).split())
    assert "Năm thi đua 2015 của Cụm thi đua" in appendix, appendix[:600]
    assert "Đợt sơ kết: Sơ kết nửa nhiệm kỳ" in appendix and "(mã hồ sơ" in appendix


def test_the_checkpoint_is_the_chain_at_the_cases_last_event(
    bundle: Rendered, shared_app: ThiduaApplication
) -> None:
    whole = checkpoint(shared_app)
    cp = bundle.checkpoint
    assert cp.position == whole.position  # the review's last event is the store's last
    assert (cp.head, cp.merkle_root, cp.count) == (whole.head, whole.merkle_root, whole.count)


def test_year_only_bundle_stops_at_the_years_last_event(
    shared_app: ThiduaApplication, demo: Demo
) -> None:
    rendered = render_bundle(shared_app, demo.year_id, inputs=INPUTS)
    report = check_extract(rendered.extract.events, rendered.extract.manifest)
    assert report.ok, report.problems
    assert rendered.checkpoint.position < checkpoint(shared_app).position
    assert report.events == rendered.extract.count > 300


def test_the_extract_proves_itself_against_the_checkpoint(bundle: Rendered) -> None:
    events, manifest = bundle.extract.events, bundle.extract.manifest
    assert check_extract(events, manifest).ok
    lines = events.decode().splitlines()

    edited = json.loads(lines[10])
    edited["state"] = edited["state"].replace("{", "{ ", 1)  # the stored bytes, not the meaning
    report = check_extract(_with(lines, 10, edited), _restated(manifest, _with(lines, 10, edited)))
    assert not report.ok
    assert any("mắt xích băm không khớp" in p for p in report.problems)

    relinked = json.loads(lines[10])  # a forger who also recomputes the link
    relinked["data"] = {"forged": True}
    report = check_extract(_with(lines, 10, relinked), manifest)
    assert any("không khớp mã băm SHA-256" in p for p in report.problems)

    dropped = ("\n".join(lines[:5] + lines[6:]) + "\n").encode()
    report = check_extract(dropped, _restated(manifest, dropped, len(lines) - 1))
    assert any("thiếu sự kiện của luồng" in p or "mắt xích trước" in p for p in report.problems)


def _with(lines: list[str], i: int, record: dict) -> bytes:  # type: ignore[type-arg]
    changed = [*lines]
    changed[i] = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return ("\n".join(changed) + "\n").encode()


def _restated(manifest: bytes, events: bytes, count: int | None = None) -> bytes:
    """checkpoint.json restated for changed events (a forger would do this too)."""
    import hashlib

    data = json.loads(manifest)
    data["extract"].update(sha256=hashlib.sha256(events).hexdigest(), size=len(events))
    if count is not None:
        data["extract"]["events"] = count
    return json.dumps(data).encode()


def test_an_unknown_year_or_review_is_refused_in_vietnamese(
    shared_app: ThiduaApplication, demo: Demo
) -> None:
    with pytest.raises(DomainError) as year:
        render_bundle(shared_app, uuid4())
    assert text(year.value) == "Không tìm thấy năm thi đua."
    with pytest.raises(DomainError) as review:
        render_bundle(shared_app, demo.year_id, reviews=[uuid4()])
    assert text(review.value) == "Không tìm thấy đợt sơ kết."
