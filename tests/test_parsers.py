"""The parsers keep a document's real structure: tables with merged cells, tables split
across pages, two-column headers laid out with spaces, and exact character offsets."""

from __future__ import annotations

import pytest

from extract import extract_record
from pipeline.document import TABLE
from pipeline.errors import UnreadableDocument
from pipeline.parsers import parse_bytes
from tests.conftest import make_pdf, pdf_table, pdf_text


def parse(path):
    return parse_bytes(path.read_bytes(), path.name)


def tables(document):
    return [b for b in document.blocks if b.kind == TABLE]


def test_docx_header_table_comes_first_with_both_columns(samples):
    header = parse(samples["docx"]).blocks[0]
    assert header.kind == TABLE
    assert header.cell_texts()[0] == ["UBND TỈNH LÀO CAI SỞ CÔNG THƯƠNG",
                                      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"]
    assert header.cell_texts()[1] == ["Số: 45/KH-SCT", "Lào Cai, ngày 10 tháng 4 năm 2026"]


def test_docx_merged_cells_share_their_origin(samples):
    grid = tables(parse(samples["docx"]))[1].rows
    section_row = grid[1]
    assert [cell.text for cell in section_row] == ["I. NHIỆM VỤ CHUNG"] * 3
    assert [cell.origin for cell in section_row] == [(1, 0)] * 3
    assert [cell.is_continuation for cell in section_row] == [False, True, True]
    # A vertical merge: the lead unit covers both rows and points to the row where it starts.
    assert grid[2][1].text == grid[3][1].text == "Chi cục Quản lý thị trường"
    assert grid[3][1].origin == (2, 1) and grid[3][1].is_continuation
    assert grid[3][2].text == "Thường xuyên" and not grid[3][2].is_continuation


def test_pdf_table_split_across_pages_is_one_table(samples):
    document = parse(samples["pdf"])
    assert document.pages == 2
    [table] = tables(document)
    assert [row[0] for row in table.cell_texts()] == [
        "Noi dung", "Kiem tra mo khoang san", "Bao cao ket qua", "Tong hop so lieu", "Danh gia cuoi nam"]
    assert document.blocks[-1].page == 2


def test_txt_two_column_header_becomes_a_table(samples):
    document = parse(samples["txt"])
    header = document.blocks[0]
    assert header.kind == TABLE and header.style.get("layout") == "columns"
    left, right = header.cell_texts()[0]
    assert left.startswith("ỦY BAN NHÂN DÂN TỈNH LÀO CAI")  # old tone placement "UỶ" normalised
    assert "Số: 12/KH-UBND" in left
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "Lào Cai, ngày 05 tháng 3 năm 2026" in right
    assert [b.kind for b in document.blocks[-2:]] == ["list_item", "list_item"]


@pytest.mark.parametrize("kind", ["docx", "pdf", "txt"])
def test_block_and_cell_offsets_point_into_the_text(samples, kind):
    document = parse(samples[kind])
    assert document.blocks
    for block in document.blocks:
        assert document.text[block.start:block.end] == block.text
        for row in block.rows or []:
            for cell in row:
                assert document.text[cell.start:cell.end] == cell.text


def test_format_is_told_by_content_not_name(samples, tmp_path):
    disguised = tmp_path / "really-a-pdf.docx"
    disguised.write_bytes(samples["pdf"].read_bytes())
    assert parse(disguised).format == "pdf"


def test_damaged_word_file_says_so(samples):
    with pytest.raises(UnreadableDocument, match="damaged"):
        parse(samples["corrupt"])


def _rewritten(path, out, skip: str = "", replace: tuple[str, bytes, bytes] | None = None):
    """A copy of a Word package without one part, or with bytes of one part replaced."""
    import zipfile

    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if replace and name == replace[0]:
                data = data.replace(replace[1], replace[2])
            if name != skip:
                target.writestr(name, data)
    return out


def test_word_file_without_styles_is_read_with_default_styles(samples, tmp_path):
    plain = parse(samples["docx"])
    unstyled = parse(_rewritten(samples["docx"], tmp_path / "unstyled.docx",
                                replace=("word/_rels/document.xml.rels", b"relationships/styles", b"relationships/x")))
    assert [b.text for b in unstyled.blocks] == [b.text for b in plain.blocks]


def test_word_file_missing_a_part_or_holding_macros_says_so(samples, tmp_path):
    for broken in (_rewritten(samples["docx"], tmp_path / "a.docx", skip="word/styles.xml"),
                   _rewritten(samples["docx"], tmp_path / "b.docx", replace=(
                       "[Content_Types].xml", b"document.main+xml", b"document.macroEnabled.main+xml"))):
        with pytest.raises(UnreadableDocument, match="damaged"):
            parse(broken)


WRAPPED_TXT = """\
       Giao Sở Tài chính chủ trì, phối hợp với các sở, ngành tổng hợp, báo cáo Ủy ban nhân dân
tỉnh kết quả thực hiện; các cơ quan, đơn vị liên quan nghiêm túc triển
khai thực hiện./.
Nơi nhận:                                               KT. CHỦ TỊCH
- Như trên;                                             PHÓ CHỦ TỊCH
- Lưu: VT.
                                                        Nguyễn Văn An
"""


def test_txt_line_broken_mid_sentence_stays_in_its_paragraph():
    document = parse_bytes(WRAPPED_TXT.encode("utf-8"), "cv.txt")
    paragraph, signature = document.blocks
    assert paragraph.text.endswith("các cơ quan, đơn vị liên quan nghiêm túc triển khai thực hiện./.")
    assert signature.kind == TABLE and signature.cell_texts()[0][0].startswith("Nơi nhận:")


def test_txt_lower_case_list_items_are_not_joined_to_the_line_above():
    text = "Sở Tài chính có trách nhiệm\na) tổng hợp kinh phí;\nb) hướng dẫn thanh toán.\n"
    document = parse_bytes(text.encode("utf-8"), "cv.txt")
    assert [b.text for b in document.blocks] == [
        "Sở Tài chính có trách nhiệm", "a) tổng hợp kinh phí;", "b) hướng dẫn thanh toán."]


PAGED_TXT = """\
       - Sở Kế hoạch và Đầu tư tổng hợp nhu cầu vốn của các sở, ngành, địa phương
trên địa bàn tỉnh, báo cáo Ủy ban nhân dân tỉnh.
       - Sở Nội vụ hướng dẫn việc sắp xếp tổ chức bộ máy.
       - Sở Tài chính chủ trì rà soát các khoản chi theo quy định1, đặc biệt là: (i) Chi
thường xuyên

   1 Các quy định của Luật Ngân sách nhà nước năm 2025 và các văn bản hướng dẫn thi
hành.
                                        2

sai mục đích; (ii) Chi đầu tư không đúng tiến độ.
       - Sở Xây dựng kiểm tra chất lượng công trình.
"""


def test_txt_paragraph_goes_on_across_a_page_number_and_its_footnote():
    """Exports keep the printed page numbers and footnotes: the page ends at its number, the
    footnote stays a block of its own, and the sentence cut by the break reads whole."""
    document = parse_bytes(PAGED_TXT.encode("utf-8"), "cv.txt")
    assert document.pages == 2
    assert [(b.page, b.text) for b in document.blocks[2:]] == [
        (1, "- Sở Tài chính chủ trì rà soát các khoản chi theo quy định1, đặc biệt là: (i) Chi thường xuyên "
            "sai mục đích; (ii) Chi đầu tư không đúng tiến độ."),
        (1, "1 Các quy định của Luật Ngân sách nhà nước năm 2025 và các văn bản hướng dẫn thi hành."),
        (2, "- Sở Xây dựng kiểm tra chất lượng công trình."),
    ]
    assert [b.style.get("note", False) for b in document.blocks[2:]] == [False, True, False]
    tasks = [task.text for task in extract_record(document).tasks]
    assert tasks and not any("Luật Ngân sách" in text for text in tasks)  # a footnote assigns nothing


@pytest.mark.parametrize("padding", range(1021, 1025))
def test_utf8_text_is_told_whatever_letter_the_first_kilobyte_cuts(padding):
    """The format is told from the first 1024 bytes; a Vietnamese letter (2 or 3 bytes) cut there
    must not make a UTF-8 file look like something vanban does not read."""
    header = "ĐẢNG BỘ TỈNH LÀO CAI\n"
    text = header + " " * (padding - len(header.encode())) + "Ủy ban nhân dân tỉnh giao Sở Tài chính thực hiện.\n"
    document = parse_bytes(text.encode("utf-8"), "cv.txt")
    assert document.format == "txt" and "Ủy ban nhân dân tỉnh giao" in document.text


WORD_TXT = (
    "UBND TỈNH LÀO CAI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\r\n"
    "SỞ NỘI VỤ\tĐộc lập - Tự do - Hạnh phúc\r\n"
    "Số: 150/KH-SNV\tLào Cai, ngày 05 tháng 01 năm 2026\r\n"
    "KẾ HOẠCH\r\n"
    "Công tác thi đua, khen thưởng năm 2026\r\n"
    "I. NHIỆM VỤ CỤ THỂ\r\n"
    "TT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian\r\n"
    "1\tTổ chức Hội nghị tổng kết công tác thi đua năm 2025\tVăn phòng Sở\tPhòng Tổ chức cán bộ\tQuý I/2026\r\n"
    "2\tKiểm tra công tác thi đua tại các xã\tThanh tra Sở\t\tTháng 9/2026\r\n"
    "II. TỔ CHỨC THỰC HIỆN\r\n"
    "Giao Văn phòng Sở theo dõi, đôn đốc các phòng, đơn vị thuộc Sở triển khai thực hiện Kế hoạch này và tổng hợp "
    "kết quả, báo cáo Giám đốc Sở trước ngày 15/12/2026.\r\n"
    "Nơi nhận:\tGIÁM ĐỐC\r\n"
    "- UBND tỉnh;\r\n"
    "- Lưu: VT.\r\n"
    "Trần Văn Cường\r\n"
)


def test_word_plain_text_export_has_one_paragraph_per_line_and_tabbed_tables():
    """Word saves a document as text with one line per paragraph and table cells set apart by tabs:
    the lines are not joined, the rows of three cells and more make a table."""
    document = parse_bytes(WORD_TXT.encode("utf-8"), "kh.txt")
    texts = [b.text for b in document.blocks]
    assert texts[:6] == ["UBND TỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ NỘI VỤ",
                         "Độc lập - Tự do - Hạnh phúc", "Số: 150/KH-SNV", "Lào Cai, ngày 05 tháng 01 năm 2026"]
    (table,) = tables(document)
    assert table.cell_texts()[2] == ["2", "Kiểm tra công tác thi đua tại các xã", "Thanh tra Sở", "", "Tháng 9/2026"]
    record = extract_record(document)
    meta = record.document
    assert (meta.doc_type, meta.number, meta.issuer) == ("Kế hoạch", "150/KH-SNV", "Sở Nội vụ")
    assert (meta.place, str(meta.issued_date), meta.title) == ("Lào Cai", "2026-01-05",
                                                              "Công tác thi đua, khen thưởng năm 2026")
    assert (meta.signer, meta.signer_title) == ("Trần Văn Cường", "Giám đốc")
    assert [([u.name for u in t.lead], t.deadline.text) for t in record.tasks] == [
        (["Văn phòng Sở"], "Quý I/2026"), (["Thanh tra Sở"], "Tháng 9/2026"),
        (["Văn phòng Sở"], "trước ngày 15/12/2026")]


def test_a_text_laid_out_with_spaces_is_not_taken_for_a_word_export():
    document = parse_bytes(WRAPPED_TXT.encode("utf-8"), "cv.txt")
    assert tables(document)  # the signature's columns, told apart by spaces


def test_txt_a_figure_wrapped_under_its_label_stays_in_its_sentence():
    text = ("      Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh về Sở Nông nghiệp\n"
            "và Môi trường (qua Phòng Quản lý đất đai, số điện thoại:\n"
            "0263.3822.456) để được hướng dẫn./.\n")
    document = parse_bytes(text.encode("utf-8"), "cv.txt")
    (block,) = document.blocks
    assert block.text.endswith("số điện thoại: 0263.3822.456) để được hướng dẫn./.")


def test_pdf_table_over_three_pages_with_page_numbers_at_the_top_is_one_table():
    rows = [[f"Nhiem vu {n}", "So Noi vu", f"Thang {n}/2026"] for n in range(1, 7)]
    pages = [pdf_table(300, [["Noi dung", "Chu tri", "Thoi han"], *rows[:2]]),
             pdf_text(290, 815, "2") + "\n" + pdf_table(800, rows[2:4]),
             pdf_text(290, 815, "3") + "\n" + pdf_table(800, rows[4:])]
    document = parse_bytes(make_pdf(pages), "kh.pdf")
    [table] = tables(document)
    assert [row[0] for row in table.cell_texts()] == ["Noi dung", *(row[0] for row in rows)]
    assert table.page == 1


def test_pdf_prose_in_a_ruled_frame_or_over_white_shading_is_text_not_a_table():
    prose = ["Giao So Noi vu chu tri xay dung ke hoach kiem tra.", "So Tai chinh bo tri kinh phi thuc hien."]
    framed = "\n".join(["0.8 w 60 700 m 540 700 l S 60 640 m 540 640 l S 60 700 m 60 640 l S 540 700 m 540 640 l S",
                        pdf_text(66, 680, prose[0]), pdf_text(66, 660, prose[1])])
    shaded = "\n".join(["1 1 1 rg 60 676 200 16 re f 260 676 280 16 re f 60 656 480 16 re f 0 0 0 rg",
                        pdf_text(66, 680, prose[0]), pdf_text(66, 660, prose[1])])
    for content in (framed, shaded):
        document = parse_bytes(make_pdf([content]), "kh.pdf")
        assert tables(document) == []
        assert [b.text for b in document.blocks] == prose
