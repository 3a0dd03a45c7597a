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
