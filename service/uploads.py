"""Uploaded files (tệp đính kèm): checked by content, stored by their SHA-256.

A file is accepted only if its bytes are a PDF, a DOCX or XLSX workbook (a zip whose
[Content_Types].xml names the Word or Excel main part), a PNG or a JPEG, whatever
its name says, and only up to a size limit (THIDUA_MAX_UPLOAD_MB, default 20). It is
stored once under ROOT/ab/cdef... (content-addressed: the same bytes twice are one
file) and referenced from events as {name, sha256, size}. Served back, the type is
sniffed again from the bytes, so an HTML page can never come back as text/html.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from domain.base import DomainError
from domain.messages import define

DEFAULT_MAX_MB = 20
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", PNG: ".png", JPEG: ".jpg"}
SHA256 = re.compile(r"^[0-9a-f]{64}$")
_OOXML_MAIN = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}


def max_bytes() -> int:
    try:
        megabytes = float(os.environ.get("THIDUA_MAX_UPLOAD_MB") or DEFAULT_MAX_MB)
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return int(megabytes * 1024 * 1024)


def sniff(data: bytes) -> str | None:
    """The file's type from its bytes, or None when it is none of the accepted kinds."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _ooxml(data)
    return None


def _ooxml(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            types = z.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    for kind, main in _OOXML_MAIN.items():
        if main in types:
            return kind
    return None


def clean_name(name: str, kind: str) -> str:
    """A display name without path parts or control characters, with the right suffix."""
    base = unicodedata.normalize("NFC", os.path.basename(name.replace("\\", "/"))).strip()
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')[:150]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return (stem or "tep") + EXTENSIONS[kind]


@dataclass(frozen=True)
class Stored:
    name: str
    sha256: str
    size: int
    content_type: str

    def reference(self) -> dict[str, object]:
        """What events hold (domain.dossier / domain.review_report attachments)."""
        return {"name": self.name, "sha256": self.sha256, "size": self.size}


class UploadStore:
    def __init__(self, root: Path, limit: int | None = None) -> None:
        self.root = Path(root)
        self.limit = max_bytes() if limit is None else limit

    def path(self, sha256: str) -> Path:
        if not SHA256.match(sha256):
            raise DomainError("upload.not_found")
        return self.root / sha256[:2] / sha256[2:]

    def check(self, name: str, data: bytes) -> str:
        if not data:
            raise DomainError("upload.empty", name=name)
        if len(data) > self.limit:
            raise DomainError("upload.too_large", name=name, most=self.limit // (1024 * 1024))
        kind = sniff(data)
        if kind is None:
            raise DomainError("upload.bad_type", name=name)
        return kind

    def save(self, name: str, data: bytes) -> Stored:
        """Check and store the file; DomainError (and nothing stored) if refused."""
        kind = self.check(name, data)
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".up-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, target)  # complete or absent, never half-written
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        return Stored(clean_name(name, kind), sha, len(data), kind)

    def open(self, sha256: str) -> tuple[bytes, str]:
        """The stored bytes and their sniffed type; DomainError upload.not_found."""
        target = self.path(sha256)
        try:
            data = target.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            raise DomainError("upload.not_found") from None
        kind = sniff(data)
        if kind is None:  # never serve what would not be accepted now
            raise DomainError("upload.not_found")
        return data, kind


define(
    {
        "upload.empty": ("Tệp {name} rỗng.", "The file {name} is empty."),
        "upload.too_large": (
            "Tệp {name} vượt quá dung lượng cho phép ({most} MB).",
            "The file {name} is larger than allowed ({most} MB).",
        ),
        "upload.bad_type": (
            "Tệp {name} không phải PDF, DOCX, XLSX, PNG hoặc JPEG (kiểm tra theo nội dung tệp).",
            "The file {name} is not a PDF, DOCX, XLSX, PNG or JPEG (checked by its content).",
        ),
        "upload.not_found": ("Không tìm thấy tệp.", "File not found."),
    }
)
