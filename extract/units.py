"""Administrative units: a registry of known names (data), abbreviation expansion, the comparison key
used by scoring, and the recognition of unit mentions in running text and in table cells."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from pipeline.text import normalize, strip_diacritics


def _load_yaml(name: str) -> dict:
    return yaml.safe_load(resources.files("extract").joinpath("data", name).read_text(encoding="utf-8"))


def _word_pattern(phrase: str) -> str:
    """A phrase as a regex: whole words, any run of spaces between words."""
    return r"\s+".join(re.escape(w) for w in phrase.split())


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[re.Pattern, dict[str, str]]:
    table = {normalize(k).casefold(): v for k, v in _load_yaml("abbreviations.yaml")["abbreviations"].items()}
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w&])(?:" + "|".join(_word_pattern(k) for k in keys) + r")(?![\w&])", re.IGNORECASE)
    return pattern, table


def expand_abbreviations(text: str) -> str:
    """"Sở NN&MT" -> "Sở Nông nghiệp và Môi trường"; text normalised (NFC, canonical tones) on the way."""
    pattern, table = _abbreviations()
    return pattern.sub(lambda m: table[re.sub(r"\s+", " ", m[0]).casefold()], normalize(text))


_KEY_STOPWORDS = re.compile(r"\b(?:các|của|và|tỉnh|việt nam)\b")


def unit_key(name: str) -> str:
    """Comparison key of two unit names: abbreviations expanded, case folded, and the marks, punctuation
    and the words "các", "của", "và", "tỉnh", "Việt Nam" set aside ("UBND các xã, phường" ==
    "Ủy ban nhân dân xã phường")."""
    text = expand_abbreviations(name).casefold()
    text = re.sub(r"[^\w\s]|_", " ", text)
    text = _KEY_STOPWORDS.sub(" ", re.sub(r"\s+", " ", text))
    return " ".join(strip_diacritics(text).split())
