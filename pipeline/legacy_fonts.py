"""Text typed in the pre-Unicode Vietnamese fonts, turned back into Unicode.

Offices still send files typed in the 8-bit fonts of TCVN3/ABC (".VnTime", ".VnTimeH",
".VnArial"...) or VNI ("VNI-Times", "VNI-Helve"...). Their text reaches us as the font's
bytes read as Latin-1/Windows-1252 characters ("Uû ban nh©n d©n", "UÛy ban nhaân daân").
The character tables are data (`pipeline/data/tcvn3.json`, `pipeline/data/vni.json`); this
module holds the mechanism:

- `encoding_for_font(name)`: "tcvn3" / "vni" / None from a font name, as DOCX runs and
  PDF characters carry it (subset prefixes "ABCDEF+" and style suffixes are ignored).
- `detect_legacy(text)`: the same answer from the text alone, for text with no font name.
- `fix_legacy(text, font_name)`: the decoded text and the encoding used, for one font
  run (a DOCX run). A run already holding Unicode Vietnamese letters is left alone
  whatever its font says.
- `decode_legacy(text, encoding)`: the decoding alone, for text already judged (plain text
  is judged as a whole and decoded column by column); `is_unicode_vietnamese(text)` tells
  the parts of such text that must be left alone.
- `fix_pdf_words(words, recoding)`: the same for a page of pdfplumber words (`extract_words(
  extra_attrs=["fontname", "size"])` never mixes fonts in a word); a font with a
  neutral name ("F1", an embedded subset) is judged on all its words of the page at once.
  A PDF font reads its codes through its own encoding, so the tables' Latin-1 letters come
  back first: `byte_recoding(chars)` tells which of a font's characters stand for which.
- `is_garbled(text)`: a text layer that is neither Vietnamese nor decodable (the invisible
  layer a scanner's non-Vietnamese OCR leaves, "ngdy fithdng 11 ndm"): the page should be
  read by OCR instead (`pipeline.ocr`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

ENCODINGS = ("tcvn3", "vni")
_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
_DATA = Path(__file__).parent / "data"
_TONES = "\u0300\u0301\u0303\u0309\u0323"

# Font families: ".VnTime", ".VnTimeH", "VnArial NarrowH"; "VNI-Times", "VNI-Helve-Condense".
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_STYLE_SUFFIX = re.compile(r"[,-](?:bold|italic|oblique|regular|bolditalic|boldoblique|bi|b|i)$", re.I)
_VNI_FONT = re.compile(r"^vni", re.I)  # ABC names start with a dot, or lose it in PDFs
_TCVN3_FONT = re.compile(r"^(?:\.vn|vn(?!i))\w", re.I)

# A Vietnamese syllable, tone marks removed: onset, one of the vowel clusters, coda.
_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx]"
_NUCLEI = ("uyê|uya|uây|uôi|ươi|ươu|iêu|yêu|oai|oay|oeo|"
           "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|"
           "[aăâeêioôơuưy]")
_SYLLABLE = re.compile(rf"(?:{_ONSETS})?(?:{_NUCLEI})(?:ch|ng|nh|[cmnpt])?")
# Ligatures a PDF font draws as one glyph, spelled out where the text is not decoded (in a
# legacy font the glyph's code is a letter: "ﬁ" is TCVN3's "đ" in /StandardEncoding).
_LIGATURE_LETTERS = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_LIGATURES = re.compile("|".join(_LIGATURE_LETTERS))
_EDGE_PUNCT = "\"'()[]{}<>.,;:!?“”‘’–—-…/"


@lru_cache(maxsize=None)
def table(encoding: str) -> dict[str, str]:
    """Legacy sequence -> Unicode letter, from the data file of `encoding`."""
    return json.loads((_DATA / f"{encoding}.json").read_text(encoding="utf-8"))["map"]


@lru_cache(maxsize=None)
def _pattern(encoding: str) -> re.Pattern:
    keys = sorted(table(encoding), key=len, reverse=True)  # longest sequence first
    return re.compile("|".join(map(re.escape, keys)))


@lru_cache(maxsize=None)
def _vietnamese_letters() -> frozenset[str]:
    return frozenset(table("tcvn3").values()) | frozenset(table("vni").values())


@lru_cache(maxsize=None)
def _markers(encoding: str) -> frozenset[str]:
    """Characters of the encoding's sequences that Vietnamese Unicode text never uses."""
    chars = set("".join(table(encoding)))
    return frozenset(c for c in chars if ord(c) > 127 and c not in _vietnamese_letters())


