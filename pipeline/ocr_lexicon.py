"""Tone and vowel marks that OCR got wrong, put back with a Vietnamese word list.

Tesseract's Vietnamese model keeps the letters of a syllable but often loses or swaps the
marks stacked on them: "triên khai" for "triển khai", "câp" for "cấp", "vận chuyên" for
"vận chuyển". The letters without marks (the syllable's *skeleton*) are almost always
right, so the candidates for a word are the syllables of the same skeleton, and the word
list decides between them:

- a word that cannot be Vietnamese ("câp": a syllable ending in -p takes only the acute
  or the dot below) becomes the candidate that forms most two-syllable dictionary words
  with its neighbours, the most common syllable on a tie;
- any other word ("triên", "vận chuyên", a name) only gains marks, and only when the one
  candidate that does makes a dictionary word with a neighbour that is not already part
  of a word on its other side, and is a more common syllable than the word as read;
- a mark is swapped or removed only when exactly one candidate makes a dictionary word with
  each of two free neighbours and the word as read makes none ("tỉnh úy viên" -> "tỉnh ủy
  viên"). With a single neighbour that rule changed more correct words than it fixed
  ("tỉnh" next to "cấp" would become "tính").

Words with digits, abbreviations and names whose skeleton has no other syllable are left
as read. The word list is underthesea's Viet74K dictionary (`underthesea.corpus.viet_dict_74K`,
a file installed with the package), the names of the provinces
(`pipeline/data/place_names.txt`) and the recurrence phrases of official texts
(`pipeline/data/collocations.txt`), which it lacks.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.legacy_fonts import is_syllable
from pipeline.places import province_names
from pipeline.text import normalize

_WORD = re.compile(r"^(\W*)([^\W\d_]+)(\W*)$")
_CHECKED = re.compile(r"(?:[ptc]|ch)$")
_ACUTE, _DOT_BELOW = "\u0301", "\u0323"
_COLLOCATIONS = Path(__file__).parent / "data" / "collocations.txt"


@dataclass(frozen=True)
class Lexicon:
    frequency: Counter  # syllable -> number of dictionary words it is part of
    pairs: frozenset[tuple[str, str]]  # two-syllable dictionary words
    by_skeleton: dict[str, tuple[str, ...]]  # skeleton -> syllables, most common first
    phrases: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # skeletons -> collocation

    def score(self, before: str | None, word: str, after: str | None) -> int:
        return ((before, word) in self.pairs) + ((word, after) in self.pairs)


def skeleton(syllable: str) -> str:
    """The letters without tone and vowel marks ("triển" -> "trien"); "đ" stays "đ"."""
    decomposed = unicodedata.normalize("NFD", syllable.lower().replace("đ", "\0"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").replace("\0", "đ")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The word list, read once."""
    from underthesea.corpus import viet_dict_74K  # a file of the package: nothing is downloaded

    frequency: Counter = Counter()
    pairs: set[tuple[str, str]] = set()
    for line in viet_dict_74K.words:
        syllables = normalize(line).lower().split()
        if not all(s.isalpha() for s in syllables):
            continue
        frequency.update(syllables)
        if len(syllables) == 2:  # compounds; longer entries are idioms with loose pairs
            pairs.add((syllables[0], syllables[1]))
    collocations = [tuple(normalize(line).lower().split())
                    for line in _COLLOCATIONS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    for syllables in (*(normalize(n).lower().split() for n in province_names()), *collocations):
        syllables = [s for s in syllables if s.isalpha()]
        frequency.update(syllables)
        pairs.update(zip(syllables, syllables[1:]))
    by_skeleton: dict[str, list[str]] = {}
    for syllable, _ in frequency.most_common():
        by_skeleton.setdefault(skeleton(syllable), []).append(syllable)
    phrases: dict[tuple[str, str], tuple[str, str]] = {}
    for first, second in collocations:  # the first listed of one skeleton stands for it ("hằng tuần")
        phrases.setdefault((skeleton(first), skeleton(second)), (first, second))
    return Lexicon(frequency, frozenset(pairs), {k: tuple(v) for k, v in by_skeleton.items()}, phrases)


def _marks(word: str) -> Counter:
    return Counter(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) == "Mn")


