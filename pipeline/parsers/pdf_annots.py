"""Text drawn by PDF annotations, as words placed on the page.

E-government offices sign a document after it is typed and stamp its number and day into
signature fields laid over the blanks of "Số:      /KH-UBND" and "ngày   tháng   năm".
That text lives only in each annotation's appearance stream (`/AP /N`, a Form XObject),
which pdfplumber does not read. pdfminer interprets the stream with its resources; its
characters are mapped onto the annotation's rectangle (the appearance's BBox, through its
Matrix, fitted to `/Rect`, as a viewer draws it), turned with the page by its /Rotate (but
for an annotation flagged NoRotate, which a viewer keeps upright, its rectangle's upper-left
corner where the page puts it), and grouped into words like the page's.

Only one-line appearances are read: a value filling a blank is one line, while the boxes
of several lines ("Ký bởi: ... / Cơ quan: ... / Thời gian ký: ...") describe the signature,
not the document, and often lie over the header, whose lines they would break.
"""

from __future__ import annotations

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTItem
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import Matrix, apply_matrix_pt, mult_matrix
from pdfplumber.utils import extract_words

# Annotations whose appearance may hold typed text; links, comments and the like never do.
_TEXT_SUBTYPES = {"Widget", "FreeText", "Stamp"}
_HIDDEN = 0b10 | 0b100000  # the Hidden and NoView flags
_NO_ROTATE = 0b10000


def annotation_words(page) -> list[dict]:
    """Words (as `extract_words(extra_attrs=["fontname", "size"])` gives them) drawn in one
    line by the visible annotations of a pdfplumber page."""
    words: list[dict] = []
    device = PDFPageAggregator(page.pdf.rsrcmgr)  # the document's: fonts are read once
    interpreter = PDFPageInterpreter(page.pdf.rsrcmgr, device)
    for annot in resolve1(page.page_obj.annots) or []:
        annot = resolve1(annot)
        if not isinstance(annot, dict) or _name(annot.get("Subtype")) not in _TEXT_SUBTYPES:
            continue
        flags = int(resolve1(annot.get("F")) or 0)
        if flags & _HIDDEN:
            continue
        form = _normal_appearance(annot)
        rect = resolve1(annot.get("Rect"))
        if form is None or not isinstance(rect, list) or len(rect) != 4:
            continue
        chars = _chars(interpreter, device, form, [float(resolve1(v)) for v in rect], page,
                       upright=bool(flags & _NO_ROTATE))
        found = extract_words(chars, x_tolerance_ratio=0.15, extra_attrs=["fontname", "size"])
        if found and _one_line(found):
            words.extend(found)
    return words


def _one_line(words: list[dict]) -> bool:
    tops = [w["top"] for w in words]
    return max(tops) - min(tops) <= 0.5 * min(w["bottom"] - w["top"] for w in words)


def _name(value) -> str:
    value = resolve1(value)
    return value.name if isinstance(value, PSLiteral) else str(value or "")


def _normal_appearance(annot: dict) -> PDFStream | None:
    """The `/AP /N` stream, or the one of the annotation's state (`/AS`) when there are several."""
    normal = resolve1((resolve1(annot.get("AP")) or {}).get("N"))
    if isinstance(normal, dict):
        normal = resolve1(normal.get(_name(annot.get("AS"))))
    return normal if isinstance(normal, PDFStream) else None


def _placement(form: PDFStream, rect: list[float]) -> Matrix:
    """Form space to page space: the form's Matrix, then its transformed BBox fitted to Rect."""
    matrix = tuple(float(resolve1(v)) for v in resolve1(form.get("Matrix")) or (1, 0, 0, 1, 0, 0))
    x0, y0, x1, y1 = (float(resolve1(v)) for v in resolve1(form.get("BBox")) or rect)
    corners = [apply_matrix_pt(matrix, p) for p in ((x0, y0), (x0, y1), (x1, y0), (x1, y1))]
    bx0, by0 = min(x for x, _ in corners), min(y for _, y in corners)
    bx1, by1 = max(x for x, _ in corners), max(y for _, y in corners)
    rx0, ry0, rx1, ry1 = min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3])
    sx = (rx1 - rx0) / (bx1 - bx0) if bx1 > bx0 else 1.0
    sy = (ry1 - ry0) / (by1 - by0) if by1 > by0 else 1.0
    return mult_matrix(matrix, (sx, 0, 0, sy, rx0 - sx * bx0, ry0 - sy * by0))


def _page_matrix(page) -> Matrix:
    """Page space to the space pdfminer draws the page's own text in
    (`PDFPageInterpreter.process_page`): the page turned by its /Rotate, the media box at
    the origin. Annotations turn with the page, as a viewer shows them."""
    x0, y0, x1, y1 = (float(v) for v in page.page_obj.mediabox)
    return {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0)}.get(page.page_obj.rotate, (1, 0, 0, 1, -x0, -y0))


def _upright_matrix(page, rect: list[float]) -> Matrix:
    """Page space to that space for an annotation that does not turn with the page: moved,
    not turned, so that the upper-left corner of its rectangle lands where the page's
    turning puts that corner."""
    corner = (min(rect[0], rect[2]), max(rect[1], rect[3]))
    x, y = apply_matrix_pt(_page_matrix(page), corner)
    return (1, 0, 0, 1, x - corner[0], y - corner[1])


def _chars(interpreter: PDFPageInterpreter, device: PDFPageAggregator, form: PDFStream,
           rect: list[float], page, upright: bool = False) -> list[dict]:
    """The form's characters as pdfplumber char dicts in the page's top-left coordinates;
    `upright` for an annotation that keeps its placement when the page is turned."""
    mb_x0 = float(page.mediabox[0])
    device.cur_item = _Sink()
    to_page = _upright_matrix(page, rect) if upright else _page_matrix(page)
    try:
        interpreter.render_contents(
            resolve1(form.get("Resources")) or {}, [form], ctm=mult_matrix(_placement(form, rect), to_page))
    except Exception:  # a broken appearance must not cost the page its own text
        return []
    height, top_offset = float(page.height), float(page.mediabox[1])
    chars = []
    for item in _walk(device.cur_item):
        text = item.get_text()
        if not text.strip():
            continue
        top = height - item.y1 + top_offset
        chars.append({"text": text, "x0": item.x0 + mb_x0, "x1": item.x1 + mb_x0,
                      "top": top, "bottom": top + item.height, "doctop": page.initial_doctop + top,
                      "upright": item.upright, "fontname": item.fontname, "size": item.size})
    return chars


class _Sink(LTContainer):
    """Collects what the interpreter draws, with no page layout analysis."""

    def __init__(self) -> None:
        super().__init__((0, 0, 0, 0))


def _walk(item: LTItem):
    if isinstance(item, LTChar):
        yield item
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _walk(child)
