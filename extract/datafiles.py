"""The language data of extraction (`extract/data/*.yaml`), read once per process."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=None)
def load_data(name: str) -> dict:
    """One data file as parsed YAML; shared between callers, so never modify what it returns."""
    return yaml.safe_load(resources.files("extract").joinpath("data", name).read_text(encoding="utf-8"))
