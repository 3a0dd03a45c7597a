"""Parse and extract one file's bytes: the pure, picklable step that worker processes run."""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from pipeline.document import Document, sha256_of
from pipeline.errors import VanbanError
from pipeline.limits import DEFAULT_LIMITS, Limits, check_before_parsing, check_document
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


def process_bytes(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> Processed:
    """Parse and extract; a file over one of the limits is refused, unread where possible."""
    sha = sha256_of(data)
    try:
        check_before_parsing(data, limits)
        document = parse_bytes(data, source)
        check_document(document, limits)
        record = extract_record(document)
    except VanbanError as exc:
        return failure(source, sha, str(exc), exc.detail)
    except Exception:  # a defect must cost one file, never the batch
        return failure(source, sha, "vanban could not read this file because of an internal error; "
                       "it was set aside for a developer to look at.", traceback.format_exc())
    return Processed(source, sha, document, record)


def failure(source: str, sha: str, message: str, detail: str | None = None) -> Processed:
    """A file that could not be processed, with the reason for the clerk and the detail for the log."""
    return Processed(source, sha, None, Record(source=source, error=message, sha256=sha),
                     error=message, detail=detail)
