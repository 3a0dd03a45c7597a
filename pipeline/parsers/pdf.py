"""PDF with a text layer, through pdfplumber: ruled tables as tables, the rest as lines.

Tables are found on each page and their cells resolved (pdfplumber gives `None` for the
slots a merged cell covers); a table that runs on at the top of the next page with the
same columns is joined to the one before it. Text outside tables goes through the shared
line layout (`pipeline.layout`), with the text stamped in annotations (signature fields
holding the number and the day) among the page's words, and the page's footnotes marked
as notes (`pdf_notes`).
"""

from __future__ import annotations

import io
import re
from bisect import bisect_left, bisect_right

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdffont import PDFSimpleFont
from pdfminer.pdfinterp import PDFResourceManager

from pipeline.document import Document, DocumentBuilder
from pipeline.errors import UnreadableDocument
from pipeline.layout import PAGE_NUMBER, Line, Segment, add_lines
from pipeline.legacy_fonts import byte_recoding, fix_pdf_words, is_garbled, legacy_codes
from pipeline.ocr import DOUBTFUL_CONFIDENCE, NOT_INSTALLED, OcrLine, OcrPage, ocr_available, ocr_pdf_pages
from pipeline.parsers.pdf_annots import annotation_words
from pipeline.parsers.pdf_notes import footnotes_start, mark_raised, mark_references
from pipeline.parsers.pdf_signatures import pdf_signatures

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_SOFT_HYPHEN = 0xAD
_PRIVATE_USE = 0xF700  # where undefined codes whose Latin-1 letter is taken are put, to be told back


class _ResourceManager(PDFResourceManager):
    """Fonts read so that the legacy decoder (`fix_pdf_words`) can find the codes of TCVN3
    and VNI letters again. pdfminer reads code 0xAD of WinAnsiEncoding as a space, but it is
    the soft hyphen, at whose code TCVN3 fonts draw "ư": the character is kept, so that a
    word typed in such a font stays whole. A legacy code the font's encoding leaves undefined
    (most of /StandardEncoding's upper half) reads as its Latin-1 letter rather than
    "(cid:215)"; one it reads as another character ("›" for 0xAD) is noted in `recoding`."""

    def __init__(self) -> None:
        super().__init__()
        self.recoding: dict[str, dict[int, str]] = {}  # font name -> `byte_recoding`
        self._read: set[object] = set()  # the fonts already read, each page naming them again

    def get_font(self, objid, spec):
        font = super().get_font(objid, spec)
        if not isinstance(font, PDFSimpleFont) or (objid and objid in self._read):
            return font
        if objid and self.caching:
            self._read.add(objid)
        chars = {code: _char(font, code) for code in range(256)}
        drawn = set(chars.values())  # an undefined code must not read as a letter another one draws
        undefined = {code: chr(code) if chr(code) not in drawn else chr(_PRIVATE_USE + code)
                     for code in legacy_codes() if chars[code] is None}
        if chars[_SOFT_HYPHEN] == " ":
            undefined[_SOFT_HYPHEN] = "\xad"
        if undefined:
            font.cid2unicode = {**font.cid2unicode, **undefined}  # the table is shared
            chars.update(undefined)
        if recoding := byte_recoding(chars):
            self.recoding[font.fontname] = recoding
        return font


def _char(font: PDFSimpleFont, code: int) -> str | None:
    try:
        return font.to_unichr(code)
    except Exception:  # pdfminer's PDFUnicodeNotDefined, or a broken ToUnicode map
        return None


def _words_to_lines(words: list[dict], page_number: int) -> list[Line]:
    """Cluster words by baseline into lines (a raised number on the baseline of the word it
    sits beside), then split each line at gaps wider than ~3 spaces."""
    rows: list[list[dict]] = []
    for word in sorted(words, key=_baseline):
        tolerance = max(2.0, (word["bottom"] - word["top"]) * 0.4)
        if rows and abs(_baseline(rows[-1][-1]) - _baseline(word)) <= tolerance:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [_row_to_line(row, page_number) for row in rows]


def _baseline(word: dict) -> float:
    return word.get("line_bottom", word["bottom"])


