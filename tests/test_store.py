"""The store: idempotent by content, one transaction per document, foreign keys enforced,
schema through recorded migrations."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import TXT_SAMPLE, database_as_of, processed_with_tasks, save_as_then
from pipeline import store
from pipeline.board import rebuild_board_counts
from pipeline.ingest import ingest_paths
from pipeline.process import process_bytes
from pipeline.store import MIGRATIONS, index_document, open_db, rebuild_unit_summary, save

DATA_TABLES = ("documents", "blocks", "tasks", "units", "task_units", "references", "signatures")


def counts(db) -> dict[str, int]:
    return {name: db[name].count for name in DATA_TABLES}


def test_save_stores_document_tasks_units_and_provenance(db):
    document_id = save(db, processed_with_tasks(), "inbox/kh12-ubnd.txt")
    document = db["documents"].get(document_id)
    assert (document["number"], document["issued_date"], document["year"]) == ("12/KH-UBND", "2026-03-05", 2026)
    assert document["folder"] == "inbox" and document["format"] == "txt"
    first, second = db["task_overview"].rows
    assert first["lead"] == "Sở Nông nghiệp và Môi trường" and first["support"] == "Sở Tài chính"
    assert (first["deadline_start"], first["deadline_end"]) == ("2026-04-01", "2026-06-30")
    assert second["recurrence"] == "continuous" and second["deadline_end"] is None
    task = db["tasks"].get(first["task_id"])
    assert task["passage"].startswith("1. Giao Sở Nông nghiệp") and task["rule"] == "giao-chu-tri"
    assert document["text"][task["char_start"]:task["char_end"]] in task["passage"]
    assert db["units"].get(2)["canonical"] == "Sở Tài chính"
    assert db["blocks"].count == len(processed_with_tasks().document.blocks)


def test_same_bytes_twice_change_nothing_but_the_log(db):
    first = save(db, processed_with_tasks(), "a/kh12.txt")
    before = counts(db)
    assert save(db, processed_with_tasks(), "b/copy-of-kh12.txt") == first
    assert counts(db) == before
    assert [row["status"] for row in db["ingest_log"].rows] == ["ingested", "duplicate"]


def test_ingesting_a_folder_twice_changes_nothing(db_path, corpus_files):
    first = ingest_paths(corpus_files, db_path)
    assert first.ingested == len(corpus_files) and not first.failed
    db = open_db(db_path)
    before = counts(db)
    second = ingest_paths(corpus_files, db_path)
    assert (second.ingested, second.duplicates) == (0, len(corpus_files))
    assert counts(db) == before


def test_counts_kept_as_documents_are_stored_equal_counts_made_afresh(db_path, corpus_files):
    ingest_paths(corpus_files, db_path)
    db = open_db(db_path)
    derived = ("task_board_counts", "task_deadline_counts", "task_board_pairs", "unit_task_months")
    kept = {table: sorted(db.execute(f"SELECT * FROM {table}").fetchall()) for table in derived}
    rebuild_board_counts(db)
    rebuild_unit_summary(db)
    assert kept == {table: sorted(db.execute(f"SELECT * FROM {table}").fetchall()) for table in derived}
    assert all(kept.values())
    assert not db.execute("SELECT count(*) FROM tasks t JOIN documents d ON d.id = t.document_id "
                          "WHERE (t.doc_type, t.issuer, t.year) IS NOT (d.doc_type, d.issuer, d.year)").fetchone()[0]
    indexed = [row[0] for row in db.execute("SELECT rowid FROM tasks_fts ORDER BY rowid")]
    assert indexed == [row[0] for row in db.execute("SELECT id FROM tasks ORDER BY id")]
    task_id, text = db.execute("SELECT id, text FROM tasks ORDER BY length(text) DESC LIMIT 1").fetchone()
    assert task_id in [row["id"] for row in db["tasks"].search(" ".join([w for w in text.split() if w.isalpha()][:4]))]


def test_a_failure_while_saving_leaves_no_trace(db, monkeypatch):
    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_insert_references", broken)
    with pytest.raises(RuntimeError):
        save(db, processed_with_tasks(), "kh12.txt")
    assert counts(db) == dict.fromkeys(DATA_TABLES, 0)
    assert db["ingest_log"].count == 0


def test_failed_file_is_refused(db):
    failed = process_bytes(b"\x00\x01\x02\x03", "rac.bin")
    with pytest.raises(ValueError):
        save(db, failed)


def test_foreign_keys_are_enforced(db):
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        db["tasks"].insert({"document_id": 999, "seq": 1, "text": "mồ côi"})
    assert {fk.other_table for fk in db["task_units"].foreign_keys} == {"tasks", "units"}


def test_units_are_shared_across_documents(db):
    save(db, processed_with_tasks())
    other = TXT_SAMPLE.replace("12/KH-UBND", "13/KH-UBND")
    save(db, processed_with_tasks(other, number="13/KH-UBND"))
    assert db["units"].count == 3
    assert db["task_units"].count == 6


def test_references_link_to_cited_documents_in_either_order(db):
    citing = save(db, processed_with_tasks(TXT_SAMPLE + "\nBổ sung.", number="20/KH-UBND", cites="12/KH-UBND"))
    cited = save(db, processed_with_tasks())
    [reference] = db["references"].rows_where("document_id = ?", [citing])
    assert reference["cited_document_id"] == cited
    third = save(db, processed_with_tasks(TXT_SAMPLE + "\nLần ba.", number="21/KH-UBND", cites="12/KH-UBND"))
    [reference] = db["references"].rows_where("document_id = ?", [third])
    assert reference["cited_document_id"] == cited


def test_migrations_are_recorded_and_applied_once(db_path):
    open_db(db_path).close()
    db = open_db(db_path)
    names = [row["name"] for row in db["_sqlite_migrations"].rows]
    assert names == [m.name for m in MIGRATIONS._migrations] == ["001_initial", "002_search_and_views",
                                                                  "003_folded_search_and_boards",
                                                                  "004_indexes_for_large_databases",
                                                                  "005_block_text_source",
                                                                  "006_unit_summaries",
                                                                  "007_task_search_without_passage",
                                                                  "008_task_board_counts",
                                                                  "009_task_deadline_status",
                                                                  "010_counts_per_document",
                                                                  "011_board_pairs",
                                                                  "012_task_document_facets",
                                                                  "013_board_pairs_in_key_order",
                                                                  "014_no_index_twice",
                                                                  "015_signatures"]
    assert not MIGRATIONS.pending(db)
    assert db.journal_mode == "wal"


def test_citations_stored_before_the_folded_number_are_found_after_upgrade(tmp_path):
    db = database_as_of(tmp_path / "vanban.db", 3)
    document_id = db["documents"].insert({"sha256": "x", "source": "a.txt", "format": "txt",
                                          "ingested_at": "2026-01-01"}).last_pk
    db["references"].insert({"document_id": document_id, "seq": 1, "number": "30/2020/NĐ-CP"})
    db.close()
    db = open_db(tmp_path / "vanban.db")
    found = db.execute("SELECT number FROM [references] WHERE number_folded LIKE '%nd-cp%'").fetchall()
    assert found == [("30/2020/NĐ-CP",)]


def test_tasks_are_searched_by_their_own_words_after_upgrade(tmp_path):
    db = database_as_of(tmp_path / "vanban.db", 6)
    save_as_then(db, processed_with_tasks())
    db.close()
    db = open_db(tmp_path / "vanban.db")
    save(db, processed_with_tasks(number="13/KH-UBND", text=TXT_SAMPLE + "\n"))
    for query in ("kiểm tra các cơ sở", "kiem tra cac co so", "quý II"):
        assert [row["seq"] for row in db["tasks"].search(query)] == [1, 1], query
    # A word of the passage only (its heading) finds the document, not each task read from it.
    assert not list(db["tasks"].search("Giao")) and list(db["documents"].search("Giao"))


def test_full_text_search_finds_vietnamese_words(db):
    save(db, processed_with_tasks())
    hits = list(db["documents"].search("môi trường"))
    assert [hit["number"] for hit in hits] == ["12/KH-UBND"]


TASKS_PER_UNIT_BY_LINKS = """
    SELECT u.id, u.name, u.kind, count(DISTINCT tu.task_id), count(DISTINCT CASE WHEN tu.role = 'lead'
           THEN tu.task_id END), count(DISTINCT CASE WHEN t.deadline_end < date('now') THEN tu.task_id END)
    FROM units u JOIN task_units tu ON tu.unit_id = u.id JOIN tasks t ON t.id = tu.task_id
    GROUP BY u.id ORDER BY u.id"""


def test_tasks_per_unit_counts_the_links_stored_before_and_after_upgrade(tmp_path):
    from datetime import date, timedelta

    db = database_as_of(tmp_path / "vanban.db", 5)

    def stored_document(sha256: str) -> int:
        return db["documents"].insert({"sha256": sha256, "source": "a.txt", "format": "txt",
                                       "ingested_at": "2026-01-01"}).last_pk

    document_id = stored_document("x")
    db["units"].insert_all([{"id": 1, "name": "Sở Tài chính"}, {"id": 2, "name": "Sở Nội vụ"}])
    today = date.today()

    def task(seq: int, deadline: date | None, *links: tuple[int, str]) -> None:
        task_id = db["tasks"].insert({"document_id": document_id, "seq": seq, "text": "Việc",
                                      "deadline_end": deadline.isoformat() if deadline else None}).last_pk
        db["task_units"].insert_all([{"task_id": task_id, "unit_id": u, "role": r} for u, r in links])

    task(1, today - timedelta(days=1), (1, "lead"), (1, "support"))  # one unit twice: one task
    task(2, date(2020, 1, 10), (1, "support"), (2, "lead"))
    db.close()
    db = open_db(tmp_path / "vanban.db")
    document_id = stored_document("y")
    task(3, today.replace(day=1), (2, "support"), (2, "lead"))
    task(4, None, (1, "lead"))
    task(5, today, (1, "support"), (2, "support"))
    task(6, today + timedelta(days=40), (2, "lead"))
    index_document(db, document_id)
    view = db.execute("SELECT unit_id, unit, kind, tasks, lead_tasks, overdue FROM tasks_per_unit "
                      "ORDER BY unit_id").fetchall()
    assert view == db.execute(TASKS_PER_UNIT_BY_LINKS).fetchall()
    assert [row[3:5] for row in view] == [(4, 2), (4, 3)]


def test_a_task_read_from_a_table_row_points_at_that_row(db_path, corpus_files):
    plan = next(path for path in corpus_files if path.name.startswith("c01_"))
    ingest_paths([plan], db_path)
    db = open_db(db_path)
    rows = db.execute("SELECT text, passage FROM tasks WHERE rule = 'table' ORDER BY seq").fetchall()
    assert len(rows) >= 2
    for (text, passage), (other, _) in zip(rows, rows[1:] + rows[:1]):
        assert text[:30] in passage and other[:30] not in passage
        assert " | " in passage


def test_tasks_labelled_with_their_document_on_upgrade_keep_their_search_and_its_trigger(tmp_path):
    db = database_as_of(tmp_path / "vanban.db", 11)
    document_id = db["documents"].insert({"sha256": "x", "source": "a.txt", "format": "txt", "doc_type": "Kế hoạch",
                                          "ingested_at": "2026-01-01"}).last_pk
    task_id = db["tasks"].insert({"document_id": document_id, "seq": 1, "text": "kiểm tra các cơ sở"}).last_pk
    db.execute("INSERT INTO tasks_fts (rowid, text) VALUES (?, ?)", [task_id, "kiểm tra các cơ sở"])
    db.conn.commit()
    db.close()
    db = open_db(tmp_path / "vanban.db")
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'tasks_au'").fetchone()[0]
    assert [row["doc_type"] for row in db["tasks"].search("kiểm tra các cơ sở")] == ["Kế hoạch"]
    assert db.execute("SELECT count(*) FROM tasks_fts").fetchone()[0] == 1


def test_a_rescan_logs_every_known_file_once_across_batches(db_path, corpus_files, monkeypatch):
    from pipeline import ingest

    files = corpus_files[:5]
    ingest_paths(files, db_path)
    monkeypatch.setattr(ingest, "PRECHECK_BATCH", 2)
    again = ingest_paths(files, db_path)
    assert (again.ingested, again.duplicates) == (0, len(files))
    db = open_db(db_path)
    logged = [row[0] for row in db.execute("SELECT path FROM ingest_log WHERE status = 'duplicate'")]
    assert sorted(logged) == sorted(str(path) for path in files)
