"""Plain-text exports (e-office systems, pdftotext): the layout is made with spaces."""

from __future__ import annotations

import codecs
import re

from pipeline.document import Document, DocumentBuilder
from pipeline.errors import UnreadableDocument
from pipeline.layout import LIST_MARKER, SENTENCE_END, Line, Segment, add_lines
from pipeline.legacy_fonts import decode_legacy, detect_legacy, is_unicode_vietnamese

_COLUMN_GAP = re.compile(r"\S(?:.*?\S)?(?=\s{3,}|\s*$)")
_SAMPLE = 20_000  # characters judged for a legacy encoding: a few thousand words tell


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
    """Pages (split at form feeds) of lines whose segments are runs separated by 3+ spaces;
    text in a legacy `encoding` is decoded per segment, so the columns keep their places.
    A line broken mid-sentence is joined again (`_continues`); the rows after it move up,
    so the spacing between lines still tells paragraphs apart."""
    pages = []
    for number, page_text in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\f"), 1):
        lines: list[Line] = []
        width = row = 0
        for raw in page_text.split("\n"):
            raw = raw.expandtabs(8).rstrip()
            width = max(width, len(raw))
            segments = [Segment(m.start(), m.end(), _decoded(m.group(), encoding))
                        for m in _COLUMN_GAP.finditer(raw)]
            if lines and lines[-1].bottom == row and _continues(lines[-1], segments):
                last = lines[-1].segments[0]
                last.text += " " + segments[0].text
                last.x1 = max(last.x1, segments[0].x1)
                continue
            if segments:
                lines.append(Line(page=number, top=float(row), bottom=row + 1.0, segments=segments))
            row += 1
        pages.append((float(width), lines))
    return pages


def _continues(line: Line, segments: list[Segment]) -> bool:
    """Exports wrap lines at a fixed width, mid-sentence: a single run that starts in lower
    case, below a single run that ends no sentence and reaches past its start, goes on with
    it (a list item "a) ..." starts a new one)."""
    if len(line.segments) != 1 or len(segments) != 1:
        return False
    text = segments[0].text
    return (text[:1].islower() and not LIST_MARKER.match(text) and not SENTENCE_END.search(line.text)
            and segments[0].x0 < line.x1)


def parse_txt(data: bytes, source: str) -> Document:
    text, encoding = read_text(data)
    if not text.strip():
        raise UnreadableDocument("The text file is empty.")
    builder = DocumentBuilder(data, source, "txt")
    if encoding:
        builder.encodings.add(encoding)
    pages = text_lines(text, encoding)
    builder.pages = len(pages)
    add_lines(builder, pages)
    return builder.build()
