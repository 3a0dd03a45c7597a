"""The language side: from a parsed `Document` to a `Record` (metadata, tasks, references)."""

from __future__ import annotations

from pipeline.document import Document
from extract.record import Record


def extract_record(document: Document) -> Record:
    """Everything vanban reads from one document; a pure function of the document."""
    from extract.doubtful import withhold_doubtful
    from extract.metadata import extract_metadata
    from extract.references import find_references
    from extract.signing import date_from_signature
    from extract.tasks import extract_tasks

    metadata = date_from_signature(withhold_doubtful(extract_metadata(document), document), document)
    tasks = extract_tasks(document, metadata)
    references = find_references(document, exclude=metadata.number)
    return Record(source=document.source, document=metadata, tasks=tasks, references=references,
                  sha256=document.sha256)
