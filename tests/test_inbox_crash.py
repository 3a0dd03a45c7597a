"""The inbox survives a hard kill: `vanban watch --once` killed with SIGKILL in mid-batch, then
started again, loses no file, stores no document twice and leaves a sound database."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import TXT_SAMPLE

GOOD_FILES = 150


def letter(number: int) -> bytes:
    return TXT_SAMPLE.replace("12/KH-UBND", f"{number}/KH-UBND").encode("utf-8")


def batch() -> dict[str, bytes]:
    files = {f"don vi {n % 3}/ke-hoach-{n:03}.txt": letter(100 + n) for n in range(GOOD_FILES)}
    files.update({f"ban sao/ke-hoach-{n:03}.txt": letter(100 + n) for n in range(0, GOOD_FILES, 10)})
    files.update({f"hong-{n}.pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog" + bytes([n]) for n in range(5)})
    return files


def watch_once(db_path: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "watch", "--once", "--settle", "0",
                             "--db", str(db_path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def processes_using(db_path: Path, within: float) -> list[int]:
    """Processes whose command line names `db_path`, once none is left or after `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        found = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if str(db_path).encode() in cmdline.read_bytes():
                    found.append(int(cmdline.parent.name))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_a_watcher_killed_in_mid_batch_loses_nothing_when_started_again(tmp_path):
    db_path = tmp_path / "vanban.db"
    inbox, archive, failed = (tmp_path / name for name in ("inbox", "archive", "failed"))
    files = batch()
    for name, data in files.items():
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_bytes(data)

    first = watch_once(db_path)
    deadline = time.monotonic() + 30
    while first.poll() is None and time.monotonic() < deadline:
        if archive.is_dir() and sum(1 for p in archive.rglob("*") if p.is_file()) >= 10:
            break
        time.sleep(0.005)
    assert first.poll() is None, "the batch ended before it could be interrupted"
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    assert not processes_using(db_path, within=5), "the killed watcher's workers end with it"
    left = [p for p in inbox.rglob("*") if p.is_file()]
    assert 0 < len(left) < len(files), "the kill should land in the middle of the batch"
    db = sqlite3.connect(db_path)  # what was taken before the kill is in the log, or still claimed
    logged = {path for (path,) in db.execute("SELECT path FROM ingest_log")}
    db.close()
    claimed = {Path(*p.relative_to(tmp_path / "processing").parts[1:]).as_posix()
               for p in (tmp_path / "processing").rglob("*") if p.is_file() and p.suffix != ".lock"}
    assert set(files) - {p.relative_to(inbox).as_posix() for p in left} <= logged | claimed

    second = watch_once(db_path)
    _, errors = second.communicate(timeout=60)
    assert second.returncode == 0, errors.decode()

    kept = [p for folder in (archive, failed) for p in folder.rglob("*")
            if p.is_file() and not p.name.endswith(".error.txt")]
    contents = sorted(p.read_bytes() for p in kept)
    assert contents == sorted(files.values()), "every original is kept once, byte-identical"
    assert not [p for p in inbox.rglob("*") if p.is_file()]
    assert not [p for p in (tmp_path / "processing").rglob("*") if p.is_file() and p.suffix != ".lock"]

    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    numbers = [row[0] for row in db.execute("SELECT number FROM documents")]
    assert sorted(numbers) == sorted(f"{100 + n}/KH-UBND" for n in range(GOOD_FILES))
    logged = {path: status for path, status in db.execute("SELECT path, status FROM ingest_log ORDER BY id")}
    assert set(logged) == set(files), "every file is accounted for in the ingest log"
    assert all(logged[name] == "failed" for name in files if name.startswith("hong-"))
    assert all(logged[name] in ("ingested", "duplicate") for name in files if not name.startswith("hong-"))
