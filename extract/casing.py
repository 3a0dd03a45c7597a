"""Normal capitalisation of names printed in capitals: units ("UBND TỈNH LÀO CAI" -> "Ủy ban nhân dân
tỉnh Lào Cai") and signers' titles ("PHÓ CHÁNH VĂN PHÒNG" -> "Phó Chánh Văn phòng"), by the words of
`data/metadata.yaml`."""

from __future__ import annotations

import re

from extract.datafiles import load_data
from extract.units import expand_abbreviations
from pipeline.text import fold, normalize, strip_diacritics


def vocabulary() -> dict:
    """The words of `data/metadata.yaml`: levels, unit heads, titles, labels of the header and signature."""
    return load_data("metadata.yaml")


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def same_word(printed: str, known: str) -> bool:
    """A printed word is the known word, also when printed without its marks ("PHO" for "Phó", as OCR
    of a scan may read it)."""
    printed, known = fold(printed), fold(known)
    return printed == known or printed.isascii() and printed == strip_diacritics(known)


def match_phrase(words: list[str], i: int, phrases) -> tuple[str, int] | None:
    """The longest phrase (written as in the data) that the words from `i` on spell."""
    for phrase in sorted(phrases, key=lambda p: -len(p.split())):
        parts = phrase.split()
        printed = words[i:i + len(parts)]
        if len(printed) == len(parts) and all(same_word(w, p) for w, p in zip(printed, parts)):
            return phrase, len(parts)
    return None


def unit_case(name: str) -> str:
    """A unit name in normal capitalisation: "UBND TỈNH LÀO CAI" -> "Ủy ban nhân dân tỉnh Lào Cai",
    "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" -> "Sở Văn hóa, Thể thao và Du lịch". The head of the unit and the
    first word of each part of its field are capitalised, place names after a level word entirely."""
    data = vocabulary()
    tokens = re.findall(r"[\w&.]+|[,\-–]", expand_abbreviations(name).lower())
    out: list[str] = []
    mode, i = "start", 0
    while i < len(tokens):
        token = tokens[i]
        fixed = match_phrase(tokens, i, data["fixed_case"])
        level = match_phrase(tokens, i, data["levels"]) if mode != "field_start" else None
        head = match_phrase(tokens, i, data["unit_heads"]) if mode == "start" else None
        if fixed:
            out.extend(fixed[0].split())
            i, mode = i + fixed[1], "after_head" if mode == "start" else "rest"
            continue
        if level:
            words = level[0].split()
            out.extend([_cap(words[0])] + words[1:] if mode == "start" else words)
            i, mode = i + level[1], "place"
            continue
        if head:
            out.extend([_cap(tokens[i])] + tokens[i + 1:i + head[1]])
            i, mode = i + head[1], "after_head"
            continue
        if mode == "place" or mode in ("start", "after_head", "field_start") and token[0].isalnum():
            out.append(_cap(token))
            mode = "place" if mode == "place" else "rest"
        else:
            out.append(token)
            if token in data["field_joiners"] and mode != "place":
                mode = "field_start"
        i += 1
    text = " ".join(out)
    return re.sub(r"\s+([,.])", r"\1", text)


def title_case(title: str) -> str:
    """A signer's title in normal capitalisation ("PHÓ CHÁNH VĂN PHÒNG" -> "Phó Chánh Văn phòng")."""
    data = vocabulary()
    words = normalize(title).split()
    prefix = []
    for word in [*data["acting_prefixes"].values(), data["deputy"]]:
        if words and same_word(words[0], word):
            prefix, words = prefix + [word], words[1:]
    known = match_phrase(words, 0, data["titles"])
    if known:
        rest = " ".join(words[known[1]:])
        body = known[0] + (" " + unit_case(rest) if rest else "")
    else:
        body = " ".join(words).lower()
    body = " ".join(prefix + [body])
    return _cap(body)