def _ocr_lines(page: OcrPage) -> list[Line]:
    """Tesseract's lines, those side by side at one height (two header columns) joined in a
    row. Its lines are kept apart rather than clustered again by baseline: a seal or a
    signature gives stray tall words that would chain two close lines into one."""
    rows: list[list[OcrLine]] = []
    for line in sorted(page.lines, key=lambda l: l.bbox[1]):
        row = next((r for r in rows if all(_side_by_side(line, other) for other in r)), None)
        if row is None:
            rows.append([line])
        else:
            row.append(line)
    words = [[word for line in row for word in line.words_as_dicts()] for row in rows]
    return sorted((_row_to_line(row, page.number) for row in words), key=lambda l: l.top)


def _side_by_side(a: OcrLine, b: OcrLine) -> bool:
    """Lines that share most of their height and no horizontal stretch."""
    (ax0, atop, ax1, abottom), (bx0, btop, bx1, bbottom) = a.bbox, b.bbox
    shared = min(abottom, bbottom) - max(atop, btop)
    return shared > 0.5 * min(abottom - atop, bbottom - btop) and (ax1 < bx0 or bx1 < ax0)


def _row_to_line(row: list[dict], page_number: int) -> Line:
    row = sorted(row, key=lambda w: w["x0"])
    segments: list[Segment] = []
    for word in row:
        if word.get("reference"):  # a footnote's mark: the punctuation after it touches the word before
            if segments:
                segments[-1].x1 = word["x1"]
            continue
        fontname = word.get("fontname", "")
        bold = "bold" in fontname.lower()
        gap_limit = max(1.5 * word.get("size", 10), 12)
        if segments and word["x0"] - segments[-1].x1 <= gap_limit:
            last = segments[-1]
            last.text += ("" if _attached(word, last) else " ") + word["text"]
            last.x1 = word["x1"]
            last.bold = last.bold and bold
        else:
            segments.append(Segment(word["x0"], word["x1"], word["text"], bold))
        if word.get("confidence", DOUBTFUL_CONFIDENCE) < DOUBTFUL_CONFIDENCE:
            segments[-1].doubtful.append(word["text"])
    return Line(page=page_number, top=min(w["top"] for w in row),
                bottom=max(w["bottom"] for w in row), segments=segments,
                size=max(w.get("size", 0) for w in row))


def _attached(word: dict, before: Segment) -> bool:
    """A footnote reference, or the punctuation after it, touching the text before it."""
    touching = word["x0"] - before.x1 < 0.15 * word.get("size", 10)
    return touching and (word.get("raised", False) or word["text"][:1] in ",.;:)")


class _WordIndex:
    """A page's words sorted by the height of their centre, so that each table cell finds
    its words by bisection instead of reading every word of the page."""

    def __init__(self, words: list[dict]) -> None:
        self.words = sorted(words, key=_centre_y)
        self.keys = [_centre_y(w) for w in self.words]

    def cell_text(self, box: tuple) -> str:
        """The words whose centre lies in the cell, line by line."""
        rows = self.words[bisect_left(self.keys, box[1]):bisect_right(self.keys, box[3])]
        inside = [w for w in rows if _centre_in(w, box)]
        return "\n".join(l.text for l in _words_to_lines(inside, 0))


def _centre_y(word: dict) -> float:
    return (word["top"] + word["bottom"]) / 2


def _centre_in(word: dict, box: tuple) -> bool:
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _resolve_cells(table, words: _WordIndex) -> list[list[tuple[str, tuple[int, int]]]]:
    """Fill the `None` slots of merged cells with the text and origin of the cell covering
    them, found by geometry: a cell covers the rows and columns that start inside its box.
    Cells read the page's words, so they are decoded and stamped like the running text."""
    rows = [row.cells for row in table.rows]
    texts = [[words.cell_text(bbox) if bbox else None for bbox in row] for row in rows]
    width = max(len(r) for r in rows)
    row_tops = [row.bbox[1] for row in table.rows]
    col_lefts = [min((r[c][0] for r in rows if c < len(r) and r[c] is not None), default=float("inf"))
                 for c in range(width)]
    grid: list[list[tuple[str, tuple[int, int]] | None]] = [[None] * width for _ in rows]
    for r, row in enumerate(rows):
        for c, bbox in enumerate(row):
            if bbox is None:
                continue
            cell = ((texts[r][c] or ""), (r, c))
            for rr in range(r, len(rows)):
                if rr > r and (rows[rr][c] is not None or row_tops[rr] >= bbox[3] - 1):
                    break
                for cc in range(c, width):
                    if cc > c and (col_lefts[cc] >= bbox[2] - 1 or rows[rr][cc] is not None):
                        break
                    if grid[rr][cc] is None:
                        grid[rr][cc] = cell
    return [[slot or ("", (r, c)) for c, slot in enumerate(row)] for r, row in enumerate(grid)]


