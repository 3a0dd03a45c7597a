"""Document metadata from the Decree 30 layout (header, type and subject, signature).

The header (issuer | motto, number | place and date, the subject of a letter) and the signature block
(recipients | signer) reach extraction as table blocks from every parser. Both are read as lines of
their cells, classified by what a reader recognises in them: the motto, "Số:", "<place>, ngày ...",
"V/v ...", upper-case agency names, titles and the signer's name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from extract.casing import match_phrase, title_case, unit_case, vocabulary
from extract.datafiles import load_data
from extract.record import Metadata, Span
from extract.units import UnitRegistry, expand_abbreviations
from pipeline.document import TABLE, Document
from pipeline.text import fold, normalize, strip_diacritics

NUMBER = re.compile(r"^(?P<seq>\d*)\s*(?P<sep>[/-])\s*(?P<sym>[\w&.\-/]+)")
SIGN_PREFIX = re.compile(r"^(?P<prefix>[A-Z]{1,3}(?:/[A-Z])?)(?:\s*\.\s*|\s+)(?P<rest>\S.*)$")
BULLET = re.compile(r"^[-–•+*]\s*")
MAX_SPECK_LETTERS = 2  # OCR may read a speck of a scan before a title as a letter or two ("r PHÓ CHỦ TỊCH")
HEADER_SCAN = 10  # blocks of a header at most
SIGNER_AFTER = 3  # blocks after the signature table where a PDF may put the signer's name


@lru_cache(maxsize=1)
def _number_line() -> re.Pattern:
    """The number line: a label of `number_labels` (or an OCR misreading of it) as printed, in title case
    or capitals ("Số: 104/KH-UBND", "SỐ: ...", "Só: ..."), then the number."""
    data = vocabulary()
    labels = [f for label in data["number_labels"] + data["number_label_misreadings"] for f in (label, label.upper())]
    return re.compile(rf"^(?:{'|'.join(map(re.escape, labels))})\s*[:.]?\s*(?P<rest>.*)$")


@lru_cache(maxsize=1)
def _date_line() -> re.Pattern:
    return re.compile(re.sub(r"\s*\n\s*", "", vocabulary()["date_line"]), re.IGNORECASE)


@dataclass
class Line:
    """One printed line of a block or a table cell, with its place in Document.text."""

    text: str
    start: int
    end: int
    page: int | None
    block: int
    cell: tuple[int, int] | None = None

    def span(self, rule: str, end: "Line | None" = None) -> Span:
        return Span(self.page, self.start, (end or self).end, rule)


def block_lines(document: Document, index: int) -> list[Line]:
    """The lines of a block: a paragraph is one line; a table gives the lines of each cell
    (merged slots once), row by row; blank lines of a cell are kept (they separate parts)."""
    block = document.blocks[index]
    if block.kind != TABLE:
        return [Line(block.text, block.start, block.end, block.page, index)]
    lines, seen = [], set()
    for row in block.rows or []:
        for cell in row:
            if cell.origin in seen:
                continue
            seen.add(cell.origin)
            if "\n" not in cell.raw:  # one line: the cell's own text
                lines.append(Line(cell.text, cell.start, cell.end, block.page, index, cell.origin))
                continue
            pos = 0
            for raw in cell.raw.split("\n"):
                text = normalize(raw.replace("\t", " "))
                found = cell.text.find(text, pos) if text else -1
                at = found if found >= 0 else pos
                pos = at + len(text)
                lines.append(Line(text, cell.start + at, cell.start + pos, block.page, index, cell.origin))
    return lines


def _starts_with(text: str, phrases) -> str | None:
    key = fold(text)
    for phrase in sorted(phrases, key=len, reverse=True):
        p = fold(phrase)
        if key == p or key.startswith(p) and not key[len(p)].isalnum():
            return phrase
    return None


def _is_caps(text: str) -> bool:
    """Upper-case words (not a run of digits and marks with a few capitals in it)."""
    letters = list(filter(str.isalpha, text))
    return len(letters) >= 2 and len(letters) >= 0.7 * len(text.replace(" ", "")) \
        and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


def _is_motto(text: str) -> bool:
    key = " ".join(re.findall(r"\w+", fold(text)))
    return any(key.startswith(m) for m in vocabulary()["motto"])


def _type_of_line(text: str) -> str | None:
    """The document type a type line ("KẾ HOẠCH", "THÔNG BÁO KẾT LUẬN") names."""
    if not _is_caps(text):
        return None
    types = load_data("doc_types.yaml")
    name = _starts_with(text, [t["name"] for t in types["administrative"]])
    if name is None:
        return None
    rest = fold(text)[len(fold(name)):].strip(" .:")
    return name if not rest or rest in types["type_line_suffixes"] else None


def _type_of_symbol(symbol: str) -> str | None:
    """The type named by the first part of a symbol ("KH" of "KH-UBND", "CV" of "CV/TU")."""
    head = re.split(r"[-/]", symbol)[0]
    for entry in load_data("doc_types.yaml")["administrative"]:
        if entry.get("abbr") and (entry["abbr"] == head or entry["abbr"].casefold() == head.casefold()):
            return entry["name"]
    return None


# -- reading the parts ----------------------------------------------------------------------------

def _is_header_block(document: Document, index: int) -> bool:
    if document.blocks[index].kind == TABLE:
        return True
    return _classify(block_lines(document, index)[0]) in ("motto", "rule", "number", "date", "subject", "caps")


def _header_end(document: Document) -> int:
    end = 0
    while end < min(len(document.blocks), HEADER_SCAN) and _is_header_block(document, end):
        end += 1
    return end


def _read_number(meta: Metadata, line: Line) -> None:
    rest = _number_line().match(line.text)["rest"]
    m = NUMBER.match(rest.replace(" ", ""))
    if not m:
        return
    symbol = re.sub(r"^\d{4}/", "", m["sym"]).rstrip(".-/")
    meta.symbol = symbol
    meta.number = f"{m['seq']}{m['sep']}{m['sym'].rstrip('.-/')}" if m["seq"] else None
    meta.spans["number"] = meta.spans["symbol"] = line.span("header.number")


_SYMBOL = re.compile(r"[A-ZĐ]{2,}(?:-[A-ZĐ0-9]{2,})+(?![\w-])")
_VIETNAMESE_MARKS = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _read_bare_symbol(meta: Metadata, lines: list[Line]) -> None:
    """The symbol printed beside a number written by hand that OCR could not read ("6 ŸBCT-ATMT"): a
    capitalised code whose first part is a document type's abbreviation or the issuer's initials, not
    glued to a Vietnamese word."""
    initials = "".join(w[0] for w in strip_diacritics(meta.issuer).split() if w[0].isalpha()).upper()
    for line in lines:
        for m in _SYMBOL.finditer(line.text):
            before = line.text[m.start() - 1:m.start()]
            if before and (before.isdigit() or _is_vietnamese_letter(before)):
                continue
            first = m[0].split("-")[0]
            if _type_of_symbol(m[0]) or initials.startswith(first):
                meta.symbol = m[0]
                meta.spans["symbol"] = line.span("header.symbol")
                return


def _is_vietnamese_letter(char: str) -> bool:
    base, *marks = unicodedata.normalize("NFD", char)
    return (base.isascii() and base.isalpha() or base in "đĐ") and set(marks) <= _VIETNAMESE_MARKS


def _read_date(meta: Metadata, line: Line) -> None:
    m = _date_line().search(line.text)
    if m["place"]:
        meta.place = m["place"].strip()
        meta.spans["place"] = line.span("header.date")
    day, month, year = (m["d"], m["m"], m["y"]) if m["y"] else (m["day"], m["month"], m["year"])  # "ngày 05/3/2026"
    meta.year = int(year)
    meta.month = int(month) if month and 1 <= int(month) <= 12 else None
    if day and month:
        try:
            meta.issued_date = date(meta.year, int(month), int(day))
            meta.spans["issued_date"] = line.span("header.date")
        except ValueError:
            pass


def _units(lines: list[Line]) -> list[tuple[str, Line, Line]]:
    """Agency names of the header: upper-case lines; a line opening with a unit head starts a new
    unit, any other continues the one above ("ỦY BAN NHÂN DÂN / TỈNH LÀO CAI")."""
    units: list[list[Line]] = []
    for line in lines:
        if line.cell is not None and units and units[-1][-1].cell != line.cell:
            units.append([line])
        elif not units or _starts_with(expand_abbreviations(line.text), vocabulary()["unit_heads"]) \
                and not _wrapped(units[-1], line):
            units.append([line])
        else:
            units[-1].append(line)
    return [(" ".join(l.text for l in unit), unit[0], unit[-1]) for unit in units]


def _wrapped(unit: list[Line], line: Line) -> bool:
    """Whether a line that opens with a head word ends the unit above, wrapped at the column's edge
    ("SỞ NÔNG NGHIỆP VÀ MÔI" / "TRƯỜNG"): the two lines name a known unit that the lines above alone do not
    ("UBND TỈNH LÀO CAI" / "VĂN PHÒNG" are two)."""
    registry = UnitRegistry.load()
    above = " ".join(l.text for l in unit)
    return registry.lookup(f"{above} {line.text}") is not None and registry.lookup(above) is None


def _subject(lines: list[Line], i: int) -> tuple[str, Line, Line]:
    """A letter's subject: the "V/v" line and the lines after it in its cell, up to a blank line."""
    label = _starts_with(lines[i].text, vocabulary()["subject_labels"])
    parts = [lines[i].text[len(label):].lstrip(" :.-")]
    last = lines[i]
    for line in lines[i + 1:]:
        if line.block != last.block or line.cell != last.cell or not line.text or _classify(line) != "other":
            break
        parts.append(line.text)
        last = line
    return " ".join(p for p in parts if p), lines[i], last


