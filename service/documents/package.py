"""The dossier package for the national e-dossier system, which takes Word and PDF
files: one zip holding the signed bundle (PDF/A-3b), each document as .docx (word.py)
and `manifest.json` (each file's name, size and SHA-256).

The Word files name the chair the signed PDF names: the common name of the
certificate that signed it, read back from the PDF itself.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Sequence
from io import BytesIO
from uuid import UUID

from pyhanko.pdf_utils.reader import PdfFileReader

from service.documents.bundle import collect
from service.documents.letterhead import DocumentInputs
from service.documents.word import docx_of
from service.platform.app import ThiduaApplication

MANIFEST_FORMAT = "thidua-package/1"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries' time: the same files, the same zip


def pdf_signer_name(pdf: bytes) -> str | None:
    """The common name of the certificate of the PDF's first signature, if any."""
    try:
        signatures = PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures
        name = signatures[0].signer_cert.subject.native.get("common_name") if signatures else None
    except Exception:  # an unreadable PDF has no signer to name
        return None
    return str(name) if name else None


def word_files(
    app: ThiduaApplication,
    year_id: UUID,
    reviews: Sequence[UUID] = (),
    inputs: DocumentInputs | None = None,
) -> list[tuple[str, bytes]]:
    """Each document of the bundle as a Word file ("01-proposal.docx", ...), in the
    bundle's order, with the same numbers, dates and names as its PDF."""
    docs = collect(app, year_id, reviews, inputs).docs
    return [(f"{i:02d}-{d.key}.docx", docx_of(d.html, d.label)) for i, d in enumerate(docs, 1)]


def package(
    app: ThiduaApplication,
    year_id: UUID,
    pdf: bytes,
    pdf_name: str,
    inputs: DocumentInputs | None = None,
) -> bytes:
    """The zip: the signed PDF, the Word files, the manifest of hashes."""
    inputs = inputs or DocumentInputs()
    chair = inputs.people.get("chair") or pdf_signer_name(pdf)
    if chair:
        inputs = DocumentInputs(
            people={**inputs.people, "chair": chair},
            numbers=inputs.numbers,
            place=inputs.place,
            venue=inputs.venue,
            symbol=inputs.symbol,
            as_of=inputs.as_of,
        )
    files = [(pdf_name, pdf), *word_files(app, year_id, inputs=inputs)]
    manifest = {
        "format": MANIFEST_FORMAT,
        "files": [
            {"name": n, "bytes": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in files
        ],
    }
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [*files, ("manifest.json", json.dumps(manifest, indent=1).encode())]:
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
