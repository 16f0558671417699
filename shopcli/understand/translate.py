"""Leftover words that name a product type or a brand, widened to all its names in both languages.

What the rules could not place on the catalog's own values becomes keywords; a keyword that is a
name in the bilingual lexicon ("拼图", "toner", "乐高", "机械组") becomes one keyword carrying every name
of that thing, separated by "|" ("拼图|puzzle|jigsaw puzzle|jigsaw"), so BM25 finds English titles for
a Chinese word and Chinese titles for an English one; a product holds the keyword when it holds any
one of the names (store/textrank.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from shopcli.bilingual import BRANDS, PRODUCT_TYPES
from shopcli.understand.text import CJK, fold, mask


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """A pattern over every name (longest first) and, for each name, all the names of its thing."""
    keyword: dict[str, tuple[str, ...]] = {}
    for group in (*PRODUCT_TYPES, *BRANDS):
        names = tuple(dict.fromkeys(fold(n) for n in group))
        for name in names:
            keyword.setdefault(name, names)
    latin = sorted((n for n in keyword if not CJK.search(n)), key=len, reverse=True)
    han = sorted((n for n in keyword if CJK.search(n)), key=len, reverse=True)
    words = rf"(?<![a-z0-9])(?:{'|'.join(map(re.escape, latin))})(?:s|es)?(?![a-z0-9])"
    return re.compile("|".join([words, *map(re.escape, han)])), keyword


def translate(folded: str) -> tuple[str, list[str]]:
    """(the text with lexicon names masked, one "name|other names" keyword per name found)."""
    pattern, keyword = _lexicon()
    found: list[str] = []
    spans = []
    for m in pattern.finditer(folded):
        name = m.group()
        if names := keyword.get(name) or keyword.get(re.sub(r"(?:es|s)$", "", name)):
            found.append("|".join(dict.fromkeys((name, *names))))  # the shopper's word first
            spans.append(m.span())
    return mask(folded, spans), list(dict.fromkeys(found))
