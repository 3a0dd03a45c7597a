"""Administrative units: a registry of known names (data), abbreviation expansion, the comparison key
used by scoring, and the recognition of unit mentions in running text and in table cells."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from extract.datafiles import load_data
from pipeline.places import province_names
from pipeline.text import canonical_tones, fold, normalize, strip_diacritics

try:  # the parser of Python's own `re` (3.11 and later), read for a speed-up only: without it, plain patterns
    import re._constants as re_constants
    import re._parser as re_parser
except ImportError:
    re_constants = re_parser = None


def _word_pattern(phrase: str) -> str:
    """A phrase as a regex: whole words, any run of spaces between words."""
    return r"\s+".join(re.escape(w) for w in phrase.split())


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[re.Pattern, dict[str, str]]:
    table = {normalize(k).casefold(): v for k, v in load_data("abbreviations.yaml")["abbreviations"].items()}
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w&])(?:" + "|".join(_word_pattern(k) for k in keys) + r")(?![\w&])", re.IGNORECASE)
    return pattern, table


def expand_abbreviations(text: str) -> str:
    """"Sở NN&MT" -> "Sở Nông nghiệp và Môi trường"; text normalised (NFC, canonical tones) on the way."""
    pattern, table = _abbreviations()
    return pattern.sub(lambda m: table[re.sub(r"\s+", " ", m[0]).casefold()], normalize(text))


@lru_cache(maxsize=1)
def _key_stopwords() -> re.Pattern:
    words = (_word_pattern(fold(w)) for w in load_data("units.yaml")["key_stopwords"])
    return re.compile(rf"\b(?:{'|'.join(words)})\b")


@lru_cache(maxsize=8192)  # a document names the same few dozen units again and again
def unit_key(name: str) -> str:
    """Comparison key of two unit names: abbreviations expanded, case folded, and the marks, punctuation
    and the `key_stopwords` of the data ("các", "và", "tỉnh" ...) set aside ("UBND các xã, phường" ==
    "Ủy ban nhân dân xã phường")."""
    text = expand_abbreviations(name).casefold()
    text = re.sub(r"[^\w\s]|_", " ", text)
    text = _key_stopwords().sub(" ", re.sub(r"\s+", " ", text))
    return " ".join(strip_diacritics(text).split())


@dataclass(frozen=True)
class UnitEntry:
    """A known unit (or class of units) under its canonical name."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    replaced_by: str | None = None
    predecessors: tuple[str, ...] = ()
    many: bool = False  # a class of units named together, whatever their kind ("các doanh nghiệp")


class UnitMention(NamedTuple):
    """A unit named in a text: offsets into the NFC text, the canonical name and the kind (a tuple:
    the clause rules make thousands of them per document)."""

    text: str
    start: int
    end: int
    canonical: str
    kind: str


def _letters(predicate) -> str:
    chars = [chr(c) for r in ((0x41, 0x250), (0x1E00, 0x1F00)) for c in range(*r)]
    return "".join(c for c in chars if c.isalpha() and predicate(c))


CAPITALISED = f"[{_letters(str.isupper)}]\\w*"  # a capitalised word
_LOW = f"[{_letters(str.islower)}]\\w*"


def _alternation(phrases, ignorecase: bool | None = None) -> str:
    """The patterns as one alternation, the longest first. With `ignorecase` said (True for a
    pattern under "(?i:...)"), branches are grouped by their letters (`grouped_alternation`)."""
    branches = sorted(set(phrases), key=len, reverse=True)
    return "|".join(branches) if ignorecase is None else grouped_alternation(branches, ignorecase)


def _same_letter(a: str, b: str, ignorecase: bool) -> bool:
    return a == b or ignorecase and bool(re.fullmatch(f"(?i:{a})", b) or re.fullmatch(f"(?i:{b})", a))


