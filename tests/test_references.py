from datetime import date

from extract.references import find_references
from pipeline.document import DocumentBuilder


def document(*paragraphs: str):
    builder = DocumentBuilder(b"x", "kh.docx", "docx")
    for text in paragraphs:
        builder.add_text(text, page=1)
    return builder.build()


def test_citations_with_type_number_and_date():
    doc = document(
        "Căn cứ Nghị định số 45/2026/NĐ-CP ngày 12/3/2026 của Chính phủ;",
        "Thực hiện Chỉ thị số 07-CT/TU ngày 04/01/2026 của Ban Thường vụ Tỉnh ủy và Văn bản số "
        "1520/BXD-HĐXD ngày 2 tháng 4 năm 2026 của Bộ Xây dựng, theo Kế hoạch số 31/KH-UBND,")
    refs = find_references(doc)
    assert [(r.doc_type, r.number, r.issued_date) for r in refs] == [
        ("Nghị định", "45/2026/NĐ-CP", date(2026, 3, 12)),
        ("Chỉ thị", "07-CT/TU", date(2026, 1, 4)),
        ("Văn bản", "1520/BXD-HĐXD", date(2026, 4, 2)),
        ("Kế hoạch", "31/KH-UBND", None),
    ]
    first = refs[0]
    assert doc.text[first.span.start:first.span.end] == "Nghị định số 45/2026/NĐ-CP ngày 12/3/2026"
    assert first.span.page == 1


def test_a_law_is_cited_by_its_name_before_the_number():
    refs = find_references(document("Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024;"))
    assert [(r.doc_type, r.number, r.issued_date) for r in refs] == [("Luật", "31/2024/QH15", date(2024, 1, 18))]


def test_repeated_citations_count_once_and_blank_or_own_numbers_not_at_all():
    doc = document("(Kèm theo Kế hoạch số:      /KH-UBND ngày    tháng 3 năm 2026)",
                   "Quyết định số 12/QĐ-UBND quy định ...; xem Quyết định số 12/QĐ-UBND ngày 05/01/2026.",
                   "Quyết định số 99/QĐ-UBND có hiệu lực kể từ ngày ký.")
    refs = find_references(doc, exclude="99/QĐ-UBND")
    assert [(r.number, r.issued_date) for r in refs] == [("12/QĐ-UBND", date(2026, 1, 5))]
