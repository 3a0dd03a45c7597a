"""The SQLite store: one database that Datasette publishes as it is.

The schema is built and changed only through `MIGRATIONS` (recorded in `_sqlite_migrations`,
applied once each). `save` writes a processed file (its document, blocks, tasks, units and
references) in one transaction; a file whose SHA-256 is already stored changes nothing but
the ingest log. The store reads the document model and the record; it never parses or extracts.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from datetime import date, datetime, timezone
from pathlib import Path

from sqlite_utils import Database, Migrations

from extract.record import Metadata, Record, Span, Task, UnitRef
from pipeline.board import (DOCUMENT_FACETS, cluster_pairs, copy_document_facets, count_board, count_pairs,
                            create_board, create_deadline_status, create_pairs)
from pipeline.document import Block, Document
from pipeline.process import Processed
from pipeline.text import normalize, strip_diacritics

INGESTED, DUPLICATE, FAILED, PROCESSING = "ingested", "duplicate", "failed", "processing"

MIGRATIONS = Migrations("vanban")


@MIGRATIONS(name="001_initial")
def _initial(db: Database) -> None:
    db["documents"].create({
        "id": int, "sha256": str, "source": str, "path": str, "folder": str, "format": str,
        "pages": int, "doc_type": str, "number": str, "symbol": str, "issuer": str,
        "parent_issuer": str, "place": str, "issued_date": str, "year": int, "title": str,
        "signer": str, "signer_title": str, "recipients": str, "ocr": int, "warnings": str,
        "text": str, "ingested_at": str,
    }, pk="id", not_null={"sha256", "source", "format", "ingested_at"})
    db["documents"].create_index(["sha256"], unique=True)
    for column in ("doc_type", "number", "issuer", "issued_date", "year", "folder"):
        db["documents"].create_index([column])

    db["blocks"].create({
        "id": int, "document_id": int, "seq": int, "kind": str, "page": int,
        "char_start": int, "char_end": int, "text": str,
    }, pk="id", foreign_keys=[("document_id", "documents", "id")], not_null={"document_id", "seq"})
    db["blocks"].create_index(["document_id", "seq"], unique=True)

    db["tasks"].create({
        "id": int, "document_id": int, "seq": int, "text": str, "deadline_text": str,
        "deadline_start": str, "deadline_end": str, "recurrence": str, "page": int,
        "char_start": int, "char_end": int, "passage": str, "section": str, "rule": str,
    }, pk="id", foreign_keys=[("document_id", "documents", "id")], not_null={"document_id", "seq", "text"})
    db["tasks"].create_index(["document_id", "seq"], unique=True)
    for column in ("deadline_end", "recurrence"):
        db["tasks"].create_index([column])

    db["units"].create({"id": int, "name": str, "canonical": str, "kind": str},
                       pk="id", not_null={"name"})
    db["units"].create_index(["name"], unique=True)
    db["units"].create_index(["canonical"])

    db["task_units"].create({"task_id": int, "unit_id": int, "role": str},
                            pk=("task_id", "unit_id", "role"),
                            foreign_keys=[("task_id", "tasks", "id"), ("unit_id", "units", "id")])
    db["task_units"].create_index(["unit_id", "role"])

    db["references"].create({
        "id": int, "document_id": int, "seq": int, "text": str, "doc_type": str, "number": str,
        "issued_date": str, "cited_document_id": int, "page": int, "char_start": int, "char_end": int,
    }, pk="id", foreign_keys=[("document_id", "documents", "id"), ("cited_document_id", "documents", "id")],
        not_null={"document_id", "seq"})
    for column in ("document_id", "number", "cited_document_id"):
        db["references"].create_index([column])

    db["ingest_log"].create({
        "id": int, "path": str, "sha256": str, "status": str, "reason": str, "detail": str,
        "document_id": int, "at": str,
    }, pk="id", foreign_keys=[("document_id", "documents", "id")], not_null={"status", "at"})
    for column in ("sha256", "status", "document_id"):
        db["ingest_log"].create_index([column])


@MIGRATIONS(name="002_search_and_views")
def _search_and_views(db: Database) -> None:
    """Full-text search for the Datasette search box, and one row per task with its units."""
    db["documents"].enable_fts(["title", "issuer", "number", "text"], create_triggers=True)
    db["tasks"].enable_fts(["text", "deadline_text", "passage"], create_triggers=True)
    db.create_view("task_overview", """
        SELECT t.id AS task_id, d.id AS document_id, d.number, d.doc_type, d.issuer,
               d.issued_date, d.title AS document_title, t.seq, t.text,
               (SELECT group_concat(u.name, '; ') FROM task_units tu JOIN units u ON u.id = tu.unit_id
                 WHERE tu.task_id = t.id AND tu.role = 'lead') AS lead,
               (SELECT group_concat(u.name, '; ') FROM task_units tu JOIN units u ON u.id = tu.unit_id
                 WHERE tu.task_id = t.id AND tu.role = 'support') AS support,
               t.deadline_text, t.deadline_start, t.deadline_end, t.recurrence, t.page
        FROM tasks t JOIN documents d ON d.id = t.document_id
        ORDER BY d.id, t.seq""")


FOLDED = (("documents", "title", "title_folded"), ("tasks", "text", "text_folded"))


def fold_for_search(text: str | None) -> str | None:
    """The text without marks, "đ" as "d", lower case: what a search typed without diacritics matches."""
    return strip_diacritics(normalize(text)).lower() if text else None


def _fill_folded(db: Database) -> None:
    """Compute the folded search columns of rows stored before them (SQLite cannot strip diacritics)."""
    for table, source, target in FOLDED:
        rows = db.execute(f"SELECT id, {source} FROM {table}").fetchall()
        db.conn.executemany(f"UPDATE {table} SET {target} = ? WHERE id = ?",
                       [(fold_for_search(text), row_id) for row_id, text in rows])


@MIGRATIONS(name="003_folded_search_and_boards")
def _folded_search_and_boards(db: Database) -> None:
    """Search without diacritics, and the views researchers browse: task board, units, documents."""
    for table, _, target in FOLDED:
        db[table].add_column(target, str)
    _fill_folded(db)
    for table, columns in (("documents", ["title", "title_folded", "issuer", "number", "text"]),
                           ("tasks", ["text", "text_folded", "deadline_text", "passage"])):
        db[table].disable_fts()
        db[table].enable_fts(columns, create_triggers=True)
    db.create_view("task_board", """
        SELECT t.id AS task_id, d.id AS document_id, d.number, d.title AS document_title, d.doc_type,
               d.issuer, d.year, t.seq, t.text,
               (SELECT group_concat(name, '; ') FROM (SELECT u.name FROM task_units tu
                  JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'lead'
                  ORDER BY u.name)) AS lead_units,
               (SELECT group_concat(name, '; ') FROM (SELECT u.name FROM task_units tu
                  JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'support'
                  ORDER BY u.name)) AS support_units,
               t.deadline_text, t.deadline_start, t.deadline_end, t.recurrence,
               CASE WHEN t.deadline_end IS NOT NULL THEN
                      CASE WHEN t.deadline_end < date('now') THEN 'overdue'
                           WHEN t.deadline_end <= date('now', '+30 days') THEN 'due within 30 days'
                           ELSE 'later' END
                    WHEN t.recurrence IS NOT NULL THEN 'continuous'
                    ELSE 'no deadline' END AS status,
               t.page, t.passage
        FROM tasks t JOIN documents d ON d.id = t.document_id""")
    db.create_view("tasks_per_unit", """
        SELECT u.id AS unit_id, u.name AS unit, u.kind,
               count(DISTINCT tu.task_id) AS tasks,
               count(DISTINCT CASE WHEN tu.role = 'lead' THEN tu.task_id END) AS lead_tasks,
               count(DISTINCT CASE WHEN b.status = 'overdue' THEN tu.task_id END) AS overdue
        FROM units u JOIN task_units tu ON tu.unit_id = u.id JOIN task_board b ON b.task_id = tu.task_id
        GROUP BY u.id""")
    db.create_view("documents_overview", """
        SELECT d.id AS document_id, d.number, d.doc_type, d.issuer, d.issued_date, d.year, d.title,
               (SELECT count(*) FROM tasks t WHERE t.document_id = d.id) AS tasks,
               (SELECT count(*) FROM task_board b WHERE b.document_id = d.id AND b.status = 'overdue')
                 AS overdue_tasks,
               (SELECT count(*) FROM [references] r WHERE r.document_id = d.id) AS citations,
               (SELECT count(*) FROM [references] r WHERE r.cited_document_id = d.id) AS cited_by,
               d.source
        FROM documents d""")


@MIGRATIONS(name="004_indexes_for_large_databases")
def _indexes_for_large_databases(db: Database) -> None:
    """What a database of a million tasks needs to answer at once: the newest documents by an index,
    citations by a folded number compared in SQLite rather than folded row by row, and tasks per
    unit counted from an index on the links and the tasks alone."""
    db["documents"].create_index(["ingested_at"])
    db["task_units"].create_index(["unit_id", "role", "task_id"])
    db["references"].add_column("number_folded", str)
    rows = db.execute("SELECT id, number FROM [references] WHERE number IS NOT NULL").fetchall()
    db.conn.executemany("UPDATE [references] SET number_folded = ? WHERE id = ?",
                        [(fold_for_search(number), row_id) for row_id, number in rows])
    db.execute("DROP VIEW tasks_per_unit")
    db.create_view("tasks_per_unit", """
        SELECT u.id AS unit_id, u.name AS unit, u.kind,
               count(DISTINCT tu.task_id) AS tasks,
               count(DISTINCT CASE WHEN tu.role = 'lead' THEN tu.task_id END) AS lead_tasks,
               count(DISTINCT CASE WHEN t.deadline_end < date('now') THEN tu.task_id END) AS overdue
        FROM units u JOIN task_units tu ON tu.unit_id = u.id JOIN tasks t ON t.id = tu.task_id
        GROUP BY u.id""")



@MIGRATIONS(name="005_block_text_source")
def _block_text_source(db: Database) -> None:
    """Where each block's text came from (the file's text layer, or OCR with the engine's mean
    confidence), so a reader knows how far to trust a passage. Blocks stored before are text."""
    db["blocks"].add_column("source", str)
    db["blocks"].add_column("confidence", float)
    db.execute("UPDATE blocks SET source = 'text'")


@MIGRATIONS(name="006_unit_summaries")
def _unit_summaries(db: Database) -> None:
    """Tasks per unit from a summary kept up to date as documents are stored: for each unit and month
    of deadline, how many distinct tasks and lead tasks. Overdue tasks are then the months before this one
    plus this month's tasks due before today, so the view reads thousands of rows, not every link."""
    db["unit_task_months"].create({"unit_id": int, "month": str, "tasks": int, "lead_tasks": int},
                                  pk=("unit_id", "month"), foreign_keys=[("unit_id", "units", "id")])
    rebuild_unit_summary(db)
    db.execute("DROP VIEW tasks_per_unit")
    db.create_view("tasks_per_unit", """
        SELECT u.id AS unit_id, u.name AS unit, u.kind, s.tasks, s.lead_tasks,
               s.overdue + coalesce(m.overdue, 0) AS overdue
        FROM units u JOIN (
            SELECT unit_id, sum(tasks) AS tasks, sum(lead_tasks) AS lead_tasks,
                   coalesce(sum(CASE WHEN month != '' AND month < strftime('%Y-%m', 'now') THEN tasks END), 0)
                     AS overdue
            FROM unit_task_months GROUP BY unit_id) s ON s.unit_id = u.id
        LEFT JOIN (
            SELECT tu.unit_id, count(DISTINCT tu.task_id) AS overdue
            FROM tasks t CROSS JOIN task_units tu ON tu.task_id = t.id
            WHERE t.deadline_end >= strftime('%Y-%m', 'now') AND t.deadline_end < date('now')
            GROUP BY tu.unit_id) m ON m.unit_id = u.id""")


