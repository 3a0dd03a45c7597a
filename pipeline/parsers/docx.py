"""Word documents (.docx) through python-docx: paragraphs and tables in body order.

Merged cells are resolved from the XML (gridSpan for horizontal, vMerge for vertical
merges) so every grid slot knows the cell that covers it. Pages are estimated from the
page breaks Word records when it saves (`lastRenderedPageBreak`) and explicit breaks.
Text typed in the pre-Unicode TCVN3 and VNI fonts is decoded per run (`pipeline.legacy_fonts`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from itertools import groupby

import docx
from docx.oxml.ns import qn

from pipeline.document import Document, DocumentBuilder
from pipeline.errors import UnreadableDocument
from pipeline.layout import classify
from pipeline.legacy_fonts import fix_legacy

_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# A soft hyphen is invisible, except that TCVN3 fonts draw "ư" at its code (0xAD): it is
# kept until the run's encoding is known.
_SOFT_HYPHEN = "\xad"
_TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
              qn("w:noBreakHyphen"): "-", qn("w:softHyphen"): _SOFT_HYPHEN}


def check_zip(data: bytes) -> None:
    """Refuse a damaged archive, or one that is not a Word document, before anything is expanded.
    Its uncompressed size is checked earlier, against the configured limits (`pipeline.limits`)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if "word/document.xml" not in {i.filename for i in infos}:
                raise UnreadableDocument("The file is a zip archive but not a Word document.")
    except zipfile.BadZipFile as exc:
        raise UnreadableDocument("The Word file is damaged or incomplete (not a valid .docx archive).", repr(exc))


class _Pages:
    """Counts rendered page breaks as the body is walked in order."""

    def __init__(self) -> None:
        self.number = 1
        self.seen = False

    def visit(self, element) -> None:
        for el in element.iter(qn("w:lastRenderedPageBreak"), qn("w:br")):
            if el.tag == qn("w:lastRenderedPageBreak") or el.get(qn("w:type")) == "page":
                self.number += 1
                self.seen = True


class _Fonts:
    """The font of each run as Word resolves it: the run's own, its character style's, its
    paragraph's style (through `basedOn`), the default paragraph style, the document default."""

    def __init__(self, document) -> None:
        styles = document.styles.element
        self._styles = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
        defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self._default = _own_font(defaults)
        self._default_paragraph = next(
            (sid for sid, s in self._styles.items()
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")), None)
        self._cache: dict[str | None, str | None] = {}

    def style(self, style_id: str | None) -> str | None:
        """The font a style sets, itself or through the styles it is based on."""
        if style_id not in self._cache:
            font, current, seen = None, style_id, set()
            while font is None and current in self._styles and current not in seen:
                seen.add(current)
                font = _own_font(self._styles[current].find(qn("w:rPr")))
                based = self._styles[current].find(qn("w:basedOn"))
                current = based.get(qn("w:val")) if based is not None else None
            self._cache[style_id] = font
        return self._cache[style_id]

    def paragraph(self, p) -> str | None:
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style_id = style.get(qn("w:val")) if style is not None else self._default_paragraph
        return self.style(style_id) or self._default

    def run(self, run, paragraph_font: str | None) -> str | None:
        props = run.find(qn("w:rPr"))
        style = props.find(qn("w:rStyle")) if props is not None else None
        return (_own_font(props) or (self.style(style.get(qn("w:val"))) if style is not None else None)
                or paragraph_font)


def _own_font(props) -> str | None:
    fonts = props.find(qn("w:rFonts")) if props is not None else None
    return (fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))) if fonts is not None else None


def paragraph_runs(p, fonts: _Fonts) -> list[tuple[str, str | None]]:
    """(text, font name) of each run of a paragraph, in order; deleted text and the
    fallback copies of drawings are skipped."""
    runs = []
    paragraph_font = fonts.paragraph(p)
    for run in p.iter(qn("w:r")):
        if any(anc.tag == _FALLBACK for anc in run.iterancestors()):
            continue
        font = fonts.run(run, paragraph_font)
        parts = []
        for child in run:
            if child.tag in _TEXT_TAGS:
                parts.append(child.text or "" if _TEXT_TAGS[child.tag] is None else _TEXT_TAGS[child.tag])
        if parts:
            runs.append(("".join(parts), font))
    return runs


