"""Word documents (.docx): paragraphs and tables in body order, read from the package's XML
with lxml (the parts python-docx would find, parsed as it parses them).

Merged cells are resolved from the XML (gridSpan for horizontal, vMerge for vertical
merges) so every grid slot knows the cell that covers it. Pages are estimated from the
page breaks Word records when it saves (`lastRenderedPageBreak`) and explicit breaks.
Text typed in the pre-Unicode TCVN3 and VNI fonts is decoded per run (`pipeline.legacy_fonts`).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

import docx
from docx.oxml.ns import qn
from lxml import etree

from pipeline.document import Document, DocumentBuilder
from pipeline.errors import UnreadableDocument
from pipeline.layout import classify
from pipeline.legacy_fonts import fix_legacy

_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# A soft hyphen is invisible, except that TCVN3 fonts draw "ư" at its code (0xAD): it is
# kept until the run's encoding is known.
_SOFT_HYPHEN = "\xad"
MAX_COLUMN_LINE = 80
_BARE_MARKER = re.compile(r"(?:\d+(?:\.\d+)*|[IVXLC]+|[a-zđ])[.)]?|[-+•*–]|Điều\s+\d+[.:]?")  # the lines of a signature block are short; a body paragraph is not
_TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
              qn("w:noBreakHyphen"): "-", qn("w:softHyphen"): _SOFT_HYPHEN}
# Tag and attribute names, spelled out once: the body is walked element by element.
_P, _R, _T, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = map(qn, ("w:p", "w:r", "w:t", "w:tbl", "w:tr", "w:tc", "w:sdt",
                                                         "w:sdtContent"))
_PPR, _RPR, _PSTYLE, _RSTYLE, _RFONTS, _B, _JC, _NUMPR, _ILVL = map(qn, (
    "w:pPr", "w:rPr", "w:pStyle", "w:rStyle", "w:rFonts", "w:b", "w:jc", "w:numPr", "w:ilvl"))
_TRPR, _TCPR, _GRID_BEFORE, _GRID_SPAN, _VMERGE = map(qn, ("w:trPr", "w:tcPr", "w:gridBefore", "w:gridSpan",
                                                           "w:vMerge"))
_RENDERED_BREAK, _BR, _SECTION = qn("w:lastRenderedPageBreak"), qn("w:br"), qn("w:sectPr")
_VAL, _TYPE, _ASCII, _HANSI = qn("w:val"), qn("w:type"), qn("w:ascii"), qn("w:hAnsi")

# The package: parts found through their relationships, as python-docx finds them.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_MAIN_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DEFAULT_STYLES = Path(docx.__file__).parent / "templates" / "default-styles.xml"


def _check_members(archive: zipfile.ZipFile) -> None:
    """Refuse an archive that is not a Word document before anything is expanded (its uncompressed
    size is checked earlier, against the configured limits: `pipeline.limits`)."""
    if "word/document.xml" not in {i.filename for i in archive.infolist()}:
        raise UnreadableDocument("The file is a zip archive but not a Word document.")


def _related(archive: zipfile.ZipFile, part: str, reltype: str) -> str | None:
    """The name of the first part that `part` ("" for the package) relates to with `reltype`."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.NameToInfo:
        return None
    for rel in etree.fromstring(archive.read(rels), _PARSER).iterchildren(_RELATIONSHIPS):
        if rel.get("Type") == reltype and rel.get("TargetMode") != "External":
            return posixpath.normpath(posixpath.join("/" + folder, rel.get("Target"))).lstrip("/")
    return None


def _content_type(archive: zipfile.ZipFile, part: str) -> str | None:
    types = etree.fromstring(archive.read("[Content_Types].xml"), _PARSER)
    for override in types.iterchildren(_CONTENT_TYPES + "Override"):
        if override.get("PartName", "").lower() == "/" + part.lower():
            return override.get("ContentType")
    extension = posixpath.splitext(part)[1][1:].lower()
    for default in types.iterchildren(_CONTENT_TYPES + "Default"):
        if default.get("Extension", "").lower() == extension:
            return default.get("ContentType")
    return None


