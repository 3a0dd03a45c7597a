"""Paragraphs from positioned lines (PDF text layers)."""

from pipeline.document import DocumentBuilder
from pipeline.layout import Line, Segment, add_lines


def line(top: float, text: str, bold: bool = False, x0: float = 60) -> Line:
    return Line(page=1, top=top, bottom=top + 12, segments=[Segment(x0, 540, text, bold)])


def test_a_bold_title_line_ends_where_plain_text_begins():
    lines = [line(100, "Kết luận của đồng chí Chủ tịch UBND tỉnh tại buổi làm việc", bold=True),
             line(114, "về tiến độ xây dựng nông thôn mới năm 2023", bold=True, x0=150),
             line(128, "Ngày 12/5/2023, đồng chí Chủ tịch UBND tỉnh chủ trì buổi làm việc với các sở,"),
             line(142, "ngành về tiến độ xây dựng nông thôn mới.")]
    builder = DocumentBuilder(b"t", "t.pdf", "pdf")
    add_lines(builder, [(600, lines)])
    texts = [b.text for b in builder.build().blocks]
    assert texts == ["Kết luận của đồng chí Chủ tịch UBND tỉnh tại buổi làm việc về tiến độ xây dựng nông thôn "
                     "mới năm 2023",
                     "Ngày 12/5/2023, đồng chí Chủ tịch UBND tỉnh chủ trì buổi làm việc với các sở, ngành về "
                     "tiến độ xây dựng nông thôn mới."]


def test_the_closing_line_of_a_paragraph_stays_out_of_the_signature_block_under_it():
    def split(top: float, left: str, right: str) -> Line:
        return Line(page=1, top=top, bottom=top + 12, segments=[Segment(60, 250, left), Segment(350, 540, right)])

    lines = [line(100, "Giao Văn phòng Sở theo dõi, tổng hợp kết quả thực hiện Chương trình, báo cáo"),
             line(114, "Giám đốc Sở trước ngày 10/12/2026.", x0=60),
             split(140, "Nơi nhận:", "KT. GIÁM ĐỐC"),
             split(154, "- UBND tỉnh (b/c);", "PHÓ GIÁM ĐỐC"),
             split(168, "- Lưu: VT.", "Nguyễn Thị Lan")]
    lines[1].segments[0].x1 = 240  # a short last line
    builder = DocumentBuilder(b"t", "t.pdf", "pdf")
    add_lines(builder, [(600, lines)])
    paragraph, signature = builder.build().blocks
    assert paragraph.text.endswith("báo cáo Giám đốc Sở trước ngày 10/12/2026.")
    assert signature.cell_texts()[0] == ["Nơi nhận: - UBND tỉnh (b/c); - Lưu: VT.",
                                         "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Nguyễn Thị Lan"]


def test_a_line_in_capitals_under_a_subject_starts_a_paragraph_of_its_own():
    lines = [line(100, "Ban hành Kế hoạch cải cách hành chính tỉnh Điện Biên năm 2025", bold=True, x0=99),
             line(125, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN", bold=True, x0=153),
             line(143, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", x0=119)]
    lines[1].segments[0].x1 = 471
    builder = DocumentBuilder(b"t", "t.pdf", "pdf")
    add_lines(builder, [(595, lines)])
    assert [b.text for b in builder.build().blocks][:2] == [
        "Ban hành Kế hoạch cải cách hành chính tỉnh Điện Biên năm 2025", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN"]


def test_a_colon_at_the_right_margin_is_a_wrap_but_an_indented_line_after_it_starts_anew():
    lines = [line(100, "- Sở Tư pháp tham mưu triển khai thực hiện các nội dung tại Dự án 8:"),
             line(114, "Nâng cao khả năng tiếp cận dịch vụ trợ giúp pháp lý trong phòng, chống ma túy."),
             line(128, "Các sở, ngành thực hiện các nhiệm vụ sau:"),
             line(142, "Rà soát các quy định về phòng, chống ma túy.", x0=90)]
    lines[2].segments[0].x1 = 300  # a short line: what it announces follows below it
    builder = DocumentBuilder(b"t", "t.pdf", "pdf")
    add_lines(builder, [(600, lines)])
    assert [b.text for b in builder.build().blocks] == [
        "- Sở Tư pháp tham mưu triển khai thực hiện các nội dung tại Dự án 8: Nâng cao khả năng tiếp cận dịch vụ "
        "trợ giúp pháp lý trong phòng, chống ma túy.",
        "Các sở, ngành thực hiện các nhiệm vụ sau:", "Rà soát các quy định về phòng, chống ma túy."]


def test_a_dash_of_a_compound_wrapped_at_the_margin_is_no_bullet():
    lines = [line(100, "- Chủ động tham mưu cơ chế sử dụng nguồn thu từ khoáng sản phục vụ phát triển kinh tế"),
             line(114, "- xã hội tại địa phương."),
             line(128, "- Tổ chức kiểm tra các mỏ khoáng sản;"),
             line(142, "- các đơn vị được kiểm tra chuẩn bị hồ sơ.")]
    builder = DocumentBuilder(b"t", "t.pdf", "pdf")
    add_lines(builder, [(600, lines)])
    assert [b.text for b in builder.build().blocks] == [
        "- Chủ động tham mưu cơ chế sử dụng nguồn thu từ khoáng sản phục vụ phát triển kinh tế - xã hội tại địa "
        "phương.", "- Tổ chức kiểm tra các mỏ khoáng sản;", "- các đơn vị được kiểm tra chuẩn bị hồ sơ."]


def test_where_paragraphs_open_indented_a_sentence_ending_at_the_margin_goes_on_below():
    def short(top: float, text: str, x1: float, x0: float = 60) -> Line:
        return Line(page=1, top=top, bottom=top + 12, segments=[Segment(x0, x1, text)])

    lines = [line(100, "a) Chủ động cân đối kinh phí từ nguồn sự nghiệp đã được giao trong dự toán năm 2026.", x0=90),
             line(114, "Trường hợp cần điều chỉnh dự toán thì đề xuất gửi Sở Tài chính thẩm định, tham mưu"),
             short(128, "bổ sung kinh phí theo quy định.", 240),
             line(142, "b) Phối hợp với các sở, ngành xây dựng kịch bản chương trình đối thoại với người dân", x0=90),
             short(156, "và doanh nghiệp.", 180),
             line(170, "c) Tổ chức quảng bá chương trình trên các phương tiện thông tin đại chúng của tỉnh.", x0=90),
             short(184, "định kỳ hằng tháng.", 180),
             line(198, "3. Sở Tư pháp lồng ghép tuyên truyền cải cách hành chính với phổ biến pháp luật.", x0=90)]
    builder = DocumentBuilder(b"t", "t.pdf", "pdf")
    add_lines(builder, [(600, lines)])
    texts = [b.text for b in builder.build().blocks]
    assert texts[0] == ("a) Chủ động cân đối kinh phí từ nguồn sự nghiệp đã được giao trong dự toán năm 2026. Trường "
                        "hợp cần điều chỉnh dự toán thì đề xuất gửi Sở Tài chính thẩm định, tham mưu bổ sung kinh phí "
                        "theo quy định.")
    assert len(texts) == 4
