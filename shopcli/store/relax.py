"""When nothing matches: loosen one constraint at a time, cumulatively, and say what was loosened.

The order, each step keeping the ones before it; the search stops at the first step that finds rows:
  1. colours dropped
  2. size dropped
  3. features (required tags) dropped
  4. minimum rating dropped
  5. price widened by 25%: max × 1.25, min × 0.8
  6. price dropped entirely; rows ordered by distance to the original budget (cheapest first under a
     maximum, dearest first under a minimum) so the closest to budget come first
  7. brands dropped
Categories, subcategories, keywords and exclusions are never relaxed: they say what the shopper is
looking at, or does not want, and loosening them would show things they did not ask for.
Every step becomes a sentence in SearchResult.relaxed: nothing is ever dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from shopcli.intent import Intent
from shopcli.store.query import PriceTarget, format_amount

WIDEN_MAX = 1.25
WIDEN_MIN = 0.8


@dataclass(frozen=True)
class Relaxation:
    """One step: the loosened intent, how to order rows once the budget is gone, and what changed."""

    intent: Intent
    target: PriceTarget | None
    note: str


_Step = Callable[[Intent, Intent], tuple[Intent, str] | None]


def relaxations(intent: Intent) -> Iterator[Relaxation]:
    """Ever looser versions of `intent`, in the documented order, skipping steps that change nothing."""
    current, target = intent, None
    for step in _STEPS:
        changed = step(current, intent)
        if changed is None:
            continue
        current, note = changed
        if step is _drop_price:
            target = PriceTarget(intent.min_price, intent.max_price)
        yield Relaxation(current, target, note)


def _noun(intent: Intent) -> str:
    """What the shopper is still looking at: "laptops", "Sony earbuds", or "products"."""
    what = " or ".join(intent.subcategories or intent.categories) or "products"
    return f"{' or '.join(intent.brands)} {what}" if intent.brands else what


def _drop_colors(current: Intent, original: Intent) -> tuple[Intent, str] | None:
    if not current.colors:
        return None
    colors = " or ".join(current.colors)
    return current.with_(colors=()), f"color {colors} dropped (no {colors} {_noun(current)})"


def _drop_size(current: Intent, original: Intent) -> tuple[Intent, str] | None:
    if current.size is None:
        return None
    size = current.size
    return current.with_(size=None), f"size {size} dropped (no {_noun(current)} in size {size})"


def _drop_features(current: Intent, original: Intent) -> tuple[Intent, str] | None:
    if not current.features:
        return None
    tags = ", ".join(current.features)
    which = "that tag" if len(current.features) == 1 else "all those tags"
    return current.with_(features=()), f"has tag: {tags} dropped (no {_noun(current)} with {which})"


def _drop_rating(current: Intent, original: Intent) -> tuple[Intent, str] | None:
    if current.min_rating is None:
        return None
    rating = format_amount(current.min_rating)
    return current.with_(min_rating=None), f"rating ≥ {rating} dropped (no {_noun(current)} rated that high)"


def _widen_price(current: Intent, original: Intent) -> tuple[Intent, str] | None:
    lo, hi = current.min_price, current.max_price
    if lo is None and hi is None:
        return None
    wider = current.with_(
        min_price=None if lo is None else lo * WIDEN_MIN, max_price=None if hi is None else hi * WIDEN_MAX
    )
    return wider, f"price {_bounds(current)} widened to {_bounds(wider)}"


def _drop_price(current: Intent, original: Intent) -> tuple[Intent, str] | None:
    if current.min_price is None and current.max_price is None:
        return None
    noun, lo, hi = _noun(current), original.min_price, original.max_price
    if lo is None:
        showing = f"showing the cheapest {noun} — all are over budget"
    elif hi is None:
        showing = f"showing the most expensive {noun} — all are under {format_amount(lo)} USD"
    else:
        showing = f"showing the {noun} closest to that range — none are inside it"
    return current.with_(min_price=None, max_price=None), f"price {_bounds(original)} dropped: {showing}"


def _drop_brands(current: Intent, original: Intent) -> tuple[Intent, str] | None:
    if not current.brands:
        return None
    fewer = current.with_(brands=())
    return fewer, f"brand {' or '.join(current.brands)} dropped (no {_noun(current)})"


def _bounds(intent: Intent) -> str:
    """A price range as written in the notes: "≤ 5 USD", "≥ 1600 USD", "≥ 80 USD and ≤ 250 USD"."""
    parts = []
    if intent.min_price is not None:
        parts.append(f"≥ {format_amount(intent.min_price)} USD")
    if intent.max_price is not None:
        parts.append(f"≤ {format_amount(intent.max_price)} USD")
    return " and ".join(parts)


_STEPS: tuple[_Step, ...] = (
    _drop_colors, _drop_size, _drop_features, _drop_rating, _widen_price, _drop_price, _drop_brands,
)  # fmt: skip
