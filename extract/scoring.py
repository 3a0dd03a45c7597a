"""Scoring of extraction records against gold records (the rules of SCHEMA.md, "Scoring").

Pure functions over the contract's JSON shape, so the same code scores a fresh run, a stored run or a
hand-made case. `score_document` counts one file; `summarise` adds the counts of many files (micro average).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extract.units import unit_key
from pipeline.text import fold

METADATA_FIELDS = (
    "doc_type", "number", "symbol", "issuer", "place", "issued_date", "title", "signer", "signer_title",
)
MATCH_THRESHOLD = 0.5
_LEADING_VV = re.compile(r"^v/v\b[\s:.\-–]*")


def _field_key(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if name == "issued_date":
        return value.strip()
    if name in ("issuer", "signer_title"):
        return unit_key(value)
    key = fold(value)
    if name == "title":
        key = _LEADING_VV.sub("", key)
    return key


def field_equal(name: str, predicted: str | None, gold: str | None) -> bool:
    """One metadata field compared the way SCHEMA.md says (null equals null only)."""
    return _field_key(name, predicted) == _field_key(name, gold)


def syllables(text: str) -> list[str]:
    """Case-folded syllables (word characters) of a text."""
    return re.findall(r"\w+", fold(text))


def token_f1(a: str, b: str) -> float:
    """F1 of the two texts' syllable multisets."""
    ta, tb = Counter(syllables(a)), Counter(syllables(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    precision, recall = common / sum(ta.values()), common / sum(tb.values())
    return 2 * precision * recall / (precision + recall)


def units_equal(predicted: list[str], gold: list[str]) -> bool:
    """Unit lists compared as sets of `unit_key`s."""
    def keys(units: list[str]) -> set[str]:
        return {k for k in map(unit_key, units or []) if k}

    return keys(predicted) == keys(gold)


def deadline_equal(predicted: dict | None, gold: dict | None) -> bool:
    """Same `end` (null equals null) and same `recurrence`; a missing deadline has both null."""
    p, g = predicted or {}, gold or {}
    return p.get("end") == g.get("end") and p.get("recurrence") == g.get("recurrence")


@dataclass
class TaskPair:
    gold: dict
    predicted: dict
    f1: float
    lead_ok: bool
    support_ok: bool
    deadline_ok: bool


@dataclass
class DocumentScore:
    source: str
    gold: int
    predicted: int
    fields: dict[str, bool]
    pairs: list[TaskPair] = field(default_factory=list)
    unmatched_gold: list[dict] = field(default_factory=list)
    unmatched_predicted: list[dict] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return len(self.pairs)

    @property
    def lead_ok(self) -> int:
        return sum(p.lead_ok for p in self.pairs)

    @property
    def support_ok(self) -> int:
        return sum(p.support_ok for p in self.pairs)

    @property
    def deadline_ok(self) -> int:
        return sum(p.deadline_ok for p in self.pairs)


def match_tasks(predicted: list[dict], gold: list[dict]) -> list[tuple[int, int, float]]:
    """One-to-one matching, best pairs first: (gold index, predicted index, F1) with F1 >= 0.5."""
    candidates = [
        (f1, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if (f1 := token_f1(p.get("text") or "", g.get("text") or "")) >= MATCH_THRESHOLD
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold, used_pred, pairs = set(), set(), []
    for f1, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi, f1))
    return sorted(pairs)


def score_document(predicted: dict, gold: dict) -> DocumentScore:
    """Score one predicted record against its gold record (both in the contract's JSON shape)."""
    pdoc, gdoc = predicted.get("document") or {}, gold.get("document") or {}
    fields = {name: field_equal(name, pdoc.get(name), gdoc.get(name)) for name in METADATA_FIELDS}
    ptasks, gtasks = predicted.get("tasks") or [], gold.get("tasks") or []
    pairs = match_tasks(ptasks, gtasks)
    score = DocumentScore(
        source=gold.get("source") or predicted.get("source") or "",
        gold=len(gtasks),
        predicted=len(ptasks),
        fields=fields,
    )
    for gi, pi, f1 in pairs:
        g, p = gtasks[gi], ptasks[pi]
        score.pairs.append(TaskPair(
            gold=g,
            predicted=p,
            f1=f1,
            lead_ok=units_equal(p.get("lead"), g.get("lead")),
            support_ok=units_equal(p.get("support"), g.get("support")),
            deadline_ok=deadline_equal(p.get("deadline"), g.get("deadline")),
        ))
    matched_gold, matched_pred = {gi for gi, _, _ in pairs}, {pi for _, pi, _ in pairs}
    score.unmatched_gold = [t for i, t in enumerate(gtasks) if i not in matched_gold]
    score.unmatched_predicted = [t for i, t in enumerate(ptasks) if i not in matched_pred]
    return score


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def summarise(scores: list[DocumentScore]) -> dict:
    """Totals over documents: field accuracy, task precision/recall/F1 (micro), and lead / support /
    deadline accuracy on matched pairs. A ratio with nothing to count is None."""
    gold = sum(s.gold for s in scores)
    predicted = sum(s.predicted for s in scores)
    matched = sum(s.matched for s in scores)
    precision, recall = _ratio(matched, predicted), _ratio(matched, gold)
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else 0.0
    return {
        "documents": len(scores),
        "fields": {name: _ratio(sum(s.fields[name] for s in scores), len(scores)) for name in METADATA_FIELDS},
        "tasks": {
            "gold": gold, "predicted": predicted, "matched": matched,
            "precision": precision, "recall": recall, "f1": f1,
        },
        "lead": _ratio(sum(s.lead_ok for s in scores), matched),
        "support": _ratio(sum(s.support_ok for s in scores), matched),
        "deadline": _ratio(sum(s.deadline_ok for s in scores), matched),
    }
