"""Each document of a bundle also as a Word file (.docx), for the national e-dossier
system, which takes Word and PDF files (QĐ 311/QĐ-BNV, 2025).

The same HTML the PDF is laid out from is read back into Word's blocks: paragraphs
(the title and subject centred and bold, the body justified), tables (the letterhead
and the signature block without borders, figures with them), on A4 with NĐ 30's
margins in Times New Roman 13 pt. Charts (SVG) are left out: Word gets the figures'
tables only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

FONT = "Times New Roman"
SKIP = {"head", "style", "script", "svg", "title"}
PREVIEW = "preview-mark"  # a preview's mark: in Word, the header of every page
CENTRED = {"doctype", "subject", "addressee", "caption", "nation", "motto", "issuer", "parent"}
BOLD = {"doctype", "subject", "caption", "issuer", "nation", "motto", "authority"}
BOLD |= {"signtitle", "position", "signname", "who", "label"}
BORDERLESS = {"head", "sign", "signatories"}


@dataclass
class Node:
    tag: str
    classes: set[str] = field(default_factory=set)
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())


class _Tree(HTMLParser):
    VOID = {"br", "meta", "link", "img", "hr", "col"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        node = Node(tag, classes)
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def tree(html: str) -> Node:
    parser = _Tree()
    parser.feed(html)
    parser.close()
    return parser.root


def _lines(node: Node) -> list[tuple[str, set[str]]]:
    """A cell's content as lines: each block child its own line, with its classes."""
    blocks = [c for c in node.children if isinstance(c, Node) and c.tag in ("div", "p")]
    if not blocks:
        return [(node.text(), node.classes)]
    return [(b.text(), b.classes | node.classes) for b in blocks if b.text()]


def _paragraph(target: object, text: str, classes: set[str], centred: bool = False) -> None:
    p = target.add_paragraph()  # type: ignore[attr-defined]
    run = p.add_run(text)
    run.font.name, run.font.size = FONT, Pt(13)
    run.bold = bool(classes & BOLD)
    run.italic = bool(classes & {"dateline", "signnote", "when", "note"})
    if centred or classes & CENTRED:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _table(document: object, node: Node) -> None:
    rows = [r for r in _walk(node) if isinstance(r, Node) and r.tag == "tr"]
    width = max((len([c for c in r.children if isinstance(c, Node)]) for r in rows), default=0)
    if not rows or not width:
        return
    table = document.add_table(rows=0, cols=width)  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if not node.classes & BORDERLESS:
        table.style = "Table Grid"
    for r in rows:
        cells = table.add_row().cells
        for i, c in enumerate(x for x in r.children if isinstance(x, Node)):
            cell = cells[min(i, width - 1)]
            cell.paragraphs[0].text = ""
            first = True
            for text, classes in _lines(c):
                p = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                run = p.add_run(text)
                run.font.name, run.font.size = FONT, Pt(12)
                run.bold = c.tag == "th" or bool(classes & BOLD) or "section" in r.classes
                centred = node.classes & BORDERLESS or classes & ({"c"} | CENTRED)
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else None


def _walk(node: Node) -> list[Node | str]:
    out: list[Node | str] = []
    for c in node.children:
        out.append(c)
        if isinstance(c, Node) and c.tag != "table":
            out.extend(_walk(c))
    return out


def _blocks(document: object, node: Node) -> None:
    for c in node.children:
        if not isinstance(c, Node) or c.tag in SKIP:
            continue
        if PREVIEW in c.classes:
            _mark(document, c.text())
        elif c.tag == "table":
            _table(document, c)
        elif c.tag in ("p", "h2", "h3", "li") and c.text():
            _paragraph(document, c.text(), c.classes | ({"doctype"} if c.tag != "p" else set()))
        else:
            _blocks(document, c)


def _mark(document: object, text: str) -> None:
    """The preview's mark in the page header, so that every page carries it."""
    header = document.sections[0].header  # type: ignore[attr-defined]
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run(text)
    run.font.name, run.font.size, run.bold = FONT, Pt(10), True


def docx_of(html: str, title: str) -> bytes:
    """The document as a Word file: its blocks in order, A4, NĐ 30's margins."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)  # type: ignore[attr-defined]
    document.core_properties.title = title
    document.core_properties.language = "vi"
    _blocks(document, tree(html))
    out = BytesIO()
    document.save(out)
    return out.getvalue()
