"""Datasette latency on a large synthetic database: views, canned queries and search.

The database (documents, tasks with their units and deadlines, citations) is written straight
into the schema that `open_db` builds, with words from `vocabulary.yaml`; it is cached under
bench/out/ because writing a million tasks takes minutes. `vanban serve` publishes it on
127.0.0.1 and each URL is requested a fixed number of times, one request at a time.
"""

from __future__ import annotations

import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.board import label_tasks, rebuild_board_counts
from pipeline.store import fold_for_search, open_db, rebuild_unit_summary

VOCABULARY = Path(__file__).with_name("vocabulary.yaml")
ENDPOINTS = {  # name: (kind, path); "rows" as an API client asks (?_shape=array: no count, no facets)
    "task_board rows": ("view", "/vanban/task_board.json?_shape=array"),
    "task_board page": ("view", "/vanban/task_board.json"),  # with the count and facets a page shows
    "task_board page, one lead unit": ("view", "/vanban/task_board.json?_lead_unit=Sở Tài chính"),  # as chosen
    # The board filtered by one facet value, as a click on it asks: rows, count and the facets under the filter.
    "task_board page, overdue": ("view", "/vanban/task_board.json?status=overdue"),
    "task_board page, later": ("view", "/vanban/task_board.json?status=later"),
    "task_board page, one document type": ("view", "/vanban/task_board.json?doc_type=Kế Hoạch"),
    "task_board page, one issuer": ("view", "/vanban/task_board.json?issuer=Ủy ban nhân dân tỉnh Lào Cai"),
    "task_board page, one year": ("view", "/vanban/task_board.json?year=2026"),
    "task_board HTML page, one issuer": ("view", "/vanban/task_board?issuer=Ủy ban nhân dân tỉnh Lào Cai"),
    "tasks_per_unit rows": ("view", "/vanban/tasks_per_unit.json?_shape=array"),
    "documents_overview rows": ("view", "/vanban/documents_overview.json?_shape=array"),
    "documents_overview page": ("view", "/vanban/documents_overview.json"),
    "tasks_of_unit": ("canned query", "/vanban/tasks_of_unit.json?unit=so tai chinh"),
    "overdue_tasks": ("canned query", "/vanban/overdue_tasks.json"),
    "tasks_due_between": ("canned query", "/vanban/tasks_due_between.json?date_from=2025-03-01&date_to=2025-03-31"),
    "documents_citing": ("canned query", "/vanban/documents_citing.json?number=105/KH-UBND"),
    "deadlines_calendar": ("canned query", "/vanban/deadlines_calendar.json"),
    "new_documents": ("canned query", "/vanban/new_documents.json"),
    "search (folded)": ("search", "/vanban/search.json?q=chuyen doi so"),
    "search (marked)": ("search", "/vanban/search.json?q=an toàn thực phẩm"),
    "tasks?_search rows": ("search", "/vanban/tasks.json?_search=kinh phí&_shape=array"),
    "tasks?_search page": ("search", "/vanban/tasks.json?_search=kinh phí"),
}
BATCH = 20_000
SLOW_MS = 1000  # an endpoint slower than this gets 5 requests, not the full count


@lru_cache(maxsize=None)
def _fold(text: str) -> str | None:
    return fold_for_search(text)


