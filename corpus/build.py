"""Build the sample documents of corpus/ from their sources in corpus/src/*.yaml.

Run by hand: `python corpus/build.py` (needs python-docx, reportlab, pypdf and PyYAML).
Each source lists the files to write (.docx, .pdf, .txt: laid out like pdftotext, or, with
`txt_layout: word`, as Word saves plain text); an `appendix` (body items)
follows the signature on a new page. The layout follows
Decree 30/2020/NĐ-CP: a two-column header table, the type name and subject,
the body, and a two-column signature table. Gold answers are written by hand
beside the documents (NAME.gold.json) and are never produced here.

A Party document gives `motto: ["ĐẢNG CỘNG SẢN VIỆT NAM"]` in place of the national motto and may
end its `agency` with the "*" line; the last agency line that is not "*" is set in bold.

A PDF issued electronically lists its `signatures` (`at`: the signing time as a PDF date, `reason`:
the signer's line), written as the signature fields of its last page.

Body items of a source:
  p: paragraph          h: bold heading          i: italic paragraph
  c: centred bold line  ci: centred italic line  pagebreak: true          to: ["Kính gửi:", "- ...", ...]
  table: {widths: [cm...], header: [...], rows: [...]} where a row of one cell is a
         group heading spanning all columns, a cell "^" merges with the one above, and a
         new line in a cell starts a new line (a new paragraph in DOCX) inside it.
"""

from __future__ import annotations

import io
import sys
import textwrap
from pathlib import Path

import yaml
from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
MERGE_UP = "^"


def load_sources(names: list[str]) -> list[dict]:
    """Sources by file stem; all of them when no name is given."""
    paths = sorted((HERE / "src").glob("*.yaml"))
    if names:
        paths = [p for p in paths if p.stem in names]
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in paths]


def table_spans(rows: list[list[str]], ncols: int) -> list[tuple[int, int, int, int]]:
    """Merged areas (col0, row0, col1, row1) of a table body: group rows and "^" cells."""
    spans = []
    for r, row in enumerate(rows):
        if len(row) == 1:
            spans.append((0, r, ncols - 1, r))
            continue
        for c, value in enumerate(row):
            end = r
            while end + 1 < len(rows) and len(rows[end + 1]) > 1 and rows[end + 1][c] == MERGE_UP:
                end += 1
            if value != MERGE_UP and end > r:
                spans.append((c, r, c, end))
    return spans


# ---------------------------------------------------------------- DOCX

def docx_par(container, text: str, *, bold=False, italic=False, align=None, indent=False,
             size=13, space_after=4):
    par = container.add_paragraph()
    run = par.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    run.font.name = "Times New Roman"
    if align is not None:
        par.alignment = align
    fmt = par.paragraph_format
    fmt.space_after, fmt.space_before = Pt(space_after), Pt(0)
    if indent:
        fmt.first_line_indent = Cm(1)
    return par


def docx_cell_lines(cell, lines: list[dict]) -> None:
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    for line in lines:
        docx_par(cell, line["text"], bold=line.get("bold", False), italic=line.get("italic", False),
                 align=line.get("align", WD_ALIGN_PARAGRAPH.CENTER), size=line.get("size", 13),
                 space_after=0)


def header_lines(src: dict) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """Left/right lines of the two header rows, shared by DOCX and PDF."""
    agency = src["agency"]
    named = [line for line in agency if line != "*"]
    top_left = [{"text": line, "bold": line == named[-1]} for line in agency]
    motto = src.get("motto") or ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" if not src.get("old_tones")
                                 else "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    top_right = [{"text": motto[0], "bold": True, "size": 12}]
    top_right += [{"text": line, "bold": True} for line in motto[1:]]
    low_left = [{"text": src["number"]}]
    low_left += [{"text": line, "size": 12} for line in src.get("vv", [])]
    low_right = [{"text": src["place_date"], "italic": True}]
    return top_left, top_right, low_left, low_right


