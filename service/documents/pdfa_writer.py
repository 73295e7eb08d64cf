"""The signature's incremental update, keeping the file PDF/A (ISO 19005-3, 6.6.2.3).

PDF/A wants the document information dictionary and the XMP metadata to say the same
thing. pyHanko's writer, when it appends the signature, writes "now" twice (once into
Info /ModDate, once into xmp:ModifyDate, each read from the clock on its own), appends
its name to Info /Producer ("WeasyPrint 70.0; pyHanko 0.38.0") but sets XMP
pdf:Producer to its name alone ("pyHanko 0.38.0"). `PdfaIncrementalWriter` lets it do
so, then writes one producer and one modification instant into both.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import IO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata import model, xmp_xml


def xmp_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class PdfaIncrementalWriter(IncrementalPdfFileWriter):
    """An incremental writer whose Info and XMP agree on Producer and ModDate."""

    def __init__(self, stream: IO[bytes], when: datetime) -> None:
        super().__init__(stream)
        self.when = when.astimezone(UTC).replace(microsecond=0)

    def _update_meta(self) -> None:
        super()._update_meta()
        if self._info is None or "/Metadata" not in self.root:
            return
        info = self._info.get_object()
        producer = str(info.get("/Producer", model.VENDOR))
        info["/ModDate"] = generic.pdf_date(self.when)
        self.mark_update(self._info)
        stream = self.root["/Metadata"]
        if not isinstance(stream, xmp_xml.MetadataStream):
            return
        fields = {k: v for root in stream.xmp for k, v in root}
        fields[model.PDF_PRODUCER] = model.XmpValue(producer)
        fields[model.XMP_MODDATE] = model.XmpValue(xmp_date(self.when))
        stream._xmp = [model.XmpStructure(fields)]
        stream._reserialise()
        stream._encoded_data = None
        self.update_container(stream)
