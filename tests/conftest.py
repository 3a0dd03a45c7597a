"""Shared fixtures: small documents written here (DOCX, PDF, TXT), the repository corpus
when it has documents, a fresh database, and a hand-made record to store."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from unittest import mock

import docx
import pytest
from sqlite_utils import Database, Migrations

from extract.record import Deadline, Metadata, Reference, Span, Task, UnitRef
from pipeline.process import Processed, process_bytes
from pipeline.store import MIGRATIONS, open_db, save

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
DOCUMENT_SUFFIXES = {".docx", ".pdf", ".txt"}

TXT_SAMPLE = """\
UỶ BAN NHÂN DÂN                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LÀO CAI                             Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND                        Lào Cai, ngày 05 tháng 3 năm 2026

                              KẾ HOẠCH
             Kiểm tra công tác bảo vệ môi trường năm 2026

1. Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính tổ chức
kiểm tra các cơ sở sản xuất trong quý II năm 2026.
2. Đề nghị Ủy ban MTTQ Việt Nam tỉnh tham gia giám sát, thường xuyên.
"""


def docx_of(*paragraphs: str) -> bytes:
    """A DOCX whose body is the given paragraphs, for tests that need a small real file."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_docx() -> bytes:
    """A letter with a header table (two columns) and a task table with merged cells."""
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 45/KH-SCT"
    header.cell(1, 1).text = "Lào Cai, ngày 10 tháng 4 năm 2026"
    document.add_paragraph("KẾ HOẠCH").runs[0].bold = True
    document.add_paragraph("Triển khai công tác an toàn thực phẩm năm 2026")
    tasks = document.add_table(rows=4, cols=3)
    for col, title in enumerate(("Nội dung", "Chủ trì", "Thời hạn")):
        tasks.cell(0, col).text = title
    tasks.cell(1, 0).merge(tasks.cell(1, 2)).text = "I. NHIỆM VỤ CHUNG"
    tasks.cell(2, 0).text = "Kiểm tra cơ sở kinh doanh"
    tasks.cell(3, 0).text = "Tuyên truyền pháp luật"
    tasks.cell(2, 1).merge(tasks.cell(3, 1)).text = "Chi cục Quản lý thị trường"
    tasks.cell(2, 2).text = "Quý II/2026"
    tasks.cell(3, 2).text = "Thường xuyên"
    document.add_paragraph("Giao Sở Y tế chủ trì, phối hợp với UBND các xã thực hiện.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_pdf(pages: list[str], font: str = "/BaseFont /Helvetica /Encoding /WinAnsiEncoding") -> bytes:
    """A PDF whose pages draw the given content streams with a Type1 `font` as /F1."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", f"<< /Type /Font /Subtype /Type1 {font} >>"]
    kids = []
    for content in pages:
        data = content.encode("latin-1")
        objects.append(f"<< /Length {len(data)} >>\nstream\n{content}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_text(x: float, y: float, text: str, size: int = 11) -> str:
    return f"BT /F1 {size} Tf {x} {y} Td ({text}) Tj ET"


def pdf_table(top: float, rows: list[list[str]], xs=(60, 260, 420, 540), height: float = 22) -> str:
    """A ruled table whose top edge is at `top` (PDF coordinates, origin bottom left)."""
    parts = ["0.8 w"]
    bottom = top - height * len(rows)
    for r, row in enumerate(rows):
        y = top - height * r
        parts.append(f"{xs[0]} {y} m {xs[-1]} {y} l S")
        for c, cell in enumerate(row):
            parts.append(pdf_text(xs[c] + 4, y - 15, cell, 10))
    parts.append(f"{xs[0]} {bottom} m {xs[-1]} {bottom} l S")
    parts.extend(f"{x} {top} m {x} {bottom} l S" for x in xs)
    return "\n".join(parts)


def make_split_table_pdf() -> bytes:
    """Two pages: a task table that starts at the foot of page 1 and runs on at the top of page 2."""
    page1 = "\n".join([
        pdf_text(200, 780, "KE HOACH KIEM TRA NAM 2026", 13),
        pdf_text(60, 740, "Phan cong nhiem vu cho cac co quan nhu sau."),
        pdf_table(200, [["Noi dung", "Chu tri", "Thoi han"],
                        ["Kiem tra mo khoang san", "So Cong Thuong", "Quy II/2026"],
                        ["Bao cao ket qua", "So Tai chinh", "Thang 6/2026"]]),
    ])
    page2 = "\n".join([
        pdf_table(800, [["Tong hop so lieu", "So Noi vu", "Thang 9/2026"],
                        ["Danh gia cuoi nam", "Van phong UBND", "Thang 12/2026"]]),
        pdf_text(60, 600, "Giao So Noi vu theo doi viec thuc hien Ke hoach nay."),
    ])
    return make_pdf([page1, page2])


@pytest.fixture(scope="session")
def samples(tmp_path_factory) -> dict[str, Path]:
    """One small document of each format, plus a damaged one, in a fresh folder."""
    folder = tmp_path_factory.mktemp("samples")
    files = {
        "docx": (folder / "kh45-sct.docx", make_docx()),
        "pdf": (folder / "kh-kiemtra.pdf", make_split_table_pdf()),
        "txt": (folder / "kh12-ubnd.txt", TXT_SAMPLE.encode("utf-8")),
        "corrupt": (folder / "hong.docx", make_docx()[:3000]),  # a download cut short
    }
    for path, data in files.values():
        path.write_bytes(data)
    return {name: path for name, (path, _) in files.items()}


@pytest.fixture(scope="session")
def corpus_files(samples) -> list[Path]:
    """The repository's sample corpus when it holds documents, else the documents written here."""
    found = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES) if CORPUS.is_dir() else []
    return found or [samples[name] for name in ("docx", "pdf", "txt")]