def grouped_alternation(branches: list[str], ignorecase: bool) -> str:
    """`a|b|...` with the branches that begin with one letter brought under it, letter after letter
    ("Sở\\s+Y\\s+tế|Sở\\s+Nội\\s+vụ" -> "Sở(?:\\s+Y\\s+tế|\\s+Nội\\s+vụ)"): Python's engine tries every
    branch of an alternation at every word, when only those that begin with its letter can match.
    The same branch matches as before: branches keep their order under a letter, and no character
    matches two of the letters of one level."""
    if len(branches) < 2 or not all(b[:1].isalnum() and b[1:2] not in ("*", "+", "?", "{") for b in branches):
        return "|".join(branches)
    groups: dict[str, list[str]] = {}
    for branch in branches:
        letter = next((k for k in groups if _same_letter(k, branch[0], ignorecase)), branch[0])
        groups.setdefault(letter, []).append(branch[1:])
    return "|".join(letter + (rest[0] if len(rest) == 1 else f"(?:{grouped_alternation(rest, ignorecase)})")
                    for letter, rest in groups.items())


_CATEGORIES = {getattr(re_constants, f"CATEGORY_{name}"): code for name, code in
               (("SPACE", r"\s"), ("NOT_SPACE", r"\S"), ("DIGIT", r"\d"), ("NOT_DIGIT", r"\D"),
                ("WORD", r"\w"), ("NOT_WORD", r"\W"))} if re_constants else {}


def led_by_first_letters(pattern: str, flags: int = 0) -> re.Pattern:
    """`pattern` compiled, led by the set of characters its matches can begin with where that set is
    known ("ngày ...|tháng ..." -> "(?=[nt])(?:ngày ...|tháng ...)"): the same matches, and Python's
    engine passes quickly over the places where none of those characters stands."""
    try:
        firsts = None if re_parser is None or re.match(r"\(\?[aiLmsux]+\)", pattern) \
            else _first_letters(re_parser.parse(pattern, flags))
    except Exception:  # a parser of another shape: the pattern as it is
        firsts = None
    if not firsts or "" in firsts:
        return re.compile(pattern, flags)
    return re.compile(rf"(?=[{''.join(sorted(firsts))}])(?:{pattern})", flags)


def _first_letters(items) -> set[str] | None:
    """What a parsed pattern's match may begin with, as parts of a character class ("" when the match
    may be empty); None when that is not known."""
    firsts: set[str] = set()
    for op, arg in items:
        if op in (re_constants.AT, re_constants.ASSERT, re_constants.ASSERT_NOT):
            continue  # takes no character
        if op is re_constants.LITERAL:
            return firsts | {re.escape(chr(arg))}
        if op is re_constants.IN:
            parts = [re.escape(chr(a)) if o is re_constants.LITERAL
                     else f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}" if o is re_constants.RANGE
                     else _CATEGORIES.get(a) if o is re_constants.CATEGORY else None for o, a in arg]
            return None if None in parts else firsts | set(parts)
        if op is re_constants.SUBPATTERN and not (arg[1] or arg[2]):  # a group without flags of its own
            alternatives = [arg[3]]
        elif op is re_constants.BRANCH:
            alternatives = arg[1]
        elif op in (re_constants.MAX_REPEAT, re_constants.MIN_REPEAT):
            alternatives = [arg[2]] if arg[0] > 0 else [arg[2], []]
        else:
            return None
        found = [_first_letters(a) for a in alternatives]
        if None in found:
            return None
        firsts |= set().union(*found) - {""}
        if not any("" in f for f in found):
            return firsts
    return firsts | {""}


def _optional_forms(phrase: str) -> list[str]:
    """"(các) sở, ngành" -> ["các sở, ngành", "sở, ngành"]: parts in parentheses may be left out."""
    forms = [""]
    for i, part in enumerate(re.split(r"\(([^)]*)\)", phrase)):
        forms = [f + part for f in forms] + (forms if i % 2 else [])
    return [" ".join(f.replace(" ,", ",").split()) for f in forms]


def _abbreviated_forms(form: str) -> set[str]:
    """The form and its spellings with the known abbreviations ("Văn phòng UBND tỉnh", "VP UBND tỉnh")."""
    _, table = _abbreviations()
    forms = {form}
    for abbr, expansion in table.items():
        expansion_pattern = re.compile(rf"(?<!\w){_word_pattern(expansion)}(?!\w)", re.IGNORECASE)
        forms |= {expansion_pattern.sub(abbr.upper(), f) for f in forms if expansion_pattern.search(f)}
    return forms


