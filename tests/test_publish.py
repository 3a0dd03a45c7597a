"""Datasette over a stored plan: the views' columns, canned queries and search without diacritics."""

from datetime import date, timedelta

import pytest
from sqlite_utils import Database, Migrations

from extract.record import Deadline, Metadata, Record, Reference, Span, Task, UnitRef
from pipeline.document import sha256_of
from pipeline.parsers import parse_bytes
from pipeline.process import Processed
from pipeline.publish import load_metadata, make_datasette, match_expression
from pipeline.store import MIGRATIONS, open_db, save

from conftest import docx_of

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


async def test_task_board_columns_and_deadline_status(datasette):
    board = await rows(datasette, "task_board", _sort="task_id")
    assert list(board[0]) == [
        "task_id", "document_id", "number", "document_title", "doc_type", "issuer", "year", "seq", "text",
        "lead_units", "support_units", "deadline_text", "deadline_start", "deadline_end", "recurrence",
        "status", "page", "passage"]
    assert [row["status"] for row in board] == [
        "overdue", "due within 30 days", "later", "continuous", "no deadline"]
    first = board[0]
    assert (first["number"], first["lead_units"], first["support_units"]) == (
        "45/KH-UBND", "Sở Nông nghiệp", "Sở Tài chính")
    assert "rà soát tiêu chí" in first["passage"]


async def test_tasks_per_unit_and_documents_overview(datasette):
    units = {row["unit"]: row for row in await rows(datasette, "tasks_per_unit")}
    assert list(units["Sở Tài chính"]) == ["unit_id", "unit", "kind", "tasks", "lead_tasks", "overdue"]
    assert (units["Sở Tài chính"]["tasks"], units["Sở Tài chính"]["lead_tasks"],
            units["Sở Tài chính"]["overdue"]) == (2, 1, 1)
    assert units["Sở Nông nghiệp"]["overdue"] == 1
    [overview] = await rows(datasette, "documents_overview")
    assert list(overview) == ["document_id", "number", "doc_type", "issuer", "issued_date", "year", "title",
                              "tasks", "overdue_tasks", "citations", "cited_by", "source"]
    assert (overview["tasks"], overview["overdue_tasks"], overview["citations"]) == (5, 1, 1)


async def test_facets_on_the_task_board(datasette):
    response = await datasette.client.get("/vanban/task_board.json")
    facets = response.json()["facet_results"]
    assert {"status", "lead_units", "doc_type"} <= set(facets)


@pytest.mark.parametrize("query, expected", [
    ("nong thon moi", "Triển khai Chương trình xây dựng nông thôn mới năm nay"),
    ("nông thôn mới", "Triển khai Chương trình xây dựng nông thôn mới năm nay"),
    ("dao tao", "Tổ chức Đào tạo nghề cho lao động nông thôn"),
    ("ĐÀO TẠO nghe", "Tổ chức Đào tạo nghề cho lao động nông thôn"),
])
async def test_search_with_or_without_diacritics(datasette, query, expected):
    hits = await rows(datasette, "search", q=query)
    assert expected in [hit["text"] for hit in hits]


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


async def test_public_server_refuses_arbitrary_sql(db_path):
    public = make_datasette(db_path, public=True)
    response = await public.client.get("/vanban.json", params={"sql": "select 1"})
    assert response.status_code == 403
    assert (await public.client.get("/vanban/overdue_tasks.json")).status_code == 200
    assert (await public.client.get("/-/dashboards/nhiem-vu")).status_code == 404


async def test_deadlines_as_a_calendar(datasette):
    response = await datasette.client.get("/vanban/deadlines_calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = response.text.replace("\r\n ", "")
    assert calendar.count("BEGIN:VEVENT") == 3
    assert "SUMMARY:45/KH-UBND: Tổ chức Đào tạo nghề cho lao động nông thôn" in calendar


async def test_new_documents_as_an_atom_feed(datasette):
    response = await datasette.client.get("/vanban/new_documents.atom")
    assert response.status_code == 200
    assert "Kế hoạch 45/KH-UBND: Triển khai Chương trình xây dựng nông thôn mới năm nay" in response.text


async def test_dashboard_page_and_its_charts_queries(datasette):
    response = await datasette.client.get("/-/dashboards/nhiem-vu")
    assert response.status_code == 200
    assert "Nhiệm vụ quá hạn" in response.text
    charts = datasette.plugin_config("datasette-dashboards")["nhiem-vu"]["charts"]
    overdue = await datasette.execute(charts["overdue"]["db"], charts["overdue"]["query"])
    assert overdue.first()["count"] == 1
    for chart in charts.values():
        assert (await datasette.execute(chart["db"], chart["query"])).rows


def test_dashboards_follow_the_database_file_name(tmp_path):
    metadata = load_metadata(tmp_path / "other.db")
    charts = metadata["plugins"]["datasette-dashboards"]["nhiem-vu"]["charts"]
    assert {chart["db"] for chart in charts.values()} == {"other"}


def test_a_database_from_before_folded_search_is_upgraded(tmp_path):
    earlier = Migrations("vanban")
    for migration in MIGRATIONS._migrations[:2]:
        earlier(name=migration.name)(migration.fn)
    db = Database(tmp_path / "vanban.db")
    earlier.apply(db)
    db["documents"].insert({"sha256": "x", "source": "a.txt", "format": "txt", "ingested_at": "2026-01-01",
                            "title": "Đào tạo nông thôn mới"})
    db.close()
    db = open_db(tmp_path / "vanban.db")
    assert [row["title"] for row in db["documents"].search("dao tao")] == ["Đào tạo nông thôn mới"]
