"""Plain-text exports (e-office systems, pdftotext): the layout is made with spaces."""

from __future__ import annotations

import codecs
import re

from pipeline.document import Document, DocumentBuilder
from pipeline.errors import UnreadableDocument
from pipeline.layout import Line, Segment, add_lines

_COLUMN_GAP = re.compile(r"\S(?:.*?\S)?(?=\s{3,}|\s*$)")


def decode_text(data: bytes) -> str:
    """UTF-8 or UTF-16 (with or without BOM), else the Vietnamese Windows code page."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding)
    if data[:200].count(b"\x00") > 20:
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def text_lines(text: str) -> list[tuple[float, list[Line]]]:
    """Pages (split at form feeds) of lines whose segments are runs separated by 3+ spaces."""
    pages = []
    for number, page_text in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\f"), 1):
        lines = []
        width = 0
        for row, raw in enumerate(page_text.split("\n")):
            raw = raw.expandtabs(8).rstrip()
            width = max(width, len(raw))
            segments = [Segment(m.start(), m.end(), m.group()) for m in _COLUMN_GAP.finditer(raw)]
            if segments:
                lines.append(Line(page=number, top=float(row), bottom=row + 1.0, segments=segments))
        pages.append((float(width), lines))
    return pages


def parse_txt(data: bytes, source: str) -> Document:
    text = decode_text(data)
    if not text.strip():
        raise UnreadableDocument("The text file is empty.")
    builder = DocumentBuilder(data, source, "txt")
    pages = text_lines(text)
    builder.pages = len(pages)
    add_lines(builder, pages)
    return builder.build()
