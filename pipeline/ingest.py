"""Ingesting files: find them, skip bytes already stored, process the rest, store each.

Processing (parse + extract) may run in worker processes; only this process writes to the
database, one file per transaction. A file that fails is logged with its reason and the
batch goes on. `ingest_one` is the unit of work that an inbox service reuses.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from pipeline.document import sha256_of
from pipeline.process import Processed, process_bytes
from pipeline.store import DUPLICATE, FAILED, INGESTED, find_document, log_event, open_db, save

# What a folder is searched for (.doc, .odt and .rtf are read through LibreOffice).
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".txt", ".doc", ".odt", ".rtf")
# Files that editors, office suites and operating systems leave beside documents.
IGNORED_NAMES = ("~$*", "*.tmp", "Thumbs.db", "desktop.ini")  # and every hidden file (".~lock.*#")
WORKER_CRASHED = "vanban stopped while reading this file; it was set aside for a developer to look at."


@dataclass
class Outcome:
    """What became of one file."""

    path: str
    status: str  # ingested, duplicate, failed
    document_id: int | None = None
    reason: str | None = None
    tasks: int = 0


@dataclass
class IngestSummary:
    ingested: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        if outcome.status == INGESTED:
            self.ingested += 1
        elif outcome.status == DUPLICATE:
            self.duplicates += 1
        else:
            self.failed.append((outcome.path, outcome.reason or ""))


Progress = Callable[[Outcome, int, int], None]  # (outcome, files done, files in all)


def is_ignored(path: Path) -> bool:
    """Hidden files and the lock and temporary files that office software leaves behind."""
    return path.name.startswith(".") or any(fnmatch.fnmatch(path.name, p) for p in IGNORED_NAMES)


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, and the documents under the folders named (recursively, in name order,
    by suffix), without hidden files or folders and without office lock or temporary files."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(_walk(path))
        elif not is_ignored(path):
            found.append(path)
    return found


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if path.suffix.lower() in DOCUMENT_SUFFIXES and not is_ignored(path):
                yield path


def read_file(path: Path) -> tuple[bytes | None, str | None]:
    """The file's bytes, or a reason it could not be read."""
    try:
        return path.read_bytes(), None
    except OSError as exc:
        return None, f"The file could not be read ({exc.strerror or exc})."


def store_processed(db: Database, path: Path, processed: Processed) -> Outcome:
    """Save a processed file, or log why it failed."""
    if processed.document is None:
        log_event(db, str(path), processed.sha256, FAILED, processed.error, processed.detail)
        return Outcome(str(path), FAILED, reason=processed.error)
    before = find_document(db, processed.sha256)
    document_id = save(db, processed, path)
    status = DUPLICATE if before is not None else INGESTED
    return Outcome(str(path), status, document_id, tasks=len(processed.record.tasks))


def _precheck(db: Database, path: Path) -> tuple[bytes | None, str | None, Outcome | None]:
    """Read and hash a file; an Outcome when there is nothing left to do (unreadable or known)."""
    data, reason = read_file(path)
    if data is None:
        log_event(db, str(path), None, FAILED, reason)
        return None, None, Outcome(str(path), FAILED, reason=reason)
    sha = sha256_of(data)
    known = find_document(db, sha)
    if known is not None:
        log_event(db, str(path), sha, DUPLICATE, document_id=known)
        return None, sha, Outcome(str(path), DUPLICATE, known)
    return data, sha, None


def ingest_one(db: Database, path: Path) -> Outcome:
    """Ingest one file in this process: read, skip if known, process, store."""
    data, _, done = _precheck(db, path)
    if done is not None:
        return done
    return store_processed(db, path, process_bytes(data, path.name))


def ingest_paths(paths: Iterable[str | Path], db_path: str | Path, jobs: int = 1,
                 progress: Progress | None = None) -> IngestSummary:
    """Ingest files and folders into the database at `db_path`; `jobs` > 1 parses in parallel."""
    files = collect_files(paths)
    summary = IngestSummary()

    def report(outcome: Outcome) -> None:
        summary.add(outcome)
        if progress:
            progress(outcome, summary.total, len(files))

    db = open_db(db_path)
    try:
        if jobs <= 1:
            for path in files:
                report(ingest_one(db, path))
        else:
            _ingest_parallel(db, files, jobs, report)
    finally:
        db.close()
    return summary


def _ingest_parallel(db: Database, files: list[Path], jobs: int, report: Callable[[Outcome], None]) -> None:
    """Workers parse and extract; this process hashes, dedupes and writes. At most 2×jobs files
    are in flight, so memory stays bounded however many files there are. When a worker dies,
    the files it may have held are retried alone, so only the one that kills a worker fails."""
    queue = iter(files)
    in_flight: dict[Future, tuple[Path, ProcessPoolExecutor]] = {}
    suspects: list[Path] = []
    executor = ProcessPoolExecutor(max_workers=jobs)
    try:
        while True:
            while len(in_flight) < 2 * jobs and (path := next(queue, None)) is not None:
                data, _, done = _precheck(db, path)
                if done is not None:
                    report(done)
                else:
                    in_flight[executor.submit(process_bytes, data, path.name)] = (path, executor)
            if not in_flight:
                break
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                path, owner = in_flight.pop(future)
                try:
                    processed = future.result()
                except BrokenProcessPool:
                    suspects.append(path)
                    if owner is executor:
                        executor.shutdown(wait=False)
                        executor = ProcessPoolExecutor(max_workers=jobs)
                    continue
                except Exception as exc:
                    report(_crashed(db, path, exc))
                    continue
                report(store_processed(db, path, processed))
    finally:
        executor.shutdown(cancel_futures=True)
    for path in suspects:
        report(_retry_alone(db, path))


def _retry_alone(db: Database, path: Path) -> Outcome:
    data, _, done = _precheck(db, path)
    if done is not None:
        return done
    with ProcessPoolExecutor(max_workers=1) as solo:
        try:
            processed = solo.submit(process_bytes, data, path.name).result()
        except Exception as exc:
            return _crashed(db, path, exc)
    return store_processed(db, path, processed)


def _crashed(db: Database, path: Path, exc: BaseException) -> Outcome:
    log_event(db, str(path), None, FAILED, WORKER_CRASHED, repr(exc))
    return Outcome(str(path), FAILED, reason=WORKER_CRASHED)
