"""The digital signatures of a PDF: who signed it, as the signature says, and when.

Offices issue documents by signing them digitally: the signer first, then the issuing body
itself, whose signature the clerk applies when giving the document its number and day
(Decree 30/2020/NĐ-CP, Phụ lục I). Each signature is a form field (`/FT /Sig`) whose value
states the signing time (`/M`) and, in the Vietnamese public-key services, the signer's
name in `/Name` or in its `/Reason` ("Bộ Công Thương đã ký lên văn bản này!").

These are the values the signature declares; the cryptographic signature itself is not
verified here.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSLiteral

from pipeline.document import Signature

# "D:20260402142426+07'00'": year to second, then the offset from UTC (Z, +hh'mm', -hh'mm')
_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)(\d\d)(\d\d)?(\d\d)?(\d\d)?(?:(Z)|([+-])(\d\d)'?(\d\d)?'?)?")
_MAX_FIELDS = 1000  # a form is walked no deeper than this many fields


def pdf_signatures(pdf) -> list[Signature]:
    """The signatures in the AcroForm of a pdfplumber PDF, in the order the form lists them;
    a damaged or unusual form gives what could be read of it."""
    try:
        form = resolve1(pdf.doc.catalog.get("AcroForm"))
        fields = list(resolve1(form.get("Fields")) or []) if isinstance(form, dict) else []
    except Exception:
        return []
    pages = {page.page_obj.pageid: number for number, page in enumerate(pdf.pages, 1)}
    found: list[Signature] = []
    seen = 0
    while fields and seen < _MAX_FIELDS:
        ref = fields.pop(0)
        seen += 1
        field = resolve1(ref)
        if not isinstance(field, dict):
            continue
        fields[:0] = list(resolve1(field.get("Kids")) or [])
        value = resolve1(field.get("V"))
        if _name(field.get("FT")) != "Sig" or not isinstance(value, dict):
            continue
        signed_at = _pdf_date(resolve1(value.get("M")))
        if signed_at is None:
            continue
        page = field.get("P")
        found.append(Signature(signed_at=signed_at,
                               signer=_text(value.get("Name")) or _text(value.get("Reason")),
                               page=pages.get(page.objid) if isinstance(page, PDFObjRef) else None))
    return found


def _name(value) -> str | None:
    value = resolve1(value)
    return value.name if isinstance(value, PSLiteral) else None


def _text(value) -> str | None:
    """A PDF text string: UTF-16 with its byte-order mark, or PDFDocEncoding (Latin-1 here)."""
    value = resolve1(value)
    if not isinstance(value, bytes):
        return None
    text = value[2:].decode("utf-16-be", "replace") if value.startswith(b"\xfe\xff") else value.decode("latin-1")
    return text.strip() or None


def _pdf_date(value) -> datetime | None:
    """A PDF date string as a datetime in the offset it states (UTC when it states none)."""
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    m = _PDF_DATE.match(text.strip()) if isinstance(text, str) else None
    if not m:
        return None
    offset = timedelta(0)
    if m[8]:
        offset = timedelta(hours=int(m[9]), minutes=int(m[10] or 0)) * (1 if m[8] == "+" else -1)
    try:
        return datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4] or 0), int(m[5] or 0), int(m[6] or 0),
                        tzinfo=timezone(offset))
    except ValueError:
        return None
