import io
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from pipeline import ocr
from pipeline.process import process_bytes
from pipeline.store import open_db, save
from pipeline.errors import LimitExceeded, UnreadableDocument
from pipeline.parsers.pdf import _ocr_lines, _words_to_lines, parse_pdf
from pipeline.text import fold

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PAGES = [
    ["ỦY BAN NHÂN DÂN TỈNH", "Số: 15/KH-UBND", "KẾ HOẠCH",
     "Triển khai thực hiện nhiệm vụ chuyển đổi số năm 2026",
     "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
     "Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ngành."],
    ["Giao Sở Tài chính bố trí kinh phí thực hiện.", "Thời hạn hoàn thành trước ngày 30 tháng 6 năm 2026."],
]
needs_ocr = pytest.mark.skipif(not (ocr.ocr_available() and FONT.exists()),
                               reason="needs tesseract-ocr, tesseract-ocr-vie and fonts-dejavu-core")


def image_only_pdf(pages: list[list[str]]) -> bytes:
    """An A4 scan at 150 dpi: each page is one picture of the text, no text layer."""
    font = ImageFont.truetype(str(FONT), 30)
    images = []
    for lines in pages:
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(lines):
            draw.text((120, 150 + i * 60), line, font=font, fill=0)
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return buffer.getvalue()


@pytest.fixture(scope="module")
def scan() -> bytes:
    return image_only_pdf(PAGES)


@needs_ocr
def test_reads_vietnamese_from_an_image_only_pdf(scan):
    with pdfplumber.open(io.BytesIO(scan)) as pdf:
        assert not pdf.pages[0].chars  # nothing to read without OCR
    first, second = ocr.ocr_pdf_pages(scan)
    text = fold(first.text)
    for phrase in ["Ủy ban nhân dân tỉnh", "Kế hoạch", "chuyển đổi số", "Sở Khoa học và Công nghệ"]:
        assert fold(phrase) in text
    assert fold("trước ngày 30 tháng 6 năm 2026") in fold(second.text)
    assert (first.number, second.number) == (1, 2)
    assert first.confidence > 80


@needs_ocr
def test_lines_have_boxes_in_points_and_words_fit_the_pdf_layout(scan):
    [page] = ocr.ocr_pdf_pages(scan, pages=[2], jobs=1)
    assert page.number == 2 and round(page.width) == 595
    assert [fold(line.text) for line in page.lines][:1] == [fold(PAGES[1][0])]
    x0, top, x1, bottom = page.lines[0].bbox
    assert 50 < x0 < 65 and 65 < top < 80 and x1 < page.width  # 120 px, 150 px at 150 dpi
    word = page.lines[0].words_as_dicts()[0]
    assert {"text", "x0", "x1", "top", "bottom", "size", "fontname"} <= word.keys()


@needs_ocr
def test_timeout_stops_the_job(scan):
    with pytest.raises(LimitExceeded):
        ocr.ocr_pdf_pages(scan, timeout=0.01)


def test_missing_tesseract_says_what_to_install(monkeypatch):
    monkeypatch.setattr(ocr, "TESSERACT", "tesseract-not-installed")
    assert not ocr.ocr_available()
    with pytest.raises(UnreadableDocument, match="install tesseract-ocr and tesseract-ocr-vie"):
        ocr.ocr_pdf_pages(b"%PDF-1.4")


def sealed_signature_pdf() -> bytes:
    """A signature block under a red seal, printed over it as ink is (multiplied)."""
    text = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(text)
    for y, line in [(300, "KT. GIÁM ĐỐC"), (350, "PHÓ GIÁM ĐỐC"), (560, "Nguyễn Văn Bình")]:
        draw.text((700, y), line, font=ImageFont.truetype(str(FONT), 30), fill="black")
    seal = Image.new("RGB", text.size, "white")
    draw = ImageDraw.Draw(seal)
    red = (220, 40, 50)
    draw.ellipse((640, 280, 960, 600), outline=red, width=14)
    draw.ellipse((700, 340, 900, 540), outline=red, width=6)
    draw.text((720, 420), "SỞ TÀI CHÍNH", font=ImageFont.truetype(str(FONT), 28), fill=red)
    buffer = io.BytesIO()
    ImageChops.multiply(text, seal).save(buffer, "PDF", resolution=150)
    return buffer.getvalue()


@needs_ocr
def test_a_red_seal_does_not_hide_the_signer():
    [page] = ocr.ocr_pdf_pages(sealed_signature_pdf())
    assert [fold(line.text) for line in page.lines] == [
        fold("KT. GIÁM ĐỐC"), fold("PHÓ GIÁM ĐỐC"), fold("Nguyễn Văn Bình")]


@needs_ocr
def test_a_scanned_document_says_its_text_came_from_ocr(scan):
    document = parse_pdf(scan, "scan.pdf")
    assert document.ocr and document.blocks
    assert all(block.source == "ocr" and block.confidence > 80 for block in document.blocks)
    assert fold("Sở Khoa học và Công nghệ chủ trì") in fold(document.text)


@needs_ocr
def test_stored_blocks_of_a_scan_say_ocr_and_how_sure(scan, tmp_path):
    db = open_db(tmp_path / "vanban.db")
    document_id = save(db, process_bytes(scan, "scan.pdf"))
    rows = list(db["blocks"].rows_where("document_id = ?", [document_id]))
    assert rows and {row["source"] for row in rows} == {"ocr"}
    assert all(80 < row["confidence"] <= 100 for row in rows)


