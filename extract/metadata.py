"""Document metadata from the Decree 30 layout (header, type and subject, signature)."""

from __future__ import annotations

from pipeline.document import Document
from extract.record import Metadata


def extract_metadata(document: Document) -> Metadata:
    return Metadata()
