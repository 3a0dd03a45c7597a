"""The day of issue from the issuing body's digital signature, when the date line has none."""

import pytest

from corpus.build import signed_pdf
from pipeline.process import process_bytes
from pipeline.publish import load_metadata
from pipeline.store import save
from tests.test_pdf_footnotes import FONT, HEADER, page_pdf

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="needs fonts-dejavu-core")


def plan(day: str = "") -> bytes:
    """A plan of the province's People's Committee whose date line's day is `day` (blank by default)."""
    date = f"Lào Cai, ngày {day or '      '} tháng 3 năm 2026"
    return page_pdf([line if "ngày" not in line[2] else (*line[:2], date, line[3]) for line in HEADER],
                    reference="")


def signed(data: bytes, signatures: list[tuple[str, str]]) -> bytes:
    """`data` with a signature field per (signing time as a PDF date, reason), as e-government
    signing services write them (the signature's bytes are left out)."""
    return signed_pdf(data, [{"at": at, "reason": reason} for at, reason in signatures])


def test_signatures_are_read_with_their_time_and_signer():
    data = signed(plan(), [("D:20260305101500+07'00'", "Sở Tài chính đã ký lên văn bản này!")])
    signature, = process_bytes(data, "kh.pdf").document.signatures
    assert signature.signed_at.isoformat() == "2026-03-05T10:15:00+07:00"
    assert signature.signer == "Sở Tài chính đã ký lên văn bản này!"
    assert signature.page == 1


def test_a_blank_day_is_taken_from_the_issuing_bodys_signature_with_a_warning():
    data = signed(plan(), [
        ("D:20260304220000+07'00'", "Nguyễn Văn An<an@laocai.gov.vn> đã ký lên văn bản này!"),
        ("D:20260305101500+07'00'", "ỦY BAN NHÂN DÂN TỈNH LÀO CAI<ubnd@laocai.gov.vn> đã ký lên văn bản này!"),
        ("D:20260306080000+07'00'", "ỦY BAN NHÂN DÂN TỈNH LÀO CAI<ubnd@laocai.gov.vn> đã ký lên văn bản này!")])
    record = process_bytes(data, "kh.pdf").record
    assert record.to_contract()["document"]["issued_date"] == "2026-03-05"
    assert any("digital signature" in w and "2026-03-05" in w for w in record.document.warnings)
    assert record.document.spans["issued_date"].rule == "signature.date"


def test_without_the_bodys_own_signature_the_earliest_gives_the_day():
    data = signed(plan(), [("D:20260309080000+07'00'", ""), ("D:20260305101500+07'00'", "")])
    assert process_bytes(data, "kh.pdf").record.to_contract()["document"]["issued_date"] == "2026-03-05"


def test_a_signature_of_another_month_or_a_printed_day_is_not_used():
    other_month = signed(plan(), [("D:20260405101500+07'00'", "")])
    assert process_bytes(other_month, "kh.pdf").record.to_contract()["document"]["issued_date"] is None
    later = signed(plan(day="02"), [("D:20260310101500+07'00'", "")])
    assert process_bytes(later, "kh.pdf").record.to_contract()["document"]["issued_date"] == "2026-03-02"


def test_a_pdf_without_signatures_keeps_a_blank_day():
    result = process_bytes(plan(), "kh.pdf")
    assert result.document.signatures == []
    assert result.record.to_contract()["document"]["issued_date"] is None


def test_signatures_are_stored_and_described_for_datasette(db):
    """Researchers see who signed a file and when; the description covers every column."""
    data = signed(plan(), [("D:20260305101500+07'00'", "Sở Tài chính đã ký lên văn bản này!")])
    document_id = save(db, process_bytes(data, "kh.pdf"), "inbox/kh.pdf")
    assert db["documents"].get(document_id)["issued_date"] == "2026-03-05"
    assert [(s["seq"], s["signer"], s["signed_at"], s["page"]) for s in db["signatures"].rows] == [
        (1, "Sở Tài chính đã ký lên văn bản này!", "2026-03-05T10:15:00+07:00", 1)]
    table = load_metadata("vanban.db")["databases"]["vanban"]["tables"]["signatures"]
    assert set(table["columns"]) == set(db["signatures"].columns_dict)
