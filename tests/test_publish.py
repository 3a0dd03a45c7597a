"""Datasette over a stored plan: the views' columns, canned queries and search without diacritics."""

import re
from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from ics import Calendar

from extract.record import Deadline, Metadata, Record, Reference, Span, Task, UnitRef
from pipeline.document import sha256_of
from pipeline.ingest import ingest_paths
from pipeline.parsers import parse_bytes
from pipeline.process import Processed
from pipeline.publish import load_metadata, make_datasette, match_expression
from pipeline.store import fold_for_search, open_db, save

from conftest import database_as_of, docx_of, processed_with_tasks, save_as_then
from live_server import serving

pytestmark = pytest.mark.anyio
TODAY = date.today()
PARAGRAPHS = [
    "ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "Số: 45/KH-UBND", "KẾ HOẠCH",
    "Triển khai Chương trình xây dựng nông thôn mới năm nay",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;",
    "1. Sở Nông nghiệp chủ trì, phối hợp với Sở Tài chính rà soát tiêu chí nông thôn mới.",
    "2. Sở Lao động tổ chức Đào tạo nghề cho lao động nông thôn.",
    "3. Sở Tài chính bố trí kinh phí thực hiện.",
    "4. Các sở, ngành báo cáo kết quả thường xuyên.",
]


def plan_docx() -> bytes:
    return docx_of(*PARAGRAPHS)


