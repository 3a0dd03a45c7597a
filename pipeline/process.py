"""Parse and extract one file's bytes: the pure, picklable step that worker processes run."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.document import Document, sha256_of
from pipeline.errors import VanbanError
from pipeline.parsers import parse_bytes
from extract import extract_record
from extract.record import Record


@dataclass
class Processed:
    """What one file became: the document model and its record, or the reason it failed."""

    source: str
    sha256: str
    document: Document | None
    record: Record
    error: str | None = None
    detail: str | None = None


def process_bytes(data: bytes, source: str) -> Processed:
    sha = sha256_of(data)
    try:
        document = parse_bytes(data, source)
        record = extract_record(document)
    except VanbanError as exc:
        return Processed(source, sha, None, Record(source=source, error=str(exc), sha256=sha),
                         error=str(exc), detail=exc.detail)
    return Processed(source, sha, document, record)
