"""Ingesting files: find them, skip bytes already stored, process the rest, store each.

Processing (parse + extract) runs in worker processes, each file within the limits; only this
process writes to the database, one file per transaction. A file that fails is logged with
its reason and the batch goes on. `ingest_files` is the one path every file takes, from
`vanban ingest` and from the inbox service alike.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from pipeline.document import sha256_of
from pipeline.errors import LimitExceeded
from pipeline.limits import DEFAULT_LIMITS, Limits, check_size
from pipeline.process import Processed
from pipeline.store import DUPLICATE, FAILED, INGESTED, find_document, log_event, open_db, save
from pipeline.workers import Workers

PRECHECK_BATCH = 200  # known files logged per transaction: a re-scan commits once per batch

log = logging.getLogger(__name__)

# What a folder is searched for (.doc, .odt and .rtf are read through LibreOffice).
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".txt", ".doc", ".odt", ".rtf")
# Files that editors, office suites and operating systems leave beside documents.
IGNORED_NAMES = ("~$*", "*.tmp", "Thumbs.db", "desktop.ini")  # and every hidden file (".~lock.*#")
INTERNAL_ERROR = ("vanban could not finish this file because of an internal error; "
                  "it was set aside for a developer to look at.")


@dataclass
class Outcome:
    """What became of one file."""

    path: str
    status: str  # ingested, duplicate, failed
    document_id: int | None = None
    reason: str | None = None
    tasks: int = 0
    sha256: str | None = None
    detail: str | None = None  # for the log and the error note, not for the clerk


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


def store_processed(db: Database, name: str, processed: Processed) -> Outcome:
    """Save a processed file, or log why it failed."""
    if processed.document is None:
        log_event(db, name, processed.sha256, FAILED, processed.error, processed.detail)
        return Outcome(name, FAILED, reason=processed.error, sha256=processed.sha256, detail=processed.detail)
    before = find_document(db, processed.sha256)
    document_id = save(db, processed, name)
    status = DUPLICATE if before is not None else INGESTED
    return Outcome(name, status, document_id, tasks=len(processed.record.tasks), sha256=processed.sha256)


def _precheck(db: Database, path: Path, name: str, limits: Limits) -> tuple[bytes | None, Outcome | None]:
    """Read and hash a file; an Outcome when there is nothing left to do (too big, unreadable, known)."""
    try:
        check_size(path.stat().st_size, limits)
    except LimitExceeded as exc:
        log_event(db, name, None, FAILED, str(exc))
        return None, Outcome(name, FAILED, reason=str(exc))
    data, reason = read_file(path)
    if data is None:
        log_event(db, name, None, FAILED, reason)
        return None, Outcome(name, FAILED, reason=reason)
    sha = sha256_of(data)
    known = find_document(db, sha)
    if known is not None:
        log_event(db, name, sha, DUPLICATE, document_id=known)
        return None, Outcome(name, DUPLICATE, known, sha256=sha)
    return data, None


def _internal_error(db: Database, name: str, exc: Exception) -> Outcome:
    """A defect costs the one file, logged with its traceback; the batch goes on."""
    log.error("internal error on %s: %r", name, exc)
    log_event(db, name, None, FAILED, INTERNAL_ERROR, traceback.format_exc())
    return Outcome(name, FAILED, reason=INTERNAL_ERROR, detail=traceback.format_exc())


def _prechecked(db: Database, queue: Iterator[tuple[Path, str]], workers: Workers
                ) -> tuple[list[tuple[Path, Outcome]], bool]:
    """Draw files while a worker is free (up to `PRECHECK_BATCH`), handing the new ones to the workers;
    the files already known (or refused) are logged in one transaction and returned with their outcome,
    so that a re-scan of thousands of unchanged files commits once per batch, not once per file.
    Returns them and whether the queue may hold more."""
    done: list[tuple[Path, Outcome]] = []
    with db.atomic():
        while workers.free and len(done) < PRECHECK_BATCH:
            item = next(queue, None)
            if item is None:
                return done, False
            path, name = item
            try:
                data, outcome = _precheck(db, path, name, workers.limits)
            except Exception as exc:
                data, outcome = None, _internal_error(db, name, exc)
            if outcome is not None:
                done.append((path, outcome))
            else:
                workers.submit((path, name), data, path.name)
    return done, True


def ingest_files(db: Database, files: Iterable[tuple[Path, str]], workers: Workers) -> Iterator[tuple[Path, Outcome]]:
    """Ingest (file to read, name to log it as) pairs; yields each file with its outcome as it is done.

    Files are drawn from `files` only when a worker is free, so a caller that claims a file
    as it hands it over never holds more files than there are workers."""
    queue = iter(files)
    more = True
    while True:
        while more and workers.free:
            done, more = _prechecked(db, queue, workers)
            yield from done
        if not workers.busy:
            return
        for (path, name), processed in workers.collect():
            try:
                outcome = store_processed(db, name, processed)
            except Exception as exc:
                outcome = _internal_error(db, name, exc)
            yield path, outcome


def ingest_paths(paths: Iterable[str | Path], db_path: str | Path, jobs: int = 1,
                 progress: Progress | None = None, limits: Limits = DEFAULT_LIMITS) -> IngestSummary:
    """Ingest files and folders into the database at `db_path`; `jobs` workers parse in parallel."""
    files = collect_files(paths)
    summary = IngestSummary()
    db = open_db(db_path)
    try:
        with Workers(jobs, limits) as workers:
            for _, outcome in ingest_files(db, ((path, str(path)) for path in files), workers):
                summary.add(outcome)
                if progress:
                    progress(outcome, summary.total, len(files))
    finally:
        db.close()
    return summary
