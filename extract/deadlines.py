"""Deadlines in Vietnamese administrative text: find the phrases, resolve them to dates.

The vocabulary and the patterns are data (`extract/data/deadlines.yaml`); this module compiles them, picks
non-overlapping matches ("atoms"), joins atoms that belong together ("định kỳ hằng năm (trước ngày 10/12)",
"từ năm 2026 đến năm 2030") and resolves each group under the rules of SCHEMA.md:
- a day or month without a year takes the year of the document, or the next year when it would fall before the
  document's date; a recurring deadline ends at its first occurrence on or after the document's date;
- what needs the document's date (a day of the month alone, a weekday, "trong 10 ngày kể từ ngày ký",
  "trong quý") has null dates when the date is unknown; the phrase is still returned with its recurrence.
Text is expected in NFC (`pipeline.text.normalize`); offsets are into the text as given.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import NamedTuple
from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule

from extract.datafiles import load_data
from extract.record import Deadline, Span
from extract.units import led_by_first_letters

_PERIOD_KINDS = {"day", "weekday", "month", "quarter", "part", "year", "year_range", "current", "relative"}
_MARKER_KINDS = {"recurrence", "periodic"}
_DATED_KINDS = {"day", "month", "quarter", "part", "year"}
_MODES = ("by", "until", "from", "within")
_FRAGMENT = re.compile(r"\{([A-Z]+)\}")


@dataclass(frozen=True)  # atoms are shared by the readings of the same text
class _Atom:
    rule: str
    kind: str
    start: int
    end: int
    groups: dict
    mode: str | None = None
    timed: bool = False
    recurrence: str | None = None
    next_year: bool = False


class _Pattern(NamedTuple):
    rule: str
    kind: str
    needs_lead: bool
    leads: list[str] | None
    regex: re.Pattern
    core: re.Pattern  # every match holds one: a text without any (most) is not scanned with the lead-ins
    recurrence: str | None  # what the pattern itself means ("ngày 20 của tháng cuối quý": every quarter)
    mode: str | None  # the same ("năm 2026 và các năm tiếp theo": from 2026 on)


@dataclass
class _Grammar:
    patterns: list[_Pattern]
    data: dict
    next_year: re.Pattern
    not_before: list[re.Pattern]
    not_before_bare: list[re.Pattern]
    not_after: list[re.Pattern]
    qualified: re.Pattern
    recurrence_qualified: re.Pattern
    clause_start: re.Pattern
    anchors: re.Pattern
    list_gap: re.Pattern
    run_gap: re.Pattern
    rank: dict = field(default_factory=dict)


def _alternation(items: list[str]) -> str:
    return "|".join(f"(?:{item})" for item in items)


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    data = load_data("deadlines.yaml")
    fragments = {name: re.sub(r"\s*\n\s*", "", value) for name, value in data["fragments"].items()}
    fragments["RECURRENCE"] = "|".join(
        f"(?P<rec_{name}>{_alternation(words)})" for name, words in data["recurrence_words"].items()
    )
    leads = "|".join(f"(?P<{mode}>{_alternation(data['lead_ins'][mode])})" for mode in _MODES)
    lead = rf"(?P<lead>(?:(?:{_alternation(data['lead_verbs'])})\s+)?(?:{leads})\s+)?"
    timed = rf"(?:(?P<time>{fragments['TIME']})\s+)?"
    patterns = []
    for spec in data["patterns"]:
        core = _FRAGMENT.sub(lambda m: fragments[m[1]], re.sub(r"\s*\n\s*", "", spec["regex"]))
        regex = led_by_first_letters(rf"(?<!\w){lead}{timed}(?:{core})", re.IGNORECASE)
        patterns.append(_Pattern(spec["id"], spec["kind"], spec.get("needs_lead", False), spec.get("leads"), regex,
                                 led_by_first_letters(core, re.IGNORECASE), spec.get("recurrence"), spec.get("mode")))
    return _Grammar(
        patterns=patterns,
        data=data,
        next_year=re.compile(_alternation(data["next_year_words"]), re.IGNORECASE),
        not_before=[re.compile(p) for p in data["not_before"]],
        not_before_bare=[re.compile(p) for p in data["not_before_bare"]],
        not_after=[re.compile(p) for p in data["not_after"]],
        qualified=re.compile(rf"(?:{_alternation(data['qualified_by'])})\s*$", re.IGNORECASE),
        recurrence_qualified=re.compile(rf"(?:{_alternation(data['recurrence_qualified_by'])})\s*$", re.IGNORECASE),
        clause_start=re.compile(rf"(?:{data['clause_breaks']})\s*$"),
        anchors=re.compile(rf"^(?:{_alternation(data['relative_anchors'])})$", re.IGNORECASE),
        list_gap=re.compile(data["list_gap"], re.IGNORECASE),
        run_gap=re.compile(data["run_gap"], re.IGNORECASE),
        rank={name: i for i, name in enumerate(data["recurrence_order"])},
    )


def _atoms(text: str, strict: bool) -> list[_Atom]:
    """Every pattern match, then the leftmost-longest ones that do not overlap."""
    return list(_atoms_of(text, strict))


@lru_cache(maxsize=4096)  # a duty is read again when its clause is
def _atoms_of(text: str, strict: bool) -> tuple[_Atom, ...]:
    g = _grammar()
    found = []
    for rule, kind, needs_lead, leads, regex, core, implied, implied_mode in g.patterns:
        if not core.search(text):
            continue
        for m in regex.finditer(text):
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            mode = implied_mode or next((mode for mode in _MODES if mode in groups), None)
            if (needs_lead and not mode) or (leads and mode not in leads):
                continue
            recurring = kind == "recurrence"
            found.append(_Atom(rule, kind, m.start(), m.end(), groups, mode, timed="time" in groups,
                               recurrence=next(k[4:] for k in groups if k.startswith("rec_")) if recurring else implied,
                               next_year=recurring and bool(g.next_year.search(m[0]))))
    found.sort(key=lambda a: (a.start, -a.end))
    chosen: list[_Atom] = []
    for atom in found:
        if not chosen or atom.start >= chosen[-1].end:
            chosen.append(atom)
    # a cited date is dropped whole, not read again through a shorter pattern inside it
    return tuple(a for a in chosen if not (strict and _cited(text, a)))


def _cited(text: str, atom: _Atom) -> bool:
    """A date that belongs to a cited document, a law's name or a past meeting, not to a duty."""
    g = _grammar()
    before, after = text[: atom.start], text[atom.end :]
    rules = g.not_before + ([] if atom.mode else g.not_before_bare)
    return any(r.search(before) for r in rules) or any(r.search(after) for r in g.not_after)


