"""Tasks assigned by a document: who leads, who cooperates, by when."""

from __future__ import annotations

from pipeline.document import Document
from extract.record import Metadata, Task


def extract_tasks(document: Document, metadata: Metadata) -> list[Task]:
    return []
