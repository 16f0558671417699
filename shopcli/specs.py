"""Numeric specs with units: the attributes a catalog's `specs` column holds, and how a number with a
unit reads in English and Chinese ("16GB", "6.7英寸", "500 ml", "1.2kg", "5000毫安", "65W").

Core, because both sides read units the same way: ingest/specs.py when it extracts specs from product
names at import (and scripts/make_catalog.py for the demo), understand/specs.py when a shopper asks
for "at least 16GB RAM" or "500ml以上". One scale per attribute, so the two always compare:
- memory_gb, storage_gb: GB; 1 TB = 1024 GB ("G" alone is GB, as Chinese listings write "8G+128G")
- screen_in: inches ("寸" and "英寸" both: a TV "55寸" is 55 inches)
- volume_ml: millilitres; litres too (1 L = 1000 ml), so "1L以上" and "over 500ml" share a scale
- weight_g: grams; kg, 公斤, 千克 (1000 g), 斤 (500 g), lb (453.6 g)
- battery_mah: mAh (毫安, 毫安时); power_w: watts (W, 瓦)
- age_min_y, age_max_y: the ages, in years, a product says it suits ("ages 8+", "3-6岁")

Which attribute a GB figure is (memory or storage) is decided by its neighbours, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# attribute -> the unit its values are in, as the filters line shows it
SPEC_UNITS: dict[str, str] = {
    "memory_gb": "GB", "storage_gb": "GB", "screen_in": "inch", "volume_ml": "ml", "weight_g": "g",
    "battery_mah": "mAh", "power_w": "W", "age_min_y": "years", "age_max_y": "years",
}  # fmt: skip
# what the filters line calls each attribute
SPEC_NAMES: dict[str, str] = {
    "memory_gb": "memory", "storage_gb": "storage", "screen_in": "screen", "volume_ml": "volume",
    "weight_g": "weight", "battery_mah": "battery", "power_w": "power", "age_min_y": "age from",
    "age_max_y": "age to",
}  # fmt: skip

# unit as written (lower-cased) -> (kind, factor to the kind's canonical unit)
_UNITS: dict[str, tuple[str, float]] = {
    "tb": ("gb", 1024.0), "gb": ("gb", 1.0), "g": ("g?", 1.0),
    "inches": ("screen_in", 1.0), "inch": ("screen_in", 1.0),
    '"': ("screen_in", 1.0), "″": ("screen_in", 1.0), "”": ("screen_in", 1.0), "英寸": ("screen_in", 1.0),
    "寸": ("screen_in", 1.0),
    "ml": ("volume_ml", 1.0), "毫升": ("volume_ml", 1.0), "l": ("volume_ml", 1000.0),
    "litre": ("volume_ml", 1000.0), "litres": ("volume_ml", 1000.0), "liter": ("volume_ml", 1000.0),
    "liters": ("volume_ml", 1000.0), "ltr": ("volume_ml", 1000.0), "ltrs": ("volume_ml", 1000.0),
    "升": ("volume_ml", 1000.0),
    "kg": ("weight_g", 1000.0), "kgs": ("weight_g", 1000.0), "公斤": ("weight_g", 1000.0),
    "千克": ("weight_g", 1000.0), "斤": ("weight_g", 500.0), "克": ("weight_g", 1.0),
    "grams": ("weight_g", 1.0), "gram": ("weight_g", 1.0), "gm": ("weight_g", 1.0), "gms": ("weight_g", 1.0),
    "lb": ("weight_g", 453.6), "lbs": ("weight_g", 453.6),
    "mah": ("battery_mah", 1.0), "毫安时": ("battery_mah", 1.0), "毫安": ("battery_mah", 1.0),
    "w": ("power_w", 1.0), "watt": ("power_w", 1.0), "watts": ("power_w", 1.0), "瓦": ("power_w", 1.0),
}  # fmt: skip
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
# a number (not the tail of a model number: "XM5", "A15") and a unit that does not run on into a word
MEASURE = re.compile(
    rf"(?<![A-Za-z0-9_.,])(\d{{1,3}}(?:,\d{{3}})+|\d+(?:[.,]\d+)?)\s?-?\s?({_UNIT_RE})(?![a-z0-9_]|(?<=[a-z])-)",
    re.IGNORECASE,
)
# "8G+128G", "8GB/256GB", "8+256GB", "12GB+512GB", "8 GB/512 GB": memory, then storage; never a lower-case
# "g" ("50g+100g" is two weights) nor a count ("80g*3+120g")
PAIR = re.compile(
    r"(?<![A-Za-z0-9_.*×])(\d{1,2})\s?(?:GB|G)?\s?(?:RAM)?\s?[+/]\s?(\d{1,4})\s?(?-i:(GB|G|TB|T|gb|tb))(?:\s?ROM)?"
    r"(?![a-z])",
    re.IGNORECASE,
)
MEMORY_WORDS = re.compile(r"\b(?:ram|memory|lpddr\d*x?|ddr\d)\b|内存|运存|运行内存", re.IGNORECASE)
STORAGE_WORDS = re.compile(r"\b(?:rom|storage|ssd|hdd|emmc|ufs)\b|存储|硬盘|闪存|机身", re.IGNORECASE)
_NEAR = 14  # characters either side a RAM/storage word may stand from its figure


@dataclass(frozen=True)
class Measure:
    """A number with a unit found in text: `kind` is an attribute, "gb" (memory or storage: decided by
    context) or "g?" (a bare G: GB in "8G+128G", grams in "500g")."""

    value: float
    kind: str
    start: int
    end: int
    unit: str  # as written


def pairs(text: str) -> list[tuple[float, float, tuple[int, int]]]:
    """(memory GB, storage GB, span) for each "8G+128G"-style pair: the smaller first, as shops write them."""
    out = []
    for m in PAIR.finditer(text):
        small, large = (
            float(m.group(1)),
            float(m.group(2)) * (1024 if m.group(3).lower().startswith("t") else 1),
        )
        if small < large:
            out.append((small, large, m.span()))
    return out


def measures(text: str) -> list[Measure]:
    """Every number with a unit in `text`, left to right, values in the canonical unit."""
    found = []
    for m in MEASURE.finditer(text):
        unit = m.group(2)
        kind, factor = _UNITS[unit.lower()]
        number = m.group(1)
        # "20,000" is twenty thousand, "1,5" (European) one and a half
        number = number.replace(",", "") if re.search(r",\d{3}\b", number) else number.replace(",", ".")
        value = float(number)
        found.append(Measure(value * factor, kind, m.start(), m.end(), unit))
    return found


def gigabytes_kind(text: str, m: Measure, *, guess: bool = False) -> str | None:
    """Memory, storage or weight for a figure in GB or a bare G (ingest/specs.py has the rules); None
    if unsure, unless `guess` (a shopper's "16GB laptop" means memory, "256GB" storage)."""
    if m.kind == "g?" and m.value in (2, 3, 4, 5) and not _beside(text, m, MEMORY_WORDS, "after"):
        return None  # a network: "5G", "4G全网通"
    for side in ("after", "before"):  # "6GB RAM, 64GB Storage": a word after its figure is nearer
        if _beside(text, m, MEMORY_WORDS, side):
            return "memory_gb"
        if _beside(text, m, STORAGE_WORDS, side):
            return "storage_gb"
    if m.kind == "gb" or (guess and m.unit == "G"):
        return "storage_gb" if m.value >= (64 if guess else 32) else ("memory_gb" if guess else None)
    if m.unit == "g":
        return "weight_g"
    if _storage_size(m.value):
        return "storage_gb"
    return "weight_g" if m.value >= 50 else None  # "500G" rice; "16G" alone says nothing


def _storage_size(value: float) -> bool:
    return value >= 32 and value.is_integer() and (int(value) & (int(value) - 1)) == 0


def _beside(text: str, m: Measure, words: re.Pattern[str], side: str) -> bool:
    """Whether `words` stand just `side` the figure, with no other figure between."""
    if side == "after":
        return bool(words.search(re.split(r"\d", text[m.end : m.end + _NEAR], maxsplit=1)[0]))
    return bool(words.search(re.split(r"\d", text[max(0, m.start - _NEAR) : m.start])[-1]))
