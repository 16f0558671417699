"""Ratings ("4+ stars", "rated 4.5 and up", "四星以上") and sizes ("size M", "XL", "10.5", "42码").

Ratings and explicit sizes are read before prices so "at least 4 stars" and "size 10" never become
prices. Bare sizes that only make sense for clothes ("medium", a capital "M") or shoes ("10.5") are
read after the categories are known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shopcli.understand.numbers import arabic, chinese
from shopcli.understand.text import MASK

_N = r"(?<![\d.])(?P<n>[0-5](?:\.\d{1,2})?(?![\d.])|[一二两三四五](?:点[一二三四五六七八九])?)"
_OR_MORE = r"(?:\s*(?:\+|and up|and above|or (?:more|higher|above|better)|plus|minimum|or over))?"
_AT_LEAST = r"(?:at least|above|over|(?<!no )(?<!not )more than|min(?:imum)?|>=?|≥|from)"
_AT_MOST = re.compile(
    r"(?<![a-z])(?:no more than|not more than|at most|under|below|less than|max(?:imum)?)\s*$"
)  # "no more than 3 stars" is a maximum, which Intent cannot say
_STARS = r"(?:\s*(?:/\s*5|out of 5))?\s*(?:-|\s)?stars?\b"
_RATING = [
    re.compile(rf"(?<![a-z])(?:rated|rating|ratings|score)\s*(?:of|is|:|at)?\s*(?:{_AT_LEAST}\s*)?{_N}"
               rf"(?:\s*(?:/\s*5|out of 5))?(?:\s*stars?\b)?{_OR_MORE}"),
    re.compile(rf"(?<![a-z]){_AT_LEAST}\s*{_N}{_STARS}{_OR_MORE}"),
    re.compile(rf"{_N}\s*\+?{_STARS}(?:\s*\+)?{_OR_MORE}(?:\s*(?:rating|rated|reviews?))?"),
    re.compile(rf"{_N}\s*\+?\s*(?:rating|rated)\b"),
    re.compile(rf"{_N}\s*(?:/\s*5|out of 5)"),
    re.compile(rf"(?:评分|评价|好评|星级|分数|打分|口碑)\s*(?:在|是|要|为)?\s*(?:高于|不低于|至少|大于|超过|>=?|≥)?"
               rf"\s*{_N}\s*(?:分|颗星|星)?\s*(?:以上|及以上|或以上|起|\+)?"),
    re.compile(r"(?<![\d.])(?P<n>[0-5](?:\.\d{1,2})?)\s*(?:颗)?星(?:级)?\s*(?:以上|及以上|或以上|起|\+)?"),
    # a Chinese numeral needs 以上: 三星 on its own is Samsung
    re.compile(r"(?P<n>[一二两三四五](?:点[一二三四五六七八九])?)\s*(?:颗)?星(?:级)?\s*(?:以上|及以上|或以上|起)"),
    re.compile(rf"{_N}\s*分\s*(?:以上|及以上|或以上|起)"),
]  # fmt: skip

_LETTER_SIZES = {
    "xxs": "XXS", "xs": "XS", "s": "S", "m": "M", "l": "L", "xl": "XL", "xxl": "XXL", "xxxl": "XXXL",
    "2xl": "XXL", "3xl": "XXXL", "small": "S", "medium": "M", "large": "L", "extra small": "XS",
    "extra-small": "XS", "extra large": "XL", "extra-large": "XL", "x-large": "XL", "xx-large": "XXL",
    "中号": "M", "小号": "S", "大号": "L", "加大号": "XL", "加大码": "XL", "加加大": "XXL",
}  # fmt: skip
_LETTER = r"xxxl|xxl|xxs|xl|xs|[23]xl|s|m|l|small|medium|large|extra[ -](?:small|large)|x-large|xx-large"
_SHOE = r"\d{1,2}(?:\.5)?"
_SIZE = [
    re.compile(rf"(?<![a-z])size\s*[:=]?\s*(?:(?:us|eu|uk)\s*)?(?P<v>{_LETTER}|{_SHOE})(?![a-z0-9.])"),
    re.compile(rf"(?<![a-z])(?:us|eu|uk)\s*(?:size\s*)?(?P<v>{_SHOE})(?![\d.])(?!\s*(?:dollars?|bucks|\$))"),
    re.compile(r"(?<![a-z0-9])(?P<v>xxxl|xxl|xxs|xl|xs|[23]xl)(?![a-z0-9])"),
    re.compile(rf"(?<![a-z0-9.])(?P<v>xxxl|xxl|xxs|xl|xs|[23]xl|s|m|l|{_SHOE})\s*(?:码|号)(?!码)"),
    re.compile(rf"(?:尺码|码数|尺寸|鞋码)\s*(?:是|为|选|要)?\s*(?P<v>xxxl|xxl|xxs|xl|xs|[23]xl|s|m|l|{_SHOE})"),
    re.compile(r"(?P<v>加大号|加大码|加加大|中号|小号|大号)"),
]  # fmt: skip
_CAPITAL_SIZE = re.compile(r"(?<![\w&'.\-])(?<!\d )(?P<v>S|M|L)(?![\w&'.\-])")
_WORD_SIZE = re.compile(r"(?<![a-z])(?P<v>extra[ -](?:small|large)|small|medium|large)(?![a-z])")
_SHOE_NUMBER = re.compile(
    r"(?<![\w.$¥#\x00])(?P<v>\d{1,2}(?:\.5)?)(?![\w.%+])"
    r"(?!\s*(?:years?|yrs?|yo|y/o|pairs?|pack|pcs|inch|in\b|dollars?|bucks|usd|元|块|个|双|岁))"
)


@dataclass(frozen=True)
class Found:
    value: str
    span: tuple[int, int]


def find_rating(folded: str) -> tuple[float, tuple[int, int]] | None:
    """The minimum rating asked for, 0 < r <= 5, and where it was written."""
    for pattern in _RATING:
        for m in pattern.finditer(folded):
            n = m.group("n")
            value = arabic(n) if n[0].isdigit() else chinese(n)
            capped = _AT_MOST.search(folded, max(0, m.start() - 20), m.start())
            if value is not None and 0 < value <= 5 and not capped:
                return value, m.span()
    return None


def find_size(folded: str) -> Found | None:
    """A size written as one: "size M", "size 10.5", "XL", "EU 42", "M码", "42码", "中号"."""
    for pattern in _SIZE:
        if m := pattern.search(folded):
            return Found(_size_value(m.group("v")), m.span())
    return None


def find_bare_size(text: str, folded: str, *, clothing: bool, footwear: bool) -> Found | None:
    """Sizes that need a category to be sizes: "medium hoodie", "hoodie M", "sneakers 10.5"."""
    if clothing:
        for capital in _CAPITAL_SIZE.finditer(text):
            if folded[capital.start()] != MASK:
                return Found(_size_value(capital.group("v").lower()), capital.span())
        if word := _WORD_SIZE.search(folded):
            return Found(_size_value(word.group("v")), word.span())
    if footwear:
        for m in _SHOE_NUMBER.finditer(folded):
            shoe = float(m.group("v"))
            if 4 <= shoe <= 15 or 35 <= shoe <= 48:
                return Found(m.group("v"), m.span())
    return None


def _size_value(raw: str) -> str:
    raw = raw.strip()
    return _LETTER_SIZES.get(raw, raw.upper())