def _classify(line: Line) -> str:
    text = line.text
    if not text:
        return "blank"
    if _is_motto(text):
        return "motto"
    if not any(map(str.isalnum, text)):
        return "rule"  # the star of a Party header, a line of dashes under the agency or the motto
    number = _number_line().match(text)
    if number and NUMBER.match(number["rest"].replace(" ", "")):
        return "number"
    if _date_line().search(text):
        return "date"
    words = vocabulary()
    if _starts_with(text, words["subject_labels"]):
        return "subject"
    if _starts_with(text, [words["addressee_label"], words["recipients_label"]]):
        return "label"
    if _type_of_line(text):
        return "type"
    if BULLET.match(text):
        return "bullet"
    if _is_caps(text):
        return "caps"
    return "other"


def _dates_rejoined(lines: list[Line]) -> list[Line]:
    """A place and date wrapped over two lines of one cell ("Thành phố Hồ Chí Minh, ngày 02 tháng 6" /
    "năm 2025") read as the one line it is."""
    out: list[Line] = []
    for line in lines:
        last = out[-1] if out else None
        joined = f"{last.text} {line.text}" if last is not None else ""
        broken = last is not None and line.text and (last.block, last.cell) == (line.block, line.cell) \
            and not _date_line().search(last.text) and not _date_line().search(line.text)
        date = _date_line().search(joined) if broken else None
        if date and date.start() < len(last.text) < date.end():  # the date runs across the break
            out[-1] = Line(joined, last.start, line.end, last.page, last.block, last.cell)
        else:
            out.append(line)
    return out


