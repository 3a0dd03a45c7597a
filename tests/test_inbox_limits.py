"""Limits on one file (size, pages, unzipped size, seconds), several workers, one watcher per inbox."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from sqlite_utils import Database

import pipeline.workers
from conftest import TXT_SAMPLE
from pipeline.cli import cli
from pipeline.inbox import ERROR_SUFFIX, LOCK_NAME, Folders, watch
from pipeline.ingest import ingest_paths
from pipeline.limits import Limits
from pipeline.process import process_bytes
from pipeline.workers import WORKER_CRASHED
from test_inbox import GOOD, pdf_of, zip_bomb


def fill(inbox: Path, files: dict[str, bytes]) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (inbox / name).write_bytes(data)


def reason(folders: Folders, name: str) -> str:
    return (folders.failed / (name + ERROR_SUFFIX)).read_text(encoding="utf-8").split("\n", 1)[0]


def test_limits_set_files_aside_unread_from_options_and_environment(tmp_path, monkeypatch):
    db_path = tmp_path / "vanban.db"
    folders = Folders.beside(db_path)
    fill(folders.inbox, {"lon.txt": TXT_SAMPLE.encode("utf-8") * 300, "dai.pdf": pdf_of(5),
                         "bom.docx": zip_bomb(6), "ke-hoach-12.docx": GOOD["ke-hoach-12.docx"]})
    monkeypatch.setenv("VANBAN_MAX_PAGES", "3")
    monkeypatch.setenv("VANBAN_MAX_UNZIPPED", "5")
    result = CliRunner().invoke(cli, ["watch", "--once", "--settle", "0", "--max-size", "0.1", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "ingested: ke-hoach-12.docx" in result.output
    assert "more than the limit of 0.1 MB" in reason(folders, "lon.txt")
    assert "5 pages, more than the limit of 3" in reason(folders, "dai.pdf")
    assert "would expand to" in reason(folders, "bom.docx") and "limit of 5 MB" in reason(folders, "bom.docx")
    for name in ("lon.txt", "dai.pdf", "bom.docx"):
        assert (folders.failed / name).exists()


def test_vanban_ingest_keeps_the_same_limits(tmp_path):
    (tmp_path / "dai.pdf").write_bytes(pdf_of(3))
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "dai.pdf"), "--max-pages", "2",
                                      "--db", str(tmp_path / "v.db")])
    assert result.exit_code == 0, result.output
    assert "3 pages, more than the limit of 2" in result.output


def slow_on_cham(data: bytes, source: str, limits: Limits | None = None):
    """Hangs on one file in a program of its own, as OCR or a conversion can; workers are forked,
    so they run this. The program's process id is written where the test can find it."""
    if source.startswith("cham"):
        program = subprocess.Popen(["sleep", "60"])
        Path(os.environ["HELD_UP_PID_FILE"]).write_text(str(program.pid))
        program.wait()
    return process_bytes(data, source, limits)


def ended(pid: int, within: float) -> bool:
    """The process has ended (gone, or dead and waiting to be reaped) within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def test_a_file_over_its_time_is_set_aside_and_the_others_go_on(tmp_path, monkeypatch):
    process_bytes(TXT_SAMPLE.encode("utf-8"), "warm.txt")  # workers start with the models loaded
    monkeypatch.setattr(pipeline.workers, "process_bytes", slow_on_cham)
    monkeypatch.setenv("HELD_UP_PID_FILE", str(tmp_path / "held-up.pid"))
    db_path = tmp_path / "vanban.db"
    folders = Folders.beside(db_path)
    letters = {f"kh-{n}.txt": TXT_SAMPLE.replace("12/KH-UBND", f"{n}/KH-UBND").encode("utf-8") for n in range(20, 24)}
    fill(folders.inbox, {"cham.txt": TXT_SAMPLE.encode("utf-8"), **letters})
    started = time.monotonic()
    outcomes = watch(folders, db_path, once=True, settle=0, jobs=2, limits=Limits(max_seconds=4))
    assert time.monotonic() - started < 15
    assert sorted((o.path, o.status) for o in outcomes) == sorted(
        [("cham.txt", "failed")] + [(name, "ingested") for name in letters])
    assert outcomes[-1].path == "cham.txt", "the other worker went on while one was held up"
    assert "longer than the limit of 4 seconds" in reason(folders, "cham.txt")
    assert Database(db_path).execute("SELECT count(*) FROM documents").fetchone()[0] == len(letters)
    program = int((tmp_path / "held-up.pid").read_text())
    assert ended(program, within=5), "the program the file was waiting on was stopped with its worker"


def test_a_second_watcher_on_the_same_inbox_exits_with_a_message(tmp_path):
    db_path = tmp_path / "vanban.db"
    first = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "watch", "--db", str(db_path)],
                             stderr=subprocess.PIPE, text=True)
    try:
        lock = tmp_path / "processing" / LOCK_NAME
        deadline = time.monotonic() + 60  # a loaded machine can be slow to start Python
        while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert lock.read_text().strip() == str(first.pid)
        result = CliRunner().invoke(cli, ["watch", "--once", "--db", str(db_path)])
        assert result.exit_code == 1
        assert f"Another vanban watch (process {first.pid}) is already serving" in result.output
    finally:
        first.terminate()
        try:
            _, errors = first.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            first.kill()
            raise
    assert "Stopped." in errors, "a stop request ends the watcher cleanly"
    fill(tmp_path / "inbox", {"ke-hoach-12.docx": GOOD["ke-hoach-12.docx"]})
    result = CliRunner().invoke(cli, ["watch", "--once", "--settle", "0", "--db", str(db_path)])
    assert result.exit_code == 0 and "ingested: ke-hoach-12.docx" in result.output


def dies_on_vo(data: bytes, source: str, limits: Limits | None = None):
    """Kills its process on one file, as a crash in a native library would."""
    if source.startswith("vo"):
        os._exit(3)
    return process_bytes(data, source, limits)


def test_a_file_that_kills_its_worker_costs_that_file_only(tmp_path, monkeypatch):
    process_bytes(TXT_SAMPLE.encode("utf-8"), "warm.txt")
    monkeypatch.setattr(pipeline.workers, "process_bytes", dies_on_vo)
    letters = {f"kh-{n}.txt": TXT_SAMPLE.replace("12/KH-UBND", f"{n}/KH-UBND").encode("utf-8") for n in range(30, 34)}
    fill(tmp_path / "den", {"vo.txt": TXT_SAMPLE.encode("utf-8"), **letters})
    summary = ingest_paths([tmp_path / "den"], tmp_path / "v.db", jobs=2)
    assert summary.ingested == len(letters)
    assert [(Path(path).name, reason) for path, reason in summary.failed] == [("vo.txt", WORKER_CRASHED)]


def test_the_unzipped_size_limit_is_the_one_configured():
    bomb = zip_bomb(6)
    refused = process_bytes(bomb, "bom.docx", Limits(max_unzipped_bytes=5_000_000))
    assert refused.error and "more than the limit of 5 MB" in refused.error
    read = process_bytes(bomb, "bom.docx", Limits(max_unzipped_bytes=50_000_000))
    assert read.error is None and read.document.blocks