def _form_pattern(form: str) -> str:
    """A surface form as a regex: words in order, a comma or hyphen where the form has one is optional."""
    out: list[str] = []
    separator = False
    for token in re.findall(r"[^\s,\-–]+|[,\-–]", normalize(form)):
        if token in ",-–":
            separator = True
            continue
        if out:
            out.append(r"\s*[,\-–]?\s*" if separator else r"\s+")
        out.append(re.escape(token))
        separator = False
    return "".join(out)


class UnitRegistry:
    """Known units and classes (`extract/data/units.yaml`), with one compiled pattern that finds them
    and the unknown units announced by a head noun ("Chi cục Kiểm lâm", "UBND xã Tân Lập")."""

    def __init__(self, data: dict):
        self.entries: list[UnitEntry] = []
        self._by_key: dict[str, UnitEntry] = {}
        self._level = f" {data['localities'][0]}"  # " tỉnh"
        self._stems: set[str] = set()  # names without their level, which a province's name may replace
        forms: list[str] = []
        for item in data["units"]:
            entry = UnitEntry(
                name=_optional_forms(item["name"])[0], kind=item["kind"], aliases=tuple(item.get("aliases", ())),
                valid_from=item.get("valid_from"), valid_to=item.get("valid_to"),
                replaced_by=item.get("replaced_by"), predecessors=tuple(item.get("predecessors", ())),
            )
            forms += self._register(entry, [entry.name, *entry.aliases])
        for item in data["classes"]:
            entry = UnitEntry(name=item["name"], kind=item.get("kind", "class"), many=True)
            forms += self._register(entry, [entry.name, *item["variants"]])
        self._head_kinds = {fold(h): kind for kind, heads in data["head_nouns"].items() for h in heads}
        self._pattern = self._compile(forms, data)

    def _register(self, entry: UnitEntry, phrases: list[str]) -> list[str]:
        self.entries.append(entry)
        surface = {a for p in phrases for f in _optional_forms(p) for a in _abbreviated_forms(f)}
        for form in surface:
            self._by_key.setdefault(unit_key(form), entry)
        if entry.kind != "class":  # "Viễn thông tỉnh" may be written "Viễn thông Lào Cai"
            self._stems.update(_form_pattern(f[: -len(self._level)]) for f in surface if f.endswith(self._level))
        return [_form_pattern(f) for f in surface]

    def _compile(self, forms: list[str], data: dict) -> re.Pattern:
        heads = {a for hs in data["head_nouns"].values() for h in hs for a in _abbreviated_forms(h)}
        heads = _alternation((_form_pattern(f) for h in heads for f in (h, h.upper())), ignorecase=False)
        stop = rf"(?:{_alternation(map(re.escape, data['name_stopwords']))})\b"
        roles = _alternation(map(_form_pattern, data["roles"]))
        stems = rf"(?i:{_alternation(sorted(self._stems, key=len, reverse=True), ignorecase=True)})"
        provinces = rf"\s+(?:{_alternation(map(_form_pattern, province_names()))})"
        word = rf"{CAPITALISED}(?:\s+(?!{stop}){_LOW})?"
        # a unit's name goes on past a comma, but not into the next unit ("..., Viễn thông Lâm Đồng")
        name = rf"{word}(?:(?:\s*[,\-–]\s*|\s+và\s+|\s+)(?!(?:{heads}|{roles})\b|{stems}{provinces}){word})*"
        # A place name is capitalised and not followed by more of a lower-case name ("Lâm nghiệp").
        place = rf"(?:{CAPITALISED}|\d+)(?:(?:\s+|\s*[-–]\s*)(?:{CAPITALISED}|\d+))*(?!\s+(?!{stop}){_LOW})"
        levels = rf"(?i:{_alternation(map(_form_pattern, data['localities']))})"
        locality = rf"\s+{levels}(?:\s+{place})?"
        # after a comma only in lower case: ", Tỉnh đoàn" names the next unit
        qualifiers = _alternation(map(_form_pattern, data["qualifiers"]))
        qualifier = rf"(?:\s*,\s*(?!\w*[{_letters(str.isupper)}]){qualifiers}|\s+(?i:{qualifiers}))"
        known = rf"(?P<core>(?i:{_alternation(forms, ignorecase=True)}))(?![\w&])(?:(?:\s+{levels})?\s+{place}|{qualifier}{{1,2}})?"
        provincial = rf"(?P<stem>{stems}){provinces}"
        unknown = rf"(?P<head>{heads})(?:{locality}|\s+{name}(?:{locality})?)"
        return re.compile(rf"(?<![\w&])(?P<role>(?i:{roles})\s+)?(?:{known}|{provincial}|{unknown})(?![\w&])")

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> UnitRegistry:
        return cls(load_data("units.yaml"))

    def find(self, text: str) -> list[UnitMention]:
        """Unit mentions in a text, left to right; offsets refer to the NFC form of `text`."""
        return list(self._find(text))

    @lru_cache(maxsize=8192)  # the clause rules ask again about the same phrases
    def _find(self, text: str) -> tuple[UnitMention, ...]:
        prepared = _prepared(text)
        return tuple(self._mention(m, text, prepared) for m in self._pattern.finditer(prepared))

    @lru_cache(maxsize=8192)
    def starts(self, text: str) -> tuple[int, ...]:
        """Where the mentions `find` gives begin: all that splitting a list of units needs."""
        return tuple(m.start() for m in self._pattern.finditer(_prepared(text)))

    def listed(self, text: str) -> list[UnitMention]:
        """The mentions `find` gives from the start of a text, one after a comma after another ("Sở X,
        Sở Y, các đơn vị ..."), read where they begin rather than searched in the whole text."""
        prepared = _prepared(text)
        mentions: list[UnitMention] = []
        pos = 0
        while m := self._pattern.match(prepared, pos):
            mentions.append(self._mention(m, text, prepared))
            comma = _LIST_COMMA.match(prepared, m.end())
            if not comma:
                break
            pos = comma.end()
        return mentions

    def _mention(self, m: re.Match, text: str, prepared: str) -> UnitMention:
        surface = text if len(text) == len(prepared) else prepared
        if m["core"] or m["stem"]:
            entry = self._by_key[unit_key(m["core"] or m["stem"])]
            canonical, kind = entry.name, entry.kind
        else:
            canonical = expand_abbreviations(m[0][len(m["role"] or ""):])
            kind = self._head_kinds[fold(expand_abbreviations(m["head"]))]
        return UnitMention(surface[m.start():m.end()], m.start(), m.end(), canonical, kind)

    def lookup(self, name: str) -> UnitEntry | None:
        """The registry entry a name refers to ("UBND tỉnh Lào Cai", "Sở NN&MT", "Uỷ ban MTTQ tỉnh")."""
        entry = self._by_key.get(unit_key(name))
        if entry:
            return entry
        match = self._pattern.fullmatch(canonical_tones(normalize(name)))
        core = match and (match["core"] or match["stem"])
        return self._by_key.get(unit_key(core)) if core else None


