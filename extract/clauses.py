"""Who a sentence assigns work to: the unit phrases of a clause ("Giao X chủ trì, phối hợp với Y ...",
"Đề nghị X ...", "X có trách nhiệm ..."), read by the words of `data/tasks.yaml`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from types import MappingProxyType

from extract.datafiles import load_data
from extract.deadlines import find_deadlines
from extract.units import CAPITALISED, UnitRegistry, grouped_alternation, split_units
from pipeline.text import fold

MAX_BARE_UNIT_WORDS = 14
MAX_TIME_WORDS = 6  # "Trong quý I năm 2027": a time that opens a sentence is short
MAX_ADVERBIAL_WORDS = 14  # "Căn cứ Kế hoạch này, ..." is short; a cited legal basis is not
MAX_BASIS_WORDS = 60  # "Thực hiện Công văn số ... của ... về ..., Bộ X đề nghị ...": the basis a request follows


class Words(tuple):
    """Folded words, longest first (the first that matches is the longest), with one pattern that
    tries them in that order at a place, as a whole word: a clause is tried against each list at many
    places."""

    def __new__(cls, words):
        return super().__new__(cls, sorted(dict.fromkeys(fold(w) for w in words), key=len, reverse=True))

    def __init__(self, words):
        alternation = grouped_alternation(list(map(re.escape, self)), ignorecase=False) if self else "(?!)"
        self.match = re.compile(rf"(?:{alternation})(?![^\W_])").match  # not followed by a letter or digit


@dataclass(frozen=True)
class Rules:
    """The lists of `data/tasks.yaml` (with those of its `sections`), each as `Words`, a mapping of them
    or, for words compared as written, a tuple; the province levels of `data/levels.yaml`, the roles and the
    articles of `data/units.yaml` (a unit phrase may begin with one in lower case, "các cơ quan ...", and a unit head
    after one belongs to the same unit, "các cơ quan, tổ chức liên quan")."""

    without_tasks: Words
    named_unit_sections: Words
    with_tasks: Words
    result_phrases: Words
    retrospective_types: tuple[str, ...]
    assign_openers: Words
    handing_words: Words
    heading_openers: Words
    requested_after: Words
    articles: Words
    unit_roles: Words
    list_joiners: Words
    nominalisers: Words
    lead_markers: Words
    support_markers: Words
    support_openers: Words
    responsibility_markers: Words
    unit_heads: Words
    predicate_words: Words
    account_predicates: Words
    execution_clauses: Words
    legal_basis: Words
    basis_openers: Words
    basis_documents: Words
    body_end: Words
    invitation_words: Words
    attachment_titles: Words
    attachment_openers: Words
    not_unit_starts: Words
    unit_tails: Words
    closing_tails: Words
    after_closing_tails: Words
    role_heads: Words
    adverbial_starts: Words
    inner_openers: Words
    opener_adverbs: Words
    past_markers: Words
    passive_past: Words
    consequence_openers: Words
    province_levels: Words
    introducer_words: Words
    member_classes: Words
    topic_starts: Words
    list_endings: Words
    table_pointers: Words
    directing_words: Words
    dated_openings: Words
    recurrence_openings: Words
    sanction_warnings: Words
    coordination_schemes: Words
    accountable_to: Words
    quoted_provisions: tuple[str, ...]
    province_scopes: Words
    not_task_tables: Words
    table_columns: Mapping[str, Words]


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = load_data("tasks.yaml")
    units = load_data("units.yaml")
    data = {**data, **data["sections"], "province_levels": load_data("levels.yaml")["province"],
            "articles": units["articles"], "unit_roles": units["roles"], "list_joiners": units["list_joiners"]}
    return Rules(**{f.name: _prepared(data[f.name], f.type) for f in fields(Rules)})


def _prepared(value, kind: str):
    """A list of the data as its field's annotation (`kind`) says: folded `Words`, a read-only mapping of
    them, or a tuple as written."""
    if kind == "Words":
        return Words(value)
    if isinstance(value, dict):
        return MappingProxyType({k: Words(v) for k, v in value.items()})
    return tuple(value)


# ---------------------------------------------------------------- unit phrases

def starts_with(folded: str, words: list[str], at: int = 0) -> str | None:
    """The first of `words` that `folded` (from offset `at`) begins with, as a whole word."""
    if isinstance(words, Words):
        m = words.match(folded, at)
        return m[0] if m else None
    for word in words:
        end = at + len(word)
        if folded.startswith(word, at) and (len(folded) == end or not folded[end].isalnum()):
            return word
    return None


_WORD_START = re.compile(r"(?<![\w/])\w")
_NOTE = re.compile(r"\([^()]*\)")  # a note on a unit, in parentheses: none of its words ends the phrase


@lru_cache(maxsize=1)
def _longest_phrase_word() -> int:
    r = rules()
    return max(len(w) for words in (r.unit_tails, r.predicate_words, r.account_predicates) for w in words)


@lru_cache(maxsize=1)
def _phrase_word_places() -> re.Pattern:
    """Where a word that may end a unit phrase or belong to its tail begins: the places `unit_phrase_end`
    looks at, found by one scan rather than tried at every word."""
    r = rules()
    words = sorted({*r.unit_tails, *r.predicate_words, *r.account_predicates}, key=len, reverse=True)
    return re.compile(rf"(?=(?:{grouped_alternation(list(map(re.escape, words)), ignorecase=False)})(?![^\W_]))")


def unit_phrase_end(text: str, start: int = 0, need_capital: bool = True) -> int | None:
    """End of the unit phrase that begins at `start`, or None when none begins there.

    A unit phrase begins with a unit head ("Sở", "Các cơ quan", "UBND"...) and ends
    before the first lower-case predicate word ("chủ trì", "tổ chức"...), a colon, or
    the end of the clause."""
    r = rules()
    head_text = text[start:]
    folded = folded_from(text, start)
    head = _unit_head(folded) or _registered_head(head_text, folded)
    if head is None:
        return None
    if need_capital and not (head_text[:1].isupper() or starts_with(folded, r.articles)):
        return None
    colon = _after_members(head_text, head_text.find(":"))
    limit = min(colon if colon > 0 else len(head_text), _next_clause(head_text, folded))
    tail_end = 0
    known = None  # read when first needed
    notes = [m.span() for m in _NOTE.finditer(head_text, 0, limit)] if "(" in head_text else []
    in_note = (lambda at: any(s < at < e for s, e in notes)) if notes else (lambda at: False)  # noqa: E731
    for m in _phrase_word_places().finditer(folded, len(head), limit + _longest_phrase_word() + 1):
        pos = m.start()
        if pos >= limit:
            break
        if pos < tail_end or head_text[pos].isupper() or not _WORD_START.match(head_text, pos) or in_note(pos):
            continue
        tail = starts_with(folded, r.unit_tails, pos)
        if tail:  # "... có liên quan" belongs to the unit, though "có" may be a verb
            tail_end = pos + len(tail)
            after = _skipped(head_text, tail_end, " ")
            if tail in r.closing_tails and after > tail_end and head_text[after:after + 1].islower() \
                    and not any(starts_with(folded, words, after) for words in (r.list_joiners, r.articles,
                                                                                 r.after_closing_tails)):
                return _checked(head_text, tail_end, head, start)
            continue
        if not (starts_with(folded, r.predicate_words, pos) or starts_with(folded, r.account_predicates, pos)):
            continue
        known = _listed_units(head_text[:limit]) if known is None else known
        if any(s < pos < e or s == pos > 0 for s, e, _ in known) or _after_article(folded, pos):
            continue  # inside a known unit ("cơ quan, tổ chức liên quan"); "các tổ chức" is a unit
        return _checked(head_text, _after_known(head_text, folded, known, pos), head, start)
    if colon > 0:
        return _checked(head_text, colon, head, start)
    known = _listed_units(head_text[:limit]) if known is None else known
    listed_end = _after_known(head_text, folded, known, limit)
    if listed_end < limit:  # registered units, then a lower-case word: their duty begins there
        return _checked(head_text, listed_end, head, start)
    verb = _first_verb(head_text, max(len(head), tail_end, known[-1][1] if known else 0))
    while verb is not None and in_note(verb):
        verb = _first_verb(head_text, next(e for s, e in notes if s < verb < e))
    if verb is not None:
        return _checked(head_text, verb, head, start)
    words = len(_NOTE.sub("", head_text).split())
    bare = words <= MAX_BARE_UNIT_WORDS or tail_end and not head_text[tail_end:].strip(" .;,:")
    if bare:  # the whole clause is a unit name
        return _checked(head_text, len(head_text), head, start)
    return None


def _unit_head(folded: str) -> str | None:
    """The unit head a folded phrase begins with, maybe after an article ("các trung tâm y tế huyện"):
    None when there is none, or when the words are a common phrase ("báo cáo", "các hội nghị")."""
    r = rules()
    head = starts_with(folded, r.unit_heads)
    if head is None:
        article = starts_with(folded, r.articles)
        noun = starts_with(folded, r.unit_heads, len(article) + 1) \
            if article and folded[len(article):len(article) + 1] == " " else None
        if noun is None:
            return None
        head = folded[:len(article) + 1 + len(noun)]
    if starts_with(folded, r.not_unit_starts):
        return None
    first = head.split(" ", 1)[0]
    if first != head and first in r.articles and starts_with(folded, r.not_unit_starts, len(first) + 1):
        return None  # "các hội nghị": no unit after its article either
    return head


def _registered_head(text: str, folded: str) -> str | None:
    """The words of a registered unit a phrase begins with ("Bảo hiểm xã hội tỉnh", "Viettel Lào Cai"),
    for units whose names begin with no head word."""
    if starts_with(folded, rules().unit_roles):
        return None  # "Phó Chủ tịch UBND tỉnh ...": a person, named by the office held
    registry = UnitRegistry.load()
    mention = next(iter(registry.listed(text)), None)
    if mention is None or mention.start != 0 or not registry.lookup(mention.text) or len(folded) < mention.end:
        return None
    return folded[:mention.end]


def _after_known(text: str, folded: str, known: tuple[tuple[int, int, bool], ...], pos: int) -> int:
    """Where a phrase of known units ends when a lower-case word the lists do not know follows a registered
    unit ("Đài Phát thanh và Truyền hình tỉnh | phản ánh kịp thời ..."), else `pos`, the predicate found.
    A class may go on in lower case ("tổ chức, cá nhân hoạt động khoáng sản")."""
    if not known or known[0][0] != 0 or known[-1][1] >= pos or not known[-1][2]:
        return pos
    end = known[-1][1]
    after = _skipped(text, end, " ")
    if after == end or not text[after:after + 1].islower():
        return pos
    r = rules()
    if any(starts_with(folded, words, after)
           for words in (r.unit_tails, r.list_joiners, r.articles, r.requested_after)):
        return pos  # "... có liên quan", "... và ...", "UBND tỉnh yêu cầu ..." (read by `_requested`)
    return end


@lru_cache(maxsize=4096)
def _listed_units(text: str) -> tuple[tuple[int, int, bool], ...]:
    """Spans of the known units (classes and registered units) listed from the start of a phrase, one
    after a comma after another ("các đơn vị, tổ chức, cá nhân quan tâm ..."): their words are no verbs.
    Each says whether it is a registered unit rather than a class."""
    spans: list[tuple[int, int, bool]] = []
    registry = UnitRegistry.load()
    for m in registry.listed(text):
        entry = registry.lookup(m.text) if m.kind != "class" else None
        if not (m.kind == "class" or entry):
            break
        spans.append((m.start, m.end, entry is not None and not entry.many))
    return tuple(spans)


def folded_from(text: str, start: int = 0) -> str:
    """`fold(text[start:])` with the offsets of `text[start:]`: the slice of the text folded once (folding
    keeps offsets unless it merges spaces; then the slice is folded, or lowered where that moves them)."""
    whole = _folded(text)
    if whole is not None:
        return whole[start:]
    head = text[start:]
    folded = fold(head)
    return folded if len(folded) == len(head) else head.lower()


@lru_cache(maxsize=4096)
def _folded(text: str) -> str | None:
    folded = fold(text)
    return folded if len(folded) == len(text) else None


def _after_article(folded: str, pos: int) -> bool:
    """Whether the word at `pos` follows an article ("các tổ chức" is a unit, not a verb) or a word that
    makes a noun of it ("có liên quan đến việc thực hiện ...": a topic, not the unit's duty)."""
    before = folded[:pos].split()
    return bool(before) and (before[-1] in rules().articles or before[-1] in rules().nominalisers)


def _next_clause(text: str, folded: str) -> int:
    """Where a ";" opens a clause that is not one more unit ("X; Y đưa ...; khuyến khích ...")."""
    for m in re.finditer(r";\s*", text):
        following = text[m.end():m.end() + 1]
        if following.islower() and not starts_with(folded[m.end():], rules().unit_heads):
            return m.start()
    return len(text)


_MEMBER = rf"{CAPITALISED}(?:\s+(?:{CAPITALISED}|\d+))*"
_MEMBERS = re.compile(rf":\s*{_MEMBER}(?:\s*,\s*{_MEMBER})*")


def _after_members(text: str, colon: int) -> int:
    """"UBND các xã: Tân Lập, Minh Lương:" names its members after a colon, and they belong to the unit:
    the colon that may end the unit phrase is then the next one (-1: none). A duty may follow the colon
    instead ("UBND các xã, phường: Lập danh sách ..."): then that colon ends it."""
    if colon <= 0 or not fold(text[:colon]).rstrip().endswith(tuple(rules().member_classes)):
        return colon
    m = _MEMBERS.match(text, colon)
    if not m or (m.end() < len(text) and text[m.end()] not in ": "):
        return colon
    if starts_with(_fold_from(text, _skipped(text, colon + 1, " ")), rules().predicate_words):
        return colon  # "UBND các xã, phường: Lập danh sách ...": a duty, not the names of members
    return text.find(":", m.end())


def _checked(text: str, end: int, head: str, start: int) -> int | None:
    """The unit phrase `text[:end]`, or None when it is a bare generic head ("Lãnh đạo, chỉ đạo ...",
    "Tổ chức ..." is a verb there, not a unit)."""
    phrase = text[:end].rstrip(" .;,:")
    if fold(phrase) == head and (" " not in head or head in rules().role_heads):
        return None
    return start + len(phrase)


@lru_cache(maxsize=4096)
def _first_verb(text: str, after: int) -> int | None:
    """Offset of the first lower-case verb past `after`, by underthesea's POS tagger: the
    fallback for predicates missing from the word list ("đăng tải", "vận hành"...)."""
    from underthesea import pos_tag

    pos = 0
    for word, tag in pos_tag(text):
        found = text.find(word, pos)
        if found < 0:
            continue
        pos = found + len(word)
        before = fold(text[:found])
        if found >= after and tag == "V" and word[:1].islower() and not _after_article(before, len(before)):
            return found
    return None


# ---------------------------------------------------------------- clauses

@dataclass
class Clause:
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    rest: str = ""
    rule: str = ""

    @property
    def request(self) -> bool:
        """Whether the clause asks for the work ("Đề nghị X ...") rather than hands it down ("Giao X ...")."""
        opener = f" {self.rule.removeprefix('opener:')} "
        return self.rule.startswith("opener:") and not any(f" {w} " in opener for w in rules().handing_words)


def parse_clause(text: str) -> Clause:
    """Who a clause assigns work to, and the work: "Giao Sở Nội vụ chủ trì, phối hợp với
    Sở Tài chính xây dựng ..." -> lead [Sở Nội vụ], support [Sở Tài chính], rest "xây dựng ..."."""
    lead, support, rest, rule = _parse_clause(text)
    return Clause(list(lead), list(support), rest, rule)


@lru_cache(maxsize=4096)  # a block's sentence is read as a whole, then again as a clause
def _parse_clause(text: str) -> tuple[tuple[str, ...], tuple[str, ...], str, str]:
    clause = _read_clause(text)
    return tuple(clause.lead), tuple(clause.support), clause.rest, clause.rule


def _read_clause(text: str) -> Clause:
    r = rules()
    text = text.strip()
    folded = fold(text)
    rule = "subject"
    pos = 0
    heading = starts_with(folded, r.heading_openers)
    opener = heading or starts_with(folded, r.assign_openers)
    if opener:
        pos = len(opener)
        while pos < len(text) and not text[pos].isalnum():
            pos += 1
        rule = "opener:" + opener
    elif "," in text[:200] and (starts_with(folded, r.adverbial_starts) or _time_adverbial(text)):
        # "Căn cứ Kế hoạch này, các cơ quan ... chủ động ...": the subject follows the adverbial. A longer one
        # (the document a letter answers) leads to the unit that asks ("Thực hiện Công điện số ... về ...,
        # Bộ Xây dựng đề nghị UBND các tỉnh ...").
        for m in re.finditer(r",\s*", text):
            words = len(text[:m.start()].split())
            if words > MAX_BASIS_WORDS:
                break
            end = unit_phrase_end(text, m.end())
            if end is not None and (words <= MAX_ADVERBIAL_WORDS or _asks(text, m.end(), end)):
                pos = m.end()
                rule = "subject-after-adverbial"
                break
    end = unit_phrase_end(text, pos, need_capital=not opener)
    if end is None:
        inner = _inner_opener(text) if starts_with(folded, r.adverbial_starts) else None
        if inner is None:
            return Clause(rest=text)
        opener, pos, end = inner
        rule = "opener:" + opener
    pos, end, rule = _requested(text, pos, end, rule)
    tail = _skipped(text, end, " ,:")
    after = _fold_from(text, tail)
    if starts_with(after, r.account_predicates) or heading and text[tail:].strip(" .;:") and not any(
            starts_with(after, words) for words in (r.predicate_words, r.lead_markers, r.support_markers)):
        return Clause(rest=text)  # "Đối với UBND cấp xã: có kết quả ...": whom a criterion concerns
    clause = Clause(lead=split_units(text[pos:end]), rule=rule)
    return _markers(text, tail, clause)


def _time_adverbial(text: str) -> bool:
    """Whether a sentence opens with a time before a comma ("Quý I/2027, các cơ quan ...", "Hằng năm, Sở
    Tài chính ..."): a period to come or a recurrence, not a day that has passed ("Ngày 12/5/2023, ...")
    nor a time the sentence tells what was done in ("Năm 2025, các đơn vị đã triển khai ...")."""
    comma = text.index(",")
    head = text[:comma].strip()
    if not head or len(head.split()) > MAX_TIME_WORDS or fold(head).startswith(tuple(rules().dated_openings)):
        return False
    if not any(c.isdigit() for c in head) and not starts_with(fold(head), rules().recurrence_openings):
        return False  # neither a date nor a recurrence: no time (and no need to read one)
    after = f" {fold(text[comma + 1:comma + 80])} "
    if any(f" {word} " in after for word in rules().past_markers):
        return False
    return any(len(found.text) >= len(head) - 1 for found in find_deadlines(head))


@lru_cache(maxsize=1)
def _requested_after() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((opener, re.compile(rf"\s{opener}\s+")) for opener in rules().requested_after)


def _asks(text: str, start: int, end: int) -> bool:
    """Whether the unit phrase `text[start:end]` asks or hands work to others ("Bộ X đề nghị UBND ...")."""
    return _requested(text, start, end, "")[2] != "" or \
        bool(starts_with(_fold_from(text, _skipped(text, end, " ")), rules().requested_after))


def _requested(text: str, pos: int, end: int, rule: str) -> tuple[int, int, str]:
    """"Bộ Công Thương đề nghị UBND các tỉnh ...": the unit asked, not the one asking, leads; the start and
    end of its unit phrase, and the rule."""
    phrase = fold(text[pos:end])
    for opener, pattern in _requested_after():
        m = pattern.search(phrase)
        asked = m and len(text) == len(fold(text)) and unit_phrase_end(text, pos + m.end(), need_capital=False)
        if asked:
            return pos + m.end(), asked, "opener:" + opener
    return pos, end, rule


def _inner_opener(text: str) -> tuple[str, int, int] | None:
    """A request after an adverbial ("Về nội dung này, kính đề nghị Bộ Tài chính ..."; past a verb it is
    the duty's own content, "..., yêu cầu các hộ dân ..."): the opener, and
    the start and end of the unit phrase it governs. An account of a past request ("đã đề nghị")
    is none."""
    r = rules()
    for m in _inner_places().finditer(text):
        pos = m.end()
        folded = folded_from(text, pos)
        adverb = starts_with(folded, r.opener_adverbs)
        if adverb:
            pos += len(adverb) + 1
            folded = folded_from(text, pos)
        opener = starts_with(folded, r.inner_openers)
        unpunctuated = not m.group().startswith(",")
        if opener is None or unpunctuated and opener not in r.handing_words:
            continue
        before = fold(text[:m.start()]).split()
        if any(w in before for w in r.past_markers):
            return None
        pos += len(opener)
        while pos < len(text) and not text[pos].isalnum():
            pos += 1
        end = unit_phrase_end(text, pos, need_capital=False)
        if end is not None and (not unpunctuated or starts_with(_fold_from(text, _skipped(text, end, " ,")),
                                                                r.lead_markers)):
            return opener, pos, end
    return None


@lru_cache(maxsize=1)
def _inner_places() -> re.Pattern:
    """Where an inner opener may stand: after a comma, or a handing word after a space."""
    handing = "|".join(re.escape(w) for w in rules().inner_openers if w in rules().handing_words)
    return re.compile(rf",\s*|\s(?=(?:{handing})\s)", re.IGNORECASE)


def _markers(text: str, pos: int, clause: Clause) -> Clause:
    """Read "chủ trì", "phối hợp với Y", "có trách nhiệm" after the subject, from `pos` of the clause; after
    "chủ trì", "cùng với Y" names cooperating units too ("Sở Nội vụ chủ trì cùng với các đơn vị ...")."""
    r = rules()
    led = False
    while True:
        folded = _fold_from(text, pos)
        lead = starts_with(folded, r.lead_markers)
        if lead:
            pos = _skipped(text, pos + len(lead), " ,")
            led = True
            continue
        resp = starts_with(folded, r.responsibility_markers)
        if resp:
            pos = _skipped(text, pos + len(resp), " ,:")
            continue
        support = starts_with(folded, r.support_markers) or led and starts_with(folded, r.support_openers)
        if support:
            after = _skipped(text, pos + len(support), " ,")
            end = unit_phrase_end(text, after, need_capital=False)
            if end is not None:
                clause.support.extend(split_units(text[after:end]))
                pos = _skipped(text, end, " ,:")
                continue
        break
    clause.rest = text[pos:].strip()
    return clause


def _skipped(text: str, pos: int, chars: str) -> int:
    """`pos` moved past the `chars` that follow it (`text[pos:].lstrip(chars)` begins there)."""
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def _fold_from(text: str, start: int) -> str:
    """`fold(text[start:])`, sliced from the fold of the whole clause where that gives the same: the
    markers are read from one place after another of one clause."""
    whole = _folded(text)
    if whole is not None and not text[start:start + 1].isspace():
        return whole[start:]
    return fold(text[start:])


@lru_cache(maxsize=1)
def _inline_support() -> re.Pattern:
    """The support markers anywhere in a duty, the support openers at its start; each followed by a space."""
    words = lambda ws: "|".join(r"\s+".join(map(re.escape, w.split())) for w in ws)  # noqa: E731
    r = rules()
    return re.compile(rf"(?<!\w)(?:{words(r.support_markers)})\s+|^(?:{words(r.support_openers)})\s+", re.IGNORECASE)


def inline_support(text: str) -> list[str]:
    """Cooperating units named inside a duty: "... chủ động phối hợp với X và Y ...", "Cùng X ..."; not the
    partners a coordination scheme is made with ("xây dựng quy chế phối hợp với lực lượng Công an")."""
    found: list[str] = []
    for m in _inline_support().finditer(text):
        if fold(text[max(0, m.start() - 20):m.start()]).rstrip().endswith(rules().coordination_schemes):
            continue
        end = unit_phrase_end(text, m.end(), need_capital=False)
        if end is not None:
            found += [unit for unit in split_units(text[m.end():end]) if unit not in found]
    return found
