"""Footnotes of a PDF told by their layout: a small raised number in the body, the note in
small print at the foot of the page."""

import io
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from pipeline.process import process_bytes

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
pytestmark = pytest.mark.skipif(not FONT.exists(), reason="needs fonts-dejavu-core")

HEADER = [(60, 790, "ỦY BAN NHÂN DÂN", 13), (340, 790, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11),
          (60, 772, "TỈNH LÀO CAI", 13), (370, 772, "Độc lập - Tự do - Hạnh phúc", 12),
          (60, 745, "Số: 25/KH-UBND", 13), (330, 745, "Lào Cai, ngày 06 tháng 3 năm 2026", 12),
          (250, 705, "KẾ HOẠCH", 13), (190, 687, "Rà soát các khoản chi ngân sách năm 2026", 13)]
REFERENCED = "Giao Sở Tài chính chủ trì rà soát các khoản chi theo quy định"
NOTE = "Sở Tài chính chủ trì, phối hợp với các sở, ngành hướng dẫn thực hiện Luật Ngân sách nhà nước."


def page_pdf(lines, reference: str = "1", notes=(), cut: str = "", next_page=()) -> bytes:
    """A page of (x, y, text, size) lines in a Unicode font, closed by a body line with the
    footnote reference `reference` raised in it (and cut after `cut`, the rest of the
    sentence going on at the top of a page of `next_page` lines), and `notes` =
    [(number, text)] at its foot under a short rule, in small print."""
    pdfmetrics.registerFont(TTFont("Serif", str(FONT)))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, 842))
    for x, y, text, size in [*lines, (60, 650, "Sở Xây dựng kiểm tra chất lượng các công trình.", 13)]:
        page.setFont("Serif", size)
        page.drawString(x, y, text)
    page.setFont("Serif", 13)
    page.drawString(60, 630, REFERENCED)
    end = 60 + pdfmetrics.stringWidth(REFERENCED, "Serif", 13)
    if reference:
        page.setFont("Serif", 8)
        page.drawString(end + 0.5, 635, reference)
        end += 0.5 + pdfmetrics.stringWidth(reference, "Serif", 8)
    page.setFont("Serif", 13)
    page.drawString(end + 0.3, 630, cut or ", báo cáo Ủy ban nhân dân tỉnh trước ngày 15/6/2026.")
    if notes:
        page.line(60, 112, 200, 112)
    for i, (number, text) in enumerate(notes):
        page.setFont("Serif", 7)
        page.drawString(60, 104 - 14 * i, number)
        page.setFont("Serif", 10)
        page.drawString(65, 100 - 14 * i, text)
    if next_page:
        page.showPage()
        for x, y, text, size in next_page:
            page.setFont("Serif", size)
            page.drawString(x, y, text)
    page.showPage()
    page.save()
    return out.getvalue()


def test_a_footnote_at_the_foot_of_the_page_is_a_note_that_assigns_nothing():
    in_body = process_bytes(page_pdf(HEADER + [(60, 610, NOTE, 13)]), "kh.pdf")
    assert any("Luật Ngân sách" in task.text for task in in_body.record.tasks)  # in the body it is a duty
    result = process_bytes(page_pdf(HEADER, notes=[("1", NOTE)]), "kh.pdf")
    notes = [b.text for b in result.document.blocks if b.style.get("note")]
    assert notes == ["1 " + NOTE]
    # the raised "1" sends the reader to the note: no word of the text, as a DOCX reference mark
    assert "theo quy định, báo cáo Ủy ban nhân dân tỉnh" in result.document.text
    tasks = [task.text for task in result.record.tasks]
    assert any("rà soát các khoản chi" in t for t in tasks)
    assert not any("Luật Ngân sách" in t for t in tasks)


def test_small_print_that_answers_no_raised_number_is_no_footnote():
    result = process_bytes(page_pdf(HEADER, reference="", notes=[("1", NOTE)]), "kh.pdf")
    assert not any(b.style.get("note") for b in result.document.blocks)
    assert "1 " + NOTE in result.document.text


def test_recipients_in_small_print_at_the_foot_are_not_footnotes():
    signature = [(60, 160, "Nơi nhận:", 10), (340, 160, "TM. ỦY BAN NHÂN DÂN", 13),
                 (60, 146, "- Sở Tài chính;", 9), (370, 146, "CHỦ TỊCH", 13),
                 (60, 134, "- Sở Xây dựng;", 9), (60, 122, "- Lưu: VT.", 9),
                 (360, 100, "Nguyễn Văn An", 13)]
    result = process_bytes(page_pdf(HEADER + signature), "kh.pdf")
    assert not any(b.style.get("note") for b in result.document.blocks)
    record = result.record.to_contract()["document"]
    assert record["signer"] == "Nguyễn Văn An"
    assert "Sở Xây dựng" in " ".join(result.record.document.recipients)


def test_a_sentence_the_foot_of_a_page_cuts_reads_whole_before_its_footnote():
    data = page_pdf(HEADER, notes=[("1", NOTE)], cut=", báo cáo Ủy ban nhân dân",
                    next_page=[(60, 780, "tỉnh trước ngày 15/6/2026.", 13)])
    blocks = process_bytes(data, "kh.pdf").document.blocks
    assert [(b.page, b.text, b.style.get("note", False)) for b in blocks[-2:]] == [
        (1, REFERENCED + ", báo cáo Ủy ban nhân dân tỉnh trước ngày 15/6/2026.", False), (1, "1 " + NOTE, True)]
