"""Readers are never locked out while the watcher writes: Datasette and plain SQLite
connections read the database during a batch without a "database is locked" error."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

from datasette.app import Datasette

from conftest import TXT_SAMPLE
from pipeline.inbox import Folders, watch
from pipeline.store import open_db

FILES = 40


def read_with_sqlite(db_path: Path, done: threading.Event, counts: list[int], errors: list[str]) -> None:
    db = sqlite3.connect(db_path, timeout=0.5)
    try:
        while not done.is_set():
            try:
                counts.append(db.execute("SELECT count(*) FROM documents").fetchone()[0])
                db.execute("SELECT count(*) FROM task_overview").fetchone()
            except sqlite3.Error as exc:
                errors.append(repr(exc))
    finally:
        db.close()


def read_with_datasette(db_path: Path, done: threading.Event, counts: list[int], errors: list[str]) -> None:
    async def loop() -> None:
        datasette = Datasette([str(db_path)])
        while not done.is_set():
            response = await datasette.client.get("/vanban/documents.json?_shape=array&_size=max")
            if response.status_code != 200:
                errors.append(response.text)
            else:
                counts.append(len(response.json()))

    asyncio.run(loop())


def test_datasette_and_sqlite_readers_are_not_locked_out_while_the_watcher_writes(tmp_path):
    db_path = tmp_path / "vanban.db"
    open_db(db_path).close()
    folders = Folders.beside(db_path)
    folders.inbox.mkdir()
    for n in range(FILES):
        (folders.inbox / f"kh-{n}.txt").write_text(TXT_SAMPLE.replace("12/KH-UBND", f"{n + 100}/KH-UBND"),
                                                   encoding="utf-8")
    done = threading.Event()
    sqlite_counts, datasette_counts, errors = [], [], []
    readers = [threading.Thread(target=read_with_sqlite, args=(db_path, done, sqlite_counts, errors)),
               threading.Thread(target=read_with_datasette, args=(db_path, done, datasette_counts, errors))]
    for reader in readers:
        reader.start()
    try:
        outcomes = watch(folders, db_path, once=True, settle=0)
    finally:
        done.set()
        for reader in readers:
            reader.join(timeout=30)
    assert not errors
    assert [o.status for o in outcomes] == ["ingested"] * FILES
    for counts in (sqlite_counts, datasette_counts):
        assert counts == sorted(counts), "a reader sees the documents arrive, never go"
        assert len(set(counts)) > 1, "reads happened while the batch was being written"
