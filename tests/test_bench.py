"""The benchmark's generated documents: the same seed gives the same documents, and vanban reads
their assignments, so the figures measure real work."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
import yaml

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_same_seed_gives_the_same_documents(generate):
    words = yaml.safe_load(generate.VOCABULARY.read_text(encoding="utf-8"))
    first = [generate.source(random.Random(3), words, 2, 100, "x") for _ in range(2)]
    assert first[0] == first[1]
    assert generate.page_counts(50, random.Random(3))[0] == generate.MAX_PAGES
    assert all(1 <= n <= generate.MAX_PAGES for n in generate.page_counts(50, random.Random(3)))


def test_generated_documents_are_read_with_their_assignments(generate, tmp_path):
    from pipeline.process import process_bytes

    words = yaml.safe_load(generate.VOCABULARY.read_text(encoding="utf-8"))
    source = generate.source(random.Random(5), words, 2, 100, "x")
    generate.pdf_fonts()
    for fmt, write in (("docx", generate.write_docx), ("pdf", generate.write_pdf)):
        path = tmp_path / f"x.{fmt}"
        write(source, path)
        tasks = process_bytes(path.read_bytes(), path.name).record.tasks
        assert len(tasks) >= 10, fmt
        assert sum(bool(t.lead) for t in tasks) > 0.8 * len(tasks), fmt
        assert sum(t.deadline is not None for t in tasks) > 0.5 * len(tasks), fmt


def test_the_synthetic_serving_database_counts_tasks_per_unit(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_serving", BENCH / "serving.py")
    serving = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serving)
    from pipeline.store import open_db

    serving.build_db(tmp_path / "bench.db", 50, 500, 7)
    db = open_db(tmp_path / "bench.db")
    links = db.execute("SELECT count(DISTINCT task_id) FROM task_units").fetchone()[0]
    assert links == 500
    per_unit = db.execute("SELECT sum(lead_tasks) FROM tasks_per_unit").fetchone()[0]
    assert per_unit == 500, "every task has one lead unit"
