"""poppler-utils and pyHanko as the tests' eyes on a PDF: text, fonts, pages as PNG."""

from __future__ import annotations

import struct
import subprocess
from io import BytesIO
from pathlib import Path

from fontTools.ttLib import TTFont


def _run(*args: str, data: bytes | None = None) -> str:
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def text(pdf: bytes, first: int | None = None, last: int | None = None, layout: bool = True) -> str:
    """pdftotext: in layout mode (columns side by side) or reading order (cells apart)."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return _run("pdftotext", *(["-layout"] if layout else []), *pages, "-", "-", data=pdf)


def page_count(pdf: bytes) -> int:
    info = _run("pdfinfo", "-", data=pdf)
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def font_names(pdf: bytes) -> list[str]:
    """pdffonts' name column: "ABCDEF+Liberation-Serif-Thidua-Bold", ..."""
    lines = _run("pdffonts", "-", data=pdf).splitlines()[2:]
    return [line.split()[0] for line in lines if line.strip()]


def embedded_font_families(pdf: bytes) -> set[str]:
    """The family names (name table, ID 1) of every font program embedded in `pdf`."""
    from pyhanko.pdf_utils.generic import Reference
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(pdf), strict=False)
    families = set()
    for idnum in range(1, int(reader.trailer["/Size"])):
        try:
            obj = Reference(idnum, 0, reader).get_object()
        except Exception:  # free or missing object numbers
            continue
        if isinstance(obj, dict) and obj.get("/Type") == "/FontDescriptor":
            for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                if key in obj:
                    font = TTFont(BytesIO(obj[key].get_object().data))
                    families.add(str(font["name"].getDebugName(1)))
    return families


def pngs(pdf: bytes, directory: Path, prefix: str, dpi: int = 50) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / f"{prefix}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(source), str(directory / prefix)], check=True
    )
    return sorted(directory.glob(f"{prefix}-*.png"))


def png_size(path: Path) -> tuple[int, int]:
    with path.open("rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])
