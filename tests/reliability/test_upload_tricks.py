"""Hostile uploads: too large, HTML renamed .pdf, zip bombs named .docx, path tricks in
the file name. Each is refused with a Vietnamese message, by the report form (422, the
form again) and by POST /api/v1/uploads (422 JSON), and nothing is stored: no event,
no file left in the upload folder. A valid file whose command is then refused leaves
no file either (the form's files are held aside until the command succeeds), and a
refusal never removes a file that an earlier, accepted report stored.

The zip bombs are built here: 2 GiB of zeros as 32 members of 64 MiB (about 2 MB
zipped, under the limit), and one whose [Content_Types].xml itself expands to 64 MiB.
The check must judge them without expanding them: its peak memory is measured.
"""

from __future__ import annotations

import hashlib
import io
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.kernel.base import DomainError
from service.platform.uploads import UploadStore
from service.platform.wording import render
from tests.reliability.hostile import module_ballot_key, worded
from tests.web.pdfs import minimal_pdf
from tests.web.site import Demos, Site

LIMIT_MB = 3
DOCX_TYPES = (
    '<Types><Override PartName="/word/document.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
PDF = minimal_pdf("Báo cáo sơ kết")


def _raw_member(
    z: zipfile.ZipFile, out: io.BytesIO, name: str, blob: bytes, crc: int, size: int
) -> None:
    """Append a member whose deflated bytes are already made (compressing 2 GiB in the
    test would take seconds); the zip's directory is written by zipfile as usual."""
    info = zipfile.ZipInfo(name, date_time=(2016, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.CRC, info.compress_size, info.file_size = crc, len(blob), size
    info.header_offset = out.tell()
    out.write(info.FileHeader(zip64=False))
    out.write(blob)
    z.filelist.append(info)
    z.NameToInfo[name] = info
    z.start_dir = out.tell()


def _deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def zip_bomb(members: int = 32, each: int = 64 << 20) -> bytes:
    """A valid-looking DOCX whose members expand to members × each bytes of zeros."""
    zeros = bytes(each)
    blob, crc = _deflated(zeros), zlib.crc32(zeros)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", DOCX_TYPES + "</Types>")
        z.writestr("word/document.xml", "<w:document/>")
        for i in range(members):
            _raw_member(z, out, f"word/media/image{i}.xml", blob, crc, each)
    return out.getvalue()


def types_bomb(size: int = 64 << 20) -> bytes:
    """A DOCX whose [Content_Types].xml (the part the type check reads) is 64 MiB."""
    text = (DOCX_TYPES + " " * (size - len(DOCX_TYPES) - 8) + "</Types>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        _raw_member(z, out, "[Content_Types].xml", _deflated(text), zlib.crc32(text), len(text))
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


BOMB = zip_bomb()
TYPES_BOMB = types_bomb()
# (name, content, words of the refusal)
TRICKS = {
    "too large": ("lon.pdf", PDF + b"%" * (LIMIT_MB << 20), "vượt quá dung lượng cho phép"),
    "html as pdf": ("bao-cao.pdf", HTML, "không phải PDF, DOCX, XLSX, PNG hoặc JPEG"),
    "zip bomb": ("bao-cao.docx", BOMB, "khi giải nén vượt quá"),
    "content types bomb": ("bao-cao.docx", TYPES_BOMB, "khi giải nén vượt quá"),
    "parent dirs": ("../../etc/passwd.pdf", PDF, "Tên tệp"),
    "absolute": ("/etc/passwd.pdf", PDF, "Tên tệp"),
    "nul": ("bao-cao.pdf\x00.exe", PDF, "Tên tệp"),
    "bidi override": ("bao-cao\u202efdp.exe", PDF, "Tên tệp"),
    "very long": ("a" * 5000 + ".pdf", PDF, "Tên tệp"),
}


_ = module_ballot_key  # one key for the module: its site's accounts sign in in every test


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, ballot_key: Path, demos: Demos
) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("upload-tricks")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("THIDUA_MAX_UPLOAD_MB", str(LIMIT_MB))
        built = demos.site("sqlite", tmp, ballot_key)
        found = next(built)
    client, token = found.login("member")
    registered = client.post(
        f"/years/{found.year16}/register",
        data={"csrf_token": token, "title": "Cờ thi đua", "commitments": "Một"},
    )
    assert registered.status_code == 302
    yield found
    next(built, None)


def stored_files(site: Site) -> list[Path]:
    root = Path(site.app.extensions["thidua.uploads"].root)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def report(token: str, name: str, content: bytes) -> dict[str, object]:
    return {
        "csrf_token": token,
        "kind": "midyear",
        "summary": "Báo cáo giữa năm, giữ lại",
        "files": (io.BytesIO(content), name),
    }


# Windows paths cannot arrive over HTTP: werkzeug reads a backslash in the quoted
# filename as an escape, so "..\\..\\x.pdf" arrives as "....x.pdf" (no separator left).
# The check refuses them all the same, for any other way in.
BAD_NAMES = [name for name, _content, words in TRICKS.values() if words == "Tên tệp"] + [
    "..\\..\\Windows\\win.ini.pdf",
    "C:\\Users\\a.pdf",
    "..",
    "a/../../b.pdf",
    "\u200b.pdf",
]


def test_names_with_paths_or_invisible_characters_are_refused(tmp_path: Path) -> None:
    store = UploadStore(tmp_path, limit=LIMIT_MB << 20)
    for name in BAD_NAMES:
        with pytest.raises(DomainError) as refused:
            store.save(name, PDF)
        assert refused.value.code == "upload.bad_name", name
        assert worded(render("upload.bad_name", "vi", refused.value.params))
    assert store.save("Báo cáo sơ kết (bản 2).pdf", PDF).name == "Báo cáo sơ kết (bản 2).pdf"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [sha256(PDF)[2:]]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_bombs_are_real() -> None:
    with zipfile.ZipFile(io.BytesIO(BOMB)) as z:
        assert sum(i.file_size for i in z.infolist()) >= 2 << 30
        assert z.read("word/media/image0.xml") == bytes(64 << 20)  # a valid member
    with zipfile.ZipFile(io.BytesIO(TYPES_BOMB)) as z:
        assert z.getinfo("[Content_Types].xml").file_size == 64 << 20
    assert len(BOMB) < LIMIT_MB << 20 and len(TYPES_BOMB) < LIMIT_MB << 20


@pytest.mark.parametrize("trick", sorted(TRICKS))
def test_a_hostile_upload_is_refused_and_nothing_is_stored(site: Site, trick: str) -> None:
    name, content, words = TRICKS[trick]
    client, token = site.login("member")
    before, files = site.head(), stored_files(site)
    form = client.post(
        f"/years/{site.year16}/report",
        data=report(token, name, content),
        content_type="multipart/form-data",
    )
    html = form.get_data(as_text=True)
    assert form.status_code == 422, (trick, form.status_code)
    assert words in html, trick
    assert "Báo cáo giữa năm, giữ lại" in html  # the form again, the person's input kept
    api = site.api("member").post(
        "/api/v1/uploads",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
    body = api.get_json()
    assert api.status_code == 422, (trick, api.status_code, body)
    assert words in body["message"] and worded(body["message"])
    assert site.head() == before, trick
    assert stored_files(site) == files, trick


def test_a_request_past_the_size_limit_gets_a_worded_413(site: Site) -> None:
    client, token = site.login("member")
    before, files = site.head(), stored_files(site)
    huge = PDF + b"%" * ((LIMIT_MB + 3) << 20)  # past MAX_CONTENT_LENGTH (limit + 2 MB)
    form = client.post(
        f"/years/{site.year16}/report",
        data=report(token, "lon.pdf", huge),
        content_type="multipart/form-data",
    )
    assert form.status_code == 413 and "Tệp gửi lên quá lớn." in form.get_data(as_text=True)
    api = site.api("member").post(
        "/api/v1/uploads",
        data={"file": (io.BytesIO(huge), "lon.pdf")},
        content_type="multipart/form-data",
    )
    assert api.status_code == 413 and worded(api.get_json()["message"])
    assert site.head() == before and stored_files(site) == files


def test_bombs_are_judged_without_expanding_them(tmp_path: Path) -> None:
    store = UploadStore(tmp_path, limit=LIMIT_MB << 20)
    for bomb in (BOMB, TYPES_BOMB):
        tracemalloc.start()
        try:
            with pytest.raises(DomainError) as refused:
                store.check("bao-cao.docx", bomb)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert refused.value.code == "upload.zip_bomb"
        assert peak < 8 << 20, f"the check allocated {peak >> 20} MiB"


def test_a_refused_command_leaves_no_uploaded_file(site: Site) -> None:
    """The district federation is no member of the cluster: its report is refused after
    its file passed every check; the file must not stay on disk unreferenced."""
    client, token = site.login("district")
    before, files = site.head(), stored_files(site)
    pdf = minimal_pdf("Tệp của một lệnh bị từ chối")
    response = client.post(
        f"/years/{site.year16}/report",
        data=report(token, "bc.pdf", pdf),
        content_type="multipart/form-data",
    )
    assert response.status_code in (403, 404, 409), response.status_code
    assert site.head() == before
    assert stored_files(site) == files


def test_a_refusal_keeps_a_file_an_accepted_report_stored(site: Site) -> None:
    pdf = minimal_pdf("Báo cáo đã nộp")
    member, token = site.login("member")
    accepted = member.post(
        f"/years/{site.year16}/report",
        data=report(token, "bc.pdf", pdf),
        content_type="multipart/form-data",
    )
    assert accepted.status_code == 302
    digest = hashlib.sha256(pdf).hexdigest()
    kept = [p for p in stored_files(site) if p.parent.name + p.name == digest]
    assert len(kept) == 1
    district, token = site.login("district")
    refused = district.post(
        f"/years/{site.year16}/report",
        data=report(token, "bc.pdf", pdf),
        content_type="multipart/form-data",
    )
    assert refused.status_code in (403, 404, 409)
    assert kept[0].read_bytes() == pdf  # the same bytes: not removed by the refusal