def _joinable(text: str, left: _Atom, right: _Atom) -> bool:
    """Atoms that make one deadline: a recurrence and its day, a list of recurrences, "từ ... đến ..."."""
    gap = text[left.end : right.start]
    if text[right.start].isupper():  # a new sentence or cell
        return False
    tight = re.fullmatch(r"[\s()]*", gap) is not None
    listed = _grammar().list_gap.fullmatch(gap) is not None
    markers = {left.kind, right.kind} & _MARKER_KINDS
    if markers and tight:
        return True
    # "Hằng năm, trước ngày 15/12": a day without a year after a recurrence is its day
    if left.kind in _MARKER_KINDS and right.kind == "day" and "y" not in right.groups:
        return re.fullmatch(r"\s*,?\s*", gap) is not None
    if left.kind in _MARKER_KINDS and right.kind in _MARKER_KINDS:
        return listed
    # "thường xuyên từ nay đến hết tháng 02/2025": a recurrence and the end of its run
    if left.kind == "recurrence" and right.mode in ("until", "by"):
        return _grammar().run_gap.fullmatch(gap) is not None
    if left.kind == right.kind == "weekday":
        return listed
    # "trước ngày 31/12/2025 và hằng năm": the first time, then every year
    if left.kind == "day" and right.kind == "recurrence":
        return listed and not tight
    # "Từ 01/12/2025 - 31/12/2025", "Tháng 12/2025 - tháng 02/2026": a dash between two dates spans them
    if left.kind in _DATED_KINDS and right.kind in _DATED_KINDS and left.mode in (None, "from") \
            and right.mode is None and re.fullmatch(r"\s*[-–]\s*", gap):
        return True
    return left.mode == "from" and right.mode in ("until", "by") and tight


