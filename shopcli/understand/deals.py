"""Deals and stock in a query: "on sale", "打折", "at least 30% off", "5折以下", "半价", "biggest discount",
"in stock", "有货", "现货".

Read before prices, so "30% off" is never a budget of 30 and "sale" never a keyword. A catalog that
states no original prices (or no stock) cannot answer "on sale" (or "in stock"): the words are read
and a note says so, rather than a filter that every product fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shopcli.schema import Vocabulary
from shopcli.understand.numbers import chinese

_SORT = re.compile(
    r"\b(?:biggest|largest|best|highest|deepest|greatest|most)\s+(?:discounts?|deals?|savings?|markdowns?|%\s*off)\b"
    r"|\b(?:sort(?:ed)?|order(?:ed)?)\s+by\s+discount\b|\bmost\s+discounted\b"
    r"|折扣最大|优惠最大|降价最多|折扣最多|最大折扣|打折最多|优惠最多|最划算|折扣力度最大"
)
# "at least 30% off", "30% off or more", "30 percent off", "30% discount"
_PERCENT = re.compile(
    r"(?:(?:at\s+least|min(?:imum)?|over|more\s+than|above)\s+)?(\d{1,2}(?:\.\d+)?)\s*(?:%|percent|pc)\s*"
    r"(?:or\s+more\s+)?(?:off|discount)\b(?:\s+or\s+more)?"
)
# "5折以下", "打7折", "七五折" (a price of 5/10ths of the original: at least 50% off)
_ZHE = re.compile(r"(?:打)?(\d(?:\.\d)?|[一二两三四五六七八九]{1,2})\s*折(?:以下|以内|或更低|及以下|或以下)?")
_HALF = re.compile(r"半价|\bhalf[\s-]+(?:price|off)\b")
_SALE = re.compile(
    r"\b(?:on\s+sale|on\s+offer|on\s+discount|discounted|discounts?|deals?|clearance|marked\s+down|reduced"
    r"|sale|bargains?)\b|打折|特价|优惠|降价|促销|折扣|减价|清仓|打折的"
)
_STOCK = re.compile(
    r"\b(?:in[\s-]+stock|available\s+now|ready\s+to\s+ship|not\s+sold\s+out)\b|有货|现货|有库存|不缺货"
)


@dataclass(frozen=True)
class Deals:
    on_sale: bool = False
    min_discount: float | None = None
    in_stock: bool = False
    sort: str | None = None  # "discount"
    spans: tuple[tuple[int, int], ...] = ()
    notes: tuple[str, ...] = ()


def find_deals(folded: str, vocab: Vocabulary) -> Deals:
    """What the query says about deals and stock, and the text that said it."""
    spans: list[tuple[int, int]] = []
    sort = _take(_SORT, folded, spans)
    discount = _discount(folded, spans)
    sale = bool(_take(_SALE, folded, spans)) or sort is not None or discount is not None
    stock = bool(_take(_STOCK, folded, spans))
    notes = []
    if (sale or sort) and "original_price" not in vocab.facts:
        notes.append("this catalog states no original prices, so what is on sale cannot be told")
        sale, discount, sort = False, None, None
    if stock and "stock" not in vocab.facts:
        notes.append("this catalog states no stock, so what is in stock cannot be told")
        stock = False
    return Deals(sale, discount, stock, "discount" if sort else None, tuple(spans), tuple(notes))


def _take(pattern: re.Pattern[str], folded: str, spans: list[tuple[int, int]]) -> str | None:
    found = [m for m in pattern.finditer(folded) if not _overlaps(m.span(), spans)]
    spans.extend(m.span() for m in found)
    return found[0].group() if found else None


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in spans)


def _discount(folded: str, spans: list[tuple[int, int]]) -> float | None:
    """The least share off asked for: "30% off" 0.3, "5折以下" 0.5, "半价" 0.5; the largest if several."""
    shares = []
    for m in _PERCENT.finditer(folded):
        if 0 < (value := float(m.group(1))) < 100:
            shares.append(value / 100)
            spans.append(m.span())
    for m in _ZHE.finditer(folded):
        tenths = _tenths(m.group(1))
        if tenths is not None and 0 < tenths < 10:
            shares.append(round(1 - tenths / 10, 4))
            spans.append(m.span())
    for m in _HALF.finditer(folded):
        shares.append(0.5)
        spans.append(m.span())
    return max(shares) if shares else None


def _tenths(numeral: str) -> float | None:
    """ "5" -> 5, "7.5" -> 7.5, "七" -> 7, "七五" -> 7.5 (how 折 is spoken)."""
    if numeral[0].isdigit():
        return float(numeral)
    digits = [chinese(ch) for ch in numeral]
    if any(d is None for d in digits):
        return None
    return float(digits[0]) + (float(digits[1]) / 10 if len(digits) > 1 else 0.0)  # type: ignore[arg-type]