class _Text:
    """Paragraph texts in Unicode: runs typed in a TCVN3 or VNI font (or, with no such font
    name, whose characters are plainly in one of those encodings) are decoded, consecutive
    runs of one font together, since a VNI letter can be split between two runs."""

    def __init__(self, fonts: _Fonts, encodings: set[str]) -> None:
        self.fonts = fonts
        self.encodings = encodings

    def paragraph(self, p) -> str:
        parts = []
        for font, group in groupby(paragraph_runs(p, self.fonts), key=lambda run: run[1]):
            raw = "".join(text for text, _ in group)
            text, encoding = fix_legacy(raw, font)
            parts.append(text.replace(_SOFT_HYPHEN, ""))
            if text != raw:
                self.encodings.add(encoding)
        return "".join(parts)

    def cell(self, tc) -> str:
        return "\n".join(self.paragraph(p) for p in tc.iter(qn("w:p")))


def _is_bold(p) -> bool:
    runs = [r for r in p.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]
    if not runs:
        return False
    style_bold = False
    for r in runs:
        b = r.find(qn("w:rPr") + "/" + qn("w:b"))
        bold = b is not None and b.get(qn("w:val")) not in ("0", "false")
        if not (bold or style_bold):
            return False
    return True


def _paragraph_style(p, doc) -> dict:
    style = {}
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        jc = ppr.find(qn("w:jc"))
        if jc is not None:
            style["align"] = jc.get(qn("w:val"))
        num = ppr.find(qn("w:numPr"))
        if num is not None:
            ilvl = num.find(qn("w:ilvl"))
            style["numbered"] = int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        pstyle = ppr.find(qn("w:pStyle"))
        if pstyle is not None:
            style["style"] = pstyle.get(qn("w:val"))
    if _is_bold(p):
        style["bold"] = True
    return style


def table_grid(tbl, cell_text: Callable) -> list[list[tuple[str, tuple[int, int]]]]:
    """Grid slots as (text, origin); horizontal spans repeat their cell, vertical merges
    point to the cell where the merge starts."""
    grid: list[list[tuple[str, tuple[int, int]]]] = []
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr"))):
        row: list[tuple[str, tuple[int, int]]] = []
        trpr = tr.find(qn("w:trPr"))
        before = trpr.find(qn("w:gridBefore")) if trpr is not None else None
        for _ in range(int(before.get(qn("w:val"))) if before is not None else 0):
            row.append(("", (r, len(row))))
        for tc in tr.iterchildren(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span_el = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            col = len(row)
            if vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue") and r > 0 \
                    and col < len(grid[r - 1]):
                slot = grid[r - 1][col]
            else:
                slot = (cell_text(tc), (r, col))
            row.extend([slot] * span)
        grid.append(row)
    return grid


def parse_docx(data: bytes, source: str, original: bytes | None = None, fmt: str = "docx") -> Document:
    """`original` and `fmt`: the file LibreOffice converted into `data`, whose Document it is."""
    check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise UnreadableDocument("The Word file is damaged and cannot be opened.", repr(exc))
    builder = DocumentBuilder(data if original is None else original, source, fmt)
    pages = _Pages()
    text = _Text(_Fonts(document), builder.encodings)
    _walk(document.element.body, document, builder, pages, text)
    builder.pages = pages.number if pages.seen else None
    return builder.build()


def _walk(container, document, builder: DocumentBuilder, pages: _Pages, text_of: _Text) -> None:
    for el in container.iterchildren():
        if el.tag == qn("w:p"):
            text = text_of.paragraph(el)
            style = _paragraph_style(el, document)
            heading_style = str(style.get("style", "")).lower().startswith(("heading", "title", "tieude"))
            kind = classify(text, bold=style.get("bold", False), numbered="numbered" in style,
                            heading_style=heading_style)
            builder.add_text(text, kind, pages.number, style)
            pages.visit(el)
        elif el.tag == qn("w:tbl"):
            builder.add_table(table_grid(el, text_of.cell), page=pages.number)
            pages.visit(el)
        elif el.tag == qn("w:sdt"):
            content = el.find(qn("w:sdtContent"))
            if content is not None:
                _walk(content, document, builder, pages, text_of)