@lru_cache(maxsize=None)
def _any_marker() -> re.Pattern:
    """A character that marks one of the legacy encodings."""
    return re.compile(f"[{''.join(map(re.escape, sorted(set().union(*map(_markers, ENCODINGS)))))}]")


def _decode(text: str, encoding: str) -> str:
    mapping = table(encoding)
    return _pattern(encoding).sub(lambda m: mapping[m[0]], text)


def decode_tcvn3(text: str, uppercase: bool = False) -> str:
    """TCVN3 bytes (as Latin-1 characters) to Unicode; `uppercase` for the ".Vn...H" fonts,
    whose glyphs are all capitals."""
    decoded = _decode(text, "tcvn3")
    return decoded.upper() if uppercase else decoded


def decode_vni(text: str) -> str:
    """VNI bytes (as Latin-1 characters) to Unicode; a letter is often two bytes ("aø" = "à")."""
    return _decode(text, "vni")


def _family(font_name: str) -> str:
    name = _SUBSET_PREFIX.sub("", font_name.strip())
    while (stripped := _STYLE_SUFFIX.sub("", name)) != name:
        name = stripped
    return name


@lru_cache(maxsize=1024)  # a document names a few fonts, run after run
def encoding_for_font(font_name: str | None) -> str | None:
    """"tcvn3" for the ABC fonts (".VnTime", ".VnTimeH", ".VnArial"), "vni" for "VNI-*"."""
    family = _family(font_name or "")
    if _TCVN3_FONT.match(family):
        return "tcvn3"
    return "vni" if _VNI_FONT.match(family) else None


def is_uppercase_font(font_name: str | None) -> bool:
    """The TCVN3 "H" fonts (".VnTimeH", ".VnArialH") draw lowercase codes as capitals."""
    family = _family(font_name or "")
    return encoding_for_font(family) == "tcvn3" and family.endswith("H")


def _unicode_only_letters(text: str) -> int:
    """Vietnamese letters outside Latin-1 (ư, ạ, ế...): no legacy font can produce them."""
    return sum(1 for c in text if ord(c) > 0xFF and c in _vietnamese_letters())


def is_unicode_vietnamese(text: str) -> bool:
    """Text holding a Vietnamese letter no legacy font produces: already Unicode, never decoded."""
    return _unicode_only_letters(text) > 0


def is_syllable(token: str) -> bool:
    decomposed = unicodedata.normalize("NFD", token.lower())
    if sum(decomposed.count(t) for t in _TONES) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def _evidence(text: str, encoding: str) -> tuple[int, int, int]:
    """(tokens the decoding changes, of them valid syllables after minus before, and
    changed tokens holding a marker character that become a syllable of 2+ letters)."""
    markers = _markers(encoding)
    changed = gain = strong = 0
    for raw in text.split():
        token = raw.strip(_EDGE_PUNCT)
        decoded = _decode(token, encoding)
        if decoded == token:
            continue
        changed += 1
        valid = is_syllable(decoded)
        gain += valid - is_syllable(token)
        if valid and len(decoded) >= 2 and any(c in markers for c in token):
            strong += 1
    return changed, gain, strong


def detect_legacy(text: str) -> str | None:
    """The legacy encoding `text` is in, judged by its characters, or None.

    A guess needs a word that holds a character Vietnamese Unicode never uses and that
    decodes to a Vietnamese syllable, and the decoding must turn most changed words into
    syllables; text with more Unicode-only Vietnamese letters than such characters is
    Unicode. So English, Unicode Vietnamese and a stray "©" or "ñ" give None.
    """
    if not _any_marker().search(text):  # most text: one scan in C
        return None
    best, best_gain = None, 0
    for encoding in ENCODINGS:
        present = _markers(encoding).intersection(text)
        markers = sum(map(text.count, present))
        if markers == 0 or _unicode_only_letters(text) >= markers:
            continue
        changed, gain, strong = _evidence(text, encoding)
        if strong and gain > best_gain and gain >= changed / 2:
            best, best_gain = encoding, gain
    return best