def _open(archive: zipfile.ZipFile) -> tuple[etree._Element, _Fonts]:
    """The body of the main document and the fonts of the styles it uses (python-docx's default
    styles when the package has none); ValueError when the main part is not a Word document."""
    main = _related(archive, "", _OFFICE_DOCUMENT)
    if main is None or _content_type(archive, main) != _MAIN_DOCUMENT:
        raise ValueError(f"the main part ({main}) is not a Word document")
    body = etree.fromstring(archive.read(main), _PARSER).find(qn("w:body"))
    if body is None:
        raise ValueError("the document has no body")
    styles = _related(archive, main, _STYLES)
    return body, _fonts_of(archive.read(styles) if styles else _DEFAULT_STYLES.read_bytes())


def _child(element, tag: str):
    """The first child of `element` with `tag`, or None: `find` without its path parser."""
    return next(element.iterchildren(tag), None)


class _Pages:
    """Counts rendered page breaks as the body is walked in order."""

    def __init__(self) -> None:
        self.number = 1
        self.seen = False

    def visit(self, element) -> None:
        for el in element.iter(_RENDERED_BREAK, _BR):
            if el.tag == _RENDERED_BREAK or el.get(_TYPE) == "page":
                self.number += 1
                self.seen = True


class _Fonts:
    """The font of each run as Word resolves it: the run's own, its character style's, its
    paragraph's style (through `basedOn`), the default paragraph style, the document default."""

    def __init__(self, styles) -> None:
        by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
        self._own = {sid: _own_font(s.find(_RPR)) for sid, s in by_id.items()}
        self._based_on = {sid: based.get(_VAL) if (based := s.find(qn("w:basedOn"))) is not None else None
                          for sid, s in by_id.items()}
        defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self._default = _own_font(defaults)
        self._default_paragraph = next(
            (sid for sid, s in by_id.items()
             if s.get(_TYPE) == "paragraph" and s.get(qn("w:default")) in ("1", "true")), None)
        self._cache: dict[str | None, str | None] = {}

    def style(self, style_id: str | None) -> str | None:
        """The font a style sets, itself or through the styles it is based on."""
        if style_id not in self._cache:
            font, current, seen = None, style_id, set()
            while font is None and current in self._own and current not in seen:
                seen.add(current)
                font = self._own[current]
                current = self._based_on[current]
            self._cache[style_id] = font
        return self._cache[style_id]

    def paragraph(self, ppr) -> str | None:
        style = _child(ppr, _PSTYLE) if ppr is not None else None
        style_id = style.get(_VAL) if style is not None else self._default_paragraph
        return self.style(style_id) or self._default

    def run(self, font: str | None, style, paragraph_font: str | None) -> str | None:
        """The font of a run whose properties name `font` and the character style `style` (a w:rStyle)."""
        return font or (self.style(style.get(_VAL)) if style is not None else None) or paragraph_font


@lru_cache(maxsize=16)
def _fonts_of(styles_xml: bytes) -> _Fonts:
    """The fonts of a styles part. Documents made from one template carry the same part, often
    larger than their text (hundreds of styles): it is read once."""
    return _Fonts(etree.fromstring(styles_xml, _PARSER))


def _own_font(props) -> str | None:
    fonts = props.find(_RFONTS) if props is not None else None
    return (fonts.get(_ASCII) or fonts.get(_HANSI)) if fonts is not None else None


class _Paragraph:
    """What one reading of a paragraph's runs gives: the (text, font name) of each run in order
    (deleted text and the fallback copies of drawings skipped), and whether every run that shows
    text is bold."""

    def __init__(self, p, fonts: _Fonts) -> None:
        self.runs: list[tuple[str, str | None]] = []
        self.bold: bool | None = None  # None: no run shows text
        ppr = _child(p, _PPR)
        self.properties = ppr
        paragraph_font = fonts.paragraph(ppr)
        fallback = next(p.iter(_FALLBACK), None) is not None
        for run in p.iter(_R):
            # The run's children read once: its properties and its text (w:t, tabs, breaks...).
            props, parts, shows_text = None, [], False
            for child in run:
                tag = child.tag
                if tag == _RPR:
                    props = child if props is None else props
                elif tag in _TEXT_TAGS:
                    fixed = _TEXT_TAGS[tag]
                    if fixed is None:
                        parts.append(child.text or "")
                        shows_text = shows_text or bool(parts[-1].strip())
                    else:
                        parts.append(fixed)
            font, style, bold = _run_format(props)
            if self.bold is not False and (shows_text or _shows_text_below(run)):
                self.bold = bold
            if fallback and any(anc.tag == _FALLBACK for anc in run.iterancestors()):
                continue
            if parts:
                self.runs.append(("".join(parts), fonts.run(font, style, paragraph_font)))


