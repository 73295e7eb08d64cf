"""HTML → PDF with WeasyPrint, safely and reproducibly.

Safe: templates are Jinja2 with autoescape and strict undefined; every URL a document
refers to (stylesheet, fonts) goes through `AssetFetcher`, which serves files under
service/assets/ and nothing else: no other file, no network, no data: URL. A refused
URL stops the rendering (FatalURLFetchingError) instead of leaving a hole.

Reproducible: the same HTML and inputs give the same bytes. WeasyPrint would write the
current time (document and attachment dates) and a random file identifier; we give a
fixed date (the document's own), a `pdf_identifier` derived from the content, and set
SOURCE_DATE_EPOCH while writing (fontTools stamps subset fonts with it when it, not
HarfBuzz, subsets them).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from urllib.request import url2pathname

import jinja2
from weasyprint import HTML, Attachment
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from service.documents.fmt import FILTERS

ASSETS = Path(__file__).resolve().parent / "assets"
TEMPLATES = ASSETS / "templates"
TYPES = {".css": "text/css", ".ttf": "font/ttf", ".svg": "image/svg+xml", ".png": "image/png"}
PDF_VARIANT = "pdf/a-3b"
# An attachment's /Subtype (its MIME type), by suffix; WeasyPrint's guess from the name
# knows no .jsonl and would say application/octet-stream. JSON Lines has no IANA
# registration: "application/jsonl" is the name its users settled on.
ATTACHMENT_TYPES = {".jsonl": "application/jsonl", ".json": "application/json"}
_env_lock = threading.Lock()


class AssetFetcher(URLFetcher):
    """Serves file: URLs inside service/assets/ only; refuses everything else."""

    def __init__(self, root: Path = ASSETS) -> None:
        super().__init__(fail_on_errors=True)
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = self.path_of(url)
        if path is None:
            self.refused.append(url)
            raise FatalURLFetchingError(f"tài liệu tham chiếu địa chỉ không được phép: {url}")
        kind = TYPES.get(path.suffix.lower(), "application/octet-stream")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    def path_of(self, url: str) -> Path | None:
        if not url.startswith("file://"):
            return None

        path = Path(url2pathname(url[len("file://") :].split("?")[0].split("#")[0])).resolve()
        if self.root not in path.parents or not path.is_file():
            return None
        return path


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    return env


_ENV = environment()


def html_of(template: str, **context: Any) -> str:
    return _ENV.get_template(template).render(**context)


class Renderer:
    """Lays out documents sharing one font configuration (fonts load once per bundle)."""

    def __init__(self) -> None:
        self.fonts = FontConfiguration()
        self.fetcher = AssetFetcher()

    def layout(self, html: str) -> Document:
        base = ASSETS.as_uri() + "/"
        return HTML(string=html, base_url=base, url_fetcher=self.fetcher).render(
            font_config=self.fonts
        )


def instant(on: date | datetime) -> datetime:
    if isinstance(on, datetime):
        return on.astimezone(UTC)
    return datetime.combine(on, time(0, 0), tzinfo=UTC)


@contextmanager
def source_date(when: datetime) -> Iterator[None]:
    """SOURCE_DATE_EPOCH = `when` while writing (one writer at a time in a process)."""
    with _env_lock:
        old = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
        try:
            yield
        finally:
            if old is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = old


class MemoryFetcher(URLFetcher):
    """Serves one attachment's bytes with its MIME type (WeasyPrint takes an attachment's
    /Subtype from the response that fetched it)."""

    def __init__(self, url: str, data: bytes, kind: str) -> None:
        super().__init__(fail_on_errors=True)
        self.url, self.data, self.kind = url, data, kind

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url != self.url:
            raise FatalURLFetchingError(f"tệp đính kèm không có: {url}")
        return URLFetcherResponse(url, self.data, {"Content-Type": self.kind})


def mime_type(name: str) -> str:
    return ATTACHMENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def attachment(name: str, data: bytes, description: str, when: datetime) -> Attachment:
    url = f"thidua-attachment:{name}"
    return Attachment(
        url=url,
        url_fetcher=MemoryFetcher(url, data, mime_type(name)),
        name=name,
        description=description,
        created=when,
        modified=when,
        relationship="Source",
    )


def write_pdf(
    documents: Sequence[Document],
    *,
    title: str,
    author: str,
    when: date | datetime,
    identifier: bytes,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> bytes:
    """The pages of `documents`, in order, as one PDF/A-3b with `attachments`
    (name, bytes, description). Each document keeps its own page numbers."""
    first = documents[0]
    pages = [page for doc in documents for page in doc.pages]
    combined = first.copy(pages)
    stamp = instant(when)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    meta = combined.metadata
    meta.title, meta.authors, meta.lang = title, [author], "vi"
    meta.created = meta.modified = iso
    meta.generator = "thidua"
    files = [attachment(n, data, d, stamp) for n, data, d in attachments]
    with source_date(stamp):
        return combined.write_pdf(
            pdf_variant=PDF_VARIANT,
            attachments=files,
            pdf_identifier=identifier,
            uncompressed_pdf=False,
        )