def docx_table(doc, spec: dict) -> None:
    header, rows = spec["header"], spec["rows"]
    ncols = len(header)
    table = doc.add_table(rows=1 + len(rows), cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, title in enumerate(header):
        docx_cell_lines(table.cell(0, c), [{"text": title, "bold": True, "size": 12}])
    for c0, r0, c1, r1 in table_spans(rows, ncols):
        table.cell(r0 + 1, c0).merge(table.cell(r1 + 1, c1))
    for r, row in enumerate(rows, start=1):
        if len(row) == 1:
            docx_cell_lines(table.cell(r, 0), [{"text": row[0], "bold": True, "size": 12,
                                                "align": WD_ALIGN_PARAGRAPH.LEFT}])
            continue
        for c, value in enumerate(row):
            if value != MERGE_UP:
                align = WD_ALIGN_PARAGRAPH.CENTER if c == 0 else WD_ALIGN_PARAGRAPH.LEFT
                docx_cell_lines(table.cell(r, c), [{"text": line, "size": 12, "align": align}
                                                   for line in value.split("\n")])
    for row in table.rows:
        for c, width in enumerate(spec["widths"]):
            row.cells[c].width = Cm(width)
    docx_par(doc, "")


def signature_lines(src: dict) -> tuple[list[dict], list[dict]]:
    sign = src["signature"]
    left = [{"text": "Nơi nhận:", "bold": True, "italic": True, "size": 12,
             "align": WD_ALIGN_PARAGRAPH.LEFT}]
    left += [{"text": line, "size": 11, "align": WD_ALIGN_PARAGRAPH.LEFT}
             for line in sign["recipients"]]
    right = [{"text": line, "bold": True} for line in sign["titles"]]
    right += [{"text": ""}] * 3 + [{"text": sign["name"], "bold": True}]
    return left, right


def write_docx(src: dict, path: Path) -> None:
    doc = DocxDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    top_left, top_right, low_left, low_right = header_lines(src)
    head = doc.add_table(rows=2, cols=2)
    for (r, c), lines in {(0, 0): top_left, (0, 1): top_right,
                          (1, 0): low_left, (1, 1): low_right}.items():
        docx_cell_lines(head.cell(r, c), lines)
    for row in head.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.5), Cm(9.5)
    docx_par(doc, "")
    if src.get("doc_type_line"):
        docx_par(doc, src["doc_type_line"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14,
                 space_after=0)
    for line in src.get("subject", []):
        docx_par(doc, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    docx_par(doc, "")
    docx_body(doc, src["body"])
    left, right = signature_lines(src)
    sign = doc.add_table(rows=1, cols=2)
    docx_cell_lines(sign.cell(0, 0), left)
    docx_cell_lines(sign.cell(0, 1), right)
    if src.get("appendix"):
        doc.add_page_break()
        docx_body(doc, src["appendix"])
    doc.core_properties.author = "Văn thư"
    doc.core_properties.title = " ".join(src.get("subject", []) or src.get("vv", []))
    doc.save(path)


def docx_body(doc, items: list[dict]) -> None:
    for item in items:
        kind, value = next(iter(item.items()))
        if kind == "p":
            docx_par(doc, value, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
        elif kind == "i":
            docx_par(doc, value, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
        elif kind == "h":
            docx_par(doc, value, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
        elif kind == "c":
            docx_par(doc, value, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif kind == "ci":
            docx_par(doc, value, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif kind == "to":
            for n, line in enumerate(value):
                par = docx_par(doc, line, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=0)
                par.paragraph_format.left_indent = Cm(3 if n == 0 else 5)
            docx_par(doc, "")
        elif kind == "pagebreak":
            doc.add_page_break()
        elif kind == "table":
            docx_table(doc, value)


# ---------------------------------------------------------------- PDF

def pdf_fonts() -> None:
    for name, file in [("Serif", "DejaVuSerif.ttf"), ("Serif-Bold", "DejaVuSerif-Bold.ttf"),
                       ("Serif-Italic", "DejaVuSerif-Italic.ttf")]:
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))


def pdf_style(bold=False, italic=False, align=TA_JUSTIFY, size=11.5, indent=0, after=3):
    font = "Serif-Bold" if bold else "Serif-Italic" if italic else "Serif"
    return ParagraphStyle("s", fontName=font, fontSize=size, leading=size * 1.3,
                          alignment=align, firstLineIndent=indent, spaceAfter=after)


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pdf_lines(lines: list[dict]) -> list[Paragraph]:
    aligns = {WD_ALIGN_PARAGRAPH.LEFT: TA_LEFT}
    return [Paragraph(esc(line["text"]) or "&nbsp;",
                      pdf_style(line.get("bold", False), line.get("italic", False),
                                aligns.get(line.get("align"), TA_CENTER),
                                line.get("size", 13) - 1.5, after=0)) for line in lines]


def pdf_table(spec: dict) -> Table:
    header, rows = spec["header"], spec["rows"]
    ncols = len(header)
    cell = pdf_style(size=10, align=TA_LEFT, after=0)
    centre = pdf_style(size=10, align=TA_CENTER, after=0)
    bold = pdf_style(bold=True, size=10, align=TA_CENTER, after=0)
    data = [[Paragraph(esc(h), bold) for h in header]]
    for row in rows:
        if len(row) == 1:
            data.append([Paragraph(esc(row[0]), pdf_style(bold=True, size=10, align=TA_LEFT,
                                                          after=0))] + [""] * (ncols - 1))
        else:
            data.append(["" if v == MERGE_UP else Paragraph(esc(v).replace("\n", "<br/>"),
                                                            centre if c == 0 else cell)
                         for c, v in enumerate(row)])
    style = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    style += [("SPAN", (c0, r0 + 1), (c1, r1 + 1)) for c0, r0, c1, r1 in table_spans(rows, ncols)]
    return Table(data, colWidths=[w * cm for w in spec["widths"]], repeatRows=1,
                 style=TableStyle(style))


def write_pdf(src: dict, path: Path) -> None:
    top_left, top_right, low_left, low_right = header_lines(src)
    plain = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    story = [Table([[pdf_lines(top_left), pdf_lines(top_right)],
                    [pdf_lines(low_left), pdf_lines(low_right)]],
                   colWidths=[6.5 * cm, 9.5 * cm], style=plain), Spacer(1, 10)]
    if src.get("doc_type_line"):
        story.append(Paragraph(esc(src["doc_type_line"]), pdf_style(True, align=TA_CENTER, size=13,
                                                                    after=0)))
    story += [Paragraph(esc(line), pdf_style(True, align=TA_CENTER, after=0))
              for line in src.get("subject", [])]
    story.append(Spacer(1, 10))
    story += pdf_body(src["body"])
    left, right = signature_lines(src)
    story += [Spacer(1, 8), Table([[pdf_lines(left), pdf_lines(right)]],
                                  colWidths=[7.5 * cm, 8.5 * cm], style=plain)]
    if src.get("appendix"):
        story += [PageBreak()] + pdf_body(src["appendix"])

    def page_number(canvas, doc):
        canvas.setFont("Serif", 11)
        canvas.drawCentredString(A4[0] / 2 + 0.5 * cm, A4[1] - 1.2 * cm, str(doc.page))

    pdf = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm, invariant=1,
                            title=" ".join(src.get("subject", []) or src.get("vv", [])),
                            author="Văn thư")
    pdf.build(story, onLaterPages=page_number)
    if src.get("signatures"):
        sign(path, src["signatures"])


def sign(path: Path, signatures: list[dict]) -> None:
    path.write_bytes(signed_pdf(path.read_bytes(), signatures))


def signed_pdf(data: bytes, signatures: list[dict]) -> bytes:
    """A PDF with the signature fields an e-government signing service writes on its last page: the
    signing time and the signer's line (`at`, `reason`), without the signature's bytes, which vanban
    does not read."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    page, fields = writer.pages[-1], ArrayObject()
    for number, signature in enumerate(signatures, 1):
        value = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Sig"), NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
            NameObject("/M"): TextStringObject(signature["at"]),
            NameObject("/Reason"): TextStringObject(signature["reason"])}))
        field = writer._add_object(DictionaryObject({
            NameObject("/FT"): NameObject("/Sig"), NameObject("/T"): TextStringObject(f"Signature{number}"),
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4), NameObject("/P"): page.indirect_reference,
            NameObject("/V"): value}))
        fields.append(field)
        page[NameObject("/Annots")] = ArrayObject([*page.get("/Annots", []), field])
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): fields, NameObject("/SigFlags"): NumberObject(3)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_body(items: list[dict]) -> list:
    story = []
    for item in items:
        kind, value = next(iter(item.items()))
        if kind in ("p", "i", "h"):
            story.append(Paragraph(esc(value), pdf_style(kind == "h", kind == "i", indent=1 * cm)))
        elif kind in ("c", "ci"):
            story.append(Paragraph(esc(value), pdf_style(kind == "c", kind == "ci", align=TA_CENTER)))
        elif kind == "to":
            story += [Paragraph(esc(line), pdf_style(align=TA_LEFT, after=0,
                                                     indent=(3 if n == 0 else 5) * cm))
                      for n, line in enumerate(value)] + [Spacer(1, 6)]
        elif kind == "pagebreak":
            story.append(PageBreak())
        elif kind == "table":
            story += [pdf_table(value), Spacer(1, 8)]
    return story


# ---------------------------------------------------------------- TXT

def two_columns(left: list[str], right: list[str], lwidth: int = 34, total: int = 84,
                centre_left: bool = True) -> list[str]:
    """Lines of two columns set side by side with spaces, as pdftotext lays them out."""
    out = []
    for n in range(max(len(left), len(right))):
        cell = left[n] if n < len(left) else ""
        a = cell.center(lwidth) if centre_left else cell.ljust(lwidth)
        b = right[n].center(total - lwidth) if n < len(right) else ""
        out.append((a + b).rstrip())
    return out


def write_word_txt(src: dict, path: Path) -> None:
    """The text Word saves ("Plain Text"): a line per paragraph, never wrapped; the cells of a table row set
    apart by tabs, the paragraphs inside a cell by line breaks; Windows line ends."""
    def row(*cells: list[str]) -> str:
        return "\t".join("\n".join(cell) for cell in cells)

    top_left, top_right, low_left, low_right = header_lines(src)
    texts = lambda lines: [line["text"] for line in lines]  # noqa: E731
    lines = [row(texts(top_left), texts(top_right)), row(texts(low_left), texts(low_right)), ""]
    if src.get("doc_type_line"):
        lines.append(src["doc_type_line"])
    lines += src.get("subject", [])
    for item in src["body"]:
        kind, value = next(iter(item.items()))
        if kind == "to":
            lines += value
        elif kind == "table":
            lines += [row(*([cell] for cell in line)) for line in [value["header"], *value["rows"]]]
        elif kind != "pagebreak":
            lines.append(value)
    sign_left, sign_right = signature_lines(src)
    lines.append(row(texts(sign_left), texts(sign_right)))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


def write_txt(src: dict, path: Path) -> None:
    if src.get("txt_layout") == "word":
        return write_word_txt(src, path)
    width = 80
    top_left, top_right, low_left, low_right = header_lines(src)
    left = [line["text"] for line in top_left] + [""] + [line["text"] for line in low_left]
    right = [line["text"] for line in top_right] + [""] + [line["text"] for line in low_right]
    lines = two_columns(left, right)
    lines.append("")
    if src.get("doc_type_line"):
        lines.append(src["doc_type_line"].center(width).rstrip())
    lines += [s.center(width).rstrip() for s in src.get("subject", [])] + [""]
    for item in src["body"]:
        kind, value = next(iter(item.items()))
        if kind == "to":
            lines += [" " * (22 if n == 0 else 38) + v for n, v in enumerate(value)] + [""]
        elif kind in ("c", "ci"):
            lines.append(value.center(width).rstrip())
        elif kind in ("p", "i", "h"):
            lines += textwrap.wrap(value, width, initial_indent=" " * 6)
    sign_left, sign_right = signature_lines(src)
    lines += [""] + two_columns([s["text"] for s in sign_left], [s["text"] for s in sign_right],
                                lwidth=44, total=84, centre_left=False)
    page = 30
    pages = [lines[i:i + page] for i in range(0, len(lines), page)]
    out = []
    for n, chunk in enumerate(pages, start=1):
        if n > 1:
            out.append("\f" + str(n).center(width).rstrip())
        out += chunk
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


WRITERS = {"docx": write_docx, "pdf": write_pdf, "txt": write_txt}


def main(argv: list[str]) -> None:
    pdf_fonts()
    for src in load_sources(argv):
        for filename in src["files"]:
            out = HERE / filename
            WRITERS[out.suffix[1:]](src, out)
            print(f"{out.name}: {out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
