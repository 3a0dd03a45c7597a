"""Publishing the database with Datasette: its descriptive metadata and settings."""

from __future__ import annotations

import asyncio
from pathlib import Path

import yaml
from datasette.app import Datasette

from pipeline.store import open_db

METADATA_FILE = Path(__file__).resolve().parents[1] / "datasette-metadata.yml"
METADATA_DATABASE = "vanban"  # the database name used in the metadata file
SETTINGS = {
    "default_page_size": 50,
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 2000,
    "facet_time_limit_ms": 500,
}


def load_metadata(db_path: str | Path, metadata_file: Path = METADATA_FILE) -> dict:
    """The metadata file's contents, with its database section renamed after `db_path`
    (Datasette names a database after its file), or {} when the file is not there."""
    if not metadata_file.exists():
        return {}
    metadata = yaml.safe_load(metadata_file.read_text(encoding="utf-8")) or {}
    databases = metadata.get("databases") or {}
    if METADATA_DATABASE in databases:
        databases[Path(db_path).stem] = databases.pop(METADATA_DATABASE)
    return metadata


def make_datasette(db_path: str | Path) -> Datasette:
    """A Datasette instance on the database (created with its schema if it does not exist yet)."""
    open_db(db_path).close()
    return Datasette([str(db_path)], metadata=load_metadata(db_path), settings=SETTINGS)


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Run Datasette's web server on the database until interrupted."""
    import uvicorn

    datasette = make_datasette(db_path)
    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info", lifespan="on")
