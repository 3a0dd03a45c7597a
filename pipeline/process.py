"""Parse and extract one file's bytes: the pure, picklable step that worker processes run."""

from __future__ import annotations

import traceback
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
        return _failed(source, sha, str(exc), exc.detail)
    except Exception:  # a defect must cost one file, never the batch
        return _failed(source, sha, "vanban could not read this file because of an internal error; "
                       "it was set aside for a developer to look at.", traceback.format_exc())
    return Processed(source, sha, document, record)


def _failed(source: str, sha: str, message: str, detail: str | None) -> Processed:
    return Processed(source, sha, None, Record(source=source, error=message, sha256=sha),
                     error=message, detail=detail)
