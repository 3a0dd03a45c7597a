"""The inbox service: files dropped in a folder are stored, then archived or set aside with a reason.

After Paperless-ngx's consumer: the watcher only finds files whose size and modification time
have stopped changing and hands each to the ingest step. A file is claimed by an atomic rename
into processing/ when a worker is free to read it, so a crash leaves it there and the next
start takes it again; a lock in processing/ keeps a second watcher off the same inbox.
Originals are never changed and never overwrite another file: each ends in archive/
(stored, or already stored) or in failed/ beside a NAME.error.txt saying why.
"""

from __future__ import annotations

import fcntl
import filecmp
import fnmatch
import itertools
import logging
import os
import shutil
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from pipeline.errors import VanbanError
from pipeline.ingest import Outcome, ingest_files, is_ignored
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.store import FAILED, PROCESSING, log_event, now, open_db
from pipeline.workers import Workers

log = logging.getLogger(__name__)

# Partial downloads and NAS housekeeping, besides the office lock files that ingest ignores.
INBOX_IGNORED = ("*.part", "*.crdownload", "@eaDir", "#recycle")
ERROR_SUFFIX = ".error.txt"
PARTIAL_SUFFIX = ".partial"  # with its leading dot, no longer than ERROR_SUFFIX
# Bytes in a file name on common filesystems, less room for " (99)" and the error note's suffix.
NAME_BYTES = 255 - len(" (99)") - len(ERROR_SUFFIX)
LOCK_NAME = ".watch.lock"


class InboxBusy(VanbanError):
    """Another watcher already serves this inbox."""


@dataclass(frozen=True)
class Folders:
    """Where files wait, are worked on, and end up. `processing` sits beside the inbox so
    that claiming a file is a rename within one filesystem."""

    inbox: Path
    archive: Path
    failed: Path
    processing: Path

    @classmethod
    def beside(cls, db_path: str | Path, inbox: str | Path | None = None, archive: str | Path | None = None,
               failed: str | Path | None = None) -> Folders:
        """Folders given, the others `inbox/`, `archive/`, `failed/` next to the database."""
        base = Path(db_path).parent
        inbox = Path(inbox) if inbox else base / "inbox"
        return cls(inbox, Path(archive) if archive else base / "archive",
                   Path(failed) if failed else base / "failed", inbox.parent / "processing")

    def create(self) -> None:
        for folder in (self.inbox, self.archive, self.failed, self.processing):
            folder.mkdir(parents=True, exist_ok=True)


def is_skipped(name: str) -> bool:
    """Names the inbox leaves where they are."""
    return is_ignored(Path(name)) or any(fnmatch.fnmatch(name, p) for p in INBOX_IGNORED)


