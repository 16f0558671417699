"""Numbers as shoppers write them: "1,299", "1.5k", "3千", "两百", "四点五", "a hundred", "fifty"."""

from __future__ import annotations

import math
import re

CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万点"
CN_NUMERAL = f"[{CN_NUMERAL_CHARS}]+"
_UNITS = "a one two three four five six seven eight nine ten".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
EN_NUMERAL = rf"(?:(?:{'|'.join(_UNITS)})\s+)?(?:hundred|thousand|grand)|{'|'.join(_TENS)}"
_MULTIPLIERS = {"k": 1_000.0, "千": 1_000.0, "万": 10_000.0, "百": 100.0}
_LARGEST = 1e9  # beyond any price or rating; keeps float maths and notes sane


def arabic(digits: str, multiplier: str | None = None) -> float | None:
    """ "1,299.50" -> 1299.5; with a multiplier ("k", "千", "万", "百") scaled; None if unusable."""
    try:
        value = float(digits.replace(",", ""))
    except ValueError:
        return None
    if multiplier:
        value *= _MULTIPLIERS.get(multiplier, 1.0)
    return value if math.isfinite(value) and 0 <= value <= _LARGEST else None


def chinese(numeral: str) -> float | None:
    """A Chinese numeral ("两百", "一千五", "四点五", "千") as a number; None if it is not one."""
    if not numeral or numeral.strip(CN_NUMERAL_CHARS) or len(numeral) > 12:
        return None
    if re.search("[一二两三四五六七八九]{2}", numeral):
        return None  # "三四千" is a range ("3,000-4,000"), read by price.py, not 34,000
    if numeral[0] in "十百千万":
        numeral = "一" + numeral  # "千元" is a thousand yuan
    import cn2an  # lazy: only queries with Chinese numerals pay for it

    try:
        value = float(cn2an.cn2an(numeral, "smart"))
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    return value if math.isfinite(value) and 0 <= value <= _LARGEST else None


def english(words: str) -> float | None:
    """ "a hundred" -> 100, "two thousand" -> 2000, "a grand" -> 1000, "fifty" -> 50."""
    parts = words.split()
    if len(parts) == 1 and parts[0] in _TENS:
        return float(20 + 10 * _TENS.index(parts[0]))
    count = max(_UNITS.index(parts[0]), 1) if len(parts) == 2 else 1
    scale = {"hundred": 100, "thousand": 1000, "grand": 1000}.get(parts[-1])
    return float(count * scale) if scale else None