@MIGRATIONS(name="007_task_search_without_passage")
def _task_search_without_passage(db: Database) -> None:
    """Tasks are searched by their own text (with and without diacritics) and deadline. The passage
    is the whole source block, a whole table for the tasks read from one, and its words are already
    in the document's index: indexing it again per task made each table's text count once per row."""
    db["tasks"].disable_fts()
    db["tasks"].enable_fts(["text", "text_folded", "deadline_text"], create_triggers=True)


@MIGRATIONS(name="008_task_board_counts")
def _task_board_counts(db: Database) -> None:
    """The task board soonest deadline first, and the counts of its facets kept as tasks are stored
    (pipeline/board.py), so that its page does not group a million tasks five times."""
    create_board(db)


@MIGRATIONS(name="009_task_deadline_status")
def _task_deadline_status(db: Database) -> None:
    """Tasks per deadline day with their status as of today, read by the status facet and the
    dashboards instead of the status of a million tasks (pipeline/board.py)."""
    create_deadline_status(db)


@MIGRATIONS(name="010_counts_per_document")
def _counts_per_document(db: Database) -> None:
    """The task search index, the unit summary and the board counts are added to once per stored
    document by `save` (`index_document`), in set statements, rather than by a trigger per task and
    per link: the same rows, in half the time a plan of hundreds of tasks took to store."""
    for trigger in ("tasks_ai", "task_units_summary", "task_board_counts_task", "task_board_counts_lead"):
        db.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")


