import io
from datetime import date

import docx

from extract.metadata import extract_metadata, title_case, unit_case
from pipeline.document import DocumentBuilder
from pipeline.parsers import parse_bytes

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


def make_docx(header: list[list[str]], body: list[str], signature: list[str], centred: int = 0) -> bytes:
    """A Word file laid out like a Decree 30 document: header table, body paragraphs (the first
    `centred` of them centred and bold, as type line and title are), signature table."""
    document = docx.Document()
    table = document.add_table(rows=len(header), cols=2)
    for r, row in enumerate(header):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for i, text in enumerate(body):
        paragraph = document.add_paragraph()
        paragraph.add_run(text).bold = i < centred
        if i < centred:
            paragraph.alignment = 1
    sign = document.add_table(rows=1, cols=2)
    for c, text in enumerate(signature):
        sign.cell(0, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def metadata_of(data: bytes, name: str = "van-ban.docx"):
    return extract_metadata(parse_bytes(data, name))


def test_unsigned_draft_keeps_symbol_and_year_but_no_number_or_date():
    data = make_docx(
        [["ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG", MOTTO],
         ["Số:          /KH-UBND", "Hà Giang, ngày       tháng 3 năm 2026"]],
        ["KẾ HOẠCH", "Tổ chức kiểm tra an toàn thực phẩm", "trong dịp Tết Nguyên đán năm 2026",
         "Căn cứ Luật An toàn thực phẩm số 55/2010/QH12 ngày 17/6/2010;"],
        ["Nơi nhận:\n- Sở Y tế;\n- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nLê Văn Bình"],
        centred=3)
    meta = metadata_of(data)
    assert (meta.doc_type, meta.number, meta.symbol) == ("Kế hoạch", None, "KH-UBND")
    assert (meta.place, meta.issued_date, meta.year, meta.month) == ("Hà Giang", None, 2026, 3)
    assert meta.title == "Tổ chức kiểm tra an toàn thực phẩm trong dịp Tết Nguyên đán năm 2026"
    assert (meta.signer, meta.signer_title) == ("Lê Văn Bình", "Phó Chủ tịch")
    assert meta.recipients == ["Sở Y tế"]


def test_two_line_header_names_the_lower_unit_as_issuer():
    data = make_docx(
        [["UBND TỈNH THÁI BÌNH\nSỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH\n\nSố: 215/QĐ-SVHTTDL",
          MOTTO + "\n\nThái Bình, ngày 05 tháng 9 năm 2025"]],
        ["QUYẾT ĐỊNH", "Thành lập Đoàn kiểm tra hoạt động karaoke", "GIÁM ĐỐC SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"],
        ["Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.", "GIÁM ĐỐC\n\n\nTrần Thị Hoa"],
        centred=3)
    meta = metadata_of(data)
    assert meta.issuer == "Sở Văn hóa, Thể thao và Du lịch"
    assert meta.parent_issuer == "Ủy ban nhân dân tỉnh Thái Bình"
    assert (meta.doc_type, meta.number, meta.symbol) == ("Quyết định", "215/QĐ-SVHTTDL", "QĐ-SVHTTDL")
    assert meta.issued_date == date(2025, 9, 5)
    assert meta.title == "Thành lập Đoàn kiểm tra hoạt động karaoke"
    assert (meta.signer, meta.signer_title) == ("Trần Thị Hoa", "Giám đốc")
    assert meta.recipients == []


def test_an_office_is_named_with_the_committee_it_serves():
    data = make_docx(
        [["UBND TỈNH NINH BÌNH\nVĂN PHÒNG\n\nSố: 97/TB-VPUBND", MOTTO + "\n\nNinh Bình, ngày 12 tháng 6 năm 2025"]],
        ["THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Xây dựng"],
        ["Nơi nhận:\n- Sở Xây dựng;\n- Lưu: VT.", "KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n\n\nĐỗ Thị Mai"],
        centred=2)
    meta = metadata_of(data)
    assert (meta.issuer, meta.parent_issuer) == ("Văn phòng Ủy ban nhân dân tỉnh Ninh Bình",
                                                 "Ủy ban nhân dân tỉnh Ninh Bình")


def test_old_tone_placement_in_header_gives_the_canonical_issuer():
    data = make_docx(
        [["UỶ BAN NHÂN DÂN\nTỈNH YÊN BÁI", MOTTO], ["Số: 88/BC-UBND", "Yên Bái, ngày 02 tháng 4 năm 2025"]],
        ["BÁO CÁO", "Kết quả công tác phòng, chống thiên tai quý I năm 2025", "Thực hiện chỉ đạo của Bộ."],
        ["Nơi nhận:\n- Như trên;", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nĐỗ Minh Tuấn"], centred=2)
    meta = metadata_of(data)
    assert meta.issuer == "Ủy ban nhân dân tỉnh Yên Bái"
    assert meta.doc_type == "Báo cáo"


def test_letter_with_a_subject_over_several_lines_is_a_cong_van():
    data = make_docx(
        [["ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN", MOTTO],
         ["Số: 1203 /UBND-NN\nV/v tăng cường phòng, chống\ndịch bệnh trên đàn gia súc,\ngia cầm",
          "Nghệ An, ngày 14 tháng 02 năm 2026"],
         ["Kính gửi:", "- Sở Nông nghiệp và Môi trường;\n- Ủy ban nhân dân các xã, phường."]],
        ["Thời gian qua, tình hình dịch bệnh diễn biến phức tạp."],
        ["Nơi nhận:\n- Như trên;\n- Chủ tịch UBND tỉnh;\n- Lưu: VT, NN.", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHoàng Nghĩa Hiếu"])
    meta = metadata_of(data)
    assert (meta.doc_type, meta.number, meta.symbol) == ("Công văn", "1203/UBND-NN", "UBND-NN")
    assert meta.title == "tăng cường phòng, chống dịch bệnh trên đàn gia súc, gia cầm"
    assert meta.recipients == ["Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân các xã, phường",
                               "Chủ tịch UBND tỉnh"]


def test_signature_on_behalf_of_the_chairman_by_the_deputy_chief_of_office():
    data = make_docx(
        [["ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố:      /TB-UBND", MOTTO + "\nLâm Đồng, ngày    tháng 5 năm 2026"]],
        ["THÔNG BÁO", "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về giải ngân vốn đầu tư công",
         "Ngày 10/5/2026, Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp."],
        ["Nơi nhận:\n- Các sở, ban, ngành;\n- Lưu: VT.",
         "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n\n\nPhạm Thị Lan"], centred=2)
    meta = metadata_of(data)
    assert (meta.signer, meta.signer_title) == ("Phạm Thị Lan", "Phó Chánh Văn phòng")
    assert meta.doc_type == "Thông báo"
    assert (meta.issued_date, meta.year) == (None, 2026)


def test_party_document_number_keeps_the_symbol_after_the_hyphen():
    data = make_docx(
        [["TỈNH ỦY BẮC NINH\n*\nSố 15-CV/TU", "ĐẢNG CỘNG SẢN VIỆT NAM\n\nBắc Ninh, ngày 20 tháng 01 năm 2026"],
         ["V/v lãnh đạo tổ chức Tết Nguyên đán", ""]],
        ["Kính gửi: Các huyện ủy, thành ủy."],
        ["Nơi nhận:\n- Như trên,\n- Lưu Văn phòng Tỉnh ủy.", "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n\nNguyễn Văn Hùng"])
    meta = metadata_of(data)
    assert (meta.number, meta.symbol, meta.doc_type) == ("15-CV/TU", "CV/TU", "Công văn")
    assert meta.issuer == "Tỉnh ủy Bắc Ninh"
    assert meta.title == "lãnh đạo tổ chức Tết Nguyên đán"
    assert (meta.signer, meta.signer_title) == ("Nguyễn Văn Hùng", "Phó Bí thư")


TXT_LETTER = """\
ỦY BAN NHÂN DÂN                        CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
 TỈNH QUẢNG NINH                             Độc lập - Tự do - Hạnh phúc

Số: 2718 /UBND-XD                      Quảng Ninh, ngày 03 tháng 7 năm 2026
V/v rà soát các công trình xây
dựng ven biển

                      Kính gửi: Sở Xây dựng.

    Thực hiện chỉ đạo của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh yêu cầu Sở Xây
dựng rà soát các công trình xây dựng ven biển, báo cáo trước ngày 30/7/2026./.

Nơi nhận:                                         KT. CHỦ TỊCH
- Như trên;                                       PHÓ CHỦ TỊCH
- Lưu: VT, XD.


                                                 Vũ Văn Diện
"""


def test_plain_text_export_with_a_two_column_header():
    meta = metadata_of(TXT_LETTER.encode("utf-8"), "cv2718.txt")
    assert (meta.number, meta.symbol, meta.doc_type) == ("2718/UBND-XD", "UBND-XD", "Công văn")
    assert meta.issuer == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert (meta.place, meta.issued_date) == ("Quảng Ninh", date(2026, 7, 3))
    assert meta.title == "rà soát các công trình xây dựng ven biển"
    assert (meta.signer, meta.signer_title) == ("Vũ Văn Diện", "Phó Chủ tịch")
    assert meta.recipients == ["Sở Xây dựng"]


def test_spans_point_at_the_printed_values():
    document = parse_bytes(TXT_LETTER.encode("utf-8"), "cv2718.txt")
    meta = extract_metadata(document)
    printed = {name: document.text[s.start:s.end] for name, s in meta.spans.items()}
    assert "2718 /UBND-XD" in printed["number"]
    assert printed["signer"] == "Vũ Văn Diện"
    assert printed["title"].startswith("V/v rà soát")


def test_a_document_without_the_decree_layout_gives_empty_fields():
    builder = DocumentBuilder(b"x", "note.txt", "txt")
    builder.add_text("Ghi chú cuộc họp sáng thứ hai, không có số và ngày tháng.")
    meta = extract_metadata(builder.build())
    assert meta.to_contract() == dict.fromkeys(meta.to_contract())


def test_capitalisation_of_unit_names_and_titles():
    assert unit_case("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI") == "Sở Lao động - Thương binh và Xã hội"
    assert unit_case("UBND THÀNH PHỐ HỒ CHÍ MINH") == "Ủy ban nhân dân thành phố Hồ Chí Minh"
    assert unit_case("BỘ CÔNG THƯƠNG") == "Bộ Công Thương"
    assert title_case("PHÓ GIÁM ĐỐC") == "Phó Giám đốc"
    assert title_case("Quyền GIÁM ĐỐC") == "Quyền Giám đốc"


def test_signature_written_as_paragraphs_without_columns():
    builder = DocumentBuilder(b"x", "hd.docx", "docx")
    builder.add_table([[("SỞ TƯ PHÁP\nTỈNH ĐIỆN BIÊN", (0, 0)), (MOTTO, (0, 1))],
                       [("Số: 45/HD-STP", (1, 0)), ("Điện Biên, ngày 09 tháng 10 năm 2025", (1, 1))]])
    builder.add_text("HƯỚNG DẪN", kind="heading", style={"align": "center", "bold": True})
    builder.add_text("Công tác phổ biến, giáo dục pháp luật năm 2026", kind="heading",
                     style={"align": "center", "bold": True})
    builder.add_text("Các phòng, đơn vị thuộc Sở triển khai thực hiện.")
    for line in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Đinh Thị Mai"):
        builder.add_text(line, style={"align": "center"})
    meta = extract_metadata(builder.build())
    assert (meta.doc_type, meta.symbol, meta.issuer) == ("Hướng dẫn", "HD-STP", "Sở Tư pháp tỉnh Điện Biên")
    assert (meta.signer, meta.signer_title) == ("Đinh Thị Mai", "Phó Giám đốc")


def test_header_and_title_read_through_ocr_slips():
    data = make_docx(
        [["ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSó:215 /TB-UBND", MOTTO + "\nKon Tum, ngày A7 tháng 10 năm 2024"]],
        ["THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh tại buổi kiểm tra tiến độ dự án",
         "Ngày 02/10/2024, Chủ tịch UBND tỉnh kiểm tra tiến độ dự án."],
        ["Nơi nhận:\n- Sở Xây dựng;\n- Lưu: VT.",
         "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHO CHANH VAN PHONG\n\n\nĐinh Văn Hòa"],
        centred=2)
    meta = metadata_of(data)
    assert (meta.number, meta.symbol) == ("215/TB-UBND", "TB-UBND")
    assert (meta.place, meta.year, meta.issued_date) == ("Kon Tum", 2024, None)
    assert meta.signer_title == "Phó Chánh Văn phòng"


def test_signer_title_read_past_specks_and_from_a_joined_line():
    def signer_title(signature: str) -> str:
        data = make_docx(
            [["BỘ XÂY DỰNG\nSố: 88/BXD-KHCN", MOTTO + "\nHà Nội, ngày 03 tháng 3 năm 2026"]],
            ["V/v góp ý dự thảo quy chuẩn", "Bộ Xây dựng đề nghị các đơn vị góp ý dự thảo."],
            ["Nơi nhận:\n- Như trên;\n- Lưu: VT.", signature + "\n\n\nHoàng Văn Tú"], centred=0)
        return metadata_of(data).signer_title

    assert signer_title("KT. BỘ TRƯỞNG\nco THỨ TRƯỞNG\n2T") == "Thứ trưởng"  # a seal read as letters
    assert signer_title("KT. BỘ TRƯỞNG THỨ TRƯỞNG") == "Thứ trưởng"  # the block's two lines joined
    assert signer_title("KT. BỘ TRƯỞNG") == "Bộ trưởng"


def test_party_document_header_and_a_title_closed_by_dates_in_parentheses():
    data = make_docx(
        [["ĐẢNG BỘ TỈNH THANH HÓA\nTỈNH ỦY\n*", "ĐẢNG CỘNG SẢN VIỆT NAM"],
         ["Số 42-KH/TU", "Thanh Hóa, ngày 02 tháng 12 năm 2024"]],
        ["KẾ HOẠCH", "tổ chức các hoạt động kỷ niệm 80 năm Ngày thành lập Quân đội nhân dân Việt Nam",
         "(22/12/1944 - 22/12/2024)", "-----",
         "Thực hiện Hướng dẫn số 12-HD/BTGTW của Ban Tuyên giáo Trung ương, Ban Thường vụ Tỉnh ủy ..."],
        ["Nơi nhận:\n- Các huyện ủy, thành ủy,\n- Lưu Văn phòng Tỉnh ủy.",
         "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n\n\nLê Quang Hòa"],
        centred=4)
    meta = metadata_of(data)
    assert (meta.doc_type, meta.number, meta.symbol) == ("Kế hoạch", "42-KH/TU", "KH/TU")
    assert meta.issuer == "Tỉnh ủy"
    assert meta.title == ("tổ chức các hoạt động kỷ niệm 80 năm Ngày thành lập Quân đội nhân dân Việt Nam "
                          "(22/12/1944 - 22/12/2024)")
    assert (meta.signer, meta.signer_title) == ("Lê Quang Hòa", "Phó Bí thư")


def test_type_line_set_in_the_last_row_of_the_header_columns_is_still_the_type_line():
    # a plain-text export may lay the centred type line out as a third row of the header's columns
    builder = DocumentBuilder(b"nq", "nghi-quyet.txt", "txt")
    rows = [["HỘI ĐỒNG NHÂN DÂN\nTỈNH NINH BÌNH", MOTTO],
            ["Số: 31/2026/NQ-HĐND", "Ninh Bình, ngày 14 tháng 7 năm 2026"],
            ["", "NGHỊ QUYẾT"]]
    builder.add_table([[(cell, (r, c)) for c, cell in enumerate(row)] for r, row in enumerate(rows)])
    builder.add_text("Về việc quy định mức chi hỗ trợ cho lực lượng dân quân", "paragraph")
    builder.add_text("Căn cứ Luật Dân quân tự vệ ngày 22 tháng 11 năm 2019;", "paragraph")
    meta = extract_metadata(builder.build())
    assert (meta.doc_type, meta.number, meta.issuer) == ("Nghị quyết", "31/2026/NQ-HĐND",
                                                         "Hội đồng nhân dân tỉnh Ninh Bình")
    assert meta.title == "Về việc quy định mức chi hỗ trợ cho lực lượng dân quân"


def test_header_and_signature_typed_with_tab_stops_rather_than_tables():
    from conftest import docx_of

    data = docx_of("UBND TỈNH LÀO CAI\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                   "SỞ TƯ PHÁP\t\tĐộc lập - Tự do - Hạnh phúc",
                   "Số: 215/STP-PBGDPL\t\tLào Cai, ngày 14 tháng 8 năm 2024",
                   "V/v hưởng ứng Ngày Pháp luật năm 2024",
                   "Kính gửi: Các phòng, đơn vị thuộc Sở.",
                   "1.\tPhòng Phổ biến, giáo dục pháp luật xây dựng kế hoạch hưởng ứng Ngày Pháp luật.",
                   "2.\tVăn phòng Sở bố trí kinh phí tổ chức các hoạt động hưởng ứng.",
                   "Nơi nhận:\t\tGIÁM ĐỐC",
                   "- Như trên;",
                   "- Lưu: VT, PBGDPL.\t\tNguyễn Văn Khoa")
    document = parse_bytes(data, "cv215.docx")
    assert [b.kind for b in document.blocks] == ["table", "paragraph", "paragraph", "list_item", "list_item", "table"]
    meta = extract_metadata(document)
    assert (meta.issuer, meta.number, meta.issued_date, meta.place) == (
        "Sở Tư pháp", "215/STP-PBGDPL", date(2024, 8, 14), "Lào Cai")
    assert (meta.title, meta.signer, meta.signer_title) == (
        "hưởng ứng Ngày Pháp luật năm 2024", "Nguyễn Văn Khoa", "Giám đốc")


def test_a_place_and_date_wrapped_over_two_lines_of_the_header():
    data = make_docx(
        [["ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n\nSố: 3310/UBND-KT",
          MOTTO + "\n\nThành phố Hồ Chí Minh, ngày 02 tháng 6\nnăm 2025"]],
        ["V/v triển khai thực hiện chống ngập mùa mưa năm 2025"],
        ["Nơi nhận:\n- Như trên;\n- Lưu: VT.", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nBùi Xuân Cường"])
    meta = metadata_of(data)
    assert (meta.place, meta.issued_date) == ("Thành phố Hồ Chí Minh", date(2025, 6, 2))


def test_a_plain_title_signs_below_the_copies_list_and_nowhere_above_it():
    builder = DocumentBuilder(b"x", "kh.txt", "txt")
    for line in ("SỞ Y TẾ TỈNH LÀO CAI", "Số: 12/KH-SYT", "Lào Cai, ngày 05 tháng 01 năm 2026", "KẾ HOẠCH",
                 "Tiêm chủng mở rộng năm 2026", "GIÁM ĐỐC", "Các đơn vị trực thuộc triển khai thực hiện.",
                 "Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT.", "GIÁM ĐỐC", "Lê Thị Hoa"):
        builder.add_text(line)
    meta = extract_metadata(builder.build())
    assert (meta.signer, meta.signer_title) == ("Lê Thị Hoa", "Giám đốc")
    assert meta.spans["signer_title"].start > builder.build().text.index("Nơi nhận")
    assert meta.recipients == ["UBND tỉnh"]  # the copies' list, without the office's own copy


def paragraphs_header(*lines: str):
    builder = DocumentBuilder(b"x", "cv.docx", "docx")
    for line in (*lines, "Các đơn vị khẩn trương thực hiện.", "Nơi nhận:", "- Lưu: VT.", "CHỦ TỊCH",
                 "Nguyễn Văn An"):
        builder.add_text(line)
    return extract_metadata(builder.build())


def test_a_date_written_in_figures_and_rules_under_the_header_lines():
    meta = paragraphs_header("ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "-------", "Số: 123/UBND-TH",
                             "Lào Cai, ngày 05/3/2026", "V/v báo cáo tình hình thực hiện nhiệm vụ")
    assert (meta.number, meta.place, meta.issued_date, meta.title) == (
        "123/UBND-TH", "Lào Cai", date(2026, 3, 5), "báo cáo tình hình thực hiện nhiệm vụ")
    party = paragraphs_header("ĐẢNG BỘ TỈNH LÀO CAI", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*", "Số 25-HD/BTGDVTU",
                              "Lào Cai, ngày 10 tháng 3 năm 2026", "HƯỚNG DẪN",
                              "Tuyên truyền kỷ niệm Ngày thành lập Đảng")
    assert (party.doc_type, party.number, party.issued_date) == ("Hướng dẫn", "25-HD/BTGDVTU", date(2026, 3, 10))


def test_an_agency_name_wrapped_at_the_columns_edge_is_one_name():
    builder = DocumentBuilder(b"x", "cv.pdf", "pdf")
    builder.add_table([[("UBND TỈNH LÂM ĐỒNG\nSỞ NÔNG NGHIỆP VÀ MÔI\nTRƯỜNG", (0, 0)), (MOTTO, (0, 1))],
                       [("Số: 3120/SNNMT-QLĐĐ", (1, 0)), ("Lâm Đồng, ngày 25 tháng 02 năm 2026", (1, 1))]])
    builder.add_table([[("UBND TỈNH LÀO CAI\nVĂN PHÒNG", (0, 0)), (MOTTO, (0, 1))],
                       [("Số: 245/GM-VPUBND", (1, 0)), ("Lào Cai, ngày 15 tháng 7 năm 2024", (1, 1))]])
    meta = extract_metadata(builder.build())
    assert (meta.issuer, meta.parent_issuer) == ("Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân tỉnh Lâm Đồng")


def test_the_printed_symbol_beside_a_number_ocr_could_not_read():
    builder = DocumentBuilder(b"x", "cv.pdf", "pdf")
    builder.add_table([[("BỘ CÔNG THƯƠNG\n6 ŸBCT-ATMT\nV/v triển khai cấp Giấy phép vận chuyển hàng nguy hiểm", (0, 0)),
                        (MOTTO + "\nHà Nội, ngày tháng 4 năm 2026", (0, 1))]])
    builder.add_text("Kính gửi: Ủy ban nhân dân các tỉnh, thành phố.")
    meta = extract_metadata(builder.build())
    assert (meta.number, meta.symbol, meta.doc_type) == (None, "BCT-ATMT", "Công văn")
    other = paragraphs_header("ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Mã hồ sơ HS-QLDA 2025",
                              "Lào Cai, ngày 05 tháng 3 năm 2026", "V/v báo cáo số liệu")
    assert other.symbol is None  # a code that names neither a type nor the issuer
