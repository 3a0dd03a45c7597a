"""The inbox service against a hostile inbox: every original ends archived or set aside, never lost."""

from __future__ import annotations

import errno
import functools
import io
import os
import shutil
import threading
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from pypdf import PdfWriter

from pipeline.cli import cli
from pipeline.limits import MB, Limits
from pipeline.inbox import ERROR_SUFFIX, LOCK_NAME, Folders, StabilityTracker, fit_name, move_new, watch

from conftest import docx_of as make_docx

SETTLE = 0.05
LIMITS = Limits(max_unzipped_bytes=20 * MB)


def plan(number: int, unit: str) -> bytes:
    return make_docx(
        "ỦY BAN NHÂN DÂN", "TỈNH AN GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        f"Số: {number}/KH-UBND", "An Giang, ngày 5 tháng 3 năm 2024", "KẾ HOẠCH",
        "Triển khai công tác cải cách hành chính năm 2024",
        f"Giao {unit} chủ trì, phối hợp với các sở, ngành liên quan tổ chức thực hiện Kế hoạch này, "
        "báo cáo kết quả trước ngày 30/6/2024.",
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An",
    )


def pdf_of(pages: int, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@functools.cache
def zip_bomb(expands_to_mb: int) -> bytes:
    """A real DOCX, a few dozen KB, with a member that expands to `expands_to_mb` MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plan(20, "Sở Nội vụ"))) as docx, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in docx.infolist():
            bomb.writestr(info, docx.read(info))
        with bomb.open("word/media/padding.bin", "w", force_zip64=True) as member:
            for _ in range(expands_to_mb):
                member.write(bytes(1 << 20))
    return out.getvalue()


NFD_NAME = unicodedata.normalize("NFD", "Kế hoạch số 13 năm 2024.docx")
LONG_STEM = "Kế hoạch triển khai công tác cải cách hành chính của Ủy ban nhân dân tỉnh " * 3
GOOD = {"ke-hoach-12.docx": plan(12, "Sở Nội vụ"), f"phong noi vu/{NFD_NAME}": plan(13, "Sở Tài chính"),
        LONG_STEM[:180] + ".docx": plan(14, "Sở Tư pháp")}
BAD = {
    "bom.docx": zip_bomb(30),
    "mat khau.pdf": pdf_of(1, password="bi-mat"),
    "khong trang.pdf": pdf_of(0),
    LONG_STEM[:185] + ".pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R",
    "hỏng.docx": b"PK\x03\x04" + b"\x00garbage" * 40,
    "empty.pdf": b"",
    "truncated.pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R",
    "scan.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    "cu/van ban cu.doc": bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 512,
    "not really word.docx": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n",
}
DUPLICATE = {"ban sao/ke-hoach-12 (copy).docx": GOOD["ke-hoach-12.docx"]}
IGNORED = {"~$ke-hoach-12.docx": b"lock", ".~lock.ke-hoach-12.docx#": b"lock", "download.part": b"half",
           "x.crdownload": b"half", "scan.tmp": b"tmp", "Thumbs.db": b"db", ".DS_Store": b"ds",
           "desktop.ini": b"ini", ".hidden.docx": GOOD["ke-hoach-12.docx"]}
TAKEN = {**GOOD, **BAD, **DUPLICATE}


@pytest.fixture
def site(tmp_path: Path) -> tuple[Folders, Path]:
    db_path = tmp_path / "data" / "vanban.db"
    folders = Folders.beside(db_path)
    folders.inbox.mkdir(parents=True)
    for name, data in {**TAKEN, **IGNORED}.items():
        path = folders.inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    outside = tmp_path / "outside.docx"
    outside.write_bytes(plan(99, "Sở Xây dựng"))
    (folders.inbox / "link.docx").symlink_to(outside)
    (folders.inbox / "linked folder").symlink_to(tmp_path, target_is_directory=True)
    return folders, db_path


def files_under(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


def assert_served(folders: Folders, db_path: Path) -> None:
    archived, failed = files_under(folders.archive), files_under(folders.failed)
    for name, data in TAKEN.items():
        basename = Path(name).name
        homes = [p for p, content in {**archived, **failed}.items()
                 if content == data and not p.name.endswith(ERROR_SUFFIX)
                 and p.name == fit_name(basename if p in failed else p.name[:13] + basename)]
        assert len(homes) == 1, f"{name} should be kept once, byte-identical: {homes}"
        assert not (folders.inbox / name).exists()
    for name, data in IGNORED.items():
        assert (folders.inbox / name).read_bytes() == data
    assert (folders.inbox / "link.docx").is_symlink() and (folders.inbox / "linked folder").is_symlink()
    assert [p.name for p in folders.processing.iterdir()] == [LOCK_NAME]

    db = Database(db_path)
    taken = sorted(unicodedata.normalize("NFC", name) for name in TAKEN)
    in_progress = [row["path"] for row in db.query("SELECT path FROM ingest_log WHERE status = 'processing'")]
    finished = [row["path"] for row in db.query("SELECT path FROM ingest_log WHERE status != 'processing'")]
    assert sorted(in_progress) == taken and sorted(finished) == taken, "each file logged as taken, then as done"
    stored = {row["number"]: row for row in db.query("SELECT number, folder, path FROM documents")}
    assert set(stored) == {"12/KH-UBND", "13/KH-UBND", "14/KH-UBND"}
    assert stored["13/KH-UBND"]["folder"] == "phong noi vu" and stored["14/KH-UBND"]["folder"] is None
    statuses = {row["path"]: row["status"] for row in db.query("SELECT path, status FROM ingest_log ORDER BY id")}
    copies = ("ke-hoach-12.docx", "ban sao/ke-hoach-12 (copy).docx")  # read in parallel: either comes first
    assert sorted(statuses[name] for name in copies) == ["duplicate", "ingested"]
    for name in BAD:
        assert statuses[name] == "failed"
        kept = folders.failed / Path(name).parent / fit_name(Path(name).name)
        sidecar = kept.with_name(kept.name + ERROR_SUFFIX).read_text(encoding="utf-8")
        assert sidecar.split("\n", 1)[0] and "Technical detail" in sidecar
    for path in archived:  # the content hash prefix keeps equal names apart
        assert len(path.name.split("-", 1)[0]) == 12


def test_watch_once_serves_a_hostile_inbox(site):
    folders, db_path = site
    outcomes = watch(folders, db_path, once=True, settle=SETTLE, jobs=2, limits=LIMITS)
    assert len(outcomes) == len(TAKEN)
    assert_served(folders, db_path)
    doc_reason = (folders.failed / "cu" / ("van ban cu.doc" + ERROR_SUFFIX)).read_text(encoding="utf-8")
    assert ".docx" in doc_reason.split("\n", 1)[0]  # tells the clerk to save it as .docx
    pdf_reason = (folders.failed / ("not really word.docx" + ERROR_SUFFIX)).read_text(encoding="utf-8")
    assert "PDF" in pdf_reason.split("\n", 1)[0]  # read by its bytes, not by its name
    reasons = {name: first_line(folders.failed / (name + ERROR_SUFFIX))
               for name in ("bom.docx", "mat khau.pdf", "khong trang.pdf")}
    assert "expand" in reasons["bom.docx"] and "limit" in reasons["bom.docx"]
    assert "password" in reasons["mat khau.pdf"]
    assert "no pages" in reasons["khong trang.pdf"]
    assert not [p for p in folders.archive.rglob("*") if p.stat().st_size > 10_000_000], "the bomb was not expanded"


def first_line(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n", 1)[0]


def test_watch_status_and_retry_from_the_command_line(site):
    folders, db_path = site
    runner = CliRunner()
    result = runner.invoke(cli, ["watch", "--once", "--settle", str(SETTLE), "--max-unzipped", "20",
                                 "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "ingested: ke-hoach-12.docx" in result.output
    assert_served(folders, db_path)

    result = runner.invoke(cli, ["status", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "waiting: 0\nprocessing: 0\n" in result.output and f"failed: {len(BAD)}\n" in result.output
    assert "  empty.pdf: The file is empty." in result.output

    result = runner.invoke(cli, ["retry", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    for name, data in BAD.items():
        assert (folders.inbox / Path(name).parent / fit_name(Path(name).name)).read_bytes() == data
    assert not [p for p in folders.failed.rglob("*") if p.is_file()]


def test_files_left_in_processing_are_taken_at_start(tmp_path):
    db_path = tmp_path / "vanban.db"
    folders = Folders.beside(db_path)
    left = folders.processing / "1-1" / "phong noi vu" / "ke-hoach-12.docx"
    left.parent.mkdir(parents=True)
    left.write_bytes(GOOD["ke-hoach-12.docx"])
    [outcome] = watch(folders, db_path, once=True, settle=SETTLE)
    assert outcome.status == "ingested" and outcome.path == "phong noi vu/ke-hoach-12.docx"
    [archived] = files_under(folders.archive)
    assert archived.parent == folders.archive / "phong noi vu"
    assert [p.name for p in folders.processing.iterdir()] == [LOCK_NAME]


def test_a_file_over_the_size_limit_is_set_aside_unread(tmp_path):
    db_path = tmp_path / "vanban.db"
    folders = Folders.beside(db_path)
    folders.inbox.mkdir()
    (folders.inbox / "big.docx").write_bytes(GOOD["ke-hoach-12.docx"])
    [outcome] = watch(folders, db_path, once=True, settle=0, limits=Limits(max_bytes=1000))
    assert outcome.status == "failed" and "limit" in outcome.reason
    assert (folders.failed / "big.docx").read_bytes() == GOOD["ke-hoach-12.docx"]
    assert "limit" in (folders.failed / ("big.docx" + ERROR_SUFFIX)).read_text(encoding="utf-8")


def test_a_file_is_taken_only_once_its_size_and_time_settle(tmp_path):
    now = [0.0]
    tracker = StabilityTracker(2.0, clock=lambda: now[0])
    path = tmp_path / "arriving.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert tracker.observe([path]) == ([], 1)
    now[0] = 1.5
    path.write_bytes(b"%PDF-1.4 more bytes")  # still being copied
    assert tracker.observe([path]) == ([], 1)
    now[0] = 3.0
    assert tracker.observe([path]) == ([], 1)
    now[0] = 4.0
    assert tracker.observe([path]) == ([path], 0)


def test_a_file_locked_by_its_writer_waits_until_it_can_be_opened(tmp_path, monkeypatch):
    path = tmp_path / "locked.docx"
    path.write_bytes(GOOD["ke-hoach-12.docx"])
    tracker = StabilityTracker(0.0)
    real_open = os.open

    def share_lock(name, flags, *args):
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr(os, "open", share_lock)
    assert tracker.observe([path]) == ([], 1)
    monkeypatch.setattr(os, "open", real_open)
    assert tracker.observe([path]) == ([path], 0)


def test_moving_never_overwrites_a_file(tmp_path):
    target = tmp_path / "archive"
    target.mkdir()
    (target / "a b.docx").write_bytes(b"first")
    source = tmp_path / "a b.docx"
    source.write_bytes(b"second")
    moved = move_new(source, target, "a b.docx")
    assert moved.name == "a b (2).docx" and moved.read_bytes() == b"second"
    assert (target / "a b.docx").read_bytes() == b"first" and not source.exists()


def test_environment_variables_choose_the_folders(tmp_path, monkeypatch):
    inbox, archive = tmp_path / "share" / "den", tmp_path / "luu"
    inbox.mkdir(parents=True)
    (inbox / "ke-hoach-12.docx").write_bytes(GOOD["ke-hoach-12.docx"])
    monkeypatch.setenv("VANBAN_INBOX", str(inbox))
    monkeypatch.setenv("VANBAN_ARCHIVE", str(archive))
    result = CliRunner().invoke(cli, ["watch", "--once", "--settle", "0", "--db", str(tmp_path / "db" / "v.db")])
    assert result.exit_code == 0, result.output
    assert [p.name.split("-", 1)[1] for p in archive.iterdir()] == ["ke-hoach-12.docx"]
    assert os.listdir(inbox) == []


def test_the_watcher_takes_files_dropped_while_it_runs(tmp_path):
    db_path = tmp_path / "vanban.db"
    folders = Folders.beside(db_path)
    seen, stop = [], threading.Event()
    worker = threading.Thread(target=watch, args=(folders, db_path),
                              kwargs={"settle": SETTLE, "report": seen.append, "stop": stop})
    worker.start()
    try:
        deadline = time.monotonic() + 10
        while not folders.inbox.is_dir() and time.monotonic() < deadline:
            time.sleep(0.02)
        (folders.inbox / "ke-hoach-12.docx").write_bytes(GOOD["ke-hoach-12.docx"])
        (folders.inbox / "empty.pdf").write_bytes(b"")
        while len(seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        worker.join(timeout=10)
    assert not worker.is_alive()
    assert sorted((o.path, o.status) for o in seen) == [("empty.pdf", "failed"), ("ke-hoach-12.docx", "ingested")]


def test_a_move_cut_short_after_linking_is_finished_not_repeated(tmp_path):
    target = tmp_path / "archive"
    target.mkdir()
    source = tmp_path / "a.docx"
    source.write_bytes(b"content")
    os.link(source, target / "a.docx")  # a stop fell between the link and the unlink
    assert move_new(source, target, "a.docx") == target / "a.docx"
    assert os.listdir(target) == ["a.docx"] and not source.exists()


def test_a_file_still_being_written_is_taken_only_once_complete(tmp_path):
    db_path = tmp_path / "vanban.db"
    folders = Folders.beside(db_path)
    folders.inbox.mkdir()
    data = GOOD["ke-hoach-12.docx"]
    arriving = folders.inbox / "ke-hoach-12.docx"
    chunks = [data[i:i + len(data) // 10 + 1] for i in range(0, len(data), len(data) // 10 + 1)]
    arriving.write_bytes(chunks[0])

    def copy_slowly() -> None:  # as a scanner or a network copy writes
        with open(arriving, "ab") as out:
            for chunk in chunks[1:]:
                time.sleep(0.1)
                out.write(chunk)
                out.flush()

    writer = threading.Thread(target=copy_slowly)
    writer.start()
    try:
        [outcome] = watch(folders, db_path, once=True, settle=0.3)
    finally:
        writer.join()
    assert outcome.status == "ingested"
    [archived] = files_under(folders.archive)
    assert archived.read_bytes() == data


def _no_hard_links(source, target):
    raise OSError(errno.EPERM, "hard links not supported here")


def test_a_copy_cut_short_without_hard_links_is_redone_under_its_own_name(tmp_path, monkeypatch):
    """On a share without hard links a stop in mid-copy leaves no truncated file under a final
    name: the next attempt completes the copy as NAME, not NAME (2), and the original is kept till then."""
    def stopped(data, out):
        out.write(data.read(3))
        raise KeyboardInterrupt  # the watcher is stopped in the middle of the copy

    monkeypatch.setattr(os, "link", _no_hard_links)
    target = tmp_path / "failed"
    target.mkdir()
    source = tmp_path / "a.docx"
    source.write_bytes(b"whole content")
    monkeypatch.setattr(shutil, "copyfileobj", stopped)
    with pytest.raises(KeyboardInterrupt):
        move_new(source, target, "a.docx")
    assert source.read_bytes() == b"whole content"
    assert [p.name for p in target.iterdir() if not p.name.startswith(".")] == []
    monkeypatch.undo()
    monkeypatch.setattr(os, "link", _no_hard_links)
    assert move_new(source, target, "a.docx") == target / "a.docx"
    assert os.listdir(target) == ["a.docx"] and (target / "a.docx").read_bytes() == b"whole content"
    assert not source.exists()


def test_a_finished_copy_not_yet_unlinked_is_not_copied_again(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "link", _no_hard_links)
    target = tmp_path / "archive"
    target.mkdir()
    source = tmp_path / "a.docx"
    source.write_bytes(b"content")
    (target / "a.docx").write_bytes(b"content")  # a stop fell between the copy and the unlink
    (target / "b.docx").write_bytes(b"other")
    assert move_new(source, target, "a.docx") == target / "a.docx"
    other = tmp_path / "b.docx"
    other.write_bytes(b"not the same")
    assert move_new(other, target, "b.docx") == target / "b (2).docx"
    assert sorted(os.listdir(target)) == ["a.docx", "b (2).docx", "b.docx"]
