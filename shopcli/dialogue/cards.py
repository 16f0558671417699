"""A product card (every catalog field) and a side-by-side comparison, as data the screen draws and
`--json` prints; and the answers written from them without a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shopcli.dialogue.wording import Say
from shopcli.schema import Product

CARD_FIELDS = ("brand", "category", "subcategory", "color", "size", "material", "price", "original_price",
               "rating", "review_count", "stock", "tags", "description")  # fmt: skip
# field -> +1 when more is better, -1 when less is: the best value of a compared row is marked.
_BETTER = {"price": -1, "rating": 1, "review_count": 1}


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[str, ...]  # one per product, "" when the catalog does not say
    differs: bool  # the values are not all the same
    best: int | None = None  # index of the best value (lowest price, highest rating...)


def card(p: Product, say: Say) -> list[tuple[str, str]]:
    """(label, value) for every field the catalog has for `p`."""
    return [(say.label(f), v) for f in CARD_FIELDS if (v := say.value(p, f)) is not None]


def comparison(products: Sequence[Product], say: Say) -> list[Row]:
    """One row per field any of the products has; differences marked, the best value flagged."""
    rows = []
    for field in CARD_FIELDS[:-1]:  # descriptions are long prose: the card shows them, not the table
        values = tuple(say.value(p, field) or "" for p in products)
        if not any(values):
            continue
        rows.append(Row(say.label(field), values, len(set(values)) > 1, _best(products, field)))
    return rows


def _best(products: Sequence[Product], field: str) -> int | None:
    direction = _BETTER.get(field)
    numbers = [getattr(p, field) for p in products]
    if direction is None or any(v is None for v in numbers) or len(set(numbers)) == 1:
        return None
    return max(range(len(products)), key=lambda i: (numbers[i] * direction, -i))


def details_text(n: int, p: Product, say: Say) -> str:
    """The answer about one product without a model: its main facts in two sentences."""
    price = say.price(p)
    if p.original_price and p.original_price > p.price:
        price += (
            f"（原价 {say.price(p, p.original_price)}）"
            if say.zh
            else f" (was {say.price(p, p.original_price)})"
        )
    rated = ""
    if p.rating is not None:
        reviews = f"{p.review_count:,}" if p.review_count is not None else "?"
        rated = (
            f"，评分 {p.rating:.1f}（{reviews} 条评价）"
            if say.zh
            else f", rated {p.rating:.1f} from {reviews} reviews"
        )
    first = f"[{n}] {p.name}：{price}{rated}。" if say.zh else f"[{n}] {p.name} costs {price}{rated}."
    extra = []
    if p.tags:
        extra.append(f"特点：{say.list(p.tags)}。" if say.zh else f"Features: {say.list(p.tags)}.")
    if p.stock is not None:
        extra.append(f"库存：{say.value(p, 'stock')}。" if say.zh else f"Stock: {say.value(p, 'stock')}.")
    return say.join([first, *extra])


def verdict_text(numbered: Sequence[tuple[int, Product]], say: Say) -> str:
    """Which compared product is cheaper, better rated, more reviewed, and what only one has."""
    products = [p for _, p in numbered]
    numbers = [n for n, _ in numbered]
    parts = []
    for field, en, zh in (("price", "Cheapest", "最便宜"), ("rating", "Best rated", "评分最高"),
                          ("review_count", "Most reviewed", "评价最多")):  # fmt: skip
        i = _best(products, field)
        if i is not None:
            value = say.value(products[i], field)
            parts.append(
                f"{zh}：[{numbers[i]}]（{value}）。" if say.zh else f"{en}: [{numbers[i]}] ({value})."
            )
    for i, p in enumerate(products):
        only = [t for t in p.tags if all(t not in q.tags for j, q in enumerate(products) if j != i)]
        if only:
            listed = say.list(only[:3])
            parts.append(
                f"只有 [{numbers[i]}] 有：{listed}。" if say.zh else f"Only [{numbers[i]}] lists {listed}."
            )
    return say.join(parts) or (
        "这几款的主要信息相同。" if say.zh else "The catalog lists the same main facts for these."
    )