def ocr_line(text: str, x0: float, top: float, height: float = 10) -> ocr.OcrLine:
    words, x = [], x0
    for word in text.split():
        words.append(ocr.OcrWord(word, (x, top, x + 8 * len(word), top + height), 95.0))
        x += 8 * len(word) + 5
    return ocr.OcrLine(words, paragraph=0)


def test_ocr_lines_stay_apart_and_columns_share_a_row():
    stray = ocr.OcrLine([ocr.OcrWord("~", (500, 101, 508, 131), 20.0)], paragraph=1)  # a seal's mark
    lines = [ocr_line("UBND TỈNH", 60, 100), ocr_line("CỘNG HÒA", 330, 101), stray,
             ocr_line("KT. GIÁM ĐỐC", 350, 112), ocr_line("PHÓ GIÁM ĐỐC", 350, 125)]
    texts = [[s.text for s in line.segments] for line in _ocr_lines(ocr.OcrPage(1, 595, 842, lines))]
    assert texts == [["UBND TỈNH", "CỘNG HÒA", "~"], ["KT. GIÁM ĐỐC"], ["PHÓ GIÁM ĐỐC"]]
    by_baseline = _words_to_lines([w for line in lines for w in line.words_as_dicts()], 1)
    assert len(by_baseline) < len(texts)  # what clustering words again would have done


def scanned_header(number_confidence: float) -> list[ocr.OcrPage]:
    """What Tesseract gives for the top of a scanned plan whose number was written by hand."""
    def line(text: str, x0: float, top: float, confidence: float = 95.0) -> ocr.OcrLine:
        built = ocr_line(text, x0, top, height=12)
        return ocr.OcrLine([ocr.OcrWord(w.text, w.bbox, confidence if w.text[0].isdigit() else w.confidence)
                            for w in built.words], paragraph=0)
    lines = [ocr_line("ỦY BAN NHÂN DÂN", 60, 60), ocr_line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 60),
             ocr_line("TỈNH LÀO CAI", 75, 76), ocr_line("Độc lập - Tự do - Hạnh phúc", 330, 76),
             line("Số: 492/KH-UBND", 70, 100, number_confidence),
             ocr_line("Lào Cai, ngày 12 tháng 3 năm 2026", 320, 100),
             ocr_line("KẾ HOẠCH", 260, 150), ocr_line("Triển khai công tác chuyển đổi số năm 2026", 160, 168),
             ocr_line("Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ngành thực hiện.", 60, 200)]
    return [ocr.OcrPage(1, 595, 842, lines)]


@pytest.mark.parametrize("confidence, number", [(95.0, "492/KH-UBND"), (12.0, None)])
def test_a_number_ocr_could_hardly_read_is_left_blank_with_a_warning(monkeypatch, tmp_path, confidence, number):
    """A handwritten number misread by OCR is not stored as if it were right: the field stays
    blank and the document's warnings say which word to check."""
    monkeypatch.setattr("pipeline.parsers.pdf.ocr_available", lambda: True)
    monkeypatch.setattr("pipeline.parsers.pdf.ocr_pdf_pages", lambda *args, **kwargs: scanned_header(confidence))
    processed = process_bytes(image_only_pdf([[]]), "scan.pdf")
    meta = processed.record.document
    assert (meta.number, meta.symbol, meta.issued_date.isoformat()) == (number, "KH-UBND", "2026-03-12")
    db = open_db(tmp_path / "vanban.db")
    document_id = save(db, processed)
    warnings = db["documents"].get(document_id)["warnings"]
    if number:
        assert warnings is None
    else:
        assert "number 492/KH-UBND left blank: OCR could hardly read '492/KH-UBND'" in warnings


def test_an_item_number_read_as_a_section_sign_is_a_number_again():
    lines = ocr._corrected([ocr_line("§. Giao Sở Nội vụ:", 60, 100), ocr_line("Theo § 3 của Luật", 60, 120)])
    assert [line.text for line in lines] == ["8. Giao Sở Nội vụ:", "Theo § 3 của Luật"]


def test_a_scanned_paragraph_goes_on_across_the_page_break(monkeypatch):
    first = [ocr_line("2. Giao Văn phòng UBND tỉnh:", 60, 100),
             ocr_line("a) Theo dõi, đôn đốc các cơ quan tham mưu công bố thủ tục hành chính trên các lĩnh", 60, 120)]
    second = [ocr_line("vực quản lý nhà nước, bảo đảm kịp thời, đúng quy định.", 60, 60),
              ocr_line("b) Cập nhật, công khai thủ tục hành chính theo quy định.", 60, 80)]
    second = [ocr.OcrLine([ocr.OcrWord(w.text, w.bbox, 80.0) for w in line.words], 0) for line in second]
    pages = [ocr.OcrPage(1, 595, 842, first), ocr.OcrPage(2, 595, 842, second)]
    monkeypatch.setattr("pipeline.parsers.pdf.ocr_available", lambda: True)
    monkeypatch.setattr("pipeline.parsers.pdf.ocr_pdf_pages", lambda *args, **kwargs: pages)
    document = parse_pdf(image_only_pdf([[], []]), "tb.pdf")
    texts = [(b.page, b.text, b.confidence) for b in document.blocks]
    assert texts[1] == (1, "a) Theo dõi, đôn đốc các cơ quan tham mưu công bố thủ tục hành chính trên các lĩnh vực "
                           "quản lý nhà nước, bảo đảm kịp thời, đúng quy định.", 95.0)
    assert texts[2][::2] == (2, 80.0)