def _read_header(document: Document, meta: Metadata, end: int) -> bool:
    """Number, place and date, issuer and a letter's subject; True when a subject was found."""
    lines = _dates_rejoined([line for i in range(end) for line in block_lines(document, i)])
    kinds = [_classify(line) for line in lines]
    agency, subject = [], False
    for line, kind in zip(lines, kinds):
        if kind == "number" and meta.symbol is None:
            _read_number(meta, line)
        elif kind == "date" and meta.year is None:
            _read_date(meta, line)
        elif kind == "caps" and meta.symbol is None and meta.year is None:
            agency.append(line)
    if not agency:  # the agency printed beside the number, in the same cell
        agency = [l for l, k in zip(lines, kinds) if k == "caps"][:3]
    units = _units(agency)
    if units:
        name, first, last = units[-1]
        meta.issuer = unit_case(name)
        meta.spans["issuer"] = first.span("header.agency", last)
        if len(units) > 1:
            meta.parent_issuer = unit_case(units[-2][0])
            meta.spans["parent_issuer"] = units[-2][1].span("header.agency", units[-2][2])
            if fold(meta.issuer) in vocabulary()["issuers_named_with_parent"]:
                meta.issuer = f"{meta.issuer} {meta.parent_issuer}"
                meta.spans["issuer"] = units[-2][1].span("header.agency", last)
    if meta.symbol is None and meta.issuer:
        _read_bare_symbol(meta, [l for l, k in zip(lines, kinds) if k in ("caps", "other")])
    for i, kind in enumerate(kinds):
        if kind == "subject":
            text, first, last = _subject(lines, i)
            if text:
                meta.title = text
                meta.spans["title"] = first.span("header.subject", last)
                subject = True
            break
    return subject