def span_of(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(page=1, start=start, end=start + len(needle))


def unit(name: str) -> UnitRef:
    return UnitRef(name=name, kind="agency")


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    data = plan_docx()
    document = parse_bytes(data, "kh-45.docx")
    text = document.text
    tasks = [
        Task("Rà soát tiêu chí nông thôn mới", lead=[unit("Sở Nông nghiệp")], support=[unit("Sở Tài chính")],
             deadline=Deadline("trước ngày 01/01/2020", end=date(2020, 1, 1)), span=span_of(text, "rà soát")),
        Task("Tổ chức Đào tạo nghề cho lao động nông thôn", lead=[unit("Sở Lao động")],
             deadline=Deadline("trong tháng tới", end=TODAY + timedelta(days=10)), span=span_of(text, "Đào tạo")),
        Task("Bố trí kinh phí thực hiện", lead=[unit("Sở Tài chính")],
             deadline=Deadline("năm sau", end=TODAY + timedelta(days=400)), span=span_of(text, "bố trí")),
        Task("Báo cáo kết quả", lead=[unit("Các sở, ngành")],
             deadline=Deadline("thường xuyên", recurrence="continuous"), span=span_of(text, "báo cáo")),
        Task("Tuyên truyền về chương trình", lead=[unit("Sở Nông nghiệp")]),
    ]
    record = Record(
        source="kh-45.docx",
        document=Metadata(doc_type="Kế hoạch", number="45/KH-UBND", issuer="Ủy ban nhân dân tỉnh Bắc Ninh",
                          issued_date=date(2025, 3, 10),
                          title="Triển khai Chương trình xây dựng nông thôn mới năm nay"),
        tasks=tasks,
        references=[Reference("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020", "Nghị định", "30/2020/NĐ-CP",
                              date(2020, 3, 5), span_of(text, "Nghị định số 30"))],
    )
    path = tmp_path_factory.mktemp("publish") / "vanban.db"
    db = open_db(path)
    save(db, Processed("kh-45.docx", sha256_of(data), document, record), path="inbox/kh-45.docx")
    db.close()
    return path


@pytest.fixture(scope="module")
def datasette(db_path):
    return make_datasette(db_path)


async def rows(datasette, path: str, **params) -> list[dict]:
    response = await datasette.client.get(f"/vanban/{path}.json", params={"_shape": "array", **params})
    assert response.status_code == 200, response.text
    return response.json()


async def test_task_board_deadline_status(datasette):
    board = await rows(datasette, "task_board", _sort="task_id")
    assert [row["status"] for row in board] == [
        "overdue", "due within 30 days", "later", "continuous", "no deadline"]
    first = board[0]
    assert (first["number"], first["lead_units"], first["support_units"]) == (
        "45/KH-UBND", "Sở Nông nghiệp", "Sở Tài chính")
    assert "rà soát tiêu chí" in first["passage"]


async def test_tasks_per_unit_and_documents_overview(datasette):
    units = {row["unit"]: row for row in await rows(datasette, "tasks_per_unit")}
    assert (units["Sở Tài chính"]["tasks"], units["Sở Tài chính"]["lead_tasks"],
            units["Sở Tài chính"]["overdue"]) == (2, 1, 1)
    assert units["Sở Nông nghiệp"]["overdue"] == 1
    [overview] = await rows(datasette, "documents_overview")
    assert (overview["tasks"], overview["overdue_tasks"], overview["citations"]) == (5, 1, 1)


async def test_facets_on_the_task_board(datasette):
    response = await datasette.client.get("/vanban/task_board.json")
    facets = response.json()["facet_results"]
    assert set(facets) == {"status", "lead_units", "doc_type", "issuer", "year"}
    assert response.json()["filtered_table_rows_count"] == 5


async def test_task_board_soonest_deadline_first_undated_last(datasette):
    board = await rows(datasette, "task_board")
    assert [row["deadline_end"] for row in board] == [
        "2020-01-01", (TODAY + timedelta(days=10)).isoformat(), (TODAY + timedelta(days=400)).isoformat(), None, None]


async def test_board_filtered_by_each_status_keeps_its_tasks(datasette):
    everything = await rows(datasette, "task_board")
    for status in ("overdue", "due within 30 days", "later", "continuous", "no deadline"):
        kept = await rows(datasette, "task_board", status=status)
        assert kept == [row for row in everything if row["status"] == status], status


async def test_lead_unit_facet_counts_each_unit_and_filters_by_it(datasette):
    page = (await datasette.client.get("/vanban/task_board.json")).json()
    leads = {value["value"]: value for value in page["facet_results"]["lead_units"]["results"]}
    assert leads["Sở Nông nghiệp"]["count"] == 2
    toggle = httpx.URL(leads["Sở Nông nghiệp"]["toggle_url"])
    assert toggle.params["_lead_unit"] == "Sở Nông nghiệp"
    chosen = (await datasette.client.get(toggle.raw_path.decode())).json()
    assert chosen["filtered_table_rows_count"] == 2
    assert {row[chosen["columns"].index("lead_units")] for row in chosen["rows"]} == {"Sở Nông nghiệp"}
    [selected] = chosen["facet_results"]["lead_units"]["results"]
    assert selected["selected"] and selected["count"] == 2
    statuses = {value["value"]: value["count"] for value in chosen["facet_results"]["status"]["results"]}
    assert statuses == {"overdue": 1, "no deadline": 1}


async def _facets_and_their_rows(site, **filters) -> tuple[dict, list[dict]]:
    """The board's facets as the page shows them, and the rows they count, led by which units."""
    page = (await site.client.get("/vanban/task_board.json", params={"_facet_size": "max", **filters})).json()
    board = await rows(site, "task_board", _size="max", **filters)
    names = {unit["id"]: unit["name"] for unit in await rows(site, "units", _size="max")}
    leads = await rows(site, "task_units", role="lead", _size="max")
    ids = {row["task_id"] for row in board}
    for row in board:
        row["lead_units"] = [names[link["unit_id"]] for link in leads if link["task_id"] == row["task_id"]]
    assert ids and page["filtered_table_rows_count"] == len(board)
    return page["facet_results"], board


def _assert_facets_count_their_rows(facets: dict, board: list[dict], filters: dict) -> None:
    """Each facet's counts are what a plain grouping of the rows shown gives."""
    assert set(facets) == {"status", "lead_units", "doc_type", "issuer", "year"}, filters
    for name, facet in facets.items():
        values = [v for row in board for v in (row[name] if name == "lead_units" else [row[name]])]
        expected = {value: values.count(value) for value in values if value is not None}
        assert {value["value"]: value["count"] for value in facet["results"]} == expected, (filters, name)


async def _assert_each_filter_counts_what_it_keeps(site) -> None:
    """The whole board, then the board filtered by each status, document type, issuer and year it
    holds: each keeps the tasks with that value, and counts them and its facets as they are."""
    facets, board = await _facets_and_their_rows(site)
    _assert_facets_count_their_rows(facets, board, {})
    for name in ("status", "doc_type", "issuer", "year"):
        for value in {row[name] for row in board if row[name] is not None}:
            filters = {name: str(value)}
            facets, kept = await _facets_and_their_rows(site, **filters)
            assert sorted(row["task_id"] for row in kept) == sorted(
                row["task_id"] for row in board if row[name] == value), filters
            assert [row["deadline_sort"] for row in kept] == sorted(row["deadline_sort"] for row in kept)
            _assert_facets_count_their_rows(facets, kept, filters)


async def test_board_facets_count_what_the_board_holds(corpus_site):
    """Counted from the store's summaries for the whole board and the board filtered by one value:
    either way what the rows themselves hold."""
    await _assert_each_filter_counts_what_it_keeps(corpus_site)


@pytest.fixture(scope="module")
def dated_site(tmp_path_factory):
    """Tasks due every other day from seven weeks ago to eleven weeks ahead, so on both sides of each
    day and month where a status begins or ends, in documents of two types, issuers and years, each
    led by one unit or two, and tasks without a deadline."""
    db_path = tmp_path_factory.mktemp("dated") / "vanban.db"
    db = open_db(db_path)
    leads = [unit("Sở Tài chính"), unit("Sở Y tế"), unit("Công an tỉnh")]
    for n, (doc_type, issuer, year) in enumerate([("Kế hoạch", "Ủy ban nhân dân tỉnh Lào Cai", 2025),
                                                  ("Quyết định", "Sở Y tế", 2026)]):
        processed = processed_with_tasks(number=f"{n + 1}/KH-UBND")
        processed.sha256 = processed.document.sha256 = f"{n:064x}"
        processed.record.document.doc_type, processed.record.document.issuer = doc_type, issuer
        processed.record.document.issued_date = date(year, 1, 5)
        processed.record.tasks = [
            Task(f"Nhiệm vụ đến hạn ngày {day}", lead=leads[day % 3:day % 3 + 1 + (day % 4 == 0)],
                 deadline=Deadline("trước ngày", end=TODAY + timedelta(days=day)))
            for day in range(n - 50, 80, 2)] + [
            Task("Nhiệm vụ thường xuyên", lead=leads[n:n + 1],
                 deadline=Deadline("thường xuyên", recurrence="continuous")),
            Task("Nhiệm vụ không có thời hạn", lead=leads[:2])]
        save(db, processed)
    db.close()
    return make_datasette(db_path)


async def test_board_filtered_by_one_value_counts_what_it_holds_whatever_the_day(dated_site):
    await _assert_each_filter_counts_what_it_keeps(dated_site)


@pytest.mark.parametrize("query, expected", [
    ("nong thon moi", "Triển khai Chương trình xây dựng nông thôn mới năm nay"),
    ("nông thôn mới", "Triển khai Chương trình xây dựng nông thôn mới năm nay"),
    ("dao tao", "Tổ chức Đào tạo nghề cho lao động nông thôn"),
    ("ĐÀO TẠO nghe", "Tổ chức Đào tạo nghề cho lao động nông thôn"),
])
async def test_search_with_or_without_diacritics(datasette, query, expected):
    hits = await rows(datasette, "search", q=query)
    assert expected in [hit["text"] for hit in hits]


async def test_search_finds_documents_and_tasks_each_with_its_document(datasette):
    hits = await rows(datasette, "search", q="nong thon")
    assert {hit["kind"] for hit in hits} == {"document", "task"}
    assert {(hit["number"], hit["document_title"]) for hit in hits} == {
        ("45/KH-UBND", "Triển khai Chương trình xây dựng nông thôn mới năm nay")}
    typed_plain = await rows(datasette, "search", q="dao tao nong thon")
    assert typed_plain and typed_plain == await rows(datasette, "search", q="Đào tạo nông thôn")


async def test_search_box_of_a_table_finds_text_typed_without_diacritics(datasette):
    hits = await rows(datasette, "tasks", _search="dao tao")
    assert [hit["text"] for hit in hits] == ["Tổ chức Đào tạo nghề cho lao động nông thôn"]


def test_search_text_cannot_inject_query_syntax():
    assert match_expression('Đào "tạo" OR -nghề*') == '"dao" "tao" "or" "nghe"'


async def test_canned_queries(datasette):
    of_unit = await rows(datasette, "tasks_of_unit", unit="so tai chinh")
    assert sorted((row["role"], row["text"]) for row in of_unit) == [
        ("lead", "Bố trí kinh phí thực hiện"), ("support", "Rà soát tiêu chí nông thôn mới")]
    overdue = await rows(datasette, "overdue_tasks")
    assert [row["text"] for row in overdue] == ["Rà soát tiêu chí nông thôn mới"]
    due = await rows(datasette, "tasks_due_between", date_from=TODAY.isoformat(),
                     date_to=(TODAY + timedelta(days=30)).isoformat())
    assert [row["text"] for row in due] == ["Tổ chức Đào tạo nghề cho lao động nông thôn"]
    citing = await rows(datasette, "documents_citing", number="30/2020/ND-CP")
    assert [(row["number"], row["cited_number"]) for row in citing] == [("45/KH-UBND", "30/2020/NĐ-CP")]


async def test_posting_to_a_page_that_only_reads_says_to_use_get(datasette):
    for path in ("/vanban/overdue_tasks", "/vanban/tasks_of_unit.json", "/vanban/tasks", "/vanban/task_board.json"):
        response = await datasette.client.post(path, data={"unit": "so tai chinh"})
        assert (response.status_code, response.headers["allow"]) == (405, "GET, HEAD"), path
        assert "GET" in response.text
    assert (await datasette.client.get("/vanban/overdue_tasks.json")).status_code == 200


PUBLIC_PAGES = ["/vanban/tasks.json", "/vanban/task_board.json", "/vanban/overdue_tasks.json",
                "/vanban/search.json?q=dao+tao", "/vanban/deadlines_calendar.ics", "/vanban/new_documents.atom"]


async def test_public_server_keeps_tables_views_queries_and_feeds_but_no_sql(db_path):
    public = make_datasette(db_path, public=True)
    for path in PUBLIC_PAGES:
        assert (await public.client.get(path)).status_code == 200, path
    assert (await public.client.get("/vanban.json", params={"sql": "select 1"})).status_code == 403
    assert (await public.client.get("/vanban/tasks.json", params={"_where": "1 = 1"})).status_code == 403
    assert (await public.client.post("/vanban", data={"sql": "delete from tasks"})).status_code in (403, 405)
    assert (await public.client.get("/vanban.db")).status_code == 403  # no download of the whole file
    assert (await public.client.get("/-/dashboards/nhiem-vu")).status_code == 404
    settings = (await public.client.get("/-/settings.json")).json()
    assert (settings["sql_time_limit_ms"], settings["max_returned_rows"]) == (1000, 500)
    assert len(await rows(public, "tasks")) == 5


def test_vanban_serve_public_on_a_real_server(db_path):
    with serving(db_path, "--public") as url:
        assert httpx.get(f"{url}/vanban.json", params={"sql": "select 1"}).status_code == 403
        for path in PUBLIC_PAGES:
            assert httpx.get(url + path).status_code == 200, path
    with serving(db_path) as url:  # without --public, SQL is allowed on 127.0.0.1
        response = httpx.get(f"{url}/vanban.json", params={"sql": "select count(*) AS n FROM tasks", "_shape": "array"})
        assert response.json() == [{"n": 5}]


async def test_deadlines_as_a_calendar(datasette):
    response = await datasette.client.get("/vanban/deadlines_calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert len(Calendar(response.text).events) == 3  # a calendar program can read it
    calendar = response.text.replace("\r\n ", "")
    assert "SUMMARY:45/KH-UBND: Tổ chức Đào tạo nghề cho lao động nông thôn" in calendar
    of_unit = await datasette.client.get("/vanban/deadlines_calendar.ics", params={"unit": "so tai chinh"})
    assert [event.name for event in Calendar(of_unit.text).events] == [
        "45/KH-UBND: Rà soát tiêu chí nông thôn mới", "45/KH-UBND: Bố trí kinh phí thực hiện"]


async def test_new_documents_as_an_atom_feed(datasette):
    response = await datasette.client.get("/vanban/new_documents.atom")
    assert response.status_code == 200
    assert "Kế hoạch 45/KH-UBND: Triển khai Chương trình xây dựng nông thôn mới năm nay" in response.text


async def test_dashboard_page_and_its_charts_queries(datasette):
    response = await datasette.client.get("/-/dashboards/nhiem-vu")
    assert response.status_code == 200
    assert "Nhiệm vụ quá hạn" in response.text
    charts = datasette.plugin_config("datasette-dashboards")["nhiem-vu"]["charts"]
    results = {name: (await datasette.execute(chart["db"], chart["query"])).rows for name, chart in charts.items()}
    assert all(results.values())
    assert results["overdue"][0]["count"] == results["due-soon"][0]["count"] == 1
    board = await rows(datasette, "task_board")
    assert {row["status"]: row["tasks"] for row in results["status"]} == {row["status"]: 1 for row in board}
    assert [tuple(row) for row in results["by-type"]] == [("Kế hoạch", 5)]
    assert sum(row["tasks"] for row in results["by-month"]) == sum(1 for row in board if row["deadline_end"])


def test_dashboards_follow_the_database_file_name(tmp_path):
    metadata = load_metadata(tmp_path / "other.db")
    charts = metadata["plugins"]["datasette-dashboards"]["nhiem-vu"]["charts"]
    assert {chart["db"] for chart in charts.values()} == {"other"}


async def test_a_database_from_before_the_board_counts_gets_them(tmp_path):
    db = database_as_of(tmp_path / "vanban.db", 7)
    save_as_then(db, processed_with_tasks())
    db.close()
    site = make_datasette(tmp_path / "vanban.db")
    page = (await site.client.get("/vanban/task_board.json")).json()
    counts = {name: {value["value"]: value["count"] for value in facet["results"]}
              for name, facet in page["facet_results"].items()}
    statuses = [row["status"] for row in await rows(site, "task_board")]
    assert counts == {"status": {status: statuses.count(status) for status in statuses},
                      "lead_units": {"Sở Nông nghiệp và Môi trường": 1, "Ủy ban MTTQ Việt Nam tỉnh": 1},
                      "doc_type": {"Kế hoạch": 2}, "issuer": {"Ủy ban nhân dân tỉnh Lào Cai": 2}, "year": {2026: 2}}


def test_a_database_from_before_folded_search_is_upgraded(tmp_path):
    db = database_as_of(tmp_path / "vanban.db", 2)
    db["documents"].insert({"sha256": "x", "source": "a.txt", "format": "txt", "ingested_at": "2026-01-01",
                            "title": "Đào tạo nông thôn mới"})
    db.close()
    db = open_db(tmp_path / "vanban.db")
    assert [row["title"] for row in db["documents"].search("dao tao")] == ["Đào tạo nông thôn mới"]


# The stable JSON contract named in the README: views and canned queries with their columns, in order.
CONTRACT = {
    "task_board": ["task_id", "document_id", "number", "document_title", "doc_type", "issuer", "year", "seq",
                   "text", "lead_units", "support_units", "deadline_text", "deadline_start", "deadline_end",
                   "recurrence", "status", "page", "passage", "deadline_sort"],
    "tasks_per_unit": ["unit_id", "unit", "kind", "tasks", "lead_tasks", "overdue"],
    "documents_overview": ["document_id", "number", "doc_type", "issuer", "issued_date", "year", "title", "tasks",
                           "overdue_tasks", "citations", "cited_by", "source"],
    "search": ["kind", "document_id", "number", "document_title", "task_id", "text", "page", "score"],
    "tasks_of_unit": ["task_id", "unit", "role", "number", "document_title", "text", "deadline_text",
                      "deadline_end", "status", "page"],
    "overdue_tasks": ["task_id", "number", "document_title", "text", "lead_units", "support_units",
                      "deadline_text", "deadline_end", "page"],
    "tasks_due_between": ["task_id", "number", "document_title", "text", "lead_units", "support_units",
                          "deadline_text", "deadline_end", "status", "page"],
    "documents_citing": ["document_id", "number", "doc_type", "issuer", "issued_date", "title", "cited_number",
                         "citation", "page"],
    "deadlines_calendar": ["event_uid", "event_name", "event_dtstart", "event_description", "task_id", "number",
                           "document_title", "lead_units", "deadline_text", "status"],
    "new_documents": ["atom_id", "atom_title", "atom_updated", "atom_content", "document_id", "number", "issuer",
                      "issued_date"],
}
PARAMETERS = {"search": {"q": "dao tao"}, "tasks_of_unit": {"unit": "so tai chinh"},
              "tasks_due_between": {"date_from": "2020-01-01", "date_to": "2030-12-31"},
              "documents_citing": {"number": "30/2020"}}
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory, corpus_files):
    """Datasette over the sample corpus as `vanban ingest` stores it."""
    db_path = tmp_path_factory.mktemp("corpus") / "vanban.db"
    assert ingest_paths(corpus_files, db_path).ingested == len(corpus_files)
    return make_datasette(db_path)


@pytest.mark.parametrize("name", CONTRACT)
async def test_json_contract_columns(datasette, name):
    response = await datasette.client.get(f"/vanban/{name}.json", params=PARAMETERS.get(name, {}))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["columns"] == CONTRACT[name]
    assert body["rows"], f"{name} returned no rows to check"


async def test_json_contract_over_the_corpus(corpus_site):
    for name, columns in CONTRACT.items():
        response = await corpus_site.client.get(f"/vanban/{name}.json", params=PARAMETERS.get(name, {}))
        assert response.status_code == 200, (name, response.text)
        assert response.json()["columns"] == columns, name


async def test_feeds_over_the_corpus(corpus_site):
    board = await rows(corpus_site, "task_board", _size="max")
    assert {row["status"] for row in board} <= {"overdue", "due within 30 days", "later", "continuous",
                                                "no deadline"}
    calendar = Calendar((await corpus_site.client.get("/vanban/deadlines_calendar.ics")).text)
    assert len(calendar.events) == sum(1 for row in board if row["deadline_end"]) > 0
    atom = ElementTree.fromstring((await corpus_site.client.get("/vanban/new_documents.atom")).content)
    documents = await rows(corpus_site, "documents")
    assert len(atom.findall("{http://www.w3.org/2005/Atom}entry")) == len(documents)


async def test_search_over_the_corpus_typed_without_diacritics(corpus_site):
    """Every document is found by the first words of its subject, typed without marks, "đ" as "d"."""
    for document in await rows(corpus_site, "documents"):
        if not document["title"]:
            continue
        typed = fold_for_search(" ".join(document["title"].split()[:4]))
        hits = await rows(corpus_site, "search", q=typed)
        assert document["id"] in {hit["document_id"] for hit in hits if hit["kind"] == "document"}, typed


README_URLS = re.findall(r'curl -s "\$B(/[^"]+)"', README.read_text(encoding="utf-8"))


def test_readme_names_only_contract_views_and_queries():
    named = {re.match(r"/(\w+)\.", url).group(1) for url in README_URLS}
    assert named and named <= set(CONTRACT), named - set(CONTRACT)


@pytest.mark.parametrize("url", README_URLS)
async def test_readme_examples_answer(datasette, url):
    response = await datasette.client.get("/vanban" + url)
    assert response.status_code == 200, response.text


async def test_paging_with_next(datasette):
    first = (await datasette.client.get("/vanban/task_board.json", params={"_size": 2, "_sort": "task_id"})).json()
    second = (await datasette.client.get("/vanban/task_board.json",
                                         params={"_size": 2, "_sort": "task_id", "_next": first["next"]})).json()
    assert [row[0] for row in first["rows"] + second["rows"]] == [1, 2, 3, 4]
    page = await datasette.client.get("/vanban/task_board.json",
                                      params={"_size": 2, "_sort": "task_id", "_shape": "array"})
    assert 'rel="next"' in page.headers["link"]


async def test_feeds_of_an_empty_database(tmp_path):
    empty = make_datasette(tmp_path / "vanban.db")
    atom = await empty.client.get("/vanban/new_documents.atom")
    assert atom.status_code == 200
    feed = ElementTree.fromstring(atom.content)
    assert feed.findtext("{http://www.w3.org/2005/Atom}title") == "Văn bản mới nạp"
    assert feed.find("{http://www.w3.org/2005/Atom}entry") is None
    calendar = await empty.client.get("/vanban/deadlines_calendar.ics")
    assert calendar.status_code == 200 and "BEGIN:VCALENDAR" in calendar.text
