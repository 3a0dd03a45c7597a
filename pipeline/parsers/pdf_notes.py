"""Footnote references and footnotes of a PDF page, told by their layout.

A word processor sets a footnote's reference as a small number raised beside the word it
explains ("quy định¹") and the note itself at the foot of the page, in a smaller size than
the body, opening with the same number. A text layer keeps none of that as structure:

- `mark_raised(words)`: copies of the words with the raised small numbers marked, and the
  baseline of the word they sit beside, so that they stay on its line (`line_bottom`).
- `footnotes_start(lines, words)`: where the page's footnotes begin among its lines: the
  run of lines at the foot of the page set clearly smaller than the body, from the first
  one opening with a number the body raised. Small print that answers no raised number (the
  "Nơi nhận" list under the signature) is no footnote.
- `mark_references(words, notes)`: the raised numbers the notes answer, marked as no words of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter

from pipeline.layout import PAGE_NUMBER, Line

_NUMBER = re.compile(r"^\d{1,3}$")
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3})(?!\d)")
_SMALL = 0.85  # a size at most this share of another is clearly smaller


def mark_raised(words: list[dict]) -> list[dict]:
    """A number set smaller than the word it touches and above its baseline is raised: it
    gets `raised` and that word's bottom as `line_bottom`."""
    by_top = sorted(words, key=lambda w: w["top"])
    tops = [w["top"] for w in by_top]
    reach = 2 * max((w.get("size", 0) for w in words), default=0)
    marked = []
    for word in words:
        if _NUMBER.match(word["text"]):
            near = by_top[bisect_left(tops, word["bottom"] - reach):bisect_right(tops, word["bottom"])]
            host = next((w for w in near if _raised_beside(word, w)), None)
            if host is not None:
                word = {**word, "raised": True, "line_bottom": host["bottom"]}
        marked.append(word)
    return marked


def _raised_beside(number: dict, word: dict) -> bool:
    size = word.get("size", 0)
    return (number.get("size", 0) <= _SMALL * size and number["bottom"] < word["bottom"] - 0.15 * size
            and number["bottom"] > word["top"]
            and min(abs(number["x0"] - word["x1"]), abs(word["x0"] - number["x1"])) < 0.3 * size)


def body_size(words: list[dict]) -> float:
    """The size most of the page's letters are set in."""
    sizes = Counter()
    for word in words:
        sizes[round(word.get("size", 0), 1)] += len(word["text"])
    return sizes.most_common(1)[0][0] if sizes else 0.0


def footnotes_start(lines: list[Line], words: list[dict]) -> int:
    """The index of the first footnote line in `lines` (in reading order), or len(lines)."""
    body = body_size(words)
    end = len(lines)
    while end and PAGE_NUMBER.match(lines[end - 1].text):
        end -= 1
    start = end
    while start and 0 < lines[start - 1].size <= _SMALL * body:
        start -= 1
    if start == end:
        return len(lines)
    above = [w for w in words if w.get("raised") and w["bottom"] < lines[start].top]
    references = {w["text"] for w in above}
    for i in range(start, end):
        number = _LEADING_NUMBER.match(lines[i].text)
        if number and number[1] in references:
            return i
    return len(lines)


def mark_references(words: list[dict], notes: list[Line]) -> list[dict]:
    """`words` with the raised numbers above the footnotes `notes` that one of them opens with marked
    `reference` ("quan trọng¹": the "1" sends the reader to the note and, as a DOCX reference mark,
    is no word of the text)."""
    answered = {m[1] for line in notes if (m := _LEADING_NUMBER.match(line.text))}
    top = notes[0].top
    return [{**w, "reference": True} if w.get("raised") and w["bottom"] < top and w["text"] in answered else w
            for w in words]