def decode_legacy(text: str, encoding: str, font_name: str | None = None) -> str:
    """`text` decoded from `encoding`; the font name tells the TCVN3 capitals fonts."""
    if encoding == "tcvn3":
        return decode_tcvn3(text, uppercase=is_uppercase_font(font_name))
    return decode_vni(text)


def fix_legacy(text: str, font_name: str | None = None) -> tuple[str, str | None]:
    """(Unicode text, encoding decoded from or None). The font name decides when it names a
    legacy font, otherwise the characters do; Unicode Vietnamese is never decoded again."""
    encoding = encoding_for_font(font_name)
    if encoding and is_unicode_vietnamese(text):
        return text, None
    encoding = encoding or detect_legacy(text)
    return (decode_legacy(text, encoding, font_name), encoding) if encoding else (text, None)


def conversion_note(encoding: str) -> str:
    """The warning a document carries when some of its text was decoded from `encoding`."""
    return f"Text typed in {_NAMES[encoding]} fonts was converted to Unicode."


@lru_cache(maxsize=None)
def legacy_codes() -> frozenset[int]:
    """The 8-bit codes whose Latin-1 letters the legacy tables read."""
    return frozenset(ord(c) for encoding in ENCODINGS for key in table(encoding) for c in key if ord(c) > 127)


def byte_recoding(chars: dict[int, str | None]) -> dict[int, str]:
    """A `str.translate` table giving back the Latin-1 letter of each legacy code, for a PDF
    font that reads its codes as `chars` (code -> character, None when undefined).

    A font with /StandardEncoding draws TCVN3's "ư" (code 0xAD) as "›", its "ơ" (0xAC) as
    "‹"; only a character no other code gives can be told back."""
    drawn = Counter(c for c in chars.values() if c)
    return {ord(c): chr(code) for code, c in chars.items()
            if code in legacy_codes() and c and len(c) == 1 and c != chr(code) and drawn[c] == 1}


def fix_pdf_words(words: list[dict], recoding: dict[str, dict[int, str]] | None = None) -> list[dict]:
    """Copies of pdfplumber word dicts with legacy text decoded, and `encoding` set on the
    decoded ones; `recoding` holds the `byte_recoding` of the fonts, by name, that need one.
    In the others a soft hyphen (kept for TCVN3's "ư") is the hyphen drawn, and ligatures
    (read as drawn, `extract_words(expand_ligatures=False)`) are spelled out."""
    recoding = recoding or {}
    by_font: dict[str, list[str]] = {}
    for word in words:
        by_font.setdefault(word.get("fontname") or "", []).append(word["text"])
    encodings = {font: encoding_for_font(font) or detect_legacy(" ".join(texts).translate(recoding.get(font, {})))
                 for font, texts in by_font.items()}
    fixed = []
    for word in words:
        font = word.get("fontname") or ""
        text, encoding = word["text"], encodings[font]
        if encoding and not is_unicode_vietnamese(text):
            text = text.translate(recoding.get(font, {}))
            word = {**word, "text": decode_legacy(text, encoding, font), "encoding": encoding}
        elif "\xad" in text or _LIGATURES.search(text):
            word = {**word, "text": _LIGATURES.sub(lambda m: _LIGATURE_LETTERS[m[0]], text.replace("\xad", "-"))}
        fixed.append(word)
    return fixed


def is_garbled(text: str, min_words: int = 30) -> bool:
    """True for a text layer that reads as neither Vietnamese nor a legacy encoding.

    Vietnamese writes tone and vowel marks on about one letter in four; an OCR layer made
    for another language drops them and reads many as digits inside words ("b6o c6o",
    "H4nh phric"). Almost no marked letters and more than one word in twenty with such
    digits is garbled; English (no digits inside words) is not. Short texts are never judged.
    """
    fixed, _ = fix_legacy(text)
    tokens = [t.strip(_EDGE_PUNCT) for t in fixed.split()]
    tokens = [t for t in tokens if t]
    if len(tokens) < min_words:
        return False
    letters = [c for c in fixed if c.isalpha()]
    marked = sum(1 for c in letters if c.lower() not in "abcdefghijklmnopqrstuvwxyz")
    mixed = sum(1 for t in tokens if re.search(r"[^\W\d_][\d$@|]|[\d$@|][^\W\d_]", t))
    return marked / max(len(letters), 1) < 0.03 and mixed / len(tokens) > 0.05
