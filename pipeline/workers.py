"""Worker processes that parse and extract files, one file at a time each, within a time limit.

A file that hangs or crashes its reader costs that file only: a worker over the time limit is
killed, a worker that died is noticed, the file is reported failed with the reason, and a new
worker takes the place. Each worker holds one known file, so no other file is ever blamed.
Workers are forked, so they start with whatever the parent has loaded; they never touch the
database, and they ignore Ctrl-C, which is the parent's to handle. Each leads a process group,
so stopping it also stops the OCR or conversion programs it was waiting on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Hashable
from multiprocessing.connection import Connection, wait

from pipeline.document import sha256_of
from pipeline.limits import Limits
from pipeline.process import Processed, failure, process_bytes

WORKER_CRASHED = "vanban stopped while reading this file; it was set aside for a developer to look at."
PARENT_CHECK_SECONDS = 1.0
TIMED_OUT = ("Reading this file took longer than the limit of {seconds:g} seconds; it was set aside "
             "(a very long or damaged document?).")


def _serve(conn: Connection, limits: Limits, parent: int) -> None:
    """Read the files sent until the parent goes. Forked workers hold copies of the parent's ends
    of the pipes, so a parent killed outright closes no pipe: a worker also checks that its
    parent is still there, and ends with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.setpgid(0, 0)  # the programs it starts (OCR, LibreOffice) are stopped with it
    while True:
        if not conn.poll(PARENT_CHECK_SECONDS):
            if os.getppid() != parent:
                return
            continue
        try:
            data, source = conn.recv()
        except EOFError:  # the parent is gone
            return
        conn.send(process_bytes(data, source, limits))


class _Worker:
    def __init__(self, limits: Limits):
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, limits, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.job: tuple[Hashable, str, bytes] | None = None  # (key, source, data)
        self.deadline = 0.0

    def stop(self) -> None:
        """Stop the worker and every program it started."""
        self.conn.close()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:  # not yet a group of its own
            self.process.kill()
        self.process.join()


class Workers:
    """`count` workers; `submit` hands a file to a free one, `collect` returns what is done."""

    def __init__(self, count: int, limits: Limits):
        self.limits = limits
        self.pool = [_Worker(limits) for _ in range(max(count, 1))]

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for worker in self.pool:
            worker.stop()

    @property
    def free(self) -> int:
        return sum(worker.job is None for worker in self.pool)

    @property
    def busy(self) -> int:
        return len(self.pool) - self.free

    def submit(self, key: Hashable, data: bytes, source: str) -> None:
        worker = next(w for w in self.pool if w.job is None)
        worker.job = (key, source, data)
        worker.deadline = time.monotonic() + self.limits.max_seconds
        worker.conn.send((data, source))

    def collect(self) -> list[tuple[Hashable, Processed]]:
        """Wait until at least one file is done (or over its time); each with what it became."""
        busy = [w for w in self.pool if w.job is not None]
        if not busy:
            return []
        ready = wait([w.conn for w in busy], timeout=max(0.0, min(w.deadline for w in busy) - time.monotonic()))
        done = []
        for worker in busy:
            key, source, data = worker.job
            if worker.conn in ready:
                try:
                    processed = worker.conn.recv()
                except (EOFError, OSError) as exc:
                    processed = failure(source, sha256_of(data), WORKER_CRASHED,
                                        f"worker exit code {worker.process.exitcode}: {exc!r}")
                    self._replace(worker)
            elif time.monotonic() >= worker.deadline:
                processed = failure(source, sha256_of(data), TIMED_OUT.format(seconds=self.limits.max_seconds))
                self._replace(worker)
            else:
                continue
            worker.job = None
            done.append((key, processed))
        return done

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        self.pool[self.pool.index(worker)] = _Worker(self.limits)
