"""The language data of extraction (`extract/data/*.yaml`), read once per process.

An entry of a list may name a placeholder of `data/levels.yaml` ("trên địa bàn {province}"): it stands
for one entry per word of that placeholder ("trên địa bàn tỉnh", "trên địa bàn thành phố"), so a rule
about a level of administration is written once for every form of that level."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

LEVELS = "levels.yaml"


def _read(name: str):
    return yaml.safe_load(resources.files("extract").joinpath("data", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def load_data(name: str) -> dict:
    """One data file as parsed YAML, placeholders expanded; shared between callers, so never modify
    what it returns."""
    data = _read(name)
    return data if name == LEVELS else _expanded(data, load_data(LEVELS))


def _expanded(value, levels: dict[str, list[str]]):
    if isinstance(value, dict):
        return {k: _expanded(v, levels) for k, v in value.items()}
    if isinstance(value, list):
        return [e for item in value
                for e in (_entries(item, levels) if isinstance(item, str) else [_expanded(item, levels)])]
    return value


def _entries(item: str, levels: dict[str, list[str]]) -> list[str]:
    """One entry per word of the first placeholder it names ("{province}"), each expanded in turn."""
    m = next((m for m in re.finditer(r"\{(\w+)\}", item) if m[1] in levels), None)
    if m is None:
        return [item]
    return [e for word in levels[m[1]] for e in _entries(item[:m.start()] + word + item[m.end():], levels)]
