"""Numbers and dates that OCR could hardly read are left blank rather than stored wrong.

On a scan the number and the day are often written by hand or stamped over the print, and
Tesseract then reads "493" as "492" with a confidence near zero. A blank field with a warning
sends the clerk to the page; a plausible wrong number would be trusted and filed.
"""

from __future__ import annotations

import re

from pipeline.document import Document
from extract.record import Metadata

CHECKED_FIELDS = ("number", "issued_date")  # values made of digits, which no word list can check
_DIGIT = re.compile(r"\d")


def withhold_doubtful(meta: Metadata, document: Document) -> Metadata:
    """`meta` with each checked field blanked (and a warning added) when its passage holds a
    word with digits that OCR flagged as doubtful."""
    for name in CHECKED_FIELDS:
        span = meta.spans.get(name)
        if getattr(meta, name) is None or span is None:
            continue
        passage = document.text[span.start:span.end]
        words = [word for block in document.blocks if block.doubtful and block.start <= span.start < block.end
                 for word in block.doubtful if _DIGIT.search(word) and word in passage]
        if words:
            meta.warnings.append(f"{name} {getattr(meta, name)} left blank: OCR could hardly read "
                                 f"{', '.join(repr(w) for w in words)} (handwriting or a stamp?); check the page")
            setattr(meta, name, None)
    return meta