def _type_line(document: Document, start: int) -> tuple[str, int] | None:
    """The type named after the header and the index of its block: a block of its own, or the last row
    of the header's columns where a plain-text layout set the centred type line ("NGHỊ QUYẾT")."""
    blocks, data = document.blocks, vocabulary()
    tables = [i for i in range(min(start, len(blocks))) if blocks[i].kind == TABLE and blocks[i].rows]
    if tables:
        cells = [c.text for c in blocks[tables[-1]].rows[-1] if c.text.strip()]
        if len(cells) == 1 and (doc_type := _type_of_line(cells[0])):
            return doc_type, tables[-1]
    for i in range(start, min(start + 3, len(blocks))):
        block = blocks[i]
        if block.kind == TABLE or _starts_with(block.text, data["not_titles"] + data["body_openers"]):
            return None
        doc_type = _type_of_line(block.text)
        if doc_type:
            return doc_type, i
    return None


def _read_type_and_title(document: Document, meta: Metadata, start: int) -> bool:
    """The type line after the header and the title (trích yếu) below it: the next block and the
    headings or centred lines that continue it; True when a type line was found."""
    blocks, data = document.blocks, vocabulary()
    found = _type_line(document, start)
    if found is None:
        return False
    doc_type, i = found
    block = blocks[i]
    meta.doc_type = doc_type
    meta.spans["doc_type"] = Span(block.page, block.start, block.end, "type_line")
    parts = []
    for j in range(i + 1, min(i + 8, len(blocks))):
        nxt = blocks[j]
        # a rule line ("-----") has neither letters nor digits; "(03/02/1930 - 03/02/2025)" continues
        if nxt.kind == TABLE or not any(c.isalnum() for c in nxt.text):
            if parts:
                break
            continue
        continues = nxt.kind == "heading" or nxt.style.get("align") == "center" or nxt.style.get("bold")
        opens_body = nxt.text[:1].isupper() and _starts_with(nxt.text, data["body_openers"])
        if _is_caps(nxt.text) or _starts_with(nxt.text, data["not_titles"]):
            break
        if parts and (not continues or opens_body) or not parts and nxt.kind == "list_item":
            break
        parts.append(nxt)
    if parts:
        meta.title = " ".join(p.text for p in parts)
        meta.spans["title"] = Span(parts[0].page, parts[0].start, parts[-1].end, "title_after_type")
    return True