def _recase(word: str, like: str) -> str:
    if len(like) > 1 and like.isupper():
        return word.upper()
    return word[0].upper() + word[1:] if like[0].isupper() else word


def well_formed(word: str) -> bool:
    """A Vietnamese syllable whose tone fits its ending: one ending in -p, -t, -c, -ch
    takes only the acute or the dot below ("cấp", "cập", never "câp", "cầp")."""
    if not is_syllable(word):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    return not _CHECKED.search(word.lower()) or _ACUTE in decomposed or _DOT_BELOW in decomposed


def _choose(lex: Lexicon, words: list[str | None], links: list[bool], i: int) -> str:
    """The word at `i`, or the candidate of its skeleton that reads better in context.
    `links[i]` says whether words i and i+1 may form one dictionary word (no punctuation
    between them); `None` stands for a word that is not letters."""
    def neighbour(j: int, linked: bool) -> str | None:
        return words[j] if linked and 0 <= j < len(words) else None

    word = words[i]
    candidates = [c for c in lex.by_skeleton.get(skeleton(word), ()) if c != word]
    if not candidates:
        return word
    before = neighbour(i - 1, i > 0 and links[i - 1])
    after = neighbour(i + 1, links[i])
    if lex.score(before, word, after):
        return word
    # a neighbour already part of a word on its other side is not free to join this one
    if lex.score(neighbour(i - 2, i > 1 and links[i - 2]), before, None):
        before = None
    if lex.score(None, after, neighbour(i + 2, i + 2 < len(words) and links[i + 1])):
        after = None

    def score(c: str) -> int:
        return lex.score(before, c, after)

    if word not in lex.frequency and not well_formed(word):  # not Vietnamese: the likeliest
        return max(candidates, key=lambda c: (score(c), lex.frequency[c]))
    # a word or a name only gains a lost mark, and only to join a free neighbour
    # (and never to a syllable rarer than the word as read: "cho" is likelier than "chợ")
    gains = [c for c in candidates
             if score(c) and not _marks(word) - _marks(c) and lex.frequency[c] > lex.frequency[word]]
    top = max(map(score, gains), default=0)
    best = [c for c in gains if score(c) == top]
    if len(best) == 1:
        return best[0]
    # a swapped mark only where one candidate alone makes a word with each free neighbour
    both = [c for c in candidates if before and after and score(c) == 2]
    return both[0] if len(both) == 1 else word


def correct_words(words: list[str]) -> list[str]:
    """The words of one line with OCR's mark errors corrected; punctuation around a word
    and its capitalisation are kept."""
    lex = lexicon()
    parts = [_WORD.match(normalize(w)) for w in words]
    plain = [m[2].lower() if m else None for m in parts]
    links = [bool(a and b and not a[3] and not b[1]) for a, b in zip(parts, parts[1:])] + [False]
    out = list(words)
    for i, match in enumerate(parts[:-1]):  # both words of a collocation misread: "hăng tuân", not a name
        phrase = lex.phrases.get((skeleton(plain[i]), skeleton(plain[i + 1]))) if match and links[i] else None
        if phrase and (plain[i], plain[i + 1]) not in lex.pairs and not parts[i + 1][2][:1].isupper():
            for j, best in ((i, phrase[0]), (i + 1, phrase[1])):
                plain[j] = best
                out[j] = parts[j][1] + _recase(best, parts[j][2]) + parts[j][3]
    for i, match in enumerate(parts):
        if match is None:
            continue
        best = _choose(lex, plain, links, i)
        if best != plain[i]:
            plain[i] = best  # the next word is judged with this one corrected
            out[i] = match[1] + _recase(best, match[2]) + match[3]
    return out
