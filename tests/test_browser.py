"""What a person sees: headless Chromium on a real `vanban serve` over the sample corpus.

Debian's `chromium` is driven by Playwright through `executable_path`; nothing is downloaded.
`make install` installs Chromium when it runs as root, and says loudly when it cannot.
"""

from __future__ import annotations

import os
import re
import shutil

import httpx
import pytest
import yaml
from playwright.sync_api import expect, sync_playwright

from live_server import serving
from pipeline.ingest import ingest_paths
from pipeline.publish import METADATA_FILE
from pipeline.store import fold_for_search

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MISSING = ("Chromium is not installed (Debian package 'chromium'): the browser test cannot run. "
           "Run 'make install' as root, or 'apt-get install chromium'.")


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus_files):
    """The corpus ingested and served on 127.0.0.1; yields the server's base URL."""
    db_path = tmp_path_factory.mktemp("browser") / "vanban.db"
    assert ingest_paths(corpus_files, db_path).ingested
    with serving(db_path) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        can_install = os.geteuid() == 0 and shutil.which("apt-get")
        if can_install:  # it could be installed here, so its absence is a failure, not a skip
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    yield page
    page.screenshot(path=tmp_path / "page.png")  # what the screen shows
    assert (tmp_path / "page.png").stat().st_size > 0
    page.close()


def api(site: str, path: str, **params) -> list[dict]:
    response = httpx.get(f"{site}/vanban/{path}.json", params={"_shape": "array", **params})
    response.raise_for_status()
    return response.json()


def test_index_shows_the_collection(site, page, tmp_path):
    page.goto(site + "/")
    expect(page).to_have_title(re.compile("^vanban — Văn bản hành chính, nhiệm vụ và thời hạn"))
    expect(page.locator("h1")).to_have_text("vanban — Văn bản hành chính, nhiệm vụ và thời hạn")
    expect(page.get_by_role("link", name="tasks", exact=True)).to_be_visible()
    page.screenshot(path=tmp_path / "index.png", full_page=True)
    page.get_by_role("link", name="Bảng nhiệm vụ").click()
    expect(page.locator("h1")).to_contain_text("Bảng nhiệm vụ")


def test_task_board_shows_tasks_with_their_documents(site, page):
    [first] = api(site, "task_board", _size=1)
    page.goto(site + "/vanban/task_board")
    expect(page.locator("h1")).to_contain_text("Bảng nhiệm vụ")
    expect(page.locator(".metadata-description")).to_contain_text("Mỗi dòng một nhiệm vụ")
    table = page.locator("table.rows-and-columns")
    expect(table.locator("th").first).to_be_visible()
    first_row = table.locator("tbody tr").first
    expect(first_row).to_contain_text(first["text"][:60])
    if first["number"]:
        expect(first_row).to_contain_text(first["number"])
    expect(page.locator(".facet-info").filter(has_text="status")).to_contain_text(first["status"])


def test_search_typed_without_diacritics_finds_the_document(site, page):
    documents = [row for row in api(site, "documents_overview", _size=100) if row["title"]]
    target = next((row for row in documents if "đ" in row["title"].lower()), documents[0])
    words = target["title"].split()
    start = next((i for i, word in enumerate(words) if "đ" in word.lower()), 0)
    typed = fold_for_search(" ".join(words[start:start + 3]))
    assert typed != " ".join(words[start:start + 3]).lower(), "the query should differ from the title's words"

    page.goto(site + "/vanban/search")
    expect(page.locator("h1")).to_contain_text("Tìm kiếm")
    page.locator("input[name=q]").fill(typed)
    page.locator("input[name=q]").press("Enter")
    results = page.locator("table.rows-and-columns")
    expect(results).to_contain_text(target["title"][:80])
    assert f"q={typed.replace(' ', '+')}" in page.url


def test_lead_unit_facet_shows_the_tasks_of_one_unit(site, page):
    page.goto(site + "/vanban/task_board")
    first = page.locator(".facet-info").filter(has_text="lead_units").locator("li a").first
    unit = first.inner_text()
    first.click()
    heading = page.locator("h3").first
    expect(heading).to_contain_text(f'lead unit is "{unit}"')
    led = api(site, "task_board", _lead_unit=unit, _size="max")
    expect(heading).to_contain_text(f"{len(led)} row")
    assert led and all(unit in row["lead_units"].split("; ") for row in led)


def test_dashboard_draws_every_chart_with_the_board_figures(site, page, tmp_path):
    """The dashboard's charts are drawn from the bundled Vega files (no network), and its overdue
    figure is the task board's."""
    metadata = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
    [(slug, dashboard)] = metadata["plugins"]["datasette-dashboards"].items()
    page.goto(f"{site}/-/dashboards/{slug}")
    expect(page.locator("h1")).to_contain_text(dashboard["title"])
    for name, chart in dashboard["charts"].items():
        card = page.locator(f"#chart-{name}")
        if chart["library"] == "vega-lite":
            expect(card.locator("svg, canvas").first).to_be_visible()
        else:
            expect(card).not_to_have_text(re.compile(r"^\s*$"))
    overdue = api(site, "task_board", status="overdue", _size="max")
    expect(page.locator("#chart-overdue")).to_contain_text(str(len(overdue)))
    page.screenshot(path=tmp_path / "dashboard.png", full_page=True)
