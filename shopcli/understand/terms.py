"""Catalog words in a query: find every phrase of the index, then decide what each means here.

Matching is leftmost-longest over Latin word pieces and over Chinese characters. A phrase can need
context: an ambiguous brand word ("apple", "coach", "on") is a brand only next to a product noun,
after "from"/"by", in a list of brands, capitalised mid-sentence, or in a Chinese query; a subcategory
such as "mini" counts only when its category is named; a one-character Chinese colour only before
的/色 or a product noun. Negators ("not", "except", "不要", "除了") turn the catalog words right
after them (or before 除外) into exclusions; a negated feature is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shopcli.understand import lexicon as lx
from shopcli.understand import lexicon_zh as zh
from shopcli.understand.index import Effect, Entry, Index
from shopcli.understand.text import MASK, TOKEN, Prepared, tokens


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entry: Entry

    def kinds(self) -> set[str]:
        return {e.kind for e in (*self.entry.effects, *self.entry.conditional)}


def _alternation(words: tuple[str, ...] | frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NEG_EN = re.compile(rf"(?<![a-z'])(?:{_alternation(lx.NEGATORS_EN)})(?![a-z'])")
_NEG_ZH = re.compile(_alternation(zh.NEGATORS_ZH))
_NEG_AFTER = re.compile(
    rf"{_alternation(zh.NEGATORS_ZH_AFTER)}|(?:{_alternation(zh.NEGATORS_ZH_AFTER_AT_END)})(?=\s*(?:$|[,.!?;。！？；]))"
)
_FILLER_ZH = re.compile(_alternation(zh.NEGATION_FILLERS_ZH))
_CONJUNCTION = re.compile(
    r"\s*(?:,|/|&|\bor\b|\band\b|\bnor\b|\bvs\.?|\bversus\b|、|和|或者|或|跟|与|还是)\s*"
)
_WORD_JOINED = re.compile(r"/|&|\bor\b|\band\b|\bnor\b|、|和|或|跟|与|还是")
_JOINED = re.compile(r",|/|&|\bor\b|\band\b|\bnor\b|、|和|或|跟|与|还是")
_COMPONENT = re.compile(
    r"(?<![a-z])(?:with|has|having)\s+(?:(?:a|an|the|good|great|nice|decent|big|large|better|excellent"
    r"|built-in|builtin|high quality)\s+){0,3}$"
)
_BRAND_CUE_BEFORE = re.compile(r"(?<![a-z])(?:from|by|brand|made by)\s*$")
_ADJACENT = re.compile(r"[\s\-'./&]{0,3}")
_NOUN_KINDS = {"category", "subcategory", "generic"}


def find_hits(folded: str, index: Index) -> list[Hit]:
    """Every phrase of the index in the text, leftmost-longest, without overlaps."""
    found = _latin_hits(folded, index) + _chinese_hits(folded, index)
    found.sort(key=lambda h: (h.start, h.start - h.end))
    hits: list[Hit] = []
    for hit in found:
        if not hits or hit.start >= hits[-1].end:
            hits.append(hit)
    return hits


def _latin_hits(folded: str, index: Index) -> list[Hit]:
    toks = tokens(folded)
    hits, i = [], 0
    while i < len(toks):
        for n in range(min(index.en_max, len(toks) - i), 0, -1):
            run = toks[i : i + n]
            if all(_ADJACENT.fullmatch(folded[a[2] : b[1]]) for a, b in zip(run, run[1:], strict=False)):
                entry = index.en.get(tuple(t for t, _, _ in run))
                if entry is not None:
                    hits.append(Hit(run[0][1], run[-1][2], entry))
                    i += n
                    break
        else:
            i += 1
    return hits


def _chinese_hits(folded: str, index: Index) -> list[Hit]:
    hits, i, size = [], 0, len(folded)
    while i < size:
        if folded[i] in index.zh_first and not (folded[i].isascii() and i and _latin(folded[i - 1])):
            for length in range(min(index.zh_max, size - i), 0, -1):
                entry = index.zh.get(folded[i : i + length])
                if entry is not None:
                    hits.append(Hit(i, i + length, entry))
                    i += length - 1
                    break
        i += 1
    return hits


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_filler(gap: str) -> bool:
    """Whether only filler words separate a negator from what it negates ("not from Apple")."""
    if MASK in gap:
        return False
    gap = _FILLER_ZH.sub(" ", gap)
    rest = TOKEN.sub("", gap).strip(" ,/&'、，")
    return not rest and all(w in lx.NEGATION_FILLERS_EN for w in TOKEN.findall(gap))


@dataclass(frozen=True)
class Negations:
    excluded: frozenset[int]  # hit indices that are exclusions
    dropped: frozenset[int]  # negated features: neither wanted nor excludable
    spans: tuple[tuple[int, int], ...]  # the negator words that were used


def find_negations(prep: Prepared, folded: str, hits: list[Hit]) -> Negations:
    """Which hits a negator turns into exclusions ("no black or white", "除了苹果", "黑色除外")."""
    excluded: set[int] = set()
    dropped: set[int] = set()
    spans: list[tuple[int, int]] = []
    starts = [*_NEG_EN.finditer(folded), *_NEG_ZH.finditer(folded)]
    for m in starts:
        order = [i for i, h in enumerate(hits) if h.start >= m.end()]
        if _chain(prep, folded, hits, order, m.end(), excluded, dropped, forward=True):
            spans.append(m.span())
    for m in _NEG_AFTER.finditer(folded):
        order = [i for i in range(len(hits) - 1, -1, -1) if hits[i].end <= m.start()]
        if _chain(prep, folded, hits, order, m.start(), excluded, dropped, forward=False):
            spans.append(m.span())
    return Negations(frozenset(excluded), frozenset(dropped), tuple(spans))


def _chain(
    prep: Prepared, folded: str, hits: list[Hit], order: list[int], pos: int,
    excluded: set[int], dropped: set[int], *, forward: bool,
) -> bool:  # fmt: skip
    items: list[tuple[int, str]] = []  # hit index and the text before it
    for i in order:
        hit = hits[i]
        gap = folded[pos : hit.start] if forward else folded[hit.end : pos]
        # after the first, each item is joined by "or"/"and"/","/和: "no black jackets" keeps the jackets
        if not _is_filler(gap) or (items and not _JOINED.search(gap)):
            break
        kinds = hit.kinds()
        if kinds & {"brand", "color", "category"}:
            if hit.entry.need == "brand" and not _brand_context(prep, folded, hits, i, negated=True):
                break
            items.append((i, gap))
            pos = hit.end if forward else hit.start
            continue
        if kinds & {"feature", "subcategory"} and not items:
            dropped.add(i)  # "without bluetooth": not wanted, and not something a catalog can exclude
            return True
        break
    excluded.update(i for i, _ in _listed(items))
    return bool(items)


def _listed(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """ "no red, blue or green" negates three; in "not red, blue dress" the comma ends the clause."""
    if any(_WORD_JOINED.search(gap) for _, gap in items[1:]):
        return items
    cut = next((k for k, (_, gap) in enumerate(items) if k and "," in gap), len(items))
    return items[:cut]


def accepted(prep: Prepared, folded: str, hits: list[Hit], i: int) -> tuple[Effect, ...]:
    """What hit i means in this query: its conditional meaning when the context allows it."""
    entry = hits[i].entry
    if _is_component(folded, hits, i):
        return ()
    if entry.need is None:
        return entry.effects
    if entry.need == "brand":
        ok = _brand_context(prep, folded, hits, i, negated=False)
    elif entry.need == "zh_color":
        ok = _zh_color_context(folded, hits, i)
    else:  # "parent": settled later, once every category of the query is known
        return entry.effects + entry.conditional
    return entry.conditional if ok else entry.effects


def _is_component(folded: str, hits: list[Hit], i: int) -> bool:
    """ "a phone with a good camera": a category named after "with" describes the product before it."""
    if not any(e.kind == "category" for e in hits[i].entry.effects):
        return False
    earlier = any(e.kind == "category" for h in hits[:i] for e in h.entry.effects)
    return earlier and bool(_COMPONENT.search(folded, max(0, hits[i].start - 60), hits[i].start))


def _brand_context(prep: Prepared, folded: str, hits: list[Hit], i: int, *, negated: bool) -> bool:
    hit = hits[i]
    word = prep.text[hit.start : hit.end]
    if word == "On" and hit.start > 0 or prep.language == "zh":
        return True
    if folded[hit.start : hit.end] == "on":  # "on sale", "on running shoes": only "On" spelt so
        return False
    if negated or (word[:1].isupper() and hit.start > 0):
        return True
    if _BRAND_CUE_BEFORE.search(folded, max(0, hit.start - 20), hit.start):
        return True
    if _listed_with_brand(folded, hits, i):
        return True
    return _before_noun(folded, hits, i)


def _listed_with_brand(folded: str, hits: list[Hit], i: int) -> bool:
    """ "apple or samsung", "Nike, Vans": next to a brand that needs no context."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(hits) and any(e.kind == "brand" for e in hits[j].entry.effects):
            a, b = sorted((i, j))
            if _CONJUNCTION.fullmatch(folded[hits[a].end : hits[b].start]):
                return True
    return False


