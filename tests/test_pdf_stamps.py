"""PDF text outside the plain text layer: stamped annotations and legacy Vietnamese fonts."""

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject
from reportlab.pdfgen import canvas

from pipeline.process import process_bytes
from tests.conftest import make_pdf
from tests.test_legacy_fonts import LOWER, to_tcvn3, to_vni

HEADER = [(60, 780, "ñy ban nh©n d©n tØnh lµo cai"), (60, 760, "Sè:            /KH-UBND"),
          (300, 760, "Lµo Cai, ngµy        th¸ng 3 n¨m 2026"), (250, 720, "kÕ ho¹ch kiÓm tra")]


def legacy_pdf(lines: list[tuple[float, float, str]], stamps=(), table_rows=()) -> bytes:
    """A page written with Helvetica in the letters of a TCVN3 font, with text fields
    `stamps` = (x, y, width, value) laid over it and a ruled table of `table_rows`."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, 842))
    page.setFont("Helvetica", 12)
    for x, y, text in lines:
        page.drawString(x, y, text)
    for x, y, width, value in stamps:
        lines = value.count("\n") + 1
        page.acroForm.textfield(name=f"stamp{x}", value=value, x=x, y=y - 4, width=width, height=16 * lines,
                                borderWidth=0, fontName="Helvetica", fontSize=12,
                                fieldFlags="multiline" if lines > 1 else "")
    top = 400
    for r, row in enumerate(table_rows):
        for c, cell in enumerate(row):
            page.drawString(64 + 240 * c, top - 22 * r - 15, cell)
    if table_rows:
        bottom = top - 22 * len(table_rows)
        for y in range(top, bottom - 1, -22):
            page.line(60, y, 540, y)
        for x in (60, 300, 540):
            page.line(x, top, x, bottom)
    page.showPage()
    page.save()
    return out.getvalue()


def test_number_and_day_stamped_in_fields_join_their_lines():
    body = [(60, 660, to_tcvn3("Giao Sở Tài chính chủ trì thực hiện Kế hoạch này."))]
    data = legacy_pdf(HEADER + body, stamps=[(88, 760, 34, "2496"), (372, 760, 18, "06")])
    result = process_bytes(data, "kh.pdf")
    assert "Số: 2496 /KH-UBND" in result.document.text
    assert "ngày 06 tháng 3 năm 2026" in result.document.text
    record = result.record.to_contract()["document"]
    assert record["number"] == "2496/KH-UBND"
    assert record["issued_date"] == "2026-03-06"


def test_empty_fields_and_signature_captions_add_nothing():
    caption = "Ky boi: So Tai chinh\nThoi gian ky: 05.03.2026 10:15"
    data = legacy_pdf(HEADER, stamps=[(88, 760, 34, ""), (400, 800, 160, caption)])
    text = process_bytes(data, "kh.pdf").document.text
    assert "Số: /KH-UBND" in text and "Ky boi" not in text and "10:15" not in text


def test_tcvn3_text_and_table_in_a_standard_font_read_as_vietnamese():
    rows = [["Néi dung", "Chñ tr×"], ["KiÓm tra má kho¸ng s¶n", "Së Tµi chÝnh"]]
    data = legacy_pdf(HEADER, table_rows=rows)
    result = process_bytes(data, "kh.pdf")
    assert "ủy ban nhân dân tỉnh lào cai" in result.document.text
    table = [b for b in result.document.blocks if b.kind == "table"][-1]  # after the header
    assert table.cell_texts() == [
        ["Nội dung", "Chủ trì"], ["Kiểm tra mỏ khoáng sản", "Sở Tài chính"]]
    assert result.document.warnings == ["Text typed in TCVN3 (ABC) fonts was converted to Unicode."]


def test_tcvn3_u_horn_at_the_soft_hyphen_code_is_read_in_a_standard_font():
    body = [(60, 660, to_tcvn3("Giao Sở Công Thương chủ trì, phối hợp với các đơn vị trực thuộc."))]
    rows = [["Néi dung", "Chñ tr×"], [to_tcvn3("Kiểm tra cửa hàng xăng dầu"), to_tcvn3("Sở Công Thương")]]
    document = process_bytes(legacy_pdf(HEADER + body, table_rows=rows), "kh.pdf").document
    assert "Giao Sở Công Thương chủ trì, phối hợp với các đơn vị trực thuộc." in document.text
    table = [b for b in document.blocks if b.kind == "table"][-1]
    assert table.cell_texts()[1] == ["Kiểm tra cửa hàng xăng dầu", "Sở Công Thương"]


def turned(data: bytes, rotation: int, shift: float = 0, no_rotate: bool = False) -> bytes:
    """The same page stored turned by `rotation` degrees (and moved up by `shift`), with
    /Rotate setting it upright again: a viewer shows what it showed before. A stamp's
    appearance turns with its rectangle, as viewers write it for fields of turned pages;
    with `no_rotate` it is flagged NoRotate instead, its appearance left upright and its
    rectangle's upper-left corner put where the turned page has it."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    page = writer.pages[0]
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    turn = {0: (1, 0, 0, 1, 0, 0), 90: (0, 1, -1, 0, h, 0), 180: (-1, 0, 0, -1, w, h),
            270: (0, -1, 1, 0, 0, w)}[rotation]
    m = (*turn[:5], turn[5] + shift)

    def apply(x: float, y: float) -> tuple[float, float]:
        return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]

    page.add_transformation(m)
    page.mediabox.lower_left = (0, shift)
    page.mediabox.upper_right = (w, h + shift) if rotation in (0, 180) else (h, w + shift)
    page[NameObject("/Rotate")] = NumberObject(rotation)
    for annot in page["/Annots"]:
        annot = annot.get_object()
        x0, y0, x1, y1 = map(float, annot["/Rect"])
        if no_rotate:
            x, y = apply(x0, y1)
            annot[NameObject("/Rect")] = ArrayObject(map(FloatObject, (x, y - (y1 - y0), x + x1 - x0, y)))
            annot[NameObject("/F")] = NumberObject(int(annot.get("/F", 0)) | 16)
            continue
        (a, b), (c, d) = apply(x0, y0), apply(x1, y1)
        annot[NameObject("/Rect")] = ArrayObject(map(FloatObject, (min(a, c), min(b, d), max(a, c), max(b, d))))
        annot["/AP"]["/N"].get_object()[NameObject("/Matrix")] = ArrayObject(map(FloatObject, (*m[:4], 0, 0)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("rotation, shift", [(90, 0), (180, 0), (270, 0), (0, 50), (90, -30)])
def test_stamps_on_a_turned_or_moved_page_land_in_their_blanks(rotation, shift):
    body = [(60, 660, to_tcvn3("Giao Sở Tài chính chủ trì thực hiện Kế hoạch này."))]
    data = turned(legacy_pdf(HEADER + body, stamps=[(88, 760, 34, "2496"), (372, 760, 18, "06")]), rotation, shift)
    result = process_bytes(data, "kh.pdf")
    assert "Số: 2496 /KH-UBND" in result.document.text
    assert "ngày 06 tháng 3 năm 2026" in result.document.text
    assert result.record.to_contract()["document"]["number"] == "2496/KH-UBND"


@pytest.mark.parametrize("rotation, shift", [(90, 0), (180, 0), (270, 0), (90, -30)])
def test_stamps_that_do_not_turn_with_the_page_land_in_their_blanks(rotation, shift):
    body = [(60, 660, to_tcvn3("Giao Sở Tài chính chủ trì thực hiện Kế hoạch này."))]
    data = turned(legacy_pdf(HEADER + body, stamps=[(88, 760, 34, "2496"), (372, 760, 18, "06")]), rotation,
                  shift, no_rotate=True)
    result = process_bytes(data, "kh.pdf")
    assert "Số: 2496 /KH-UBND" in result.document.text
    assert "ngày 06 tháng 3 năm 2026" in result.document.text
    assert result.record.to_contract()["document"]["issued_date"] == "2026-03-06"


def pdf_string(text: str, encode=to_tcvn3) -> str:
    """A PDF literal string of `text`'s bytes in a legacy encoding (TCVN3 by default)."""
    return "".join(chr(b) if 32 <= b < 127 and chr(b) not in "()\\" else f"\\{b:03o}"
                   for b in encode(text).encode("latin-1"))


STANDARD = "/BaseFont /Times-Roman /Encoding /StandardEncoding"


@pytest.mark.parametrize("font, encode, name", [
    (STANDARD, to_tcvn3, "TCVN3 (ABC)"), ("/BaseFont /Times-Roman", to_tcvn3, "TCVN3 (ABC)"),
    ("/BaseFont /VnTime /Encoding /StandardEncoding", to_tcvn3, "TCVN3 (ABC)"), (STANDARD, to_vni, "VNI")])
def test_legacy_bytes_in_a_font_with_the_standard_encoding_read_as_vietnamese(font, encode, name):
    """/StandardEncoding reads TCVN3's "ư" (0xAD) as "›" and its "đ" (0xAE) as "ﬁ", and leaves
    most of its letters undefined: the codes are what the legacy tables read."""
    lines = ["Giao Sở Công Thương chủ trì, phối hợp với các đơn vị trực thuộc.",
             " ".join(LOWER), "Ă Â Ê Ô Ơ Ư Đ"]
    data = make_pdf(["\n".join(f"BT /F1 12 Tf 60 {700 - 30 * i} Td ({pdf_string(line, encode)}) Tj ET"
                               for i, line in enumerate(lines))], font=font)
    document = process_bytes(data, "cv.pdf").document
    assert " ".join(b.text for b in document.blocks) == " ".join(lines)
    assert document.warnings == [f"Text typed in {name} fonts was converted to Unicode."]


def test_typographic_marks_of_a_unicode_text_in_the_standard_encoding_are_kept():
    text = "Office \\252fine\\272 \\256le \\261 \\320 \\251s\\251"
    document = process_bytes(make_pdf([f"BT /F1 12 Tf 60 700 Td ({text}) Tj ET"],
                                      font=STANDARD), "cv.pdf").document
    assert document.text == "Office “fine” file – — 's'"  # a ligature spelled out
