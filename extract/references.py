"""Documents cited in the text: "Chỉ thị số 11-CT/TU ngày 04/01/2026", "Nghị định số 180/2026/NĐ-CP",
"Luật Đất đai số 31/2024/QH15", "Văn bản số 4250/BNNMT-ĐCKS ngày 29/4/2026".

A citation is a type name (data: `doc_types.yaml`), for laws and codes their name, an optional "số", a
number with its symbol, and an optional date. Drafts that cite themselves with a blank number
("Kế hoạch số: /KH-UBND") cite nothing.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from extract.datafiles import load_data
from extract.record import Reference, Span
from extract.units import grouped_alternation, led_by_first_letters
from pipeline.document import Document
from pipeline.text import fold

_NUMBER = r"\d+(?:\s*/\s*\d{4})?\s*[/-]\s*[^\W\d_][\w&.\-/]*\w"
_NUMBERS = re.compile(_NUMBER)
# How far before a number its citation may begin (a law's name of up to 20 words) and after it end (its date).
_BEFORE, _AFTER = 500, 100


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern, dict[str, str]]:
    types = load_data("doc_types.yaml")
    citation = types["citation"]
    entries = types["cited"] + types["administrative"]
    names = {fold(e["name"]): e["name"] for e in entries}
    named = sorted({e["name"] for e in entries if e.get("named")}, key=len, reverse=True)
    plain = sorted(set(names.values()) - set(named), key=len, reverse=True)
    words = lambda xs: grouped_alternation([r"\s+".join(map(re.escape, x.split())) for x in xs], ignorecase=True)  # noqa: E731
    pattern = led_by_first_letters(
        rf"(?<!\w)(?:(?P<named>{words(named)})(?P<title>(?:\s+[^\W\d][\w,\-–]*){{1,20}}?)?|(?P<plain>{words(plain)}))"
        rf"\s+(?:{citation['number_label']})?(?P<number>{_NUMBER})"
        rf"(?:\s*,?\s*{citation['date_label']}(?P<date>{citation['date']}))?",
        re.IGNORECASE,
    )
    return pattern, names


def _date(text: str | None) -> date | None:
    if not text:
        return None
    day, month, year = (int(n) for n in re.findall(r"\d+", text))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _around_numbers(text: str) -> list[tuple[int, int]]:
    """The stretches of a text where a citation may stand: around each number with a symbol ("104/KH-UBND"),
    stretches that meet made one. Scanning them alone finds what scanning the whole text does, in a
    fraction of the time: most of a document cites nothing."""
    stretches: list[list[int]] = []
    for m in _NUMBERS.finditer(text):
        lo, hi = max(0, m.start() - _BEFORE), min(len(text), m.end() + _AFTER)
        if stretches and lo <= stretches[-1][1]:
            stretches[-1][1] = hi
        else:
            stretches.append([lo, hi])
    return [(lo, hi) for lo, hi in stretches]


def find_references(document: Document, exclude: str | None = None) -> list[Reference]:
    """Each document cited in the text once, in order of first mention, with the date where any
    mention gives it. `exclude` is the document's own number (a self-citation is not a reference)."""
    pattern, names = _pattern()
    found: dict[tuple[str, str], Reference] = {}
    own = fold(exclude) if exclude else None
    text = document.text
    for m in (m for lo, hi in _around_numbers(text) for m in pattern.finditer(text, lo, hi)):
        kind = names[fold(re.sub(r"\s+", " ", m["named"] or m["plain"]))]
        number = re.sub(r"\s+", "", m["number"])
        if fold(number) == own:
            continue
        key = (fold(kind), fold(number))
        issued = _date(m["date"])
        if key in found:
            found[key].issued_date = found[key].issued_date or issued
            continue
        span = Span(document.page_of(m.start()), m.start(), m.end(), "citation")
        found[key] = Reference(text=re.sub(r"\s+", " ", m[0]), doc_type=kind, number=number, issued_date=issued, span=span)
    return list(found.values())
