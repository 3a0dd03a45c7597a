"""From positioned lines to blocks: shared by the PDF and plain-text parsers.

A text layer (or a pdftotext-like export) gives lines, not paragraphs. This module
joins wrapped lines into paragraphs, recognises list items and headings, and turns the
two-column regions of Decree 30 documents (the header with agency | motto, the
signature block with "Nơi nhận" | signer) into 2-column table blocks, so that every
format reaches extraction in the same shape as a DOCX header table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.document import HEADING, LIST_ITEM, PARAGRAPH, DocumentBuilder

# An item number has at most three digits, then one or two a level ("1.", "2.1.", "12)"): a line that
# opens with "0263.3822.456)" (a telephone number) or "2026." (a year) goes on with the sentence above.
LIST_MARKER = re.compile(r"^\s*(?:[-–—•+*·]|[a-zđ]\)|[a-zđ]\.\s|\(\w{1,4}\)|\d{1,3}(?:\.\d{1,2})*[.)]|[IVXLC]+[.)])\s*")
ROMAN_HEADING = re.compile(r"^\s*[IVXLC]+[.)]\s")
BULLET = re.compile(r"^\s*(?:[-–—•+*·]|[a-zđ]\))\s*")
PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*\d{1,4}\s*[-–]?\s*$")
SENTENCE_END = re.compile(r"[.:;!?…]\W*$")
MIN_OPENINGS = 3  # paragraph openings a page needs to show whether it indents them


@dataclass
class Segment:
    x0: float
    x1: float
    text: str
    bold: bool = False
    doubtful: list[str] = field(default_factory=list)  # words OCR read with low confidence


@dataclass
class Line:
    page: int
    top: float
    bottom: float
    segments: list[Segment] = field(default_factory=list)
    note: bool = False  # a footnote: kept as a block of its own, marked so that nobody reads it as the body
    size: float = 0.0  # the largest font size on the line, when the source tells it

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def bold(self) -> bool:
        return all(s.bold for s in self.segments)

    @property
    def doubtful(self) -> tuple[str, ...]:
        return tuple(word for s in self.segments for word in s.doubtful)


@dataclass
class PageGeometry:
    width: float
    left: float  # the usual left margin of body lines
    right: float  # the usual right end of full lines
    line_height: float
    char_width: float
    indented_paragraphs: bool = False  # paragraphs open with an indented first line

    @property
    def middle(self) -> float:
        return (self.left + self.right) / 2


def classify(text: str, bold: bool = False, numbered: bool = False, heading_style: bool = False) -> str:
    """Block kind from what a reader sees: Roman-numbered or bold short lines are headings,
    bullets and numbered items are list items, the rest paragraphs."""
    stripped = text.strip()
    if heading_style or ROMAN_HEADING.match(stripped):
        return HEADING
    if BULLET.match(stripped) or numbered or LIST_MARKER.match(stripped):
        return LIST_ITEM
    if len(stripped) < 200 and (bold or _capitals(stripped, 4)):
        return HEADING
    return PARAGRAPH


def geometry(lines: list[Line], width: float) -> PageGeometry:
    """Margins and line spacing, from the lines themselves (robust to indents)."""
    if not lines:
        return PageGeometry(width, 0, width, 12, 5)
    xs0 = sorted(l.x0 for l in lines)
    xs1 = sorted(l.x1 for l in lines)
    left = xs0[len(xs0) // 5]
    right = xs1[int(len(xs1) * 0.8)]
    gaps = sorted(b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top)
    line_height = gaps[len(gaps) // 3] if gaps else 12
    chars = sum(len(l.text) for l in lines) or 1
    char_width = max(sum(l.x1 - l.x0 for l in lines) / chars, 0.1)
    g = PageGeometry(width, left, right, line_height, char_width)
    # the lines after a short one that ends a sentence open paragraphs: indented, mostly, or not
    openings = [b.x0 > left + char_width * 1.5 for a, b in zip(lines, lines[1:])
                if a.page == b.page and SENTENCE_END.search(a.text) and a.x1 < right - char_width * 8]
    g.indented_paragraphs = len(openings) >= MIN_OPENINGS and sum(openings) >= 0.8 * len(openings)
    return g


def _is_split(line: Line, g: PageGeometry) -> bool:
    """Two runs of text side by side: the left one ends near the middle, the right one
    starts past the first third of the text width."""
    if len(line.segments) < 2:
        return False
    full = g.right - g.left
    right_start = _widest_gap_x(line)
    left_end = max(s.x1 for s in line.segments if s.x0 < right_start)
    return left_end < g.middle + full * 0.1 and right_start > g.left + full * 0.3


def _is_half(line: Line, g: PageGeometry) -> bool:
    """A single run of text kept within one half of the page (a column of a 2-column block)."""
    full = g.right - g.left
    return (line.x1 - line.x0) < full * 0.55 and (line.x1 < g.middle + full * 0.1 or line.x0 > g.middle - full * 0.1)


def _column_regions(lines: list[Line], g: PageGeometry) -> list[tuple[int, int]]:
    """Index ranges [i, j) of lines that form a 2-column region around at least one split line."""
    regions = []
    i = 0
    while i < len(lines):
        if not _is_split(lines[i], g):
            i += 1
            continue
        start = i
        while start > 0 and _is_half(lines[start - 1], g) and not _far(lines[start - 1], lines[start], g) \
                and not _is_centred(lines[start - 1], g) and not _ends_paragraph(lines, start - 1, g):
            start -= 1
        end = i + 1
        while end < len(lines) and (_is_split(lines[end], g) or _is_half(lines[end], g)) \
                and not _far(lines[end - 1], lines[end], g) and not _is_centred(lines[end], g):
            end += 1
        regions.append((start, end))
        i = end
    return regions


def _ends_paragraph(lines: list[Line], i: int, g: PageGeometry) -> bool:
    """A short line right under a full-width one is the last line of a paragraph, not the first of a
    2-column block that follows it (a signature under the closing sentence)."""
    if i == 0:
        return False
    above = lines[i - 1]
    return not (_is_half(above, g) or _is_split(above, g) or _far(above, lines[i], g))


def _far(a: Line, b: Line, g: PageGeometry) -> bool:
    return a.page != b.page or (b.top - a.top) > g.line_height * 3.2


def _is_centred(line: Line, g: PageGeometry) -> bool:
    centre = (line.x0 + line.x1) / 2
    return len(line.segments) == 1 and abs(centre - g.middle) < g.char_width * 3 \
        and line.x0 > g.left + g.char_width * 4 and (line.x1 - line.x0) < (g.right - g.left) * 0.7


def _widest_gap_x(line: Line) -> float:
    """Where the right column starts on a split line: after its widest gap."""
    gaps = [(b.x0 - a.x1, b.x0) for a, b in zip(line.segments, line.segments[1:])]
    return max(gaps)[1]


def _region_rows(lines: list[Line], g: PageGeometry) -> list[list[str]]:
    """Rows of a 2-column region: a new row at each vertical gap wider than a blank line."""
    split_x = min(_widest_gap_x(l) for l in lines if _is_split(l, g))
    rows: list[list[list[str]]] = []
    prev: Line | None = None
    for line in lines:
        if prev is None or (line.top - prev.top) > g.line_height * 1.6:
            rows.append([[], []])
        left = [s.text for s in line.segments if s.x1 <= split_x + g.char_width]
        right = [s.text for s in line.segments if s.x1 > split_x + g.char_width]
        if left:
            rows[-1][0].append(" ".join(left))
        if right:
            rows[-1][1].append(" ".join(right))
        prev = line
    return [["\n".join(cell) for cell in row] for row in rows]


def _starts_paragraph(prev: Line, line: Line, g: PageGeometry) -> bool:
    text = line.text.lstrip()
    if LIST_MARKER.match(text):
        # "... phát triển kinh tế | - xã hội": a dash inside a compound, wrapped at the margin, is no bullet
        return not (text[:1] in "-–" and text[1:].lstrip()[:1].islower() and not SENTENCE_END.search(prev.text)
                    and prev.x1 >= g.right - g.char_width * 8 and prev.page == line.page)
    if prev.page == line.page and (line.top - prev.top) > g.line_height * 1.7:
        return True
    if prev.bold and not line.bold:  # a bold title or heading ends where the plain text begins
        return True
    if _in_capitals(line.text) and not _in_capitals(prev.text):  # a heading, or a decision's authority
        return True  # line under its subject: never the rest of a sentence
    ended = bool(SENTENCE_END.search(prev.text))
    short = prev.x1 < g.right - g.char_width * 8
    indented = line.x0 > g.left + g.char_width * 1.5
    if _is_centred(line, g) or _is_centred(prev, g):
        return True
    if ended and (indented or short or text[:1].isupper()):
        # a colon at the right margin with the next line at the left one is a wrap inside the sentence
        # ("... tại Dự án 1: | Phòng ngừa, đấu tranh ..."): what a colon announces starts a line of its own;
        # so is a sentence's end there where paragraphs open indented ("... khoáng sản. | Trong đó ...")
        return indented or short or not (prev.text.rstrip().endswith(":") or g.indented_paragraphs)
    return short and indented


def _in_capitals(text: str) -> bool:
    """A line of words in capitals (not a lone abbreviation such as "UBND.")."""
    return _capitals(text, 8)


def _capitals(text: str, minimum: int) -> bool:
    """At least `minimum` letters, all of them capitals (the characters tested by C loops)."""
    letters = list(filter(str.isalpha, text))
    return len(letters) >= minimum and all(map(str.isupper, letters))


def add_lines(builder: DocumentBuilder, pages: list[tuple[float, list[Line]]],
              source: str = "text", confidence: dict[int, float] | None = None) -> None:
    """Append the blocks read from positioned lines, page by page, to `builder`. Footnotes met
    while a paragraph is open are given after it, so that a paragraph the foot of a page cuts
    reads whole. `confidence`: OCR's mean confidence on each page, which a block takes from the
    page it begins on."""
    confidence = confidence or {}
    paragraph: list[Line] = []
    held: list[list[Line]] = []  # footnotes waiting for the paragraph they interrupt to end

    def emit(lines: list[Line]) -> None:
        text = " ".join(l.text.strip() for l in lines)
        style = {"bold": lines[0].bold} | ({"note": True} if lines[0].note else {})
        if _is_centred(lines[0], g):
            style["align"] = "center"
        builder.add_text(text, classify(text, bold=lines[0].bold), lines[0].page, style,
                         source=source, confidence=confidence.get(lines[0].page), doubtful=_doubtful(lines))

    def flush() -> None:
        for lines in [paragraph, *held] if paragraph else held:
            emit(lines)
        paragraph.clear()
        held.clear()

    for width, lines in pages:
        lines = _drop_page_numbers(lines)
        g = geometry(lines, width)
        regions = dict(_column_regions(lines, g))
        i = 0
        while i < len(lines):
            if i in regions:
                flush()
                end = regions[i]
                builder.add_table([[(cell, (r, c)) for c, cell in enumerate(row)]
                                   for r, row in enumerate(_region_rows(lines[i:end], g))],
                                  page=lines[i].page, style={"layout": "columns"}, source=source,
                                  confidence=confidence.get(lines[i].page), doubtful=_doubtful(lines[i:end]))
                i = end
                continue
            line = lines[i]
            if line.note and paragraph and not paragraph[-1].note:
                if held and held[-1][-1].page == line.page and not _starts_paragraph(held[-1][-1], line, g):
                    held[-1].append(line)
                else:
                    held.append([line])
                i += 1
                continue
            if paragraph and (line.note != paragraph[-1].note or _starts_paragraph(paragraph[-1], line, g)):
                flush()
            paragraph.append(line)
            i += 1
    flush()


def _doubtful(lines: list[Line]) -> tuple[str, ...]:
    return tuple(word for line in lines for word in line.doubtful)


def _drop_page_numbers(lines: list[Line]) -> list[Line]:
    if lines and PAGE_NUMBER.match(lines[0].text):
        lines = lines[1:]
    if lines and PAGE_NUMBER.match(lines[-1].text):
        lines = lines[:-1]
    return lines