@MIGRATIONS(name="011_board_pairs")
def _board_pairs(db: Database) -> None:
    """The board filtered by one status, document type, issuer or year, counted with its facets from
    `task_board_pairs` (pipeline/board.py) rather than by grouping the tasks it holds."""
    create_pairs(db)


@MIGRATIONS(name="012_task_document_facets")
def _task_document_facets(db: Database) -> None:
    """The document's type, issuer and year copied onto its tasks, each indexed in deadline order, so
    that the board filtered by one of them shows its first page at once (pipeline/board.py)."""
    copy_document_facets(db)


@MIGRATIONS(name="013_board_pairs_in_key_order")
def _board_pairs_in_key_order(db: Database) -> None:
    """`task_board_pairs` stored in the order of its key, the counts beside it (pipeline/board.py)."""
    cluster_pairs(db)


@MIGRATIONS(name="014_no_index_twice")
def _no_index_twice(db: Database) -> None:
    """The links' index on (unit, role) is the start of the one on (unit, role, task), which answers
    whatever it did: keeping both only made every stored link write one more index entry."""
    db.execute("DROP INDEX IF EXISTS idx_task_units_unit_id_role")


@MIGRATIONS(name="015_signatures")
def _signatures(db: Database) -> None:
    """The digital signatures a file carries: who signed, as the signature says, and when (the issuing
    body's signature gives the day of issue when the page does not)."""
    db["signatures"].create({
        "id": int, "document_id": int, "seq": int, "signer": str, "signed_at": str, "page": int,
    }, pk="id", foreign_keys=[("document_id", "documents", "id")], not_null={"document_id", "seq", "signed_at"})
    db["signatures"].create_index(["document_id", "seq"], unique=True)


