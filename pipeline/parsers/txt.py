"""Plain-text exports (e-office systems, pdftotext): the layout is made with spaces."""

from __future__ import annotations

import codecs
import re

from pipeline.document import Document, DocumentBuilder
from pipeline.errors import UnreadableDocument
from pipeline.layout import LIST_MARKER, PAGE_NUMBER, SENTENCE_END, Line, Segment, add_lines, classify
from pipeline.legacy_fonts import decode_legacy, detect_legacy, is_unicode_vietnamese

_COLUMN_GAP = re.compile(r"\S(?:.*?\S)?(?=\s{3,}|\s*$)")
FOOTNOTE = re.compile(r"^\d{1,2}\s+\S")  # a note number, then its text: no dot, no bracket
_SAMPLE = 20_000  # characters judged for a legacy encoding: a few thousand words tell
_LAID_OUT = re.compile(r"^ {3,}\S|\S {3,}\S")  # an indented line, or columns set apart by spaces
_UNWRAPPED = 150  # characters: a laid-out page wraps its lines well before this


def _unicode(data: bytes) -> str | None:
    """The text of a UTF-8 or UTF-16 file (with or without BOM), or None for an 8-bit one."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if data[:200].count(b"\x00") > 20:
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes) -> str:
    """UTF-8 or UTF-16 (with or without BOM), else the Vietnamese Windows code page."""
    text = _unicode(data)
    return data.decode("cp1258", errors="replace") if text is None else text


def read_text(data: bytes) -> tuple[str, str | None]:
    """The characters of a file, and the legacy encoding ("tcvn3", "vni") they are in, if any.

    Text typed in TCVN3 or VNI fonts and saved as plain text keeps the fonts' codes: an
    8-bit file holds them as bytes (read as Latin-1, the tables' alphabet), a Unicode file
    as the Latin-1 letters the fonts drew. Either is told by its characters.
    """
    text = _unicode(data)
    if text is not None:
        return text, detect_legacy(text[:_SAMPLE])
    latin = data.decode("latin-1")
    encoding = detect_legacy(latin[:_SAMPLE])
    return (latin, encoding) if encoding else (data.decode("cp1258", errors="replace"), None)


def _decoded(segment: str, encoding: str | None) -> str:
    """A column of a legacy file decoded, unless it is already Unicode Vietnamese (a passage
    typed in a Unicode font beside the legacy one)."""
    return decode_legacy(segment, encoding) if encoding and not is_unicode_vietnamese(segment) else segment


def text_lines(text: str, encoding: str | None = None) -> list[tuple[float, list[Line]]]:
    """Pages of lines whose segments are runs separated by 3+ spaces; text in a legacy
    `encoding` is decoded per segment, so the columns keep their places.

    A line broken mid-sentence is joined again (`_continues`), across a page break too: the
    first lines of a page may go on with the last paragraph of the page before, its footnotes
    set apart. The rows after a joined line move up, so the spacing between lines still
    tells paragraphs apart."""
    pages = []
    carried: Line | None = None  # the page before's last paragraph line, before its footnotes
    for number, raw_lines in enumerate(_pages(text), 1):
        lines: list[Line] = []
        width = row = 0
        tail = carried
        for raw in raw_lines:
            width = max(width, len(raw))
            segments = [Segment(m.start(), m.end(), _decoded(m.group(), encoding))
                        for m in _COLUMN_GAP.finditer(raw)]
            if tail is not None and _continues(tail, segments):
                last = tail.segments[0]
                last.text += " " + segments[0].text
                last.x1 = max(last.x1, segments[0].x1)
                continue
            if segments:
                lines.append(Line(page=number, top=float(row), bottom=row + 1.0, segments=segments))
                tail = lines[-1]
            elif lines:  # a blank line ends a paragraph; blank lines atop a page do not
                tail = None
            row += 1
        notes = _footnotes_start(lines)
        for line in lines[notes:]:
            line.note = True
        carried = lines[notes - 1] if notes else None
        pages.append((float(width), lines))
    return pages


def _pages(text: str) -> list[list[str]]:
    """The lines of each page: pages end at form feeds and at a line holding only a page
    number set well in from the margin (exports keep the printed page numbers), which is dropped."""
    pages: list[list[str]] = []
    for sheet in text.replace("\r\n", "\n").replace("\r", "\n").split("\f"):
        raw_lines = [raw.expandtabs(8).rstrip() for raw in sheet.split("\n")]
        margin = max(map(len, raw_lines), default=0) // 4
        page: list[str] = []
        for i, raw in enumerate(raw_lines):
            last = i + 1 == len(raw_lines) or not raw_lines[i + 1].strip()
            if last and PAGE_NUMBER.match(raw) and len(raw) - len(raw.lstrip()) >= margin > 0:
                pages.append(page)
                page = []
            else:
                page.append(raw)
        pages.append(page)
    return [page for page in pages if any(raw.strip() for raw in page)] or [[]]


def _footnotes_start(lines: list[Line]) -> int:
    """Where a page's footnotes begin (len(lines) when it has none): at a group of lines set
    apart by a blank line and opening with a note number ("1 Các quy định..."); they run to
    the end of the page."""
    for i in range(1, len(lines)):
        if (lines[i].top > lines[i - 1].bottom and len(lines[i].segments) == 1
                and FOOTNOTE.match(lines[i].text)):
            return i
    return len(lines)


def _continues(line: Line, segments: list[Segment]) -> bool:
    """Exports wrap lines at a fixed width, mid-sentence: a single run that starts in lower
    case, below a single run that ends no sentence and reaches past its start, goes on with
    it (a list item "a) ..." starts a new one); so does a figure below a label's colon."""
    if len(line.segments) != 1 or len(segments) != 1:
        return False
    text = segments[0].text
    if LIST_MARKER.match(text) or segments[0].x0 >= line.x1:
        return False
    if text[:1].isdigit():  # a figure after a label's colon ("số điện thoại:" / "0263.3822.456) ..."), no footnote
        return line.text.rstrip().endswith(":") and not FOOTNOTE.match(text)
    return text[:1].islower() and not SENTENCE_END.search(line.text)


def flowed(text: str) -> bool:
    """Whether a file holds one paragraph per line, its table cells set apart by tabs (Word's plain-text
    export), rather than a page laid out with spaces (pdftotext, e-office exports): hardly a line is
    indented or holds a wide gap, and the lines are not wrapped at a width (tabs, or long lines)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    laid_out = sum(1 for line in lines if _LAID_OUT.search(line))
    return laid_out * 10 <= len(lines) and ("\t" in text or max(map(len, lines)) > _UNWRAPPED)


def _add_flowed(builder: DocumentBuilder, text: str, encoding: str | None) -> None:
    """One block per line; lines of three cells or more in a row make a table, and the two columns of a
    line with one tab (a header or signature: "Số: 12/KH-UBND<tab>CỘNG HÒA ...") are read left, then right."""
    sheets = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    for number, sheet in enumerate(sheets, 1):
        rows: list[list[str]] = []
        for raw in sheet.split("\n") + [""]:
            cells = [_decoded(" ".join(cell.split()), encoding) for cell in raw.split("\t")]
            if len(cells) >= 3 and sum(map(bool, cells)) >= 2:
                rows.append(cells)
                continue
            if rows:
                builder.add_table([[(cell, (r, c)) for c, cell in enumerate(row)] for r, row in enumerate(rows)],
                                  page=number)
                rows = []
            for cell in filter(None, cells):
                builder.add_text(cell, classify(cell), page=number)
    builder.pages = len(sheets)


def parse_txt(data: bytes, source: str) -> Document:
    text, encoding = read_text(data)
    if not text.strip():
        raise UnreadableDocument("The text file is empty.")
    builder = DocumentBuilder(data, source, "txt")
    if encoding:
        builder.encodings.add(encoding)
    if flowed(text):
        _add_flowed(builder, text, encoding)
        return builder.build()
    pages = text_lines(text, encoding)
    builder.pages = len(pages)
    add_lines(builder, pages)
    return builder.build()