def _groups(text: str, atoms: list[_Atom]) -> list[list[_Atom]]:
    groups: list[list[_Atom]] = []
    for atom in atoms:
        if groups and _joinable(text, groups[-1][-1], atom):
            groups[-1].append(atom)
        else:
            groups.append([atom])
    return groups


def _month_range(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), date(year, last, monthrange(year, last)[1])


def _numbers(listing: str) -> list[int]:
    roman = _grammar().data["roman"]
    return [roman.get(tok.upper()) or int(tok) for tok in re.findall(r"\b(?:[IV]+|\d+)\b", listing, re.I)]


def _working_days_after(start: date, count: int) -> date:
    days = rrule(DAILY, dtstart=start + relativedelta(days=1), byweekday=(MO, TU, WE, TH, FR), count=count)
    return list(days)[-1].date()


def _period(atom: _Atom, doc_date: date | None, year: int | None, shift: int,
            latest: date | None = None) -> tuple[date, date] | None:
    """The days an atom names, before its lead-in is applied; None when they cannot be known.
    A day of each week or month comes after the document's date, or after `latest`, the last
    day a draft with a blank day can bear: its first occurrence surely after the signing."""
    g, kind = atom.groups, atom.kind
    try:
        if kind == "year_range":
            return date(int(g["y"]), 1, 1), date(int(g["y2"]), 12, 31)
        if kind == "relative":
            return _relative(atom, doc_date)
        anchor = doc_date or latest
        if kind == "weekday":
            if anchor is None or "nth" in g:
                return None
            weekdays = _grammar().data["weekdays"]
            day = anchor + relativedelta(weekday=weekdays[re.sub(r"\s+", " ", g["wd"].lower())])
            return day, day
        if kind == "day" and "quarter_month" in g:
            return _day_of_quarter(int(g["d"]), g["quarter_month"], anchor) if anchor else None
        if kind == "day" and "m" not in g:
            if anchor is None:
                return None
            day = anchor + relativedelta(day=int(g["d"]))
            day = day if day >= anchor else anchor + relativedelta(months=1, day=int(g["d"]))
            return day, day
        if kind == "current":
            return _current(_period_unit(g["unit"]), doc_date, year)
        explicit = g.get("y") or g.get("y2")
        if explicit:
            return _dated(kind, g, int(explicit))
        if year is None:
            return None
        span = _dated(kind, g, year + shift)
        if not shift and doc_date and span[1] < doc_date:
            span = _dated(kind, g, year + 1)
        return span
    except (ValueError, KeyError):
        return None


def _day_of_quarter(day: int, which: str, anchor: date) -> tuple[date, date]:
    """"ngày 20 của tháng cuối quý": that day of the last (or first) month of each quarter, its first
    occurrence on or after `anchor`."""
    months = _grammar().data["quarter_months"][which.lower()]
    candidates = (anchor + relativedelta(months=ahead, day=day) for ahead in range(4))  # one quarter on
    return next((c, c) for c in candidates if c.month in months and c >= anchor)


def _dated(kind: str, g: dict, year: int) -> tuple[date, date]:
    """A day, months, quarters, part of a year or a year, in a given year."""
    if kind == "day":
        return (date(year, int(g["m"]), int(g["d"])),) * 2
    if kind == "month":
        months = _numbers(g["months"])
        first, last = _month_range(year, min(months), max(months))
        if g.get("month_part") and len(months) == 1:  # "đầu tháng 4", "tuần cuối tháng 6": days of the month
            start, end = _grammar().data["month_parts"][re.sub(r"\s+", " ", g["month_part"].lower())]
            return (first.replace(day=start) if start > 0 else last + relativedelta(days=start),
                    last + relativedelta(days=end) if end <= 0 else first.replace(day=end))
        return first, last
    if kind == "quarter":
        quarters = _numbers(g["quarters"])
        return _month_range(year, 3 * min(quarters) - 2, 3 * max(quarters))
    if kind == "part":
        first, last = _grammar().data["year_parts"][re.sub(r"\s+", " ", g["part"].lower())]
        return _month_range(year, first, last)
    return _month_range(year, 1, 12)


