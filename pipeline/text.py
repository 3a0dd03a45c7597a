"""One normalisation for all text: Unicode NFC plus one canonical tone-mark placement.

Vietnamese text mixes two habits of placing the tone mark in the syllables ending in
"oa", "oe" and "uy": "Uỷ ban" / "Ủy ban", "hoà" / "hòa", "khoẻ" / "khỏe". Both are correct
Vietnamese; vanban keeps the raw text and compares a canonical form in which the mark
sits on the first vowel of those clusters (the form of Decree 30 templates: "Ủy ban").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_ONSET = "bcdfghklmnprstvxđ"  # no "q": in "quý" the u belongs to the consonant
# Open syllables ending in oa/oe/uy: the mark moves from the second vowel to the first.
# The word must end after the mark: in NFD another mark may follow it ("hoặc": dot below, then breve).
_NEW_STYLE_TONE = re.compile(
    rf"\b([{_ONSET}]*)(o(?=[ae])|u(?=y))([aey])([{TONE_MARKS}])(?![\w\u0300-\u036f])", re.IGNORECASE
)
# The runs of spaces that `normalize` changes into one " " (a single " " is left as it is). Each run
# begins with a space other than " ", or with " " before another space: the engine then tries a match
# only where one of those characters is, not at every position.
_OTHER_SPACES = r"\t\u00a0\u2002-\u200b\u202f\u3000"
_SPACES = re.compile(rf"(?:[{_OTHER_SPACES}]| (?=[ {_OTHER_SPACES}]))[ {_OTHER_SPACES}]*")
# What the tone rule may change, seen in NFC text: "o" before "a" or "e", or "u" before "y", that
# carries a tone mark at the end of a word ("hoà", not "hoàn"; never "hoặc"), and not after "q" (in "quý",
# written in every other deadline, the "u" belongs to the consonant). The pattern begins with one set of
# letters, which the engine looks for fast.
_MAY_MOVE_TONE = re.compile("[oOuU](?<![qQ][uU])(?:(?<=[oO])[àáãảạèéẽẻẹÀÁÃẢẠÈÉẼẺẸ]|(?<=[uU])[ỳýỹỷỵỲÝỸỶỴ])(?!\\w)")


def canonical_tones(text: str) -> str:
    """Put tone marks of open oa/oe/uy syllables on the first vowel ("Uỷ" -> "Ủy")."""
    if unicodedata.is_normalized("NFC", text) and not _MAY_MOVE_TONE.search(text):
        return text  # the common case, without decomposing
    decomposed = unicodedata.normalize("NFD", text)
    moved = _NEW_STYLE_TONE.sub(lambda m: m[1] + m[2] + m[4] + m[3], decomposed)
    return unicodedata.normalize("NFC", moved)


def _marks_placed(text: str) -> str:
    """NFC, canonical tones, no control characters (spaces as they are)."""
    text = unicodedata.normalize("NFC", text)
    if not text.isprintable() and not text.replace("\n", "").replace("\t", "").isprintable():  # else nothing to drop
        text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return canonical_tones(text)


def normalize(text: str) -> str:
    """NFC, canonical tones, one space between words, no control characters."""
    return _SPACES.sub(" ", _marks_placed(text)).strip()


@lru_cache(maxsize=8192)  # the rules compare the same sentence many times
def fold(text: str) -> str:
    """Comparison key: normalised, case-folded, whitespace (lines too) collapsed."""
    return " ".join(_marks_placed(text).split()).casefold()


class _BareLetters(dict):
    """A `str.translate` table from each character to its form without marks ("ế" -> "e", "đ" -> "d",
    a lone combining mark -> ""), filled at each character's first sight: a few hundred entries."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
        self[code] = bare = {"đ": "d", "Đ": "D"}.get(bare, bare)
        return bare


_BARE_LETTERS = _BareLetters()


def strip_diacritics(text: str) -> str:
    """ASCII-ish form for search: marks removed and "đ" folded to "d"."""
    return text.translate(_BARE_LETTERS)
