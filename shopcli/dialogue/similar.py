"""Content-based neighbours of one product: same category, nearby price, shared tags, same type or
brand; each with the reason it was picked. Candidates come from the catalog's own search (no SQL
here); a catalog without categories falls back to the product's name words.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from shopcli.dialogue.wording import Say
from shopcli.intent import Intent
from shopcli.schema import Product
from shopcli.store.catalog import Catalog

CANDIDATES = 80
_BAND = (0.5, 1.7)  # candidates' price range around the product's
_WORD = re.compile(r"[a-z][a-z0-9-]{2,}", re.I)


@dataclass(frozen=True)
class Neighbour:
    product: Product
    reason: str


def neighbours(
    source: Product, catalog: Catalog, say: Say, *, limit: int = 6, cheaper: bool = False,
    exclude: tuple[str, ...] = (),
) -> list[Neighbour]:  # fmt: skip
    """Up to `limit` products like `source`, most similar first; `cheaper`: only cheaper ones."""
    low, high = source.price * _BAND[0], source.price * (1.0 if cheaper else _BAND[1])
    found: list[Product] = []
    if source.category:
        found += catalog.search(Intent(categories=(source.category,), min_price=low, max_price=high),
                                limit=CANDIDATES).products  # fmt: skip
    if len(found) <= limit:  # no category, or one of its own (seen in imported exports): by name words
        found += catalog.search(Intent(keywords=_name_words(source)), limit=CANDIDATES).products
    seen = {_model(source)}
    ranked = []
    for p in sorted(found, key=lambda p: -_score(source, p)):
        if p.id == source.id or p.id in exclude or _model(p) in seen or (cheaper and p.price >= source.price):
            continue
        if not _alike(source, p):  # a price alone does not make two products alike
            continue
        seen.add(_model(p))
        ranked.append(Neighbour(p, reason(source, p, say)))
        if len(ranked) == limit:
            break
    return ranked


def _alike(source: Product, p: Product) -> bool:
    """Same category, a shared tag, or two shared name words ("running shoes")."""
    same = bool(source.category) and p.category == source.category
    return (
        same
        or bool(set(source.tags) & set(p.tags))
        or len(set(_name_words(source)) & set(_name_words(p))) >= 2
    )


def _name_words(p: Product) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w.lower() for w in _WORD.findall(p.name)))[:6]


def _model(p: Product) -> str:
    """The name less its colour suffix: "Hoka Clifton 9, Black" and "..., White" are one model."""
    return p.name.rsplit(",", 1)[0].strip().lower()


def _score(source: Product, p: Product) -> float:
    shared = len(set(source.tags) & set(p.tags))
    score = 2.0 * shared - 3.0 * abs(math.log(max(p.price, 0.01) / max(source.price, 0.01)))
    score += 2.0 if source.subcategory and p.subcategory == source.subcategory else 0.0
    score += 2.0 if source.category and p.category == source.category else 0.0
    score += 1.0 * len(set(_name_words(source)) & set(_name_words(p)))
    score += 1.0 if source.brand and p.brand == source.brand else 0.0
    return score + 0.2 * (p.rating or 0)


def reason(source: Product, p: Product, say: Say) -> str:
    """Why `p` was picked as like `source`, from the two rows."""
    parts = []
    if source.subcategory and p.subcategory == source.subcategory:
        parts.append(f"同为{p.subcategory}" if say.zh else f"also {p.subcategory}")
    if source.brand and p.brand == source.brand:
        parts.append("同品牌" if say.zh else f"also {p.brand}")
    if p.category != source.category and (words := [w for w in _name_words(source) if w in _name_words(p)]):
        parts.append(f"名称相近：{say.list(words[:3])}" if say.zh else f"also {' '.join(words[:3])}")
    shared = [t for t in source.tags if t in p.tags][:3]
    if shared:
        parts.append(f"共同特点：{say.list(shared)}" if say.zh else f"shares {say.list(shared)}")
    gap = p.price - source.price
    if abs(gap) <= 0.05 * source.price:
        parts.append("价格相近" if say.zh else "about the same price")
    else:
        amount = say.price(p, abs(gap))
        cheaper = gap < 0
        parts.append((f"便宜 {amount}" if cheaper else f"贵 {amount}") if say.zh
                     else f"{amount} {'cheaper' if cheaper else 'more'}")  # fmt: skip
    return ("，" if say.zh else ", ").join(parts)
