"""The day of issue read from the issuing body's digital signature when the page does not give it.

On a document issued electronically the clerk gives the number and the day and the issuing
body signs it at once (Decree 30/2020/NĐ-CP, Phụ lục I: the body's signature shows the signing
time). When a date line's day is written by hand, stamped or left to the signature, the page
gives no day that can be read, but the signature does. Its day is taken only when it agrees
with the month and year the date line prints; the body's own signature comes before its
officials' ones, and of several, the earliest is the day of issue (later ones sign copies).
"""

from __future__ import annotations

from pipeline.document import Document, Signature
from pipeline.text import fold
from extract.record import Metadata, Span

RULE = "signature.date"


def date_from_signature(meta: Metadata, document: Document) -> Metadata:
    """`meta` with `issued_date` set from a signature that agrees with the date line, when the
    date line gives none; a warning says where the day came from."""
    if meta.issued_date is not None or meta.year is None or not document.signatures:
        return meta
    agreeing = [s for s in document.signatures if _agrees(meta, s)]
    if not agreeing:
        return meta
    issuer = fold(meta.issuer) if meta.issuer else None
    chosen = min(agreeing, key=lambda s: (not (issuer and s.signer and issuer in fold(s.signer)), s.signed_at))
    meta.issued_date = chosen.signed_at.date()
    line = meta.spans.get("place")
    meta.spans["issued_date"] = Span(line.page, line.start, line.end, RULE) if line else Span(chosen.page, 0, 0, RULE)
    meta.warnings.append(f"issued_date {meta.issued_date.isoformat()} read from the digital signature"
                         f"{f' of {chosen.signer!r}' if chosen.signer else ''} signed "
                         f"{chosen.signed_at.isoformat(sep=' ')}: the date line gives no readable day")
    return meta


def _agrees(meta: Metadata, signature: Signature) -> bool:
    day = signature.signed_at.date()
    return day.year == meta.year and (meta.month is None or day.month == meta.month)
