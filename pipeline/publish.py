"""Publishing the database with Datasette: its descriptive metadata, settings and SQL functions.

The SQL functions `vanban_fold` and `vanban_match` let canned queries compare text typed with or
without diacritics against the folded columns the store keeps beside the originals.
"""

from __future__ import annotations

import asyncio
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

import yaml
from datasette import hookimpl
from datasette.app import Datasette
from datasette.plugins import pm
from datasette.utils.asgi import Response
from feedgen.feed import FeedGenerator

from pipeline import pages
from pipeline.store import fold_for_search, open_db

METADATA_FILE = Path(__file__).resolve().parents[1] / "datasette-metadata.yml"
METADATA_DATABASE = "vanban"  # the database name used in the metadata file
SETTINGS = {
    "default_page_size": 50,
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 2000,
    # Facets count the whole table or view: on a large database one that takes longer is left out
    # rather than holding the page, and no further facets are tried as suggestions.
    "facet_time_limit_ms": 100,
    "suggest_facets": False,
    "truncate_cells_html": 300,  # pages stay readable beside long passages; JSON keeps the whole text
}
# A public server: no SQL typed by visitors (canned queries stay), shorter limits.
PUBLIC_SETTINGS = {**SETTINGS, "sql_time_limit_ms": 1000, "max_returned_rows": 500, "allow_download": False}
_WORD = re.compile(r"\w+")


def match_expression(text: str | None) -> str:
    """An FTS5 query from free text: each folded word quoted (no query syntax), all required."""
    words = _WORD.findall(fold_for_search(text) or "")
    return " ".join(f'"{word}"' for word in words) or '""'


@hookimpl
def prepare_connection(conn) -> None:
    conn.create_function("vanban_fold", 1, fold_for_search, deterministic=True)
    conn.create_function("vanban_match", 1, match_expression, deterministic=True)


@hookimpl
def asgi_wrapper(datasette):
    """A POST to a table, a view or a canned query that only reads is answered 405, saying to use
    GET: only a canned query that writes takes one, and Datasette 0.65 fails on the others with a 500."""
    def wrap(app):
        async def read_only_pages(scope, receive, send):
            if scope["type"] == "http" and scope["method"] == "POST" and _read_only_page(datasette, scope["path"]):
                response = Response.text("This page only reads: ask for it with GET.", status=405,
                                         headers={"Allow": "GET, HEAD"})
                await response.asgi_send(send)
                return
            await app(scope, receive, send)
        return read_only_pages
    return wrap


def _read_only_page(datasette: Datasette, path: str) -> bool:
    """Whether `path` ("/vanban/overdue_tasks.json") is a page of a database other than a canned
    query that writes."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or parts[0] not in datasette.databases:
        return False
    query = ((datasette.metadata(database=parts[0]) or {}).get("queries") or {}).get(parts[1].rsplit(".", 1)[0])
    return not (isinstance(query, dict) and query.get("write"))


def register_functions() -> None:
    """Make the SQL functions, the counted facets and the lead-unit filter (pipeline/pages.py) available
    to every Datasette instance (once per process)."""
    for name, module in (("vanban", sys.modules[__name__]), ("vanban-pages", pages)):
        if pm.get_plugin(name) is None:
            pm.register(module, name=name)


def load_metadata(db_path: str | Path, metadata_file: Path = METADATA_FILE, public: bool = False) -> dict:
    """The metadata file's contents, with its database section renamed after `db_path`
    (Datasette names a database after its file), or {} when the file is not there.
    `public` forbids SQL typed by visitors, and so the dashboards."""
    if not metadata_file.exists():
        return {}
    metadata = yaml.safe_load(metadata_file.read_text(encoding="utf-8")) or {}
    databases = metadata.get("databases") or {}
    name = Path(db_path).stem
    if METADATA_DATABASE in databases:
        databases[name] = databases.pop(METADATA_DATABASE)
    if metadata.get("description_html"):  # its links lead into the database
        metadata["description_html"] = metadata["description_html"].replace(
            f'href="/{METADATA_DATABASE}/', f'href="/{name}/')
    dashboards = (metadata.get("plugins") or {}).get("datasette-dashboards") or {}
    for chart in (chart for board in dashboards.values() for chart in (board.get("charts") or {}).values()):
        if chart.get("db") == METADATA_DATABASE:
            chart["db"] = name
    if public:  # dashboards fetch their charts with SQL, which a public server refuses
        metadata["allow_sql"] = False
        (metadata.get("plugins") or {}).pop("datasette-dashboards", None)
    return metadata


def _atom_even_when_empty(render):
    """datasette-atom dates its feed by the newest row, so a query without rows (an empty database)
    fails; give such a query a valid feed with no entries instead."""
    def render_atom(datasette, request, sql, columns, rows, database, table, query_name, view_name, data):
        if rows:
            return render(datasette, request, sql, columns, rows, database, table, query_name, view_name, data)
        query = (datasette.metadata(database=database) or {}).get("queries", {}).get(query_name)
        feed = FeedGenerator()
        feed.id(request.url)
        feed.link(href=request.url, rel="self")
        feed.title(query.get("title") if isinstance(query, dict) and query.get("title") else query_name or sql)
        feed.updated(datetime.now(timezone.utc))
        return Response(feed.atom_str(pretty=True), content_type="application/xml; charset=utf-8")
    return render_atom


def make_datasette(db_path: str | Path, public: bool = False) -> Datasette:
    """A Datasette instance on the database (created with its schema if it does not exist yet).
    `public`: no SQL typed by visitors and no writes; tables, views, canned queries and feeds stay.
    The database is a `CountingDatabase`, so that large pages count their rows cheaply."""
    open_db(db_path).close()
    register_functions()
    datasette = Datasette([str(db_path)], metadata=load_metadata(db_path, public=public),
                          settings=PUBLIC_SETTINGS if public else SETTINGS)
    name = Path(db_path).stem
    datasette.remove_database(name)
    datasette.add_database(pages.CountingDatabase(datasette, str(db_path), is_mutable=True), name=name)
    render, can_render = datasette.renderers["atom"]
    datasette.renderers["atom"] = (_atom_even_when_empty(render), can_render)
    return datasette


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001, public: bool = False) -> None:
    """Run Datasette's web server on the database until interrupted."""
    import uvicorn

    datasette = make_datasette(db_path, public=public)
    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info", lifespan="on")
