"""Uploads: type by content (PDF, DOCX, XLSX, PNG, JPEG), size limit, content-addressed
storage, served as attachments with the sniffed type; refused files store nothing."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from domain.kernel.base import DomainError
from service.platform.uploads import DOCX, JPEG, PDF, PNG, XLSX, UploadStore, sniff
from tests.web.pdfs import minimal_pdf
from tests.web.site import Site

HTML = b"<!doctype html><html><script>alert(1)</script></html>"


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def test_types_are_told_by_content() -> None:
    assert sniff(minimal_pdf("x")) == PDF
    assert sniff(b"\x89PNG\r\n\x1a\n" + b"\0" * 20) == PNG
    assert sniff(b"\xff\xd8\xff\xe0" + b"\0" * 20) == JPEG
    assert sniff(docx()) == DOCX
    assert sniff(xlsx()) == XLSX
    assert sniff(HTML) is None
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("a.txt", "x")
    assert sniff(plain_zip.getvalue()) is None


def test_files_are_stored_once_by_sha256(tmp_path: Path) -> None:
    store = UploadStore(tmp_path, limit=1_000_000)
    data = minimal_pdf("Báo cáo")
    first = store.save("Báo cáo.exe", data)
    second = store.save("khac.pdf", data)
    digest = hashlib.sha256(data).hexdigest()
    assert first.sha256 == second.sha256 == digest
    assert first.name == "Báo cáo.pdf"  # the suffix of its real type
    with pytest.raises(DomainError) as refused:
        store.save("../../etc/Báo cáo.pdf", data)  # a path in the name: refused
    assert refused.value.code == "upload.bad_name"
    assert (tmp_path / digest[:2] / digest[2:]).read_bytes() == data
    assert len(list(tmp_path.rglob("*"))) == 2  # one folder, one file
    with pytest.raises(DomainError) as e:
        UploadStore(tmp_path, limit=10).save("lon.pdf", data)
    assert e.value.code == "upload.too_large"
    with pytest.raises(DomainError):
        store.path("../../secret")


def report_form(token: str, name: str, content: bytes) -> dict[str, object]:
    return {
        "csrf_token": token,
        "kind": "midyear",
        "summary": "Báo cáo sơ kết",
        "files": (io.BytesIO(content), name),
    }


def test_html_renamed_pdf_is_refused_and_nothing_is_stored(site: Site, tmp_path: Path) -> None:
    client, token = site.login("member")
    client.post(
        f"/years/{site.year16}/register",
        data={"csrf_token": token, "title": "Cờ", "commitments": "Một"},
    )
    before = site.head()
    response = client.post(
        f"/years/{site.year16}/report",
        data=report_form(token, "bao-cao.pdf", HTML),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "không phải PDF, DOCX, XLSX, PNG hoặc JPEG" in response.get_data(as_text=True)
    assert "Báo cáo sơ kết" in response.get_data(as_text=True)  # the summary is kept
    assert site.head() == before
    assert not list((tmp_path / "uploads").rglob("*"))


def test_a_report_with_a_pdf_is_stored_and_served_as_a_download(site: Site, tmp_path: Path) -> None:
    client, token = site.login("member")
    client.post(
        f"/years/{site.year16}/register",
        data={"csrf_token": token, "title": "Cờ", "commitments": "Một"},
    )
    pdf = minimal_pdf("Bao cao so ket")
    response = client.post(
        f"/years/{site.year16}/report",
        data=report_form(token, "Báo cáo.pdf", pdf),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    digest = hashlib.sha256(pdf).hexdigest()
    assert (tmp_path / "uploads" / digest[:2] / digest[2:]).exists()
    page = client.get(f"/files/{digest}?name=Báo cáo.pdf")
    assert page.status_code == 200 and page.data == pdf
    assert page.mimetype == "application/pdf"
    assert page.headers["Content-Disposition"].startswith("attachment")
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/files/" + "0" * 64).status_code == 404
    assert site.app.test_client().get(f"/files/{digest}").status_code == 302  # sign in first


def test_oversize_files_are_refused(sqlite_site_with: Callable[..., Site]) -> None:
    site = sqlite_site_with(MAX_UPLOAD_BYTES=400)
    site.app.extensions["thidua.uploads"].limit = 400
    client, token = site.login("member")
    client.post(
        f"/years/{site.year16}/register",
        data={"csrf_token": token, "title": "Cờ", "commitments": "Một"},
    )
    before = site.head()
    big = minimal_pdf("x" * 600)
    response = client.post(
        f"/years/{site.year16}/report",
        data=report_form(token, "lon.pdf", big),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "vượt quá dung lượng cho phép" in response.get_data(as_text=True)
    assert site.head() == before
    api = site.api("member").post(
        "/api/v1/uploads",
        data={"file": (io.BytesIO(big), "lon.pdf")},
        content_type="multipart/form-data",
    )
    assert api.status_code == 422 and "file" in api.get_json()["fields"]


def test_the_api_takes_uploaded_files_by_reference(sqlite_site: Site) -> None:
    api = sqlite_site.api("member")
    pdf = minimal_pdf("API")
    stored = api.post(
        "/api/v1/uploads",
        data={"file": (io.BytesIO(pdf), "bc.pdf")},
        content_type="multipart/form-data",
    )
    assert stored.status_code == 201
    ref = stored.get_json()
    assert ref["sha256"] == hashlib.sha256(pdf).hexdigest() and ref["content_type"] == PDF
    path = f"/api/v1/years/{sqlite_site.year16}"
    api.post(path + "/register", json={"title": "Cờ", "commitments": ["Một"]})
    unknown = {**ref, "sha256": "1" * 64}
    refused = api.post(
        path + "/report", json={"kind": "midyear", "summary": "BC", "attachments": [unknown]}
    )
    assert refused.status_code == 422
    body = {
        "kind": "midyear",
        "summary": "BC",
        "attachments": [{k: ref[k] for k in ("name", "sha256", "size")}],
    }
    assert api.post(path + "/report", json=body).status_code == 200
