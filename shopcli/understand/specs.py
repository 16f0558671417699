"""Spec constraints and ages in a query: "at least 16GB RAM", "under 1 kg", "65 inch", "500ml以上",
"内存16G以上", "轻于1公斤", "for a 10 year old", "给5岁孩子".

Read before prices, so "under 1 kg" is never a budget of 1 and "16GB" never two keywords. A figure
with a unit is a bound on its attribute (shopcli/specs.py): a comparison word before it ("at least",
"under", "至少", "轻于") or after it ("or more", "+", "以上", "以下") makes it a minimum or a maximum;
alone it is the value itself ("65 inch": screen = 65). A GB figure is memory or storage by the word
beside it (RAM, 内存; SSD, 存储), else memory below 64 GB and storage from 64 GB.

An age becomes a filter only where the catalog states ages (age_min_y); where it has audiences, a
child's age asks for kids' products (baby up to 2); elsewhere a note says the age was not used. The
number is never left behind as a keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shopcli.intent import SpecBound
from shopcli.schema import Vocabulary
from shopcli.specs import MEMORY_WORDS, SPEC_UNITS, STORAGE_WORDS, Measure, gigabytes_kind, measures, pairs
from shopcli.understand.numbers import chinese

# "不超过", "no more than" are maxima: the minimum words that end them must not follow 不, no or not
_MIN_BEFORE = re.compile(
    r"(?:between|at\s+least|min(?:imum)?(?:\s+of)?|no\s+less\s+than|not\s+less\s+than|over|above"
    r"|(?<!no\s)(?<!not\s)(?:more|greater|bigger|larger|heavier)\s+than|upwards\s+of|from|>=?|至少|不少于|不低于"
    r"|不小于|(?<!不)大于|(?<!不)超过|(?<!不)高于|最少|起码)\s*$"
)
_MAX_BEFORE = re.compile(
    r"(?:under|below|less\s+than|at\s+most|max(?:imum)?(?:\s+of)?|up\s+to|no\s+more\s+than|lighter\s+than"
    r"|no\s+(?:heavier|bigger|larger|more)\s+than|not\s+(?:heavier|bigger|larger|more)\s+than|smaller\s+than"
    r"|within"
    r"|<=?|不超过|不大于|不高于|(?<!不)小于|(?<!不)低于|轻于|(?<!不)少于|最多|不到|不超|比)\s*$"
)
# after the figure, an attribute word may stand before the comparison: "512G存储以上", "16GB RAM or more"
_BETWEEN_WORDS = r"^\s*(?:(?:ram|memory|storage|ssd|rom|存储|内存|运存|容量|硬盘)\s*)?"
_MIN_AFTER = re.compile(_BETWEEN_WORDS + r"(?:\+|or\s+more|or\s+above|or\s+bigger|or\s+larger|and\s+up"
                        r"|and\s+above|plus|以上|及以上|或以上|起|往上|或更多|或更大)")  # fmt: skip
_MAX_AFTER = re.compile(_BETWEEN_WORDS + r"(?:or\s+less|or\s+under|or\s+lighter|or\s+smaller|and\s+under"
                        r"|max|以下|及以下|或以下|以内|之内|或更轻|或更少)")  # fmt: skip
# the second figure of a range: "between 8GB and 16GB", "8-16GB", "1到2公斤"
_SECOND = re.compile(r"(?:between\s+)?(\d+(?:\.\d+)?)\s*[a-z\"]*\s*(?:and|-|to|~|至|到)\s*$")
_ATTRIBUTE_WORDS = re.compile(
    f"{MEMORY_WORDS.pattern}|{STORAGE_WORDS.pattern}"
    r"|\bscreen\b|屏幕?|\bbattery\b|电池|\bweight\b|重量|容量|\bcapacity\b|\bof\b",
    re.IGNORECASE,
)
_LIGHT = re.compile(r"轻于|lighter\s+than")
_NEAR = 16
_AGE = re.compile(
    r"\b(\d{1,2})[\s-]*(?:years?|yrs?|y/?o)(?:[\s-]*old)?\b|\baged?\s+(\d{1,2})\b"
    r"|(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:周岁|岁)"
)


@dataclass(frozen=True)
class SpecsFound:
    bounds: tuple[SpecBound, ...] = ()
    age: int | None = None
    audiences: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    notes: tuple[str, ...] = ()


def find_specs(text: str, folded: str, vocab: Vocabulary) -> SpecsFound:
    """Spec bounds and an age in the query, and the text that said them (to blank)."""
    bounds: list[SpecBound] = []
    spans: list[tuple[int, int]] = []
    for memory, storage, span in pairs(text):  # "8G+256G": both exactly, as a shop lists them
        bounds += [
            SpecBound("memory_gb", memory, memory, "GB"),
            SpecBound("storage_gb", storage, storage, "GB"),
        ]
        spans.append(span)
        folded = folded[: span[0]] + "\x00" * (span[1] - span[0]) + folded[span[1] :]
    for m in _usable(text, folded):
        attribute = m.kind if m.kind not in ("gb", "g?") else gigabytes_kind(text, m, guess=True)
        if attribute is None:
            continue
        low, high, span = _bound(folded, m)
        bounds.append(SpecBound(attribute, low, high, SPEC_UNITS[attribute]))
        spans += [span, *_attribute_words(folded, span)]
    found = _age(folded, vocab)
    return SpecsFound(tuple(_merged(bounds)), found.age, found.audiences, (*spans, *found.spans), found.notes)


def _usable(text: str, folded: str) -> list[Measure]:
    """The figures with units, less networks ("5G phone") and spans already blanked."""
    out = []
    for m in measures(text):
        if "\x00" in folded[m.start : m.end]:
            continue
        if m.kind == "g?" and m.value in (2, 3, 4, 5) and not MEMORY_WORDS.search(folded[m.end : m.end + 8]):
            continue
        out.append(m)
    return out


def _bound(folded: str, m: Measure) -> tuple[float | None, float | None, tuple[int, int]]:
    """(min, max, the text the bound used): a comparison word before or after, or the value alone."""
    before, after = folded[max(0, m.start - _NEAR) : m.start], folded[m.end : m.end + _NEAR]
    if second := _SECOND.search(folded[max(0, m.start - 2 * _NEAR) : m.start]):  # "between 8 and 16GB"
        written = float(re.match(r"[\d.,]+", folded[m.start :]).group().replace(",", ""))  # type: ignore[union-attr]
        low = float(second.group(1)) * (m.value / written if written else 1.0)  # in the same unit
        return (low if low < m.value else None), m.value, (m.start - len(second.group()), m.end)
    for pattern, is_min, after_side in ((_MIN_BEFORE, True, False), (_MAX_BEFORE, False, False),
                                        (_MIN_AFTER, True, True), (_MAX_AFTER, False, True)):  # fmt: skip
        hit = pattern.match(after) if after_side else pattern.search(before)
        if hit is None:
            continue
        span = (m.start, m.end + hit.end()) if after_side else (m.start - len(before) + hit.start(), m.end)
        if not is_min and _LIGHT.search(hit.group()) is None and hit.group().strip() == "比":
            continue  # "比" alone compares with something else
        return (m.value, None, span) if is_min else (None, m.value, span)
    return m.value, m.value, (m.start, m.end)


def _attribute_words(folded: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """ "RAM", "内存", "screen" just beside a bound: said by the bound, not keywords."""
    out = []
    for start, end in ((max(0, span[0] - _NEAR), span[0]), (span[1], span[1] + _NEAR)):
        out += [(start + w.start(), start + w.end()) for w in _ATTRIBUTE_WORDS.finditer(folded[start:end])]
    return out


def _merged(bounds: list[SpecBound]) -> list[SpecBound]:
    """ "between 8 and 16GB" and repeated attributes: one bound per attribute, the tightest."""
    out: dict[str, SpecBound] = {}
    for b in bounds:
        if (old := out.get(b.attribute)) is None:
            out[b.attribute] = b
            continue
        low = max((v for v in (old.min, b.min) if v is not None), default=None)
        high = min((v for v in (old.max, b.max) if v is not None), default=None)
        out[b.attribute] = SpecBound(b.attribute, low, high, b.unit)
    return list(out.values())


@dataclass(frozen=True)
class _Age:
    age: int | None = None
    audiences: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    notes: tuple[str, ...] = ()


def _age(folded: str, vocab: Vocabulary) -> _Age:
    m = _AGE.search(folded)
    if m is None:
        return _Age()
    raw = next(g for g in m.groups() if g)
    value = int(raw) if raw.isdigit() else int(chinese(raw) or 0)
    if not 0 < value <= 17:
        return _Age(spans=(m.span(),))  # "30 year old" shoppers are not a children's age
    if "age_min_y" in vocab.specs:
        return _Age(age=value, spans=(m.span(),))
    who = "baby" if value <= 2 else "kids"
    if who in vocab.audiences or "kids" in vocab.audiences:
        note = f"age {value} read as products for {who}: this catalog does not state ages"
        return _Age(audiences=(who if who in vocab.audiences else "kids",), spans=(m.span(),), notes=(note,))
    note = f"age {value} not used: this catalog states neither ages nor who products are for"
    return _Age(spans=(m.span(),), notes=(note,))