def count_unit_months(db: Database, document_id: int | None = None) -> None:
    """Add the links of one document's tasks (or, with none given, of all) to `unit_task_months`.
    A task linked to the same unit twice (lead and support) counts once."""
    only = "AND t.document_id = :document_id" if document_id is not None else ""
    db.execute(f"""
        INSERT INTO unit_task_months (unit_id, month, tasks, lead_tasks)
        SELECT tu.unit_id, coalesce(substr(t.deadline_end, 1, 7), ''), count(DISTINCT tu.task_id),
               count(DISTINCT CASE WHEN tu.role = 'lead' THEN tu.task_id END)
        FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE true {only} GROUP BY 1, 2
        ON CONFLICT (unit_id, month) DO UPDATE SET tasks = tasks + excluded.tasks,
                                                   lead_tasks = lead_tasks + excluded.lead_tasks""",
               {"document_id": document_id})


def rebuild_unit_summary(db: Database) -> None:
    """Count `unit_task_months` again from the links: after a bulk load."""
    db.execute("DELETE FROM unit_task_months")
    count_unit_months(db)


def index_document(db: Database, document_id: int) -> None:
    """What is kept of a newly stored document's tasks besides their rows: the task search index,
    the unit summary and the board counts (see migrations 010 and 011)."""
    db.execute("INSERT INTO tasks_fts (rowid, text, text_folded, deadline_text) "
               "SELECT id, text, text_folded, deadline_text FROM tasks WHERE document_id = ?", [document_id])
    count_unit_months(db, document_id)
    count_board(db, document_id)
    count_pairs(db, document_id)


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) the database at `path`, in WAL mode, schema up to date.

    In WAL mode `synchronous = NORMAL` syncs at checkpoints rather than at every commit: a power
    cut may lose the last commits but never corrupts the database, and a file whose commit was
    lost is simply read again. Without it each log line of a re-scan waits for the disk."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    MIGRATIONS.apply(db)
    return db


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def find_document(db: Database, sha256: str) -> int | None:
    """The id of the document stored with these bytes, if any."""
    row = db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row else None


def log_event(db: Database, path: str | None, sha256: str | None, status: str, reason: str | None = None,
              detail: str | None = None, document_id: int | None = None) -> int:
    """Append one line to the ingest log; returns its id. A plain statement, since a re-scan
    writes one line per file: within a transaction it is part of it, else it is committed at once."""
    values = (path, sha256, status, reason, detail, document_id, now())
    if db.conn.in_transaction:
        return db.conn.execute(_INSERT_LOG, values).lastrowid
    with db.atomic():
        return db.conn.execute(_INSERT_LOG, values).lastrowid