_LIST_COMMA = re.compile(r"\s*,\s*")


def _prepared(text: str) -> str:
    """The form the unit pattern reads: NFC, canonical tones (offsets of the NFC text)."""
    return canonical_tones(unicodedata.normalize("NFC", text))


def find_units(text: str) -> list[UnitMention]:
    return UnitRegistry.load().find(text)


@lru_cache(maxsize=4096)
def canonical_unit(name: str) -> tuple[str | None, str | None]:
    """(canonical name, kind) of a unit as written: its registry entry ("Sở NN&MT" -> "Sở Nông nghiệp và
    Môi trường"), or the expanded name of a unit announced by its head noun; (None, None) when unknown."""
    registry = UnitRegistry.load()
    entry = registry.lookup(name)
    if entry:
        return entry.name, entry.kind
    mentions = registry.find(name)
    if len(mentions) == 1 and mentions[0].text.strip() == unicodedata.normalize("NFC", name).strip():
        return mentions[0].canonical, mentions[0].kind
    return None, None


@lru_cache(maxsize=1)
def _separators() -> tuple[re.Pattern, re.Pattern]:
    """A separator of listed units (a comma or a `list_joiners` word) before a unit, with its article; and
    the separators left at the end of a unit."""
    data = load_data("units.yaml")
    joiners = "|".join(rf"\b{_word_pattern(w)}" for w in data["list_joiners"])
    articles = "|".join(map(_word_pattern, data["articles"]))
    return (led_by_first_letters(rf"(?:,|{joiners})\s*(?P<article>(?:{articles})\s+)?$", re.IGNORECASE),
            led_by_first_letters(rf"(?:\s*(?:,|{joiners}))+\s*$"))