def database_as_of(path: Path, migrations: int) -> Database:
    """A database as an earlier vanban left it: only the first `migrations` applied."""
    earlier = Migrations("vanban")
    for migration in MIGRATIONS._migrations[:migrations]:
        earlier(name=migration.name)(migration.fn)
    db = Database(path)
    earlier.apply(db)
    return db


def save_as_then(db: Database, processed: Processed) -> int:
    """Store a file as vanban did when the database was older: the rows, which that schema's
    triggers indexed and counted (the present store does it per document: migration 010), and tasks
    without their document's facets (migration 012)."""
    with mock.patch("pipeline.store.index_document"), \
            mock.patch("pipeline.store._document_facets", return_value={}):
        return save(db, processed)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "data" / "vanban.db"


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    yield database
    database.close()


def processed_with_tasks(text: str = TXT_SAMPLE, number: str = "12/KH-UBND",
                         cites: str | None = None) -> Processed:
    """A processed plain-text document carrying a hand-made record, whatever extraction returns."""
    processed = process_bytes(text.encode("utf-8"), "kh12-ubnd.txt")
    start = processed.document.text.index("Giao Sở")
    processed.record.document = Metadata(
        doc_type="Kế hoạch", number=number, symbol=number.split("/", 1)[-1],
        issuer="Ủy ban nhân dân tỉnh Lào Cai", place="Lào Cai", issued_date=date(2026, 3, 5),
        title="Kiểm tra công tác bảo vệ môi trường năm 2026", recipients=["Sở Tài chính"])
    processed.record.tasks = [
        Task("tổ chức kiểm tra các cơ sở sản xuất", lead=[UnitRef("Sở Nông nghiệp và Môi trường")],
             support=[UnitRef("Sở Tài chính", "Sở Tài chính", "agency")],
             deadline=Deadline("trong quý II năm 2026", date(2026, 4, 1), date(2026, 6, 30)),
             span=Span(None, start, start + 40, "giao-chu-tri")),
        Task("tham gia giám sát", lead=[UnitRef("Ủy ban MTTQ Việt Nam tỉnh")],
             deadline=Deadline("thường xuyên", recurrence="continuous")),
    ]
    if cites:
        processed.record.references = [Reference(f"Kế hoạch số {cites}", "Kế hoạch", cites)]
    return processed
