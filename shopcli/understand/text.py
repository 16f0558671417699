"""Text for the rule parser: a cleaned query and a case-folded copy whose offsets match it.

Every extractor reads `folded` and blanks what it used with MASK, so a price is never read again as
a size or a keyword; `text` keeps the shopper's capitals for the few rules that need them ("On").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from shopcli.intent import Language
from shopcli.textutil import MAX_QUERY_CHARS, clean_query

MASK = "\x00"  # control characters are stripped from queries, so this never occurs in one
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TOKEN = re.compile(r"[a-z0-9]+")
# Single characters with the same meaning for matching; each maps to exactly one character.
_SAME = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "－": "-", "～": "~", "￥": "¥"})


@dataclass(frozen=True)
class Prepared:
    text: str  # cleaned query, original case
    folded: str  # lower case, accents removed; len(folded) == len(text)
    language: Language
    notes: tuple[str, ...]


def prepare(text: str) -> Prepared:
    """Clean, cap and fold a query; work on huge input is capped at MAX_QUERY_CHARS."""
    notes: tuple[str, ...] = ()
    # Cleaning is linear but not free: look at a bounded prefix of a pathological input only.
    cleaned = clean_query(text[: MAX_QUERY_CHARS * 4])
    if len(cleaned) > MAX_QUERY_CHARS or len(text) > MAX_QUERY_CHARS * 4:
        cleaned = cleaned[:MAX_QUERY_CHARS]
        notes = (f"only the first {MAX_QUERY_CHARS:,} characters of the query were read",)
    folded = fold(cleaned)
    language: Language = "zh" if CJK.search(folded) else "en"
    return Prepared(cleaned, folded, language, notes)


def fold(text: str) -> str:
    """Lower-case and strip accents one character at a time, so offsets stay the same."""
    return "".join(_fold_char(ch) for ch in text.translate(_SAME))


def _fold_char(ch: str) -> str:
    if ch.isascii():
        return ch.lower()
    low = ch.lower()
    if len(low) != 1:  # "İ".lower() is two characters: keep the original to keep offsets
        low = ch
    base = unicodedata.normalize("NFKD", low)[:1]
    return base if base.isascii() and base.isalpha() else low


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Blank the given spans with MASK, keeping every offset."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Latin word pieces with their offsets: "t-shirt" gives "t" and "shirt"."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
