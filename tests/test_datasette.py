"""The published database: Datasette serves the tables, the descriptions and the JSON API."""

from __future__ import annotations

import asyncio

import pytest
import yaml

from conftest import processed_with_tasks
from pipeline.publish import METADATA_FILE, load_metadata, make_datasette
from pipeline.store import open_db, save


@pytest.fixture
def published(db_path):
    db = open_db(db_path)
    save(db, processed_with_tasks(), "inbox/kh12-ubnd.txt")
    db.close()
    return make_datasette(db_path)


def get(datasette, path: str):
    return asyncio.run(datasette.client.get(path))


def test_tasks_json_api_returns_rows(published):
    response = get(published, "/vanban/tasks.json?_shape=array")
    assert response.status_code == 200
    rows = response.json()
    assert [row["text"] for row in rows] == ["tổ chức kiểm tra các cơ sở sản xuất", "tham gia giám sát"]
    assert rows[0]["deadline_end"] == "2026-06-30"


def test_task_overview_filters_by_lead_unit(published):
    response = get(published, "/vanban/task_overview.json?_shape=array&lead__contains=N%C3%B4ng+nghi%E1%BB%87p")
    assert [row["number"] for row in response.json()] == ["12/KH-UBND"]


def test_full_text_search_through_the_api(published):
    rows = get(published, "/vanban/documents.json?_shape=array&_search=m%C3%B4i+tr%C6%B0%E1%BB%9Dng").json()
    assert [row["number"] for row in rows] == ["12/KH-UBND"]


@pytest.mark.parametrize("query, count, recurrences", [
    ("giam sat", 1, {"continuous": 1}), ("kiểm tra", 1, {}), ("khong co", 0, {})])
def test_search_page_counts_its_matches_and_their_recurrence(published, query, count, recurrences):
    page = get(published, f"/vanban/tasks.json?_search={query}").json()
    assert page["filtered_table_rows_count"] == len(page["rows"]) == count
    facet = page["facet_results"]["recurrence"]["results"]
    assert {value["value"]: value["count"] for value in facet} == recurrences


def test_a_counted_facet_asked_in_the_address_can_be_hidden_again(published):
    facet = get(published, "/vanban/tasks.json?_facet_counted=seq").json()["facet_results"]["seq"]
    assert facet["hideable"] and "_facet_counted" not in facet["toggle_url"]
    assert {value["value"]: value["count"] for value in facet["results"]} == {1: 1, 2: 1}


def test_pages_show_the_vietnamese_descriptions(published):
    page = get(published, "/vanban/tasks")
    assert page.status_code == 200
    assert "Nội dung nhiệm vụ" in page.text


def test_every_table_and_column_is_described(published, db_path):
    described = load_metadata(db_path)["databases"]["vanban"]["tables"]
    db = open_db(db_path)
    for name in db.table_names() + db.view_names():
        if name.startswith("_") or "_fts" in name:
            continue
        columns = db[name].columns_dict
        assert set(described[name]["columns"]) == set(columns), name
        assert all(described[name]["columns"].values()), name
        assert described[name]["title"] and described[name]["description"], name


def test_every_canned_query_has_a_title_and_description(db_path):
    queries = load_metadata(db_path)["databases"]["vanban"]["queries"]
    for name, query in queries.items():
        assert query["title"] and query["description"] and query["sql"], name


def test_metadata_follows_the_database_file_name(tmp_path):
    metadata = load_metadata(tmp_path / "other.db")
    assert "other" in metadata["databases"] and "vanban" not in metadata["databases"]
    assert 'href="/other/task_board"' in metadata["description_html"]
    assert yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))["license"]