_INSERT_LOG = ("INSERT INTO ingest_log (path, sha256, status, reason, detail, document_id, at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)")


def save(db: Database, processed: Processed, path: str | Path | None = None) -> int:
    """Store a processed file and everything read from it in one transaction; returns the document id.

    Bytes already stored change nothing but a `duplicate` line in the log. A file that failed
    (no document) is refused with `ValueError`: log it with `log_event(..., FAILED, ...)`.
    """
    if processed.document is None:
        raise ValueError(f"{processed.source} has no document to store: {processed.error}")
    path = str(path) if path is not None else None
    with db.atomic():
        existing = find_document(db, processed.sha256)
        if existing is not None:
            log_event(db, path, processed.sha256, DUPLICATE, document_id=existing)
            return existing
        document_id = _insert_document(db, processed.document, processed.record, path)
        _insert_blocks(db, document_id, processed.document)
        _insert_tasks(db, document_id, processed.record.tasks, processed.document)
        index_document(db, document_id)
        _insert_references(db, document_id, processed.record)
        _link_citations_to(db, document_id)
        if processed.document.signatures:
            db["signatures"].insert_all(
                {"document_id": document_id, "seq": seq, "signer": signature.signer,
                 "signed_at": signature.signed_at.isoformat(), "page": signature.page}
                for seq, signature in enumerate(processed.document.signatures, 1))
        log_event(db, path, processed.sha256, INGESTED, document_id=document_id)
    return document_id


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _warnings(document: Document, meta: Metadata | None) -> list[str]:
    return [*document.warnings, *(meta.warnings if meta else [])]


def _insert_document(db: Database, document: Document, record: Record, path: str | None) -> int:
    meta = record.document
    values = {
        "sha256": document.sha256, "source": document.source, "path": path,
        "folder": str(Path(path).parent) if path and Path(path).parent.name else None, "format": document.format,
        "pages": document.pages, "ocr": int(document.ocr),
        "warnings": json.dumps(warnings, ensure_ascii=False) if (warnings := _warnings(document, meta)) else None,
        "text": document.text, "ingested_at": now(),
    }
    if meta is not None:
        values.update({
            "doc_type": meta.doc_type, "number": meta.number, "symbol": meta.symbol, "issuer": meta.issuer,
            "parent_issuer": meta.parent_issuer, "place": meta.place, "issued_date": _iso(meta.issued_date),
            "year": meta.year or (meta.issued_date.year if meta.issued_date else None), "title": meta.title,
            "signer": meta.signer, "signer_title": meta.signer_title,
            "recipients": json.dumps(meta.recipients, ensure_ascii=False) if meta.recipients else None,
        })
    values["title_folded"] = fold_for_search(values.get("title"))
    return db["documents"].insert(values).last_pk


def _insert_blocks(db: Database, document_id: int, document: Document) -> None:
    db.conn.executemany(
        "INSERT INTO blocks (document_id, seq, kind, page, char_start, char_end, text, source, confidence) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(document_id, seq, block.kind, block.page, block.start, block.end, block.text, block.source,
          block.confidence) for seq, block in enumerate(document.blocks, 1)])


def _passage(document: Document, starts: list[int], span: Span | None) -> tuple[int | None, str | None]:
    """The page and the text of the block a span starts in (`starts`: the blocks' start offsets,
    which only grow, since blocks follow one another in the text); in a table, of the row it starts in,
    its cells joined by " | ": a task read from one row points at that row, not at the whole table."""
    if span is None:
        return None, None
    at = bisect_right(starts, span.start) - 1
    if at >= 0:
        block = document.blocks[at]
        if span.start < max(block.end, block.start + 1):
            return span.page if span.page is not None else block.page, _row_text(block, span.start) or block.text
    return span.page, None


def _row_text(block: Block, offset: int) -> str | None:
    """The cells of the table row holding `offset` (a merged cell once), or None outside a table's rows."""
    for row in block.rows or ():
        if any(cell.start <= offset < max(cell.end, cell.start + 1) for cell in row):
            cells = {cell.origin: cell.text for cell in row if cell.text}
            return " | ".join(cells.values()) or None
    return None


_TASK_COLUMNS = ("document_id", "seq", "text", "text_folded", "deadline_text", "deadline_start", "deadline_end",
                 "recurrence", "page", "char_start", "char_end", "passage", "section", "rule")