def parse_pdf(data: bytes, source: str) -> Document:
    builder = DocumentBuilder(data, source, "pdf")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in its own
        if any(isinstance(e, PDFPasswordIncorrect) for e in (exc, *exc.args)):
            raise UnreadableDocument("The PDF is password-protected; send an unprotected copy.", repr(exc))
        raise UnreadableDocument("The PDF is damaged or incomplete and cannot be opened.", repr(exc))
    pdf.rsrcmgr = _ResourceManager()
    with pdf:
        try:
            pages = pdf.pages
            items = [item for number, page in enumerate(pages, 1)
                     for item in _page_items(page, number, builder.encodings)]
            builder.signatures = pdf_signatures(pdf)
        except UnreadableDocument:
            raise
        except Exception as exc:
            raise UnreadableDocument("The PDF is damaged or incomplete and cannot be read.", repr(exc))
    builder.pages = len(pages)
    if not pages:
        raise UnreadableDocument("The PDF has no pages.")
    unreadable = [n for n in range(1, len(pages) + 1) if _needs_ocr(items, n)]
    if unreadable:
        items = _ocr_items(data, items, unreadable, builder)
    _emit(builder, _join_continued_tables(items))
    return builder.build()


def _page_text(items: list[tuple], number: int) -> str:
    parts = []
    for kind, where, content in items:
        if kind == "lines" and content and content[0].page == number:
            parts.extend(l.text for l in content)
        elif kind == "table" and where[0] == number:
            parts.extend(t for row in content for t, _ in row)
    return " ".join(parts)


def _needs_ocr(items: list[tuple], number: int) -> bool:
    """A page with (almost) no text, or whose text layer reads as garbage."""
    text = _page_text(items, number)
    return len(text.strip()) < 20 or is_garbled(text)


def _ocr_items(data: bytes, items: list[tuple], numbers: list[int], builder: DocumentBuilder) -> list[tuple]:
    """Replace the text of unreadable pages with what Tesseract reads on their image."""
    if not ocr_available():
        if all(_needs_ocr(items, n) for n in numbers) and len(numbers) == builder.pages:
            raise UnreadableDocument(
                "The PDF has no readable text layer (a scan?) and OCR is not installed on this "
                "machine.", NOT_INSTALLED)
        builder.warnings.append(f"pages {numbers} have no readable text and OCR is not installed")
        return items
    ocr_pages = {p.number: p for p in ocr_pdf_pages(data, numbers)}
    builder.ocr = True
    kept = [item for item in items if _item_page(item) not in ocr_pages]
    for number, page in ocr_pages.items():
        lines = _ocr_lines(page)
        if lines:
            kept.append(("lines", page.width, lines, "ocr", page.confidence))
    if not any(kind == "lines" or kind == "table" for kind, *_ in kept):
        raise UnreadableDocument("The PDF's pages could not be read, even by OCR.")
    return sorted(kept, key=_item_page)


def _item_page(item: tuple) -> int:
    kind, where, content = item[:3]
    return content[0].page if kind == "lines" else where[0]