def _is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 6 and all(
        w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words
    ) and not match_phrase(words, 0, vocabulary()["titles"])


def _signature_lines(document: Document, start: int) -> tuple[list[Line], int]:
    """Lines of the signature block and the index of its last block: the first table after the
    header with "Nơi nhận" or a signing line ("KT. CHỦ TỊCH"), else the paragraphs from the first
    "KT./TM./TL. ..." line on (a block laid out without columns)."""
    label = vocabulary()["recipients_label"]
    for i in range(start, len(document.blocks)):
        if document.blocks[i].kind == TABLE:
            lines = block_lines(document, i)
            labelled = fold(label) in fold(document.blocks[i].text)  # else no line of it begins so
            if any(labelled and _starts_with(l.text, [label]) or _signing_line(l.text) for l in lines):
                return lines, i
    paragraphs = [i for i in range(start, len(document.blocks)) if document.blocks[i].kind != TABLE]
    # A plain title ("GIÁM ĐỐC") signs only below the list of copies: above it, it may head anything.
    copies = _copies_label(document, start)
    copies = len(document.blocks) if copies is None else copies
    for i in paragraphs:
        signing = _signing_line(document.blocks[i].text)
        if signing and (signing[0] or i > copies):
            end = min(i + SIGNER_AFTER + 2, len(document.blocks))
            return [l for j in range(i, end) for l in block_lines(document, j)], end
    return [], len(document.blocks)


def _signing_line(text: str) -> tuple[str, str] | None:
    """(prefix, rest) of an upper-case "KT. CHỦ TỊCH" line, prefix "" for a plain title line."""
    if not _is_caps(text):
        return None
    m = SIGN_PREFIX.match(text)
    data = vocabulary()
    if m and (m["prefix"] in data["authority_prefixes"] or m["prefix"] in data["acting_prefixes"]):
        return m["prefix"], m["rest"]
    words = text.split()
    while words and len(words[0]) <= MAX_SPECK_LETTERS and not words[0].isupper():
        words.pop(0)
    return ("", " ".join(words)) if match_phrase(words, 0, _title_phrases()) else None


def _title_phrases() -> list[str]:
    data = vocabulary()
    return [data["deputy"] + " " + t for t in data["titles"]] + data["titles"]


def _own_title(rest: str) -> str | None:
    """The signer's own title when it shares one line with the authority signed for (two lines of a
    block joined: "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"): the first title after the line's start, as printed."""
    words = rest.split()
    for i in range(1, len(words)):
        found = match_phrase(words, i, _title_phrases())
        if found:
            return " ".join(words[i:i + found[1]])
    return None


def _read_signature(document: Document, meta: Metadata, start: int) -> None:
    lines, index = _signature_lines(document, start)
    data = vocabulary()
    label_cells = {l.cell for l in lines if _starts_with(l.text, [data["recipients_label"]])}
    _read_copies(meta, [l for l in lines if l.cell in label_cells] or _copies_in_paragraphs(document, start))
    sign = [l for l in lines if l.cell not in label_cells and l.text]
    titles = [(l, s) for l in sign if (s := _signing_line(l.text))]
    plain = [(l, s) for l, s in titles if s[0] not in data["authority_prefixes"]]
    if plain or titles:
        line, (prefix, rest) = (plain or titles)[-1]
        acting = data["acting_prefixes"].get(prefix)
        if not plain and prefix in data["authority_prefixes"]:
            rest = _own_title(rest) or rest
        meta.signer_title = title_case(rest if not acting else f"{acting} {rest}")
        meta.spans["signer_title"] = line.span("signature.title")
    after = [Line(b.text, b.start, b.end, b.page, j) for j, b in enumerate(document.blocks)
             if index < j <= index + SIGNER_AFTER and b.kind != TABLE]
    names = [l for l in sign + after if _is_name(l.text)]
    if names:
        meta.signer = names[0].text
        meta.spans["signer"] = names[0].span("signature.name")


