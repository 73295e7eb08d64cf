"""A signed bundle stays PDF/A-3b: its Info dictionary and its XMP metadata agree on the
producer and the dates after pyHanko's update, the XMP still names PDF/A-3B, and each
attachment carries its true MIME type. Read back with pyHanko's reader and ElementTree."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

import pytest
from pyhanko.pdf_utils.generic import parse_pdf_date
from pyhanko.pdf_utils.reader import PdfFileReader

from service.documents import build_bundle
from service.platform.app import ThiduaApplication
from tests.documents.conftest import INPUTS, Demo

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
NS = {
    "pdf": "{http://ns.adobe.com/pdf/1.3/}",
    "xmp": "{http://ns.adobe.com/xap/1.0/}",
    "pdfaid": "{http://www.aiim.org/pdfa/ns/id/}",
}


@pytest.fixture(scope="module")
def signed(shared_app: ThiduaApplication, demo: Demo, signer) -> bytes:  # type: ignore[no-untyped-def]
    return build_bundle(shared_app, demo.year_id, inputs=INPUTS, signer=signer)


def xmp_fields(reader: PdfFileReader) -> dict[str, str]:
    """Every simple property of the XMP packet, as attribute or element, "pdf:Producer"."""
    root = ET.fromstring(reader.root["/Metadata"].get_object().data)
    found: dict[str, str] = {}
    for description in root.iter(f"{RDF}Description"):
        for prefix, uri in NS.items():
            for key, value in description.attrib.items():
                if key.startswith(uri):
                    found[f"{prefix}:{key[len(uri) :]}"] = value
            for child in description:
                if child.tag.startswith(uri) and child.text and child.text.strip():
                    found[f"{prefix}:{child.tag[len(uri) :]}"] = child.text.strip()
    return found


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def info_instant(value: Any) -> datetime:
    return parse_pdf_date(str(value)).astimezone(UTC)


def test_info_and_xmp_agree_after_signing(signed: bytes) -> None:
    reader = PdfFileReader(BytesIO(signed))
    assert len(reader.embedded_signatures) == 1  # read after the signature's update
    info = reader.trailer["/Info"].get_object()
    xmp = xmp_fields(reader)
    assert xmp["pdf:Producer"] == str(info["/Producer"])
    assert "WeasyPrint" in xmp["pdf:Producer"] and "pyHanko" in xmp["pdf:Producer"]
    assert instant(xmp["xmp:CreateDate"]) == info_instant(info["/CreationDate"])
    assert instant(xmp["xmp:ModifyDate"]) == info_instant(info["/ModDate"])
    assert instant(xmp["xmp:ModifyDate"]) > instant(xmp["xmp:CreateDate"])  # signed after
    assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3", "B")


def test_attachments_carry_their_mime_types(signed: bytes) -> None:
    reader = PdfFileReader(BytesIO(signed))
    names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    types = {
        str(names[i]): str(names[i + 1]["/EF"]["/F"].get_object()["/Subtype"])
        for i in range(0, len(names), 2)
    }
    assert types == {"events.jsonl": "/application/jsonl", "checkpoint.json": "/application/json"}