def build_db(path: Path, documents: int, tasks: int, seed: int) -> None:
    """Write the synthetic database; tasks are spread over documents (1 to ~2x the mean each)."""
    words = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_db(path)
    conn = db.conn
    conn.execute("PRAGMA synchronous = OFF")
    units = words["units"] + words["unit_classes"] + [f"Ủy ban nhân dân xã {n}" for n in range(1, 801)]
    conn.executemany("INSERT INTO units (id, name, kind) VALUES (?, ?, ?)",
                     [(i, name, "agency") for i, name in enumerate(units, 1)])
    day0 = date(2022, 1, 1)
    per_doc = tasks / documents
    task_id = 0
    doc_rows, task_rows, link_rows, ref_rows = [], [], [], []

    def flush() -> None:
        conn.executemany("INSERT INTO documents (id, sha256, source, format, pages, doc_type, number, issuer, "
                         "issued_date, year, title, title_folded, text, ingested_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", doc_rows)
        conn.executemany("INSERT INTO tasks (id, document_id, seq, text, text_folded, deadline_text, deadline_start, "
                         "deadline_end, recurrence, page, passage, rule) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         task_rows)
        conn.executemany("INSERT INTO task_units (task_id, unit_id, role) VALUES (?, ?, ?)", link_rows)
        conn.executemany("INSERT INTO [references] (document_id, seq, text, doc_type, number, number_folded, "
                         "cited_document_id) VALUES (?, ?, ?, ?, ?, ?, ?)", ref_rows)
        for rows in (doc_rows, task_rows, link_rows, ref_rows):
            rows.clear()

    # The search index is built once at the end rather than row by row by its triggers.
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    with conn:
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER [{name}]")
        for doc_id in range(1, documents + 1):
            kind = rng.choice(words["doc_types"])
            province = rng.choice(words["provinces"])
            issued = day0 + timedelta(days=rng.randrange(1800))
            title = rng.choice(words["subjects"]).format(year=issued.year, next=issued.year + 4)
            number = f"{doc_id}/{kind['code']}-UBND"
            doc_rows.append((doc_id, f"{doc_id:064x}", f"d{doc_id}.pdf", "pdf", rng.randint(1, 40), kind["name"].title(),
                             number, f"Ủy ban nhân dân tỉnh {province}", issued.isoformat(), issued.year, title,
                             _fold(title), f"{title}. {rng.choice(words['prose'])}", "2026-01-01T00:00:00+00:00"))
            count = tasks - task_id if doc_id == documents else \
                min(round(rng.uniform(0.5, 1.5) * per_doc), tasks - task_id)
            for seq in range(1, count + 1):
                task_id += 1
                lead, *support = rng.sample(range(1, len(units) + 1), 3)
                activity = rng.choice(words["activities"])
                end = issued + timedelta(days=rng.randrange(30, 400))
                recurring = rng.random() < 0.1
                deadline = "thường xuyên" if recurring else f"trước ngày {end.day}/{end.month}/{end.year}"
                text = f"{units[lead - 1]} chủ trì, phối hợp với {units[support[0] - 1]} {activity}"
                task_rows.append((task_id, doc_id, seq, text, _fold(text), deadline, None,
                                  None if recurring else end.isoformat(), "continuous" if recurring else None,
                                  rng.randint(1, 10), text, "assignment"))
                link_rows += [(task_id, lead, "lead")] + [(task_id, u, "support") for u in support]
            for seq in range(1, 3):
                cited = rng.randint(1, documents)
                ref_rows.append((doc_id, seq, f"Kế hoạch số {cited}/KH-UBND", "Kế hoạch", f"{cited}/KH-UBND",
                                 f"{cited}/kh-ubnd", cited if cited <= doc_id else None))
            if len(task_rows) >= BATCH:
                flush()
        flush()
        for table in ("documents", "tasks"):
            conn.execute(f"INSERT INTO [{table}_fts] ([{table}_fts]) VALUES ('rebuild')")
        rebuild_unit_summary(db)
        rebuild_board_counts(db)
        label_tasks(db)
        for _, sql in triggers:
            conn.execute(sql)
    db.execute("ANALYZE")
    db.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(client, url: str) -> tuple[float, int, int]:
    """Milliseconds to the whole answer, its status (a query over its time limit gives 400) and
    how many rows it holds (none counted for an HTML page)."""
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    html = response.headers.get("content-type", "").startswith("text/html")
    body = response.json() if response.status_code == 200 and not html else []
    return elapsed, response.status_code, len(body if isinstance(body, list) else body.get("rows", []))


def measure(db_path: Path, requests: int) -> dict:
    """p50 and p95 (ms) of each endpoint, after one warm-up request each."""
    import httpx

    port = free_port()
    vanban = Path(sys.executable).with_name("vanban")
    server = subprocess.Popen([str(vanban), "serve", "--db", str(db_path), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            deadline = time.monotonic() + 600  # the first start applies new migrations to the database
            while True:
                try:
                    client.get("/-/versions.json")
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("vanban serve did not start")
                    time.sleep(0.5)
            out = {}
            for name, (kind, url) in ENDPOINTS.items():
                warm_ms, _, rows = _get(client, url)
                times, failed = [], 0
                for _ in range(requests if warm_ms < SLOW_MS else min(requests, 5)):  # bounded when slow
                    elapsed, status, _ = _get(client, url)
                    times.append(elapsed)
                    failed += status != 200
                times.sort()
                out[name] = {"kind": kind, "url": url, "rows": rows, "requests": len(times), "errors": failed,
                             "p50_ms": statistics.median(times),
                             "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]}
    finally:
        server.terminate()
        server.wait(timeout=30)
    return out


def run(out: Path, documents: int, tasks: int, seed: int, requests: int) -> dict:
    db_path = out / f"serve-{documents}-{tasks}" / "vanban.db"
    built = None
    if not db_path.exists():
        start = time.perf_counter()
        build_db(db_path.with_suffix(".tmp"), documents, tasks, seed)
        db_path.with_suffix(".tmp").rename(db_path)
        built = time.perf_counter() - start
    return {"documents": documents, "tasks": tasks, "requests_per_endpoint": requests,
            "build_seconds": built, "megabytes": db_path.stat().st_size / 1e6,
            "endpoints": measure(db_path, requests)}
