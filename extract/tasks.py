"""Tasks assigned by a document: who leads, who cooperates, by when.

Reads the document model in order, keeping track of (a) whether the current section
holds assignments (sections named in `data/tasks.yaml`), and (b) the units named by the
headings above the current block ("1. Sở Nội vụ:", "Giao X chủ trì, phối hợp với Y:"),
which lead every duty listed under them. Prose clauses ("Giao X chủ trì ...",
"Đề nghị X ...", "X có trách nhiệm ...", read by `extract/clauses.py`) and task tables
(columns found by their headers) give tasks too. Every task keeps the block it came from and the rule that
produced it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial

from extract.casing import vocabulary
from extract.clauses import Clause, inline_support, parse_clause, rules, starts_with, unit_phrase_end
from extract.deadlines import find_deadlines, parse_deadline
from extract.record import Deadline, Metadata, Span, Task, UnitRef
from extract.units import canonical_unit, split_cell_units, unit_key
from pipeline.document import HEADING, TABLE, Block, Document
from pipeline.layout import SENTENCE_END
from pipeline.text import fold

_UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha())
_AFTER_MARK = rf"(?:\s+|(?=[{_UPPER}]))"  # a space, or a capital glued to the mark ("I.MỤC ĐÍCH" in a scan)
MARKERS = [  # (pattern, level): the depth of a numbered or bulleted item
    (re.compile(rf"^([IVXLC]+)[.)]{_AFTER_MARK}"), 1),
    (re.compile(r"^(\d+\.\d+\.\d+)\.?\s+"), 4),
    (re.compile(r"^(\d+\.\d+)\.?\s+"), 3),
    (re.compile(rf"^(\d+)[.)]{_AFTER_MARK}"), 2),
    (re.compile(r"^(Điều\s+\d+)[.:]\s*"), 1.5),  # an article holds numbered items ("Điều 2. ... 1. ...")
    (re.compile(r"^([a-zđ])[).]\s+"), 5),
    (re.compile(r"^(\(\d+\)|\([ivx]+\))\s*"), 6),
    (re.compile(r"^([-–—•·*])\s*"), 6),
    (re.compile(r"^(\+)\s*"), 7),
]
UNMARKED_HEADING_LEVEL = 4.5
BULLET_LEVEL = 6  # "-" and "+" items: a bullet styled as a heading is still a bullet
MAX_FIELD_LABEL_WORDS = 5  # "Cơ quan chủ trì thực hiện:" is a label; a sentence before a colon is not
MAX_HEADING_WORDS = 15  # a heading typed without its colon is short; a duty wrapped before its items is not
MAX_DIRECTED_WORDS = 8  # "chỉ đạo lực lượng Bộ đội Biên phòng:" names whom; a longer line says what too
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-ỸÁÉÍÓÚÝ\"“])")


# ---------------------------------------------------------------- walking the document

@dataclass
class Context:
    level: float
    lead: list[str]
    support: list[str]
    request: bool = False  # "Đề nghị X:" makes the items below requests, even in a report


def _marker(text: str) -> tuple[float | None, str]:
    for pattern, level in MARKERS:
        m = pattern.match(text)
        if m:
            return level, text[m.end():]
    return None, text


def _section_has_tasks(title: str, retrospective: bool) -> bool:
    r = rules()
    folded = fold(title)
    named = folded  # the title without the phrases that name results
    for phrase in r.result_phrases:
        named = named.replace(phrase, " ")
    if any(w in named for w in r.with_tasks):
        return True
    if any(w in folded for w in r.without_tasks):
        return False
    return not retrospective


@lru_cache(maxsize=1)
def _quoted_provision() -> re.Pattern:
    return re.compile("|".join(rules().quoted_provisions))


def _is_legal_basis(text: str) -> bool:
    """"Căn cứ Nghị định số ...", "Thực hiện Công văn số ..." state a basis, "Khoản 2 Điều 3 của Thông tư ...
    quy định: ..." quotes one; "Căn cứ tình hình thực tế ở địa phương, quyết định ..." is a duty that weighs
    the circumstances."""
    r = rules()
    folded = fold(text)
    if starts_with(folded, r.legal_basis) or _quoted_provision().match(folded):
        return True
    opener = starts_with(folded, r.basis_openers)
    return bool(opener) and bool(starts_with(folded[len(opener):].lstrip(), r.basis_documents))


def _is_execution_clause(text: str) -> bool:
    folded = fold(text)
    return any(c in folded for c in rules().execution_clauses)


def _own_duties(sentence: str) -> list[str]:
    """A sentence cut at each semicolon after which another unit takes its own duty ("Giám đốc Sở Y tế
    chỉ đạo ...; Giám đốc Sở Giáo dục và Đào tạo quyết định ..."); kept whole otherwise."""
    parts = sentence.split("; ")
    if len(parts) == 1:
        return [sentence]
    duties = [parts[0]]
    for part in parts[1:]:
        if parse_clause(part).lead and parse_clause(duties[-1]).lead:
            duties.append(part)
        else:
            duties[-1] += "; " + part
    return duties


def _own_sentences(item: str) -> list[str]:
    """A lettered item or bullet is one duty, but for a sentence of it that names its own unit ("... Riêng
    đối với các đơn vị sự nghiệp, hằng quý có ít nhất 01 tin, bài ..."): that one is a duty of its own,
    unless it only says whom the unit answers to (`accountable_to`)."""
    pieces: list[str] = []
    for sentence in SENTENCE.split(item):
        clause = parse_clause(sentence)
        if pieces and (not clause.lead or starts_with(fold(clause.rest), rules().accountable_to)):
            pieces[-1] += " " + sentence
        else:
            pieces.append(sentence)
    return pieces


class TaskReader:
    """One pass over the blocks of a document; `tasks` holds the result."""

    def __init__(self, document: Document, metadata: Metadata):
        self.document = document
        self.doc_date: date | None = metadata.issued_date
        self.doc_year: int | None = metadata.year or (metadata.issued_date.year if metadata.issued_date else None)
        self.doc_month: int | None = metadata.month
        self.issuer = metadata.issuer
        self.retrospective = (metadata.doc_type or "") in rules().retrospective_types
        self.active = not self.retrospective
        self.named_only = False
        self.contexts: list[Context] = []
        self.tasks: list[Task] = []
        self.in_recipients = False
        self.after_signature = False
        self.section: str | None = None
        self.item: _Item | None = None  # a numbered line with no unit, which field lines may describe
        self.added_last = False  # whether the block before added a task
        # A letter to one addressee gives it the duties listed without a unit of their own.
        province = _province(metadata)
        recipients = [_in_province(r, province) for r in _addressees(document)]
        self.addressee = Context(0, recipients, []) if len(recipients) == 1 else None

    def read(self) -> list[Task]:
        blocks = self.document.blocks
        for i, block in enumerate(blocks):
            count = len(self.tasks)
            if block.kind == TABLE:
                self._item_done()
                self._table(block)
                continue
            if self.after_signature and _opens_attachment(block):
                self._begin_attachment(block)
            if self.after_signature or block.style.get("note"):  # a footnote explains, it assigns nothing
                continue
            field = _field(_marker(block.text.strip())[1]) if ":" in block.text else None
            if field is None or not self._take_field(*field):
                self._item_done()
                count = len(self.tasks)
                following = blocks[i + 1] if i + 1 < len(blocks) else None
                self._text_block(block, following)
                if len(self.tasks) == count and self.active:
                    self.item = _item(block)
            self.added_last = len(self.tasks) > count
        self._item_done()
        return self.tasks

    # -- items described by field lines ("- Cơ quan chủ trì: ...", "- Thời gian thực hiện: ...")
    def _take_field(self, kind: str, value: str) -> bool:
        """Give a field line to the item it describes, or a deadline line to the task just read; False
        when it describes nothing (it is then read as any other line)."""
        if self.item is not None:
            self.item.fields.setdefault(kind, value)
            return True
        if kind == "deadline" and self.added_last and self.tasks[-1].deadline is None:
            self.tasks[-1].deadline = self._deadline_of(value)
            return True
        return False

    def _item_done(self) -> None:
        """The task an item and its field lines describe, once the lines after it are read."""
        item, self.item = self.item, None
        if item is None or "lead" not in item.fields:
            return
        text = item.fields.get("content") or item.text
        deadline = self._deadline_of(item.fields["deadline"]) if "deadline" in item.fields else None
        self._add(text, split_cell_units(item.fields["lead"]), split_cell_units(item.fields.get("support", "")),
                  item.block, "fields", deadline)

    def _deadline_of(self, value: str) -> Deadline:
        return parse_deadline(value, self.doc_date, self.doc_year, self.doc_month) or Deadline(text=value)

    # -- prose
    def _text_block(self, block: Block, following: Block | None) -> None:
        text = block.text.strip()
        folded = fold(text)
        if starts_with(folded, rules().body_end):
            self.after_signature = True
            return
        if starts_with(folded, [fold(vocabulary()["addressee_label"])]) or \
                folded.rstrip().endswith(":") and any(w in folded for w in rules().invitation_words):
            self.in_recipients = True  # the lines listed below name addressees or the invited
            return
        level, body = _marker(text)
        if self.in_recipients:
            if level is not None and level >= 6:
                return
            self.in_recipients = False
        if level == 1:
            self.contexts.clear()
            self.section = body
            self.active = _section_has_tasks(body, self.retrospective)
            # "Đối tượng, nội dung và hình thức": a duty there counts where its sentence names the unit.
            self.named_only = not self.retrospective and any(w in fold(body) for w in rules().named_unit_sections)
            return
        if level is not None:
            while self.contexts and self.contexts[-1].level >= level:
                self.contexts.pop()
        clause = parse_clause(body)
        introduces = body.rstrip().endswith(":") or _is_topic(body) \
            or fold(body).rstrip(" .").endswith(tuple(rules().list_endings))
        if not introduces and _heads_items(body, level, following):
            # "1. Các cơ sở khai thác khoáng sản" over bullets: a heading, as if it ended in a colon
            clause, introduces = parse_clause(f"{body}:"), True
        has_children = introduces and following is not None and _deeper(following, level)
        if introduces and following is not None and following.kind == TABLE \
                and any(w in fold(body) for w in rules().table_pointers):
            return  # "Các đơn vị thực hiện theo bảng phân công sau:": the rows of the table are the duties
        if clause.lead and len(clause.rest.split()) < 3:
            if not _all_caps(body):  # "GIÁM ĐỐC SỞ ..." is the authority line of a decision
                self._push(level, clause, following)
            return
        if has_children:
            if clause.lead:
                self._push(level, clause, following)
                # "X chủ trì tổ chức chương trình ..., gồm:" is a duty too, unless X is the issuer
                # introducing the document itself ("UBND tỉnh ban hành Kế hoạch ... như sau:").
                if _names_a_duty(clause.rest) and not _same_unit(clause.lead[0], self.issuer) \
                        and not _directs_a_unit(clause.rest):
                    self._clause_task(body, block, level)
            elif level is not None:
                inherited = self.contexts[-1] if self.contexts else None
                if inherited:
                    self.contexts.append(Context(level, inherited.lead, inherited.support + clause.support))
            return
        if block.kind == HEADING and not clause.lead and level is not None and level < BULLET_LEVEL:
            return
        if body.startswith("(") and body.rstrip(" .;").endswith(")"):
            return  # a paragraph in parentheses explains what stands above it
        pieces = _own_sentences(body) if level is not None and level >= 5 else [
            clause for sentence in SENTENCE.split(body) for clause in _own_duties(sentence)]
        subject = None  # the unit of an earlier sentence leads the sentences after it that name none
        previous = None  # the sentence before, when it set a duty
        for piece in pieces:
            if previous is not None and starts_with(fold(piece), rules().consequence_openers):
                self.tasks.pop()  # "Do vậy ..." goes on with the duty just set
                piece = f"{previous} {piece}"
            count = len(self.tasks)
            subject = self._clause_task(piece, block, level, subject) or subject
            previous = piece if len(self.tasks) == count + 1 else None

    def _begin_attachment(self, block: Block) -> None:
        """The document attached after the signature is read like a document of its own; its title
        names the section of what is read from it until its own sections begin."""
        self.after_signature = self.in_recipients = False
        self.contexts.clear()
        self.section = block.text.strip(" ()")
        self.active = True

    def _push(self, level: float | None, clause: Clause, following: Block | None = None) -> None:
        child = _marker(following.text.strip())[0] if following is not None and level is None else None
        if level is None:  # an unnumbered "Giao X chủ trì:" over "1.", "2." items stands just above them
            level = child - 0.5 if child is not None else UNMARKED_HEADING_LEVEL
        while self.contexts and self.contexts[-1].level >= level:
            self.contexts.pop()
        self.contexts.append(Context(level, clause.lead, clause.support, clause.request))

    def _clause_task(self, text: str, block: Block, level: float | None = None,
                     subject: Context | None = None) -> Context | None:
        """The task of one clause; returns its own unit, which leads the next sentences of the block."""
        if _is_execution_clause(text) or re.fullmatch(r"\s*\(.*\)[\s.;]*", text):
            return None  # a formula, or a note in parentheses ("(Chi tiết tại Phụ lục kèm theo)")
        clause = parse_clause(text)
        explicit_request = clause.request
        in_request = bool(self.contexts) and self.contexts[-1].request
        named = self.named_only and bool(clause.lead)
        if not (self.active or explicit_request or in_request or subject or named):
            return None
        if not clause.lead and _is_legal_basis(text):
            return None
        if any(f" {w} " in f" {fold(text)} " for w in rules().sanction_warnings):
            return None  # "Trường hợp ... không dừng khai thác ... sẽ bị xem xét xử lý": a warning, no duty
        if self.retrospective and clause.lead and starts_with(fold(clause.rest), rules().past_markers) \
                and not starts_with(fold(clause.rest), rules().passive_past):
            return None  # a report's "Sở Xây dựng đã phối hợp ...": an account of what was done
        heading = self.contexts[-1] if self.contexts and level is not None else None
        if clause.lead and explicit_request and heading and heading.lead and not heading.request:
            # "1. Sở Nông nghiệp và Môi trường: ... - Yêu cầu các doanh nghiệp lắp đặt trạm cân ...": asking
            # the firms is the department's own duty
            lead, support, rule = heading.lead, heading.support, "heading"
            body = text
        elif clause.lead:
            lead, support, rule = clause.lead, clause.support or inline_support(clause.rest), clause.rule
            body = clause.rest
        elif subject:
            lead, support, rule = subject.lead, inline_support(text), "sentence-subject"
            body = text
        elif self.contexts or (self.addressee and (level is not None or self.section is not None)):
            # a letter to one addressee: its items, and the paragraphs of its numbered sections, are its duties
            ctx = self.contexts[-1] if self.contexts else self.addressee
            lead, support, rule = ctx.lead, inline_support(text) or ctx.support, "heading"
            body = text
        else:
            return None
        if not _names_a_duty(body, 2):  # "..., các đơn vị nghiêm túc triển khai thực hiện./"
            return None
        self._add(body, lead, support, block, rule, self._adverbial_deadline(text, body, rule))
        return Context(0, clause.lead, clause.support, explicit_request) if clause.lead else None

    def _adverbial_deadline(self, text: str, body: str, rule: str) -> Deadline | None:
        """The time a sentence opens with, before its subject ("Quý I/2027, các cơ quan ... đánh giá ..."),
        when the duty after the subject names none."""
        if rule != "subject-after-adverbial" or body not in text:
            return None
        dated = partial(find_deadlines, doc_date=self.doc_date, doc_year=self.doc_year, doc_month=self.doc_month)
        found = [] if dated(body) else dated(text[:text.index(body)])
        return found[-1] if found else None

    def _add(self, text: str, lead: list[str], support: list[str], block: Block, rule: str,
             deadline: Deadline | None = None, start: int | None = None, end: int | None = None) -> None:
        if deadline is None:
            found = find_deadlines(text, self.doc_date, self.doc_year, self.doc_month)
            if found:
                deadline = found[-1]
                text = _without(text, deadline)
        text = _BULLET.sub("", text.strip()).strip(" .;,:")  # a table cell's "- Tham mưu ...": the dash is no word
        text = _without_list_ending(text)
        if len(text.split()) < 2:
            return
        offset = block.text.find(text[:40])
        s = start if start is not None else block.start + max(offset, 0)
        e = end if end is not None else (s + len(text) if offset >= 0 else block.end)
        self.tasks.append(Task(
            text=text, lead=[UnitRef(u, *canonical_unit(u)) for u in _unique(lead)],
            support=[UnitRef(u, *canonical_unit(u)) for u in _unique(support)],
            deadline=deadline, span=Span(block.page, s, e, rule), section=self.section))

    # -- tables
    def _table(self, block: Block) -> None:
        rows = block.rows or []
        columns, header_rows = _task_columns(rows)
        if not columns:
            self._signature_table(block)
            rest = _addressee_label_rest(block)
            if rest is not None and not "".join(rest).strip():
                self.in_recipients = True  # a bare "Kính gửi:" ends a header table, the addressees below it
            return
        if "lead" not in columns and "support" not in columns and not self.active:
            return  # "Nội dung | Thời gian" outside the tasks' sections: a schedule or a record of results
        group: Context | None = None
        for row in rows[header_rows:]:
            cells = {name: row[i].text for name, i in columns.items() if i < len(row)}
            raw = {name: row[i].raw for name, i in columns.items() if i < len(row)}
            content = cells.get("content", "")
            origins = {c.origin for c in row}
            if len(origins) == 1 or not content:
                group = self._group_row(row)
                continue
            lead, named_support = _roles_in_cell(split_cell_units(raw.get("lead", "")))
            lead = lead or (group.lead if group else [])
            support = split_cell_units(raw.get("support", "")) or named_support or (group.support if group else [])
            if not lead:
                clause = parse_clause(content)
                if not clause.lead:
                    continue
                lead, support, content = clause.lead, clause.support, clause.rest
            deadline = None
            if cells.get("deadline"):
                deadline = parse_deadline(cells["deadline"], self.doc_date, self.doc_year, self.doc_month) \
                    or Deadline(text=cells["deadline"])
            cell = row[columns["content"]]
            self._add(content, lead, support, block, "table", deadline, cell.start, cell.end)

    def _group_row(self, row) -> Context | None:
        """A row spanning the table (or with no content) heads a group; it may name a unit."""
        text = " ".join(dict.fromkeys(c.text for c in row if c.text))
        _, body = _marker(text)
        clause = parse_clause(body)
        return Context(0, clause.lead, clause.support) if clause.lead else None

    def _signature_table(self, block: Block) -> None:
        if any(starts_with(fold(c.text), rules().body_end) for row in block.rows or [] for c in row):
            self.after_signature = True


def _same_unit(name: str, other: str | None) -> bool:
    """Whether two names refer to the same unit, one maybe without its place ("UBND tỉnh", "Ủy ban nhân dân
    tỉnh Lâm Đồng"; "UBND Thành phố", "Ủy ban nhân dân thành phố Hà Nội")."""
    if not other:
        return False
    short, long = sorted((unit_key(canonical_unit(n)[0] or n) for n in (name, other)), key=len)
    return bool(short) and f"{long} ".startswith(f"{short} ")


@lru_cache(maxsize=1)
def _spaced_introducers() -> tuple[str, ...]:
    return tuple(f" {phrase} " for phrase in rules().introducer_words)


@lru_cache(maxsize=1)
def _introducer_tokens() -> frozenset[str]:
    return frozenset(word for phrase in rules().introducer_words for word in phrase.split())


def _names_a_duty(text: str, least: int = 3) -> bool:
    """Whether a text says more than "thực hiện các nhiệm vụ sau" or "nghiêm túc triển khai thực hiện":
    at least `least` words besides the generic ones."""
    tokens = re.findall(r"\w+", fold(text))
    generic = _introducer_tokens()
    if sum(token not in generic for token in tokens) >= least:
        return True  # words of no generic phrase: a duty, whatever the phrases would take away
    words = " " + " ".join(tokens) + " "
    for phrase in _spaced_introducers():
        words = words.replace(phrase, " ")
    return len(words.split()) >= least


def _without_list_ending(text: str) -> str:
    """A duty without the words that announce the list under it ("..., triệt phá các đường dây, gồm")."""
    folded = fold(text)
    for ending in rules().list_endings:
        if folded.endswith(f" {ending}") and len(text) > len(ending) + 1:
            return text[:len(text) - len(ending)].rstrip(" ,:;")
    return text


def _heads_items(body: str, level: float | None, following: Block | None) -> bool:
    """Whether a numbered line with no end of sentence stands over deeper items (a heading typed
    without its colon)."""
    return level is not None and level < BULLET_LEVEL and following is not None and _deeper(following, level) \
        and not SENTENCE_END.search(body) and len(body.split()) <= MAX_HEADING_WORDS


def _directs_a_unit(text: str) -> bool:
    """Whether a text only directs a unit ("chỉ đạo lực lượng Cảnh sát phòng cháy, chữa cháy:"): a unit's
    name, short, that a unit phrase would not run on past a duty's words."""
    word = starts_with(fold(text), rules().directing_words)
    if not word:
        return False
    rest = text[len(word):].strip(" :.")
    return len(rest.split()) <= MAX_DIRECTED_WORDS and unit_phrase_end(rest, 0, need_capital=False) == len(rest)


def _is_topic(text: str) -> bool:
    """"Đối với công tác bảo vệ môi trường" over a list names a topic, not a duty."""
    return bool(starts_with(fold(text), rules().topic_starts)) and parse_clause(text).lead == []


def _roles_in_cell(units: list[str]) -> tuple[list[str], list[str]]:
    """The units of one "Đơn vị thực hiện" cell that say their role ("Sở Tài chính chủ trì; Sở Y tế phối
    hợp", "Sở Y tế (phối hợp)", "Thanh tra tỉnh chủ trì, phối hợp Công an tỉnh"): (lead, support), each
    without its role word. Beside a unit said to lead, those that say no role cooperate ("Sở Nội vụ (chủ
    trì); Sở Tài chính, Sở Tư pháp"); beside cooperating ones, they lead."""
    r = rules()
    lead: list[str] = []
    support: list[str] = []
    unmarked: list[str] = []
    for unit in units:
        words = unit.rstrip(" .)").rsplit(None, 2)
        role = next((n for n in (2, 1) if len(words) > n and " ".join(words[-n:]).lstrip("(").casefold()
                     in (*r.support_markers, *r.lead_markers)), None)
        if role is not None:
            marker = fold(" ".join(words[-role:]).lstrip("("))
            name = unit.rstrip(" .)")[: -len(" ".join(words[-role:]))].rstrip(" (,-–")
            (support if marker in r.support_markers else lead).append(name)
            continue
        spaced = f" {fold(unit)} "
        clause = parse_clause(unit) if any(f" {m} " in spaced for m in (*r.lead_markers, *r.support_markers)) else None
        if clause is not None and clause.lead and not clause.rest.strip(" .;,"):
            lead.extend(clause.lead)
            support.extend(clause.support)
        else:
            unmarked.append(unit)
    (support if lead and not support else lead).extend(unmarked)
    return lead, support


@dataclass
class _Item:
    text: str
    block: Block
    fields: dict[str, str]


def _item(block: Block) -> _Item | None:
    """A numbered or lettered line that assigned nothing: the name of a duty that field lines may describe."""
    level, body = _marker(block.text.strip())
    if level is None or level >= BULLET_LEVEL or level == 1:
        return None
    return _Item(body.strip(" .:"), block, {})


def _field(text: str) -> tuple[str, str] | None:
    """("lead" | "support" | "deadline" | "product" | "content", value) of a line "Label: value" whose short
    label names a column of a task table ("Cơ quan chủ trì: Sở Nội vụ", "Thời gian thực hiện: Quý II/2025")."""
    label, colon, value = text.partition(":")
    if not colon or not value.strip() or not 1 <= len(label.split()) <= MAX_FIELD_LABEL_WORDS:
        return None
    folded = fold(label)
    kinds = rules().table_columns
    for kind in ("support", "deadline", "lead", "product", "content"):
        if any(w in folded for w in kinds[kind]):
            return kind, value.strip(" .;")
    return None


def _opens_attachment(block: Block) -> bool:
    """Whether a block after the signature begins an attached document: its type name in capitals
    ("KẾ HOẠCH", "PHỤ LỤC II") or the line saying what it is attached to."""
    folded = fold(block.text.strip())
    r = rules()
    return bool(starts_with(folded, r.attachment_openers)
                or _all_caps(block.text) and starts_with(folded, r.attachment_titles))


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def _addressees(document: Document) -> list[str]:
    """The units after "Kính gửi:", whether it stands in a header table or in paragraphs."""
    blocks = document.blocks[:40]
    for i, block in enumerate(blocks):
        lines = _addressee_label_rest(block)
        if lines is None:
            continue
        for following in blocks[i + 1:]:  # "- X;" lines below the label
            if following.kind == TABLE or not following.text.lstrip().startswith(("-", "+", "•")):
                break
            lines.append(following.text)
        return _recipient_lines("\n".join(lines))
    return []


def _addressee_label_rest(block: Block) -> list[str] | None:
    """What stands after "Kính gửi:" in a block (in a table, in its cell and the cells after it), or
    None when the block has no such label."""
    label = re.compile(rf"^\s*{re.escape(vocabulary()['addressee_label'])}\s*:?\s*", re.IGNORECASE)
    if block.kind != TABLE:
        m = label.match(block.text)
        return [block.text[m.end():]] if m else None
    for row in block.rows or []:
        for j, cell in enumerate(row):
            m = label.match(cell.raw)
            if m:
                return [cell.raw[m.end():], *(c.raw for c in row[j + 1:] if c.origin != cell.origin)]
    return None


def _province(metadata: Metadata) -> tuple[str, str] | None:
    """The level and name of the province or centrally-run city a document is issued in: ("tỉnh", "Lào
    Cai") of "Ủy ban nhân dân tỉnh Lào Cai" above a department, ("thành phố", "Hà Nội")."""
    levels = "|".join(r"\s+".join(map(re.escape, level.split())) for level in rules().province_levels)
    for issuer in (metadata.issuer, metadata.parent_issuer):
        m = re.search(rf"\b(?P<level>{levels})\s+(?P<name>[^\W\d_].*)$", issuer or "", re.IGNORECASE)
        if m and m["name"][:1].isupper():
            return fold(m["level"]), m["name"]
    return None


def _in_province(addressee: str, province: tuple[str, str] | None) -> str:
    """An addressee "... trên địa bàn tỉnh" is named with the issuer's province: the letter leaves the
    province's administration, and its reader needs to know which province."""
    if province and any(fold(addressee).endswith(scope) and scope.endswith(" " + province[0])
                        for scope in rules().province_scopes):
        return f"{addressee} {province[1]}"
    return addressee


def _recipient_lines(text: str) -> list[str]:
    parts = re.split(r";|\n(?=\s*[-+•])", text)  # a wrapped line carries on its recipient
    parts = [" ".join(p.split()) for p in parts]
    return [p.strip(" -+•.;,\t") for p in parts if p.strip(" -+•.;,\t")]


def _deeper(block: Block, level: float | None) -> bool:
    child, _ = _marker(block.text.strip())
    if child is None:
        return level is None or block.kind != HEADING
    return level is None or child > level


def _task_columns(rows) -> tuple[dict[str, int], int]:
    """Columns of a task table from its first one or two rows; ({}, 0) when not a task table. Without a
    column of units, its duties name theirs ("Sở Xây dựng chủ trì kiểm tra ...") beside a deadline. Two rows
    head it when the second one splits a label of the first ("Cơ quan thực hiện" over "Chủ trì | Phối
    hợp") and so names more kinds of column."""
    if rows and any(w in fold(c.text) for c in rows[0] for w in rules().not_task_tables):
        return {}, 0  # a list of administrative procedures and the bodies that handle them
    found = [(columns, header_rows) for header_rows in (1, 2) if len(rows) > header_rows
             and (columns := _header_columns(rows, header_rows))
             and "content" in columns and ("lead" in columns or "support" in columns or "deadline" in columns)]
    if len(found) == 2 and len(found[1][0]) > len(found[0][0]) and _splits_labels(rows[0], rows[1]):
        return found[1]
    return found[0] if found else ({}, 0)


def _header_columns(rows, header_rows: int) -> dict[str, int]:
    kinds = rules().table_columns
    columns: dict[str, int] = {}
    for col in range(len(rows[0])):
        label = fold(" ".join(dict.fromkeys(rows[r][col].text for r in range(header_rows))))
        sub = fold(rows[header_rows - 1][col].text)
        for kind in ("number", "support", "deadline", "lead", "product", "content"):
            words = kinds[kind]
            probe = sub if kind in ("support", "lead") and sub else label
            if kind == "number" and probe.strip(" .") in words or \
                    kind != "number" and any(w in probe for w in words):
                if kind not in columns:
                    columns[kind] = col
                break
    return columns


def _splits_labels(first, second) -> bool:
    """Whether a row only names the parts of the labels above it: its own cells short, under a label
    merged over two or more of them."""
    own = [c for c in second if not c.is_continuation and c.text]
    merged = {c.origin for c in first if c.is_continuation}
    return bool(own) and all(len(c.text.split()) <= MAX_FIELD_LABEL_WORDS for c in own) \
        and any(first[c.col].origin in merged for c in own)


_BULLET = re.compile(r"^[-–+•*]\s*")
_LAST_LABEL = re.compile(r"(?:^|[;,.]\s*)([^;,.:]+):$")


def _without(text: str, deadline: Deadline) -> str:
    """Drop a deadline phrase that stands apart at the end of the task text, with the label that
    announces it ("...; thời gian thực hiện: thường xuyên")."""
    i = text.rfind(deadline.text)
    if i > 0 and len(text) - (i + len(deadline.text)) <= 3:
        head = text[:i].rstrip(" ,;(-")
        label = _LAST_LABEL.search(head)
        field = _field(f"{label[1]}: -") if label else None
        if field and field[0] == "deadline":
            head = head[:label.start(1)].rstrip(" ,;(-")
        return head
    return text


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def extract_tasks(document: Document, metadata: Metadata) -> list[Task]:
    return TaskReader(document, metadata).read()
