"""What one file may cost: bytes, pages, the uncompressed size of a zip-based document, seconds.

Each limit is checked before the expensive work where it can be: the size before the file is
read, a zip's directory before anything is expanded (a zip bomb is refused, not opened), a
PDF's page count before its pages are read; the pages of every other format once it is
parsed. The time limit is kept by the worker that reads the file (`pipeline.workers`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from pipeline.document import Document
from pipeline.errors import LimitExceeded

MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 100 * MB
    max_pages: int = 1000
    max_unzipped_bytes: int = 200 * MB
    max_seconds: float = 600.0


DEFAULT_LIMITS = Limits()


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise LimitExceeded(f"The file is {size / MB:.1f} MB, more than the limit of {limits.max_bytes / MB:.1f} MB; "
                            "it was not read.")


def check_before_parsing(data: bytes, limits: Limits) -> None:
    """Refuse a zip bomb or a PDF with too many pages from its directory alone. A file damaged
    beyond these checks is left for its parser to describe."""
    check_size(len(data), limits)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                total = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            return
        if total > limits.max_unzipped_bytes:
            raise LimitExceeded(f"The document would expand to {total / MB:.0f} MB, more than the limit of "
                                f"{limits.max_unzipped_bytes / MB:.0f} MB; it was not opened.")
    elif b"%PDF-" in data[:1024]:
        check_pages(_pdf_pages(data), limits)


def check_pages(pages: int | None, limits: Limits) -> None:
    if pages is not None and pages > limits.max_pages:
        raise LimitExceeded(f"The document has {pages} pages, more than the limit of {limits.max_pages}; "
                            "it was not read.")


def check_document(document: Document, limits: Limits) -> None:
    check_pages(document.pages, limits)


def _pdf_pages(data: bytes) -> int | None:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:  # encrypted or damaged: the parser says which
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()
