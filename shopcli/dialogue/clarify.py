"""One question back for a request too vague to search ("I need a gift", "推荐点东西"), with options
drawn from the catalog: its most-listed categories among what fits the request so far, and budget
bands from those products' prices. The shopper's answer continues the conversation.
"""

from __future__ import annotations

import math
from collections import Counter

from shopcli.dialogue.wording import Say
from shopcli.intent import Intent
from shopcli.store.catalog import Catalog
from shopcli.understand.lexicon_zh import CATEGORY_ZH

SAMPLE = 200  # products looked at for options: the best-regarded that fit the request so far
OPTIONS = 5


def question(catalog: Catalog, partial: Intent, say: Say) -> str:
    """What to ask, e.g. "What are you shopping for? For example: headphones, dresses ... And a budget:
    under $50, $50–$150 or over $150?" (no budget part when the request gave one)."""
    found = catalog.search(partial.with_(categories=(), subcategories=()), limit=SAMPLE).products
    if not found:
        found = catalog.search(Intent(), limit=SAMPLE).products
    counts = Counter(p.category for p in found if p.category)
    if len(counts) < 2:  # a catalog without categories (or of one): its brands are the choice
        counts = Counter(p.brand for p in found if p.brand)
    categories = [_name(c, say) for c, _ in counts.most_common(OPTIONS)]
    has_budget = partial.min_price is not None or partial.max_price is not None
    bands = "" if has_budget or not found else _bands(sorted(p.price for p in found), found[0].currency, say)
    if say.zh:
        head = "您想买哪一类？" + (f"比如：{'、'.join(categories)}。" if categories else "")
        return head + (f"预算大概多少：{bands}？" if bands else "")
    head = "What are you shopping for?" + (f" For example: {_or(categories)}." if categories else "")
    return head + (f" And roughly what budget: {bands}?" if bands else "")


def _name(category: str, say: Say) -> str:
    aliases = CATEGORY_ZH.get(category)
    return aliases[0] if say.zh and aliases else category


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" or {items[-1]}"


def _bands(prices: list[float], currency: str, say: Say) -> str:
    low = _nice(prices[len(prices) // 3])
    high = _nice(prices[2 * len(prices) // 3])
    if high <= low:
        high = _nice(low * 2.5)
    lo_s, hi_s = (say.price_of(v, currency) for v in (low, high))
    if say.zh:
        return f"{lo_s}以下、{lo_s}–{hi_s}，还是{hi_s}以上"
    return f"under {lo_s}, {lo_s}–{hi_s} or over {hi_s}"


def _nice(value: float) -> float:
    """A round bound near `value`: 10, 20, 50, 100, 150, 200, 500..."""
    if value <= 0:
        return 10.0
    scale = 10 ** math.floor(math.log10(value))
    steps = [1, 1.5, 2, 3, 5, 7.5, 10]
    return float(min((s * scale for s in steps), key=lambda s: abs(s - value)))