def _document_facets(db: Database, document_id: int) -> dict:
    """The document's type, issuer and year, which each of its tasks carries (see migration 012)."""
    row = db.conn.execute(f"SELECT {', '.join(DOCUMENT_FACETS)} FROM documents WHERE id = ?", (document_id,)).fetchone()
    return dict(zip(DOCUMENT_FACETS, row))


def _insert_tasks(db: Database, document_id: int, tasks: list[Task], document: Document) -> None:
    """Tasks, each with its document's facets, then all their unit links, each in one statement. The
    ids are the ones SQLite would give them one by one (the largest so far, plus one): this transaction
    is the only writer."""
    facets = _document_facets(db, document_id)
    columns = ("id", *_TASK_COLUMNS, *facets)
    last_id = db.conn.execute("SELECT coalesce(max(id), 0) FROM tasks").fetchone()[0]
    starts = [block.start for block in document.blocks]
    seen: dict[str, tuple[int, str | None, str | None]] = {}
    rows: list[tuple] = []
    links: list[tuple[int, int, str]] = []
    for seq, task in enumerate(tasks, 1):
        page, passage = _passage(document, starts, task.span)
        deadline, span = task.deadline, task.span
        task_id = last_id + seq
        rows.append((
            task_id, document_id, seq, task.text, fold_for_search(task.text),
            deadline.text if deadline else None,
            _iso(deadline.start) if deadline else None, _iso(deadline.end) if deadline else None,
            deadline.recurrence if deadline else None,
            page, span.start if span else None, span.end if span else None, passage,
            task.section, span.rule or None if span else None, *facets.values(),
        ))
        own = {(_unit_id(db, unit, seen), role) for role, units in (("lead", task.lead), ("support", task.support))
               for unit in units if unit.name}
        links += [(task_id, unit_id, role) for unit_id, role in sorted(own)]
    db.conn.executemany(f"INSERT INTO tasks ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows)
    db.conn.executemany("INSERT OR IGNORE INTO task_units (task_id, unit_id, role) VALUES (?, ?, ?)", links)


def _unit_id(db: Database, unit: UnitRef, seen: dict[str, tuple[int, str | None, str | None]]) -> int:
    """The unit's row, created at first sight; a later, better canonical form fills a blank one.
    `seen` keeps the rows already read for this file: a plan names the same units in task after task."""
    row = seen.get(unit.name) or db.conn.execute("SELECT id, canonical, kind FROM units WHERE name = ?",
                                                 [unit.name]).fetchone()
    if row is None:
        unit_id = db.conn.execute("INSERT INTO units (name, canonical, kind) VALUES (?, ?, ?)",
                                  (unit.name, unit.canonical, unit.kind)).lastrowid
        seen[unit.name] = (unit_id, unit.canonical, unit.kind)
        return unit_id
    unit_id, canonical, kind = row
    if (canonical is None and unit.canonical) or (kind is None and unit.kind):
        canonical, kind = canonical or unit.canonical, kind or unit.kind
        db.conn.execute("UPDATE units SET canonical = ?, kind = ? WHERE id = ?", (canonical, kind, unit_id))
    seen[unit.name] = (unit_id, canonical, kind)
    return unit_id


def _insert_references(db: Database, document_id: int, record: Record) -> None:
    rows = []
    for seq, ref in enumerate(record.references, 1):
        cited = None
        if ref.number:
            hit = db.execute("SELECT id FROM documents WHERE number = ? AND id != ? ORDER BY id LIMIT 1",
                             [ref.number, document_id]).fetchone()
            cited = hit[0] if hit else None
        rows.append({
            "document_id": document_id, "seq": seq, "text": ref.text, "doc_type": ref.doc_type,
            "number": ref.number, "number_folded": fold_for_search(ref.number),
            "issued_date": _iso(ref.issued_date), "cited_document_id": cited,
            "page": ref.span.page if ref.span else None,
            "char_start": ref.span.start if ref.span else None, "char_end": ref.span.end if ref.span else None,
        })
    db["references"].insert_all(rows)


def _link_citations_to(db: Database, document_id: int) -> None:
    """Earlier documents that cite this one's number now point to it."""
    db.execute("""UPDATE [references] SET cited_document_id = :id
                  WHERE cited_document_id IS NULL AND document_id != :id
                    AND number = (SELECT number FROM documents WHERE id = :id)""", {"id": document_id})