def _period_unit(word: str) -> str:
    """What a unit word of a period counts ("tháng" -> "months"; `period_units` of the data)."""
    return _grammar().data["period_units"][re.sub(r"\s+", " ", word.lower())]


def _current(unit: str, doc_date: date | None, year: int | None) -> tuple[date, date] | None:
    """"trong ngày", "trong quý", "trong tháng", "trong năm": the period of the document's date."""
    if unit == "years":
        return _month_range(year, 1, 12) if year else None
    if doc_date is None:
        return None
    if unit == "days":
        return doc_date, doc_date
    if unit == "months":
        return _month_range(doc_date.year, doc_date.month, doc_date.month)
    first = 3 * ((doc_date.month - 1) // 3) + 1
    return _month_range(doc_date.year, first, first + 2)


def _relative(atom: _Atom, doc_date: date | None) -> tuple[date | None, date] | None:
    """"trong 10 ngày kể từ ngày ký": counted from the document's date, the only anchor known here."""
    g = atom.groups
    anchor = g.get("anchor", "").strip()
    if doc_date is None or not anchor or not _grammar().anchors.match(anchor):
        return None
    n, unit = int(g["n"]), _period_unit(g["unit"])
    if unit == "working_days":
        return doc_date, _working_days_after(doc_date, n)
    return doc_date, doc_date + relativedelta(**{unit: n})


def _resolve(text: str, group: list[_Atom], doc_date: date | None, doc_year: int | None,
             span: tuple[int, int], doc_month: int | None = None) -> Deadline:
    g = _grammar()
    recurrences = [a.recurrence for a in group if a.recurrence]
    recurrence = min(recurrences, key=g.rank.__getitem__) if recurrences else None
    shift = 1 if any(a.next_year for a in group) else 0
    year = doc_date.year if doc_date else doc_year
    latest = _month_range(year, doc_month, doc_month)[1] if year and doc_month and not doc_date else None
    starts, ends = [], []
    for atom in group:
        if atom.kind not in _PERIOD_KINDS:
            continue
        period = _period(atom, doc_date, year, shift, latest)
        if period is None:
            continue
        first, last = period
        # "từ 8 giờ ngày ...": the lead-in governs the hour; "từ năm 2026 đến năm 2030": the range's own start
        ranged = atom.timed or atom.kind == "year_range" or len(_numbers(atom.groups.get("months", "")
                                                                         or atom.groups.get("quarters", ""))) > 1
        mode = "within" if ranged and atom.mode == "from" else atom.mode
        if mode in ("by", "until"):
            first = None
        elif mode == "from":
            last = None
        starts += [first] if first else []
        ends += [last] if last else []
    start, end = (min(starts) if starts else None), (max(ends) if ends else None)
    rule = "+".join(a.rule for a in group)
    return Deadline(text=text, start=start, end=end, recurrence=recurrence,
                    span=Span(page=None, start=span[0], end=span[1], rule=rule))


def _qualifies(text: str, atom: _Atom) -> bool:
    """A recurrence inside a clause right after a noun of budgets, plans or news qualifies that noun ("dự
    toán ngân sách hằng năm", "nguồn chi thường xuyên năm 2025"): it is no part of a deadline."""
    g = _grammar()
    before = text[:atom.start]
    return atom.kind == "recurrence" and not (g.clause_start.search(before) or text[atom.start].isupper()) \
        and bool(g.recurrence_qualified.search(before))


def _stands_apart(text: str, group: list[_Atom]) -> bool:
    """Whether a group passes the prose checks: a bare period must stand apart, "thường xuyên" lead a clause."""
    g = _grammar()
    first, last = group[0], group[-1]
    before, after = text[: first.start], text[last.end :]
    at_head = bool(g.clause_start.search(before)) or text[first.start].isupper()
    if len(group) == 1 and {first.recurrence, first.kind} & set(g.data["head_only"]):
        return at_head
    bare = all(a.mode is None and a.kind in g.data["bare_kinds"] for a in group)
    if not bare:
        return True
    if g.qualified.search(before):
        return False
    at_tail = re.match(r"\s*(?:[.;,)\n]|$)", after) is not None
    return at_head or at_tail


def _past(deadline: Deadline, doc_date: date | None, doc_year: int | None) -> bool:
    """A period over before the document was written is an account of the past, not a deadline it sets."""
    last = deadline.end or deadline.start
    reference = doc_date or (date(doc_year, 1, 1) if doc_year else None)
    if deadline.end is None and last and reference and last.year >= reference.year:
        return False  # "từ năm 2025": from this year on, not over
    return bool(last and reference and last < reference)


def find_deadlines(text: str, doc_date: date | None = None, doc_year: int | None = None,
                   doc_month: int | None = None) -> list[Deadline]:
    """Every deadline phrase of a sentence or a table cell, in order of position. `doc_month`
    is the month printed beside a blank day (an unsigned draft).

    Left out: dates of cited documents, laws and past meetings, periods over before the document's date,
    a bare period ("năm 2025") or a recurrence inside a phrase it qualifies ("dự toán ngân sách hằng năm"),
    and "thường xuyên" that does not lead a clause.
    """
    found: list[tuple[list[_Atom], Deadline]] = []
    atoms = [a for a in _atoms(text, strict=True) if not _qualifies(text, a)]
    for group in _groups(text, atoms):
        if not _stands_apart(text, group):
            continue
        start, end = group[0].start, group[-1].end
        if text.count("(", start, end) > text.count(")", start, end) and text.startswith(")", end):
            end += 1
        deadline = _resolve(text[start:end], group, doc_date, doc_year, (start, end), doc_month)
        if not _past(deadline, doc_date, doc_year):
            found.append((group, deadline))
    return _recurring_days(text, found)


def _recurring_days(text: str, found: list[tuple[list[_Atom], Deadline]]) -> list[Deadline]:
    """"Định kỳ hằng tháng, gửi báo cáo ... trước ngày 25": a day that leaves out the month (a weekday, a date
    that leaves out the year) in the clause of a monthly (weekly, yearly) recurrence is the day it recurs on;
    the two make one deadline, under the day's phrase."""
    deadlines = [deadline for _, deadline in found]
    markers = [d for group, d in found if d.recurrence and all(a.kind in _MARKER_KINDS for a in group)]
    used = set()
    for i, (group, deadline) in enumerate(found):
        if deadline.recurrence or deadline.end is None:
            continue
        for marker in markers:
            left, right = sorted((deadline.span, marker.span), key=lambda span: span.start)
            if _repeats_over(group, marker.recurrence) and not re.search(r"[.;]", text[left.end:right.start]):
                deadlines[i] = replace(deadline, recurrence=marker.recurrence)
                used.add(id(marker))
                break
    return [d for d in deadlines if id(d) not in used]


def _repeats_over(group: list[_Atom], recurrence: str) -> bool:
    """Whether the dates of a group leave out what a recurrence repeats over: the week of a weekly one
    ("ngày thứ Sáu"), the month of a monthly one ("ngày 25"), the year of a yearly one ("ngày 15/12")."""
    kinds = {a.kind for a in group}
    missing = {k for a in group for k in ("m", "y") if a.kind in ("day", "month") and k not in a.groups
               and not (k == "y" and "y2" in a.groups)}
    if recurrence == "weekly":
        return kinds == {"weekday"}
    if recurrence == "monthly":
        return kinds == {"day"} and "m" in missing and not any("quarter_month" in a.groups for a in group)
    if recurrence == "yearly":
        return kinds <= {"day", "month"} and "y" in missing
    return False


def parse_deadline(phrase: str, doc_date: date | None = None, doc_year: int | None = None,
                   doc_month: int | None = None) -> Deadline | None:
    """Read a phrase already known to be a deadline (a table cell, a gold text); None if nothing is in it."""
    atoms = _atoms(phrase, strict=False)
    if not atoms:
        return None
    stripped = phrase.strip()
    offset = phrase.index(stripped) if stripped else 0
    return _resolve(stripped, atoms, doc_date, doc_year, (offset, offset + len(stripped)), doc_month)