def _shows_text_below(run) -> bool:
    """Whether a w:t anywhere below the run (a drawing's copies included) holds more than spaces."""
    return any((t.text or "").strip() for t in run.iter(_T))


def _run_format(props) -> tuple[str | None, object, bool]:
    """From a run's properties, in one pass: the font they name themselves, their character style
    (w:rStyle) and whether they make the run bold."""
    if props is None:
        return None, None, False
    fonts = style = bold = None
    for child in props:
        tag = child.tag
        if tag == _RFONTS and fonts is None:
            fonts = child
        elif tag == _RSTYLE and style is None:
            style = child
        elif tag == _B and bold is None:
            bold = child
    font = (fonts.get(_ASCII) or fonts.get(_HANSI)) if fonts is not None else None
    return font, style, bold is not None and bold.get(_VAL) not in ("0", "false")


class _Text:
    """Paragraph texts in Unicode: runs typed in a TCVN3 or VNI font (or, with no such font
    name, whose characters are plainly in one of those encodings) are decoded, consecutive
    runs of one font together, since a VNI letter can be split between two runs."""

    def __init__(self, fonts: _Fonts, encodings: set[str]) -> None:
        self.fonts = fonts
        self.encodings = encodings

    def paragraph(self, p) -> tuple[str, _Paragraph]:
        read = _Paragraph(p, self.fonts)
        parts = []
        for font, group in groupby(read.runs, key=lambda run: run[1]):
            raw = "".join(text for text, _ in group)
            text, encoding = fix_legacy(raw, font)
            parts.append(text.replace(_SOFT_HYPHEN, ""))
            if text != raw:
                self.encodings.add(encoding)
        return "".join(parts), read

    def cell(self, tc) -> str:
        return "\n".join(self.paragraph(p)[0] for p in tc.iter(_P))


def _paragraph_style(read: _Paragraph) -> dict:
    style = {}
    ppr = read.properties
    if ppr is not None:
        jc = _child(ppr, _JC)
        if jc is not None:
            style["align"] = jc.get(_VAL)
        num = _child(ppr, _NUMPR)
        if num is not None:
            ilvl = _child(num, _ILVL)
            style["numbered"] = int(ilvl.get(_VAL)) if ilvl is not None else 0
        pstyle = _child(ppr, _PSTYLE)
        if pstyle is not None:
            style["style"] = pstyle.get(_VAL)
    if read.bold:
        style["bold"] = True
    return style


def table_grid(tbl, cell_text: Callable) -> list[list[tuple[str, tuple[int, int]]]]:
    """Grid slots as (text, origin); horizontal spans repeat their cell, vertical merges
    point to the cell where the merge starts."""
    grid: list[list[tuple[str, tuple[int, int]]]] = []
    for r, tr in enumerate(tbl.iterchildren(_TR)):
        row: list[tuple[str, tuple[int, int]]] = []
        trpr = _child(tr, _TRPR)
        before = _child(trpr, _GRID_BEFORE) if trpr is not None else None
        for _ in range(int(before.get(_VAL)) if before is not None else 0):
            row.append(("", (r, len(row))))
        for tc in tr.iterchildren(_TC):
            tcpr = _child(tc, _TCPR)
            span_el = _child(tcpr, _GRID_SPAN) if tcpr is not None else None
            span = int(span_el.get(_VAL)) if span_el is not None else 1
            vmerge = _child(tcpr, _VMERGE) if tcpr is not None else None
            col = len(row)
            if vmerge is not None and vmerge.get(_VAL) in (None, "continue") and r > 0 \
                    and col < len(grid[r - 1]):
                slot = grid[r - 1][col]
            else:
                slot = (cell_text(tc), (r, col))
            row.extend([slot] * span)
        grid.append(row)
    return grid


