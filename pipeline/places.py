"""The provinces and centrally run cities of Viet Nam, before and after the 2025 merger
(`pipeline/data/place_names.txt`): words OCR may read and places units are named after."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipeline.text import normalize

PLACE_NAMES = Path(__file__).parent / "data" / "place_names.txt"


@lru_cache(maxsize=1)
def province_names() -> tuple[str, ...]:
    """The names as written ("Lào Cai", "Bà Rịa - Vũng Tàu"), normalised."""
    lines = PLACE_NAMES.read_text(encoding="utf-8").splitlines()
    return tuple(normalize(line) for line in lines if line.strip() and not line.startswith("#"))
