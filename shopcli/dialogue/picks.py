"""Computed picks among the products listed: "the cheapest one", "the best rated", "评分最高的"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from shopcli.schema import Product

# (name, pattern): a pick counts as a reference only where nothing names a new category (chat decides).
PICKS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I)) for name, pattern in (
        ("cheapest", r"\b(?:cheapest|least expensive|lowest[- ]priced|most affordable)\b"
                     r"|最便宜|价格最低|最实惠"),
        ("priciest", r"\b(?:most expensive|priciest|highest[- ]priced)\b|最贵|价格最高"),
        ("best rated", r"\b(?:best|highest|top)[- ]rated\b|\bbest reviewed\b|\bhighest rating\b"
                       r"|评分最高|评价最高|评价最好|口碑最好|好评最多|分数最高"),
        ("worst rated", r"\b(?:worst|lowest)[- ]rated\b|\blowest rating\b|评分最低|评价最差"),
        ("most reviewed", r"\bmost (?:reviewed|reviews|popular)\b|\bbest[- ]selling\b"
                          r"|评论最多|最受欢迎|销量最高|卖得最好"),
    )
)  # fmt: skip


def pick(name: str, shown: Sequence[Product]) -> int:
    """The 1-based position of the pick among `shown` (ties go to the one listed first)."""
    order = range(len(shown))
    if name == "cheapest":
        best = min(order, key=lambda i: (shown[i].price, i))
    elif name == "priciest":
        best = min(order, key=lambda i: (-shown[i].price, i))
    elif name == "best rated":
        best = min(order, key=lambda i: (-(shown[i].rating or 0), -(shown[i].review_count or 0), i))
    elif name == "worst rated":
        best = min(order, key=lambda i: (shown[i].rating if shown[i].rating is not None else 9, i))
    else:
        best = min(order, key=lambda i: (-(shown[i].review_count or 0), i))
    return best + 1


def find_pick(text: str) -> str | None:
    """The name of the pick `text` asks for, if any."""
    return next((name for name, pattern in PICKS if pattern.search(text)), None)