def _before_noun(folded: str, hits: list[Hit], i: int) -> bool:
    """A product noun follows, with at most one free word and other brands/colours/features between."""
    pos = hits[i].end
    for hit in hits[i + 1 : i + 5]:  # a product noun comes within a few words or not at all
        gap = folded[pos : hit.start]
        if MASK in gap or re.search(r"[,.;!?，。；！？]", gap) or len(TOKEN.findall(gap)) > 1:
            return False
        if hit.kinds() & _NOUN_KINDS:
            return True
        pos = hit.end
    return False


def _zh_color_context(folded: str, hits: list[Hit], i: int) -> bool:
    start, end = hits[i].start, hits[i].end
    if start and folded[start - 1 : end] in zh.COLOR_ZH_NOT_WORDS:
        return False
    if folded[end : end + 1] in ("的", "色"):
        return True
    after = hits[i + 1] if i + 1 < len(hits) else None
    return after is not None and after.start == end and bool(after.kinds() & _NOUN_KINDS)


def modifies_other_category(folded: str, hits: list[Hit], i: int, parents: tuple[str, ...]) -> bool:
    """ "fleece hoodie": a standalone subcategory used as an adjective for another category."""
    if i + 1 >= len(hits) or not _ADJACENT.fullmatch(folded[hits[i].end : hits[i + 1].start]):
        return False
    cats = {e.value for e in hits[i + 1].entry.effects if e.kind == "category"}
    return bool(cats) and not cats & set(parents)
