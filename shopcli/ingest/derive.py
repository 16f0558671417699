"""Categories for a catalog that has none, derived from product names by rules anyone can check.

For each name, with the brand's own words taken out first (a "Pepe Jeans" top is not jeans):
  1. lexicon: a product type of the bilingual lexicon (shopcli/bilingual.py) the name mentions. An
     English name's head noun comes last ("Printed Cotton Kurta"); a Chinese title names its product
     first and piles selling points and set contents after it, so the first type it names wins
     ("润唇膏修护唇膜口红..." is a lip balm), unless a tool's character follows it (口红刷 is a brush,
     面膜铲 a spatula, 离心管架 a rack: TOOLS);
  2. head noun: else the last word of an English name's main part ("…Slip-On Sneakers (Set of 2)"),
     or its last two words when they end at least MIN_SHARED names ("trolley bag"); kept only when
     MIN_SHARED names share it, so a one-off word is never a category;
  3. frequent n-gram: else, in Chinese, the 2-4 character ending of a segment (the first segment
     aside: a title opens with its brand, "芯硅谷B6035...") that ends at least MIN_SHARED titles;
     a brand (the catalog's, or the lexicon's: "三星") is never a category, by rule 2 or 3;
  4. none: the product keeps no category (its words still find it).
The category is the lexicon's first name in the catalog's language ("面膜", "jeans"); the import
report counts how many names each rule placed and shows the biggest categories.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from shopcli.bilingual import BRANDS, PRODUCT_TYPES

MIN_SHARED = 3
RULES = ("lexicon", "head noun", "frequent n-gram")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SEGMENT = re.compile(r"[\u4e00-\u9fff]+")
_MAIN = re.compile(r"\s(?:-|–|—|\|)\s|[,(\[（【/]")
_WORD = re.compile(r"[a-z][a-z'&-]*[a-z]|[a-z]")
_STOP = frozenset("with for and of in the a an by set pack pcs piece pieces combo free new".split())
TOOLS = "刷铲架盒碗夹棒袋托座"  # a product type followed by one of these is a tool for it
# Chinese selling words that end segments without naming a product ("【可定制】", "全网通", "包邮")
_ZH_NOISE = frozenset(
    "定制 可定制 包邮 正品 专柜 现货 官方 旗舰店 新款 热卖 特价 全网通 促销 赠品 包装 同款 爆款".split()
)


@dataclass(frozen=True)
class Derived:
    categories: dict[tuple[str, str | None], str]  # (name, brand) -> category
    placed: tuple[tuple[str, int], ...]  # (rule, names it placed), in RULES order
    top: tuple[tuple[str, int], ...]  # the biggest derived categories


def _canonical(group: tuple[str, ...], chinese: bool) -> str:
    names = [n for n in group if bool(_CJK.search(n)) == chinese]
    return (names or list(group))[0]


def _lexicon(chinese: bool) -> tuple[re.Pattern[str], dict[str, str]]:
    canonical = {name: _canonical(group, chinese) for group in PRODUCT_TYPES for name in group}
    latin = sorted((n for n in canonical if not _CJK.search(n)), key=len, reverse=True)
    han = sorted((n for n in canonical if _CJK.search(n)), key=len, reverse=True)
    pattern = "|".join(
        [rf"(?<![a-z0-9])(?:{'|'.join(map(re.escape, latin))})(?:s|es)?(?![a-z0-9])", *map(re.escape, han)]
    )
    return re.compile(pattern), canonical


def derive(pairs: Iterable[tuple[str, str | None]], *, chinese: bool) -> Derived:
    """Categories for (name, brand) pairs; `chinese` when most names are Chinese."""
    pattern, canonical = _lexicon(chinese)
    bare = {(n, b): _without_brand(n, b) for n, b in pairs}
    found: dict[tuple[str, str | None], tuple[str, str]] = {}
    for key, text in bare.items():
        if hit := _lexicon_hit(text, pattern):
            found[key] = (_lookup(hit, canonical), "lexicon")
    rest = {k: t for k, t in bare.items() if k not in found}
    brands = {b.strip().lower() for _, b in bare if b} | {n for group in BRANDS for n in group}
    for key, category in _heads(rest, brands).items():
        found[key] = (category, "head noun" if not _CJK.search(category) else "frequent n-gram")
    placed = Counter(rule for _, rule in found.values())
    tops = Counter(category for category, _ in found.values()).most_common(10)
    return Derived({k: c for k, (c, _) in found.items()}, tuple((r, placed[r]) for r in RULES), tuple(tops))


def _without_brand(name: str, brand: str | None) -> str:
    text = " ".join(name.lower().split())
    return text.replace(brand.strip().lower(), " ") if brand and brand.strip() else text


def _lexicon_hit(text: str, pattern: re.Pattern[str]) -> str | None:
    if _CJK.search(text):
        for m in pattern.finditer(text):  # the first type named that is not a tool's
            after = text[m.end() : m.end() + 1]
            if not after or after not in TOOLS:
                return m.group()
        return None
    hits = pattern.findall(_MAIN.split(text, maxsplit=1)[0]) or pattern.findall(text)
    return str(hits[-1]) if hits else None


def _lookup(hit: str, canonical: dict[str, str]) -> str:
    """The lexicon's name for a matched word, which may carry the plural ending the pattern allows:
    "dresses" is dress+es but "perfumes" is perfume+s, so each ending is tried, not the longest."""
    for end in ("", "s", "es"):
        if hit.endswith(end) and (name := canonical.get(hit[: len(hit) - len(end)])):
            return name
    raise AssertionError(f"the lexicon pattern matched {hit!r}, which names no product type")


def _heads(rest: dict[tuple[str, str | None], str], brands: set[str]) -> dict[tuple[str, str | None], str]:
    """Rules 2 and 3 for the names the lexicon left: endings shared by MIN_SHARED names, not brands."""
    endings = {key: [e for e in _endings(text) if e not in brands] for key, text in rest.items()}
    shared = Counter(e for ends in endings.values() for e in set(ends))
    out = {}
    for key, ends in endings.items():
        if kept := [e for e in ends if shared[e] >= MIN_SHARED]:
            out[key] = max(kept, key=lambda e: (len(e), shared[e]))  # the longest shared ending
    return out


def _endings(text: str) -> list[str]:
    """Candidate categories of one name: its head noun (and two-word head), or its Chinese segment ends."""
    if _CJK.search(text):
        segments = _SEGMENT.findall(text)
        segments = segments[1:] if len(segments) > 1 else segments  # a title opens with its brand
        ends = (seg[-n:] for seg in segments for n in (2, 3, 4) if len(seg) >= n)
        return [e for e in ends if e not in _ZH_NOISE and not any(e.endswith(w) for w in _ZH_NOISE)]
    words = [w for w in _WORD.findall(_MAIN.split(text, maxsplit=1)[0]) if w not in _STOP]
    if not words:
        return []
    return [words[-1]] + ([" ".join(words[-2:])] if len(words) > 1 else [])