def parse_docx(data: bytes, source: str, original: bytes | None = None, fmt: str = "docx") -> Document:
    """`original` and `fmt`: the file LibreOffice converted into `data`, whose Document it is."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnreadableDocument("The Word file is damaged or incomplete (not a valid .docx archive).", repr(exc))
    with archive:
        _check_members(archive)
        try:
            body, fonts = _open(archive)
        except Exception as exc:
            raise UnreadableDocument("The Word file is damaged and cannot be opened.", repr(exc))
    builder = DocumentBuilder(data if original is None else original, source, fmt)
    pages = _Pages()
    text = _Text(fonts, builder.encodings)
    children = list(body.iterchildren())
    header = _tabbed_header(children, text)
    footer = _tabbed_footer(children[header.end if header else 0:], text)
    end = len(children) - (footer.end if footer else 0)
    if header:
        _add_columns(builder, header, pages, children[:header.end])
    _walk(children[header.end if header else 0:end], builder, pages, text)
    if footer:
        _add_columns(builder, footer, pages, children[end:])
    builder.pages = pages.number if pages.seen else None
    return builder.build()


class _Columns(NamedTuple):
    rows: list[tuple[str, str]]  # (left, right) of each line
    end: int  # body elements it spans, from the start (a header) or from the end (a signature)


def _columns(line: str) -> tuple[str, str] | None:
    """(left, right) of a line typed in two columns with tab stops; None for any other line."""
    parts = [part.strip() for part in re.split(r"\t+", line.strip(" \n"))]
    if len(parts) != 2 or not parts[1] or _BARE_MARKER.fullmatch(parts[0]):
        return None  # "1.<tab>Text" is a numbered line, not two columns
    return parts[0], parts[1]


def _tabbed_header(children: list, text_of: _Text) -> _Columns | None:
    """The opening lines typed in two columns with tab stops rather than in a table ("UBND TỈNH X<tab>CỘNG HÒA
    ..."): the header table they stand for (blank lines between them kept out)."""
    rows: list[tuple[str, str]] = []
    end = 0
    for i, el in enumerate(children):
        if el.tag != _P:
            break
        line = text_of.paragraph(el)[0]
        if not line.strip():
            continue
        columns = _columns(line)
        if columns is None:
            break
        rows.append(columns)
        end = i + 1
    return _Columns(rows, end) if len(rows) >= 2 else None


def _tabbed_footer(children: list, text_of: _Text) -> _Columns | None:
    """The closing lines typed in two columns with tab stops ("Nơi nhận:<tab>GIÁM ĐỐC", "- Như trên;",
    "- Lưu: VT.<tab>Nguyễn Văn A"): the signature table they stand for. They run from the first line split
    by tabs among the short lines that end the body; a line without a tab there is the left column's.
    `end` counts the body elements from that line on."""
    lines: list[tuple[int, str, tuple[str, str] | None]] = []
    for i in range(len(children) - 1, -1, -1):
        el = children[i]
        if el.tag == _SECTION:
            continue
        if el.tag != _P:
            break
        line = text_of.paragraph(el)[0]
        columns = _columns(line)
        if columns is None and len(line.strip()) > MAX_COLUMN_LINE:
            break
        lines.append((i, line.strip(), columns))
    lines.reverse()
    first = next((n for n, (_, _, columns) in enumerate(lines) if columns), None)
    if first is None or sum(1 for *_, columns in lines if columns) < 2:
        return None
    rows = [columns or (line, "") for _, line, columns in lines[first:] if line]
    return _Columns(rows, len(children) - lines[first][0])


def _add_columns(builder: DocumentBuilder, block: _Columns, pages: _Pages, elements: list) -> None:
    left, right = ("\n".join(column) for column in zip(*block.rows))
    builder.add_table([[(left, (0, 0)), (right, (0, 1))]], page=pages.number, style={"layout": "columns"})
    for el in elements:
        pages.visit(el)


def _walk(children, builder: DocumentBuilder, pages: _Pages, text_of: _Text) -> None:
    for el in children:
        if el.tag == _P:
            text, read = text_of.paragraph(el)
            style = _paragraph_style(read)
            heading_style = str(style.get("style", "")).lower().startswith(("heading", "title", "tieude"))
            kind = classify(text, bold=style.get("bold", False), numbered="numbered" in style,
                            heading_style=heading_style)
            builder.add_text(text, kind, pages.number, style)
            pages.visit(el)
        elif el.tag == _TBL:
            builder.add_table(table_grid(el, text_of.cell), page=pages.number)
            pages.visit(el)
        elif el.tag == _SDT:
            content = _child(el, _SDT_CONTENT)
            if content is not None:
                _walk(content.iterchildren(), builder, pages, text_of)