def _cut(piece: str, start: int) -> int | None:
    """Where a unit found at `start` begins a new item of the list: after a comma or "và", with the
    article that precedes it ("Vườn quốc gia X, các Công ty Y"); None when it continues the previous one."""
    m = _separators()[0].search(piece[:start])
    return None if m is None else start - len(m["article"] or "")


@lru_cache(maxsize=1)
def _role_notes() -> tuple[str, ...]:
    return tuple(fold(n) for n in load_data("units.yaml")["role_notes"])


def _without_role_note(name: str) -> str:
    """"Sở Nội vụ (cơ quan thường trực của Hội đồng)" -> "Sở Nội vụ": a note on the unit's role is no part
    of its name; a sub-unit in parentheses ("Sở Nội vụ (Ban Thi đua - Khen thưởng)") is."""
    if "(" not in name:
        return name
    notes = _role_notes()
    return re.sub(r"\s*\(([^()]*)\)", lambda m: "" if fold(m[1]).startswith(notes) else m[0], name)


def split_cell_units(raw: str) -> list[str]:
    """The units of a table cell as written, one per line where the cell lists them so ("Sở Tài chính /
    Sở Xây dựng"). Lines are also broken inside a unit (a PDF wraps at the column's edge, a clerk
    breaks a long name by hand), so a line starts a new unit only where `_goes_on` says it does not
    continue the one above."""
    written = [" ".join(line.split()) for line in raw.split("\n") if line.strip()]
    lines: list[str] = []
    for i, line in enumerate(written):
        if lines and _goes_on(lines[-1], " ".join(written[i:])):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return split_units("\n".join(lines))


def _goes_on(above: str, rest: str) -> bool:
    """Whether the lines from `rest` on continue the line `above`: when no unit begins where they
    do, or when a unit runs across the break from a line that is no whole unit by itself ("Hội /
    Liên hiệp Phụ nữ tỉnh" and "Lãnh đạo / Sở Tài chính" are one unit each, "Công an tỉnh / Sở Tài
    chính" are two)."""
    begins = find_units(_unbulleted(rest))
    if not begins or begins[0].start != 0:
        return True
    above = _unbulleted(above)
    if any(m.start == 0 and m.end == len(above) for m in find_units(above)):
        return False
    return any(m.start < len(above) < m.end - 1 for m in find_units(f"{above} {rest}"))


def _unbulleted(line: str) -> str:
    return re.sub(r"^\s*[-+•*–]\s*", "", line)


def split_units(text: str) -> list[str]:
    """The units listed in a cell or phrase: split at lines and semicolons, and at the commas and "và"
    that stand between two recognised units (never inside one: "UBND các xã, phường" stays whole)."""
    return list(_split_units(text))


@lru_cache(maxsize=4096)  # a plan names the same units, and the same list of them, in duty after duty
def _split_units(text: str) -> tuple[str, ...]:
    units = []
    for piece in re.split(r"[;\n]+", unicodedata.normalize("NFC", text)):
        piece = _unbulleted(piece).strip(" \t.,:")
        if not piece:
            continue
        starts = UnitRegistry.load().starts(piece)
        cuts = [0] + [c for start in starts[1:] if (c := _cut(piece, start)) is not None]
        for start, end in zip(cuts, cuts[1:] + [len(piece)]):
            unit = _separators()[1].sub("", _without_role_note(piece[start:end])).strip()
            if unit:
                units.append(unit)
    return tuple(units)