def candidates(folders: Folders, on_link: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Regular files under the inbox (recursively), never through a symbolic link (each link
    met is handed to `on_link`); the service's own folders are passed over when inside the inbox."""
    own = {p.resolve() for p in (folders.archive, folders.failed, folders.processing)}
    for root, dirs, files in os.walk(folders.inbox):
        kept = []
        for name in sorted(dirs):
            path = Path(root, name)
            if path.is_symlink():
                if on_link:
                    on_link(path)
            elif not is_skipped(name) and path.resolve() not in own:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            path = Path(root, name)
            if is_skipped(name):
                continue
            if path.is_symlink():
                if on_link:
                    on_link(path)
            elif path.is_file():
                yield path


class StabilityTracker:
    """A file is ready once its size and modification time have not changed for `settle` seconds
    and it can be opened: a scanner or a Windows share may hold a file locked past its last write."""

    def __init__(self, settle: float, clock: Callable[[], float] = time.monotonic):
        self.settle = settle
        self.clock = clock
        self.seen: dict[Path, tuple[tuple[int, int], float]] = {}

    def observe(self, paths: list[Path]) -> tuple[list[Path], int]:
        """The paths that are ready, and how many others are still settling."""
        at = self.clock()
        ready, waiting, current = [], 0, {}
        for path in paths:
            try:
                st = path.lstat()
            except OSError:
                continue
            signature = (st.st_size, st.st_mtime_ns)
            previous = self.seen.get(path)
            since = previous[1] if previous and previous[0] == signature else at
            current[path] = (signature, since)
            if at - since >= self.settle and _can_open(path):
                ready.append(path)
            else:
                waiting += 1
        self.seen = current
        return ready, waiting

    def forget(self, path: Path) -> None:
        self.seen.pop(path, None)


def _can_open(path: Path) -> bool:
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
    except OSError:
        return False
    return True


@dataclass
class Inbox:
    """One inbox served into one database by a set of workers. `run_pass` takes every file that is ready."""

    folders: Folders
    db: Database
    workers: Workers
    settle: float = 2.0
    tracker: StabilityTracker = field(init=False)
    links: set[Path] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        self.folders.create()
        self.tracker = StabilityTracker(self.settle)

    def skip_link(self, path: Path) -> None:
        """Log a symbolic link once: it is never read nor moved."""
        if path not in self.links:
            self.links.add(path)
            log.warning("skipped %s: it is a symbolic link, which the inbox never follows", path)

    def recover(self) -> Iterator[Outcome]:
        """Files left in processing/ by a stop in mid-work are taken again."""
        claims = sorted(p for p in self.folders.processing.iterdir() if p.is_dir())
        yield from self.serve(path for claim in claims for path in _files(claim))

    def run_pass(self) -> tuple[Iterator[Outcome], int]:
        """The outcomes of the files that are ready (claimed as workers come free), and how
        many others are still settling."""
        ready, waiting = self.tracker.observe(list(candidates(self.folders, self.skip_link)))
        for path in ready:
            self.tracker.forget(path)
        return self.serve(claimed for path in ready if (claimed := self.claim(path)) is not None), waiting

    def claim(self, path: Path) -> Path | None:
        """Move the file into a claim folder of its own, keeping its path under the inbox."""
        relative = path.relative_to(self.folders.inbox)
        target = self.folders.processing / f"{time.time_ns()}-{os.getpid()}" / relative
        target.parent.mkdir(parents=True)
        try:
            os.rename(path, target)
        except FileNotFoundError:  # taken by another watcher, or removed meanwhile
            _remove_empty(target.parent, self.folders.processing)
            return None
        return target

    def serve(self, claimed: Iterable[Path]) -> Iterator[Outcome]:
        """Ingest claimed files, then archive each, or set it aside in failed/ with the reason."""
        for path, outcome in ingest_files(self.db, self._taken(claimed), self.workers):
            try:
                final = self.put_away(path, outcome)
            except OSError as exc:  # a full disk, a share gone: the file waits in processing/
                log.error("%s %s, but it could not be moved out of %s: %s", outcome.status, outcome.path,
                          self.folders.processing, exc)
                final = path
            log.info("%s %s -> %s", outcome.status, outcome.path, final)
            yield outcome

    def _taken(self, claimed: Iterable[Path]) -> Iterator[tuple[Path, str]]:
        """Each file with its name, logged as in progress as it is handed over, so that a file
        stopped in mid-work is accounted for too."""
        for path in claimed:
            name = self.name_of(path)
            log_event(self.db, name, None, PROCESSING)
            yield path, name

    def name_of(self, claimed: Path) -> str:
        """The name a claimed file is logged under: its path in the inbox, in NFC."""
        return unicodedata.normalize("NFC", self.relative(claimed).as_posix())

    def relative(self, claimed: Path) -> Path:
        return Path(*claimed.relative_to(self.folders.processing).parts[1:])

    def put_away(self, claimed: Path, outcome: Outcome) -> Path:
        relative = self.relative(claimed)
        if outcome.status == FAILED:
            final = move_new(claimed, self.folders.failed / relative.parent, relative.name)
            _write_error(final, outcome)
        else:
            final = move_new(claimed, self.folders.archive / relative.parent, f"{outcome.sha256[:12]}-{relative.name}")
        _remove_empty(claimed.parent, self.folders.processing)
        return final


def move_new(source: Path, folder: Path, name: str) -> Path:
    """Move `source` into `folder` as `name`, or `name (2)`, `name (3)`...: never over another file.
    A name too long for the filesystem once prefixed or numbered is shortened, its suffix kept."""
    folder.mkdir(parents=True, exist_ok=True)
    name = fit_name(name)
    stem, suffix = (name[: -len(Path(name).suffix)], Path(name).suffix) if Path(name).suffix else (name, "")
    for n in itertools.count(1):
        target = folder / (name if n == 1 else f"{stem} ({n}){suffix}")
        try:
            os.link(source, target)  # fails if the target exists, unlike rename
        except FileExistsError:
            if os.path.samefile(source, target):  # linked before a stop, not yet unlinked
                break
            continue
        except OSError:  # no hard links here (another filesystem, some network shares)
            if target.exists():
                if filecmp.cmp(source, target, shallow=False):  # copied before a stop, not yet unlinked
                    break
                continue
            _copy_whole(source, target)
        break
    os.unlink(source)
    return target


def _copy_whole(source: Path, target: Path) -> None:
    """Copy into a hidden partial file renamed into place once complete and on disk, so a stop
    in mid-copy never leaves a truncated file under a final name (the next attempt rewrites it)."""
    partial = target.with_name(f".{target.name}{PARTIAL_SUFFIX}")
    with open(partial, "wb") as out, open(source, "rb") as data:
        shutil.copyfileobj(data, out)
        out.flush()
        os.fsync(out.fileno())
    shutil.copystat(source, partial)
    os.rename(partial, target)


def fit_name(name: str, limit: int = NAME_BYTES) -> str:
    """`name` with its stem cut (at a character) to fit in `limit` bytes of UTF-8."""
    if len(name.encode()) <= limit:
        return name
    suffix = Path(name).suffix
    stem = name[: -len(suffix)] if suffix else name
    return stem.encode()[: limit - len(suffix.encode())].decode("utf-8", "ignore") + suffix


def _write_error(failed_file: Path, outcome: Outcome) -> None:
    text = (f"{outcome.reason}\n\nFile: {outcome.path}\nSet aside: {now()}\nSHA-256: {outcome.sha256 or '-'}\n\n"
            f"Technical detail:\n{outcome.detail or '-'}\n")
    failed_file.with_name(failed_file.name + ERROR_SUFFIX).write_text(text, encoding="utf-8")


def _remove_empty(folder: Path, up_to: Path) -> None:
    """Remove `folder` and its empty parents, stopping at `up_to`."""
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(path.iterdir()):
            path.rmdir()
    while folder != up_to and folder.is_relative_to(up_to) and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


Report = Callable[[Outcome], None]


@contextmanager
def inbox_lock(folders: Folders) -> Iterator[None]:
    """Hold the inbox for this process; `InboxBusy` when another watcher holds it. A POSIX
    record lock: released when the process ends, however it ends, and not inherited by workers."""
    folders.processing.mkdir(parents=True, exist_ok=True)
    with open(folders.processing / LOCK_NAME, "a+", encoding="utf-8") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise InboxBusy(f"Another vanban watch (process {holder}) is already serving {folders.inbox}; "
                            "stop it first, or give this one another inbox.") from None
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield


def watch(folders: Folders, db_path: str | Path, once: bool = False, settle: float = 2.0, jobs: int = 1,
          limits: Limits = DEFAULT_LIMITS, force_polling: bool = False, rescan: float = 60.0,
          report: Report | None = None, stop: threading.Event | None = None) -> list[Outcome]:
    """Serve the inbox: recover claimed files, then take files as they settle, `jobs` at a time.
    With `once`, return when the inbox holds nothing ready or settling; otherwise run until
    interrupted: file events wake it, settling files are looked at every `settle` seconds, and
    the whole inbox is rescanned every `rescan` seconds because events can be missed (network
    shares). Setting `stop` ends it as Ctrl-C does. Raises `InboxBusy` if another watcher
    serves the inbox."""
    outcomes: list[Outcome] = []

    def serve(batch: Iterable[Outcome]) -> None:
        for outcome in batch:
            if once:  # a service running for months keeps no history in memory
                outcomes.append(outcome)
            if report:
                report(outcome)

    with inbox_lock(folders), Workers(jobs, limits) as workers:
        db = open_db(db_path)
        try:
            inbox = Inbox(folders, db, workers, settle=settle)
            serve(inbox.recover())
            if once:
                while True:
                    batch, waiting = inbox.run_pass()
                    serve(batch)
                    if not waiting:
                        break
                    time.sleep(min(settle, 1.0))
            else:
                import watchfiles

                waiting, last_scan = 1, 0.0
                for changes in watchfiles.watch(folders.inbox, rust_timeout=max(int(settle * 1000), 50),
                                                yield_on_timeout=True, force_polling=force_polling or None,
                                                stop_event=stop):
                    if changes or waiting or time.monotonic() - last_scan >= rescan:
                        batch, waiting = inbox.run_pass()
                        serve(batch)
                        last_scan = time.monotonic()
        finally:
            db.close()
    return outcomes


@dataclass
class Status:
    waiting: list[str]
    processing: list[str]
    failed: list[tuple[str, str]]  # (file under failed/, first line of its reason)
    recent: list[dict]  # last lines of the ingest log


def status(folders: Folders, db_path: str | Path, last: int = 10) -> Status:
    """What waits in the inbox, what is being worked on, what failed and why, the last ingests."""
    waiting = [p.relative_to(folders.inbox).as_posix() for p in candidates(folders)] if folders.inbox.is_dir() else []
    processing = sorted(p.relative_to(folders.processing).as_posix()
                        for p in _files(folders.processing) if p.parent != folders.processing)
    failed = []
    for path in _failed_originals(folders):
        sidecar = path.with_name(path.name + ERROR_SUFFIX)
        reason = sidecar.read_text(encoding="utf-8").split("\n", 1)[0] if sidecar.exists() else "(no reason kept)"
        failed.append((path.relative_to(folders.failed).as_posix(), reason))
    recent: list[dict] = []
    if Path(db_path).exists():
        db = open_db(db_path)
        try:
            recent = list(db.query("SELECT at, status, path, reason FROM ingest_log ORDER BY id DESC LIMIT ?",
                                   [last]))
        finally:
            db.close()
    return Status(waiting, processing, failed, recent)


def retry(folders: Folders) -> list[Path]:
    """Move every failed file back into the inbox (same subfolder), dropping its error note."""
    moved = []
    for path in _failed_originals(folders):
        relative = path.relative_to(folders.failed)
        moved.append(move_new(path, folders.inbox / relative.parent, relative.name))
        path.with_name(path.name + ERROR_SUFFIX).unlink(missing_ok=True)
    for folder in sorted((p for p in folders.failed.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return moved


def _failed_originals(folders: Folders) -> list[Path]:
    """The files set aside, without their error notes or a copy cut short by a stop."""
    return [p for p in _files(folders.failed)
            if not p.name.endswith(ERROR_SUFFIX) and not (p.name.startswith(".") and p.name.endswith(PARTIAL_SUFFIX))]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) if folder.is_dir() else []
