"""The profile as a ranking stage over rows a search already matched: it reorders, never removes,
and every effect carries its reason ("↑ you like Hoka", "size 9 in stock").

A search with a profile asks the catalog for a wider pool of candidates (pool_size), scores each
one here, and keeps the best `limit`: so a size-9 shoe at position 30 of the plain order can
reach the table, while nothing the shopper's words excluded ever can. Scores only sort products
with different effects; among equals, the plain order stands. A shopper who asked for an order
("cheapest first") keeps it: the profile then only marks rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shopcli.personal.profile import Profile, color_zh
from shopcli.schema import Product

_SIZE_SPLIT = re.compile(r"[,;/|\s]+")
# (weight, English, Chinese) per effect; {v} is the brand, colour, size or amount.
_EFFECTS: dict[str, tuple[float, str, str]] = {
    "size": (2.0, "size {v} in stock", "{v} 码有货"),
    "size_unknown_stock": (1.5, "size {v}", "有 {v} 码"),
    "size_out": (0.0, "size {v} out of stock", "{v} 码缺货"),
    "brand": (1.5, "↑ you like {v}", "↑ 你喜欢 {v}"),
    "avoid_brand": (-3.0, "↓ you avoid {v}", "↓ 你不喜欢 {v}"),
    "color": (1.0, "↑ you like {v}", "↑ 你喜欢{v}"),
    "avoid_color": (-2.0, "↓ you avoid {v}", "↓ 你不喜欢{v}"),
    "budget": (-1.0, "↓ over your usual ${v}", "↓ 超出你常用的 ${v} 预算"),
    "like": (1.0, "♥ you liked this", "♥ 你喜欢过"),
    "dislike": (-3.0, "↓ you disliked this", "↓ 你不喜欢这件"),
    "save": (0.5, "★ saved", "★ 已收藏"),
    "bought": (0.0, "you bought this", "你买过"),
}


@dataclass(frozen=True)
class Ranked:
    products: tuple[Product, ...]
    reasons: tuple[tuple[str, tuple[str, ...]], ...]  # (product id, reasons), only products with any
    reordered: bool  # the profile changed the order shown
    uses: tuple[str, ...]  # what of the profile was in play: "size 9", "likes Hoka"...

    def reasons_for(self, product_id: str) -> tuple[str, ...]:
        return dict(self.reasons).get(product_id, ())

    def to_dict(self) -> dict[str, Any]:
        return {"reordered": self.reordered, "uses": list(self.uses),
                "reasons": {pid: list(r) for pid, r in self.reasons}}  # fmt: skip


def pool_size(limit: int) -> int:
    """How many candidates to rank for `limit` shown: enough for profile matches to surface."""
    return min(max(limit * 5, 50), 200)


def rerank(
    products: Sequence[Product], profile: Profile, *, catalog: Path, limit: int, reorder: bool = True,
    language: str = "en",
) -> Ranked:  # fmt: skip
    """The best `limit` of `products` for this profile, each with its reasons."""
    marks = {(m.id, m.kind) for m in profile.marks if m.catalog == str(catalog)}
    scored = [(effects(p, profile, marks, language), i, p) for i, p in enumerate(products)]
    ordered = sorted(scored, key=lambda t: (-t[0][0], t[1])) if reorder else scored
    shown = ordered[:limit]
    return Ranked(
        tuple(p for _, _, p in shown),
        tuple((p.id, reasons) for (_, reasons), _, p in shown if reasons),
        [i for _, i, _ in shown] != list(range(len(shown))),
        uses(profile),
    )


def effects(
    product: Product, profile: Profile, marks: set[tuple[str, str]], language: str = "en"
) -> tuple[float, tuple[str, ...]]:
    """(score, reasons) of one product under a profile."""
    found: list[tuple[str, str]] = []
    if (size := profile.size_for(product.category)) and _has_size(product.size, size):
        stock = "size_unknown_stock" if product.stock is None else "size" if product.stock > 0 else "size_out"
        found.append((stock, size))
    brand = (product.brand or "").lower()
    found += [("brand", b) for b in profile.brands if b.lower() == brand]
    found += [("avoid_brand", b) for b in profile.avoid_brands if b.lower() == brand]
    found += [("color", c) for c in profile.colors if c == product.color]
    found += [("avoid_color", c) for c in profile.avoid_colors if c == product.color]
    if (budget := profile.budget_for(product.category)) is not None and product.price > budget:
        found.append(("budget", f"{budget:,.0f}"))
    found += [(kind, "") for kind in ("like", "dislike", "save", "bought") if (product.id, kind) in marks]
    column = 2 if language == "zh" else 1
    score = sum(_EFFECTS[name][0] for name, _ in found)
    shown = [(name, color_zh(v) if language == "zh" and "color" in name else v) for name, v in found]
    return score, tuple(str(_EFFECTS[name][column]).format(v=v) for name, v in shown)


def _has_size(sizes: str | None, wanted: str) -> bool:
    """Whether a product's size field ("9", "S, M, L", "40/41") holds the wanted size."""
    if not sizes:
        return False
    return wanted.lower() in {s.lower() for s in _SIZE_SPLIT.split(sizes) if s}


def uses(profile: Profile) -> tuple[str, ...]:
    """The profile in a few words, for the line above the table."""
    out = [f"size {s}" + (f" ({c})" if c else "") for c, s in profile.sizes]
    out += [f"budget ${b:,.0f}" + (f" ({c})" if c else "") for c, b in profile.budgets]
    out += [f"likes {b}" for b in profile.brands] + [f"avoids {b}" for b in profile.avoid_brands]
    out += [f"likes {c}" for c in profile.colors] + [f"avoids {c}" for c in profile.avoid_colors]
    return tuple(out)