def _page_items(page, number: int, encodings: set[str]) -> list[tuple]:
    """("lines", width, [Line]) and ("table", (page, top, height), grid) items in reading order;
    the legacy encodings the page's text was decoded from are added to `encodings`."""
    try:  # a ruled box of one column is a frame (paragraph borders, a boxed page): its text flows as lines
        tables = [t for t in page.filter(_drawn).find_tables(_TABLE_SETTINGS) if len(t.columns) > 1]
    except Exception:
        tables = []
    words = page.extract_words(extra_attrs=["fontname", "size"], expand_ligatures=False)
    if words:  # a page with no text layer is a scan: OCR reads its stamps with the rest
        words = fix_pdf_words(words + annotation_words(page), page.pdf.rsrcmgr.recoding)
    encodings.update(w["encoding"] for w in words if "encoding" in w)
    words = mark_raised(words)
    body = [w for w in words if not any(_centre_in(w, t.bbox) for t in tables)]
    lines = _words_to_lines(body, number)
    start = footnotes_start(lines, words)
    if start < len(lines):  # the raised numbers the footnotes answer are marks, not words of the text
        marked = mark_references(body, lines[start:])
        if marked != body:
            notes = len(lines) - start
            lines = _words_to_lines(marked, number)
            start = len(lines) - notes
    for line in lines[start:]:
        line.note = True
    items: list[tuple] = []
    index = _WordIndex(words)
    for table in sorted(tables, key=lambda t: t.bbox[1]):
        above = [l for l in lines if l.bottom <= table.bbox[1]]
        lines = [l for l in lines if l.bottom > table.bbox[1]]
        if above:
            items.append(("lines", float(page.width), above))
        items.append(("table", (number, table.bbox[1], float(page.height)), _resolve_cells(table, index)))
    if lines:
        items.append(("lines", float(page.width), lines))
    return items


def _drawn(obj: dict) -> bool:
    """False for a white rectangle with no outline: the invisible shading a word processor lays behind
    each run of text, whose edges would rule a table across the prose."""
    if obj.get("object_type") != "rect" or obj.get("stroke") or not obj.get("fill"):
        return True
    color = obj.get("non_stroking_color")
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color:
        return True
    white = all(c == 0 for c in color) if len(color) == 4 else all(c == 1 for c in color)
    return not white


def _join_continued_tables(items: list[tuple]) -> list[tuple]:
    """A table at the top of a page, right after a table with as many columns (the page's number
    between them aside), continues it."""
    out: list[tuple] = []
    last_page: dict[int, int] = {}  # id of a table's grid -> the page it has reached
    for item in items:
        kind, where, content = item[:3]
        numbered = len(out) > 1 and out[-1][0] == "lines" and all(PAGE_NUMBER.match(l.text) for l in out[-1][2])
        before = out[-2] if numbered else out[-1] if out else None
        if kind == "table" and before and before[0] == "table":
            grid = before[2]
            page, top, height = where
            if page == last_page.get(id(grid), before[1][0]) + 1 and top < height * 0.2 \
                    and len(grid[0]) == len(content[0]):
                if numbered:
                    out.pop()
                _join(grid, content)
                last_page[id(grid)] = page
                continue
        out.append(item)
    return out


def _emit(builder: DocumentBuilder, items: list[tuple]) -> None:
    """Runs of line items from one source (the text layer, or OCR) go through the layout together,
    so paragraphs cross page breaks; text read by OCR keeps its source and its page's mean confidence."""
    pending: list[tuple[float, list[Line]]] = []
    origin = "text"
    confidence: dict[int, float] = {}
    for item in items:
        kind, where, content = item[:3]
        source = item[3] if len(item) > 3 else "text"
        if pending and (kind != "lines" or source != origin):
            add_lines(builder, pending, origin, confidence)
            pending, confidence = [], {}
        if kind == "lines":
            pending.append((where, content))
            origin = source
            if len(item) > 4 and item[4] is not None:
                confidence[content[0].page] = item[4]
        else:
            builder.add_table(content, page=where[0])
    if pending:
        add_lines(builder, pending, origin, confidence)


def _join(grid, continuation) -> None:
    """Append a continued table's rows; a repeated header row is dropped, and a row split
    by the page break (empty first cell) is merged into the previous row."""
    offset = len(grid)
    if continuation and [t for t, _ in continuation[0]] == [t for t, _ in grid[0]]:
        continuation = continuation[1:]
    for row in continuation:
        first = row[0][0].strip()
        if grid and not first and _numbered(grid[-1][0][0]):
            grid[-1] = [(a[0] + ("\n" + b[0] if b[0] and b[1][0] == row[0][1][0] else ""), a[1])
                        for a, b in zip(grid[-1], row)]
            continue
        grid.append([(t, (o[0] + offset, o[1])) for t, o in row])


def _numbered(text: str) -> bool:
    return bool(re.match(r"^\s*[\dIVXivx]+[.)]?\s*$", text))
