"""The spaCy pipeline for Vietnamese: a blank "vi" Language whose tokenizer segments words with
underthesea, and a component that marks unit mentions as `doc.spans["units"]`.

Tokens keep exact character offsets: the text is put in NFC, segmented, and the words are aligned back
with `spacy.util.get_words_and_spaces`. underthesea's token normalisation is off because it rewrites
tokens (and segments "Uỷ ban" worse once rewritten); the registry's unit names are passed as fixed words
so that they stay single tokens. For bulk work a syllable tokenizer (`mode = "syllables"`) skips the
segmentation model altogether.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces

from extract.units import UnitRegistry, find_units

_SYLLABLE = re.compile(r"\w+(?:[&/.,\-]\w+)*|\S")


@lru_cache(maxsize=1)
def _fixed_words() -> tuple[str, ...]:
    names = {n for e in UnitRegistry.load().entries for n in (e.name, *e.aliases) if "(" not in n}
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=8192)
def _segment(text: str, mode: str) -> tuple[str, ...]:
    """Words of an NFC text; repeated strings (headings, table cells) are segmented once."""
    if mode == "syllables":
        return tuple(_SYLLABLE.findall(text))
    from underthesea import word_tokenize  # the model loads on first use

    return tuple(word_tokenize(text, use_token_normalize=False, fixed_words=list(_fixed_words())))


class UndertheseaTokenizer:
    """Text -> Doc with underthesea's words (or plain syllables) and exact offsets."""

    def __init__(self, vocab, mode: str = "words"):
        if mode not in ("words", "syllables"):
            raise ValueError(f"unknown tokenizer mode {mode!r}: use 'words' or 'syllables'")
        self.vocab = vocab
        self.mode = mode

    def __call__(self, text: str) -> Doc:
        text = unicodedata.normalize("NFC", text)
        try:
            words, spaces = get_words_and_spaces(list(_segment(text, self.mode)), text)
        except ValueError:  # the segmenter altered a character: fall back on syllables, which never do
            words, spaces = get_words_and_spaces(list(_segment(text, "syllables")), text)
        return Doc(self.vocab, words=words, spaces=spaces)

    # The tokenizer holds no trained state: serialisation only needs to round-trip.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> UndertheseaTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> UndertheseaTokenizer:
        return self


@spacy.registry.tokenizers("vanban.underthesea_tokenizer")
def create_tokenizer(mode: str = "words"):
    def make(nlp: Language) -> UndertheseaTokenizer:
        return UndertheseaTokenizer(nlp.vocab, mode)

    return make


class UnitsComponent:
    """Marks unit mentions (registry, classes, head nouns) as spans labelled with their kind and with
    the canonical name as kb_id."""

    def __init__(self, spans_key: str):
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for mention in find_units(doc.text):
            span = doc.char_span(mention.start, mention.end, label=mention.kind, kb_id=mention.canonical,
                                 alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory("vanban_units", default_config={"spans_key": "units"})
def make_units_component(nlp: Language, name: str, spans_key: str) -> UnitsComponent:
    return UnitsComponent(spans_key)


@lru_cache(maxsize=2)
def get_nlp(mode: str = "words") -> Language:
    """The process's pipeline (built once per mode): "words" segments with underthesea, "syllables"
    splits on syllables for speed."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vanban.underthesea_tokenizer",
                                                           "mode": mode}}})
    nlp.add_pipe("vanban_units")
    return nlp
