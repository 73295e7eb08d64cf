"""Uploaded files (tệp đính kèm): checked by content, stored by their SHA-256.

A file is accepted only if its bytes are a PDF, a DOCX or XLSX workbook (a zip whose
[Content_Types].xml names the Word or Excel main part), a PNG or a JPEG, whatever
its name says, and only up to a size limit (THIDUA_MAX_UPLOAD_MB, default 20). It is
stored once under ROOT/ab/cdef... (content-addressed: the same bytes twice are one
file) and referenced from events as {name, sha256, size}. Served back, the type is
sniffed again from the bytes, so an HTML page can never come back as text/html.

Refused as well: a DOCX/XLSX whose members would expand past ZIP_MAX_EXPANDED times
the size limit or number more than ZIP_MAX_MEMBERS (a zip bomb; judged from the zip's
directory, never by expanding it), and a file name with a path in it (a slash or backslash), a
control, zero-width or bidi-override character, or longer than NAME_MAX characters.
A form's files are `held`: written aside and moved into place only if its command
succeeds, so a refused command leaves no file behind.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from domain.kernel.base import DomainError

DEFAULT_MAX_MB = 20
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", PNG: ".png", JPEG: ".jpg"}
SHA256 = re.compile(r"^[0-9a-f]{64}$")
ZIP_MAX_EXPANDED = 10  # times the size limit: a real DOCX/XLSX expands 2-20 times
ZIP_MAX_MEMBERS = 10_000
CONTENT_TYPES_MAX = 1024 * 1024  # [Content_Types].xml is a few kB; read no more than this
NAME_MAX = 255
# in a file name: path separators, C0/C1 controls, zero-width and bidi-override characters
BAD_NAME = re.compile(
    r"[/\\\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
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
        with zipfile.ZipFile(io.BytesIO(data)) as z, z.open("[Content_Types].xml") as f:
            types = f.read(CONTENT_TYPES_MAX)  # bounded: its declared size may lie
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError, ValueError):
        return None
    for kind, main in _OOXML_MAIN.items():
        if main in types:
            return kind
    return None


def expands_too_far(data: bytes, most: int) -> bool:
    """A zip whose members would expand past `most` bytes in all, or too many members,
    from its central directory alone (nothing is decompressed)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError):
        return False  # not a readable zip: sniff() refuses it anyway
    return len(members) > ZIP_MAX_MEMBERS or sum(m.file_size for m in members) > most


def shown_name(name: str) -> str:
    """A refused file's name as a message may show it: printable, at most 80 characters."""
    text = "".join(ch for ch in name if ch.isprintable() and not BAD_NAME.match(ch))
    return text[:80] + ("…" if len(text) > 80 else "")


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
        shown = shown_name(name)
        if len(name) > NAME_MAX or BAD_NAME.search(name) or not shown.strip(". "):
            raise DomainError("upload.bad_name", name=shown, most=NAME_MAX)
        if not data:
            raise DomainError("upload.empty", name=shown)
        most = self.limit // (1024 * 1024)
        if len(data) > self.limit:
            raise DomainError("upload.too_large", name=shown, most=most)
        kind = sniff(data)
        if kind is None:
            raise DomainError("upload.bad_type", name=shown)
        if kind in _OOXML_MAIN and expands_too_far(data, ZIP_MAX_EXPANDED * self.limit):
            raise DomainError("upload.zip_bomb", name=shown, most=ZIP_MAX_EXPANDED * most)
        return kind

    def save(self, name: str, data: bytes) -> Stored:
        """Check and store the file; DomainError (and nothing stored) if refused."""
        with self.held([(name, data)]) as stored:
            return stored[0]

    @contextmanager
    def held(self, files: list[tuple[str, bytes]]) -> Iterator[list[Stored]]:
        """Check the files and write them aside; moved into place when the block ends
        normally, removed if it raises (a refused command leaves no file behind)."""
        stored = [self._stored(name, data) for name, data in files]
        aside: list[tuple[str, Path]] = []
        try:
            for item, (_name, data) in zip(stored, files, strict=True):
                target = self.path(item.sha256)
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".up-")
                    aside.append((tmp, target))
                    with os.fdopen(fd, "wb") as f:
                        f.write(data)
            yield stored
            for tmp, target in aside:
                os.replace(tmp, target)  # complete or absent, never half-written
        finally:
            for tmp, _target in aside:
                if os.path.exists(tmp):
                    os.unlink(tmp)

    def _stored(self, name: str, data: bytes) -> Stored:
        kind = self.check(name, data)
        sha = hashlib.sha256(data).hexdigest()
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
