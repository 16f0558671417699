"""`shop also` and `shop foryou`: neighbours from the interaction log, said with their reasons.

Everything shown is a catalog row; a score is the stored similarity (or a sum of them), and every
item says why it is there: "people who chose X also chose this", "because you liked X", or
"popular in running shoes", so a shopper with no history is told plainly that this is popularity.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from shopcli.errors import CatalogError, UsageError
from shopcli.personal.profile import Profile
from shopcli.personal.rank import pool_size, rerank
from shopcli.personal.similarity import DEFAULT_METHOD, METHODS
from shopcli.schema import Product
from shopcli.store.catalog import Catalog
from shopcli.store.related import Popular

# How much each kind of mark says about taste; a dislike pushes its neighbours down.
SEED_WEIGHTS = {"like": 1.0, "bought": 1.0, "save": 0.6, "dislike": -1.0}
_VERBS = {"like": "liked", "bought": "bought", "save": "saved", "dislike": "disliked"}
NO_LOG = "no interaction log beside {path}: import one with `shop catalog import --interactions FILE`"


@dataclass(frozen=True)
class Pick:
    product: Product
    score: float  # similarity (summed over seeds for foryou); for popular picks, the shopper count
    reasons: tuple[str, ...]
    kind: str = "similar"  # or "popular"

    def to_dict(self) -> dict[str, Any]:
        return {"product": self.product.to_dict(), "kind": self.kind, "score": round(self.score, 6),
                "reasons": list(self.reasons)}  # fmt: skip


@dataclass(frozen=True)
class Also:
    product: Product
    method: str
    picks: tuple[Pick, ...]
    note: str  # said above the list: what the picks are based on

    def to_dict(self) -> dict[str, Any]:
        return {"product": self.product.to_dict(), "method": self.method, "note": self.note,
                "neighbours": [p.to_dict() for p in self.picks]}  # fmt: skip


@dataclass(frozen=True)
class ForYou:
    basis: str  # "history" (likes, saves, purchases) or "popular" (nothing to go on yet)
    seeds: tuple[str, ...]  # the marked product ids used
    method: str
    picks: tuple[Pick, ...]
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"basis": self.basis, "seeds": list(self.seeds), "method": self.method, "note": self.note,
                "products": [p.to_dict() for p in self.picks]}  # fmt: skip


def check_method(method: str | None) -> str:
    if method is None:
        return DEFAULT_METHOD
    if method not in METHODS:
        raise UsageError(f"unknown method {method!r}: use {' or '.join(METHODS)}")
    return method


def also(catalog: Catalog, product_id: str, *, method: str | None = None, limit: int = 10) -> Also:
    """Products that people who chose `product_id` also chose, best first."""
    method = check_method(method)
    found = catalog.get([product_id])
    if not found:
        raise UsageError(f"no product {product_id!r} in {catalog.path}: use an id from `shop search --json`")
    related = catalog.related()
    if not related.has_log():
        raise CatalogError(NO_LOG.format(path=catalog.path))
    product = found[0]
    picks = tuple(
        Pick(n.product, n.score, (f"{n.together:,} shopper{'s' if n.together != 1 else ''} chose both",))
        for n in related.neighbours(product_id, method=method, limit=limit)
    )
    if picks:
        return Also(product, method, picks, "People who chose this also chose:")
    popular = related.popular(
        categories=[product.category] if product.category else [], exclude=[product_id], per_category=limit,
        limit=limit,
    )  # fmt: skip
    where = product.category or "the catalog"
    return Also(product, method, _popular_picks(popular, where, has_log=True),
                f"Nobody in the log chose this with anything else; popular in {where} instead:")  # fmt: skip


def for_you(
    catalog: Catalog, profile: Profile | None, *, method: str | None = None, limit: int = 10,
    language: str = "en",
) -> ForYou:  # fmt: skip
    """Recommendations from this catalog's likes, saves and purchases; popularity when there are none."""
    method = check_method(method)
    profile = profile or Profile()
    related = catalog.related()
    marks = profile.marked(catalog.path)
    known = {p.id: p for p in catalog.get([m.id for m in marks])}
    seeds = [(m.id, SEED_WEIGHTS[m.kind]) for m in marks if m.id in known]
    verbs = {m.id: _VERBS[m.kind] for m in marks}
    exclude = list(dict.fromkeys(m.id for m in marks))
    picks: list[Pick] = []
    if related.has_log() and any(w > 0 for _, w in seeds):
        for s in related.from_seeds(seeds, exclude=exclude, method=method, limit=pool_size(limit)):
            picks.append(
                Pick(s.product, s.score, (f"because you {verbs[s.because]} {known[s.because].name}",))
            )
    if picks:
        basis, note = "history", "From your likes, saves and purchases:"
    else:
        basis, note = "popular", _popular_note(bool(seeds), related.has_log(), catalog.path)
    categories = sorted({p.category for p in known.values() if p.category})
    if len(picks) < limit:  # too little history: top up with what is popular where the shopper looks
        taken = exclude + [p.product.id for p in picks]
        popular = related.popular(categories=categories, exclude=taken, per_category=max(2, limit // 3),
                                  limit=limit - len(picks))  # fmt: skip
        picks += _popular_picks(popular, None, has_log=related.has_log())
    ranked = _ranked(picks, profile, catalog, limit, language)
    return ForYou(basis, tuple(i for i, _ in seeds), method, ranked, note)


def _ranked(
    picks: list[Pick], profile: Profile, catalog: Catalog, limit: int, language: str
) -> tuple[Pick, ...]:
    """The profile ranks these too (a liked brand up, an avoided one down), reasons added."""
    by_id = {p.product.id: p for p in picks}
    ranked = rerank([p.product for p in picks], profile, catalog=catalog.path, limit=limit,
                    language=language)  # fmt: skip
    return tuple(
        replace(by_id[p.id], reasons=by_id[p.id].reasons + ranked.reasons_for(p.id)) for p in ranked.products
    )


def _popular_picks(popular: tuple[Popular, ...], where: str | None, *, has_log: bool) -> tuple[Pick, ...]:
    """Popular products with the count that made them popular: shoppers in the log, else reviews."""
    unit = "shopper" if has_log else "review"
    return tuple(
        Pick(p.product, float(p.users), (f"popular in {where or p.product.category or 'the catalog'}"
                                          f" ({p.users:,} {unit}{'s' if p.users != 1 else ''})",), "popular")
        for p in popular
    )  # fmt: skip


def _popular_note(has_seeds: bool, has_log: bool, path: Path) -> str:
    if not has_log:
        return (
            "No interaction log beside this catalog, so nothing to learn from yet: the most reviewed"
            " products in each category (import a log with `shop catalog import --interactions FILE`):"
        )
    if has_seeds:
        return "Nobody in the log chose what you marked with anything else; popular where you looked:"
    return (
        "You have no likes, saves or purchases in this catalog yet, so this is simply what is popular"
        " in each category (use /like N or /save N in `shop chat`):"
    )