def _copies_label(document: Document, start: int) -> int | None:
    """The paragraph from `start` on that opens the copies' list ("Nơi nhận:"), if any."""
    label = vocabulary()["recipients_label"]
    return next((i for i in range(start, len(document.blocks)) if document.blocks[i].kind != TABLE
                 and _starts_with(document.blocks[i].text, [label])), None)


def _copies_in_paragraphs(document: Document, start: int) -> list[Line]:
    """The "Nơi nhận:" list written as paragraphs (a signature laid out without columns): the label's
    line and the "- ..." lines under it."""
    blocks = document.blocks
    at = _copies_label(document, start)
    if at is None:
        return []
    end = next((i for i in range(at + 1, len(blocks)) if not BULLET.match(blocks[i].text)), len(blocks))
    return [l for i in range(at, end) for l in block_lines(document, i)]


def _items(lines: list[Line]) -> list[str]:
    """Entries of a list printed one per "- " line; a line with no dash continues the entry above."""
    items: list[str] = []
    for line in lines:
        if BULLET.match(line.text) or not items:
            items.append(BULLET.sub("", line.text))
        elif line.text:
            items[-1] += " " + line.text
    return [i.strip(" ;.,") for i in items if i.strip(" ;.,")]


def _read_copies(meta: Metadata, lines: list[Line]) -> None:
    """Recipients of copies ("Nơi nhận"), without "Như trên" and the office copy ("Lưu: VT")."""
    label = vocabulary()["recipients_label"]
    at = next((i for i, l in enumerate(lines) if _starts_with(l.text, [label])), None)
    if at is None:
        return
    first = re.sub(r"^[^:]*:?", "", lines[at].text, count=1).strip()
    entries = _items(([Line(first, 0, 0, None, 0)] if first else []) + lines[at + 1:])
    _add_recipients(meta, [e for e in entries if not _starts_with(e, vocabulary()["not_recipients"])])


def _add_recipients(meta: Metadata, entries: list[str]) -> None:
    known = {fold(r) for r in meta.recipients}
    for entry in entries:
        if fold(entry) not in known:
            meta.recipients.append(entry)
            known.add(fold(entry))


def _read_addressees(document: Document, meta: Metadata, limit: int) -> None:
    """Addressees ("Kính gửi: X" or "Kính gửi:" over a list of "- X;" lines beside or below it)."""
    label = vocabulary()["addressee_label"]
    lines = [l for i in range(min(limit, len(document.blocks))) for l in block_lines(document, i)]
    at = next((i for i, l in enumerate(lines) if _starts_with(l.text, [label])), None)
    if at is None:
        return
    inline = lines[at].text.split(":", 1)[1] if ":" in lines[at].text else lines[at].text[len(label):]
    entries = inline.split(";")
    table = lines[at].block if lines[at].cell is not None else None
    for line in lines[at + 1:]:  # bullets beside the label in its table, or in the blocks below it
        if BULLET.match(line.text):
            entries.append(BULLET.sub("", line.text))
        elif line.block != table and line.text:
            break
    _add_recipients(meta, [e.strip(" ;.,") for e in entries if e.strip(" ;.,")])


def extract_metadata(document: Document) -> Metadata:
    """Every field of the contract's "document" object, with the span each value was read from."""
    meta = Metadata()
    if not document.blocks:
        return meta
    end = _header_end(document)
    has_subject = _read_header(document, meta, end)
    has_type = _read_type_and_title(document, meta, end)
    if not has_type:
        by_symbol = _type_of_symbol(meta.symbol) if meta.symbol else None
        if by_symbol or has_subject or meta.symbol:
            meta.doc_type = by_symbol or load_data("doc_types.yaml")["letter"]
            if "symbol" in meta.spans:
                meta.spans["doc_type"] = Span(**{**vars(meta.spans["symbol"]), "rule": "symbol"})
    _read_addressees(document, meta, end + 12)
    _read_signature(document, meta, end)
    return meta
