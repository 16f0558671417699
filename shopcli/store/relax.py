"""When nothing matches: loosen one constraint at a time, cumulatively, and say what was loosened.

The order, each step keeping the ones before it; the search stops at the first step that finds rows:
  1. colours dropped
  2. audience dropped ("for women")
  3. size dropped
  4. features (required tags) dropped
     then specs ("memory ≥ 16 GB"), the age asked for, and the discount asked for ("on sale",
     "at least 30% off") dropped, in that order, each with its note: the nearest products are
     still worth seeing, and the note says they do not meet it
  5. minimum rating dropped
  6. price widened by 25%: max × 1.25, min × 0.8
  7. price dropped entirely; rows ordered by distance to the original budget (cheapest first under a
     maximum, dearest first under a minimum) so the closest to budget come first
  8. brands dropped
  When no product holds a product the shopper named ("bikini top", Intent.must), the first step is to
  hold its head noun instead ("top", "上衣"): that is what a shop calling its bikini tops "SOPHIE TOP"
  sells.
  9. a sort other than relevance needs every keyword held (query.py; keywords the catalog never uses
     do not count); when no product holds them all, the sort gives way to relevance, so what is shown
     is what matched best, never the cheapest of anything that matched one word. When no product in
     the whole catalog holds them all (the caller knows: `keywords_held`), this comes first instead,
     so a budget or a brand is not dropped for the sake of words no product has together
"In stock" is never relaxed: a sold-out product is never shown as the answer to "in stock" (an empty
result says nothing is in stock instead).
Categories, subcategories, keywords and exclusions are never relaxed: they say what the shopper is
looking at, or does not want, and loosening them would show things they did not ask for.
Every step becomes a sentence in SearchResult.relaxed: nothing is ever dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from shopcli.intent import Intent
from shopcli.money import format_amount
from shopcli.store.describe import describe_spec
from shopcli.store.query import PriceTarget, has_structured_filters, keywords_of, required_words

WIDEN_MAX = 1.25
WIDEN_MIN = 0.8


@dataclass(frozen=True)
class Relaxation:
    """One step: the loosened intent, how to order rows once the budget is gone, and what changed."""

    intent: Intent
    target: PriceTarget | None
    note: str
    loose: bool = False  # no keyword need be held any more (query.required_words)


_Step = Callable[[Intent, Intent], tuple[Intent, str] | None]


def relaxations(intent: Intent, *, keywords_held: bool = True) -> Iterator[Relaxation]:
    """Ever looser versions of `intent`, in the documented order, skipping steps that change nothing."""
    current, target, loose = intent, None, False
    steps = _STEPS if keywords_held else (_heads, _let_words_go, *_STEPS[:-1])
    for step in steps:
        changed = step(current, intent)
        if changed is None:
            continue
        current, note = changed
        if step is _drop_price:
            target = PriceTarget(intent.min_price, intent.max_price)
        loose = loose or step is _let_words_go
        yield Relaxation(current, target, note, loose)


def _noun(intent: Intent) -> str:
    """What the shopper is still looking at: "laptops", "Sony earbuds", or "products"."""
    what = " or ".join(intent.subcategories or intent.categories) or "products"
    return f"{' or '.join(intent.brands)} {what}" if intent.brands else what


def _let_words_go(current: Intent, original: Intent) -> tuple[Intent, str] | None:
    """Keywords rank instead of filtering; a sort stays only where something structured (a category,
    a price) says what it sorts: never the cheapest of anything that matched one word."""
    if not (words := required_words(current)):
        return None
    held = ", ".join(w.split("|")[0] for w in words)
    loose = current.with_(must=(), keywords=keywords_of(current))
    if current.sort != "relevance" and not has_structured_filters(current):
        how = current.sort.replace("_", " ").replace("asc", "low to high").replace("desc", "high to low")
        note = f"sorted by relevance, not {how}: no product holds every one of {held}"
        return loose.with_(sort="relevance"), note
    return loose, f"no product holds every one of {held}: showing the best matches"


def _head(name: str) -> str:
    """A product name's head noun: "bikini top" -> "top", "比基尼上衣" -> "上衣"."""
    if not name.isascii():
        return name[-2:] if len(name) > 2 else name
    return name.rsplit(" ", 1)[-1]


def _heads(current: Intent, original: Intent) -> tuple[Intent, str] | None:
    heads = tuple("|".join(dict.fromkeys(_head(a) for a in k.split("|"))) for k in current.must)
    if heads == current.must:
        return None
    named = ", ".join(k.split("|")[0] for k in current.must)
    held = ", ".join(k.split("|")[0] for k in heads)
    return current.with_(must=heads), f"no product holds {named}: showing what holds {held}"


def _drop_audiences(current: Intent, original: Intent) -> tuple[Intent, str] | None:
    if not current.audiences:
        return None
    who = " or ".join(current.audiences)
    return current.with_(audiences=()), f"for {who} dropped (no {_noun(current)} for {who})"


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


def _drop_specs(current: Intent, original: Intent) -> tuple[Intent, str] | None:
    if not current.specs:
        return None
    said = ", ".join(describe_spec(b) for b in current.specs)
    return current.with_(specs=()), f"{said} dropped (no {_noun(current)} with that)"


def _drop_age(current: Intent, original: Intent) -> tuple[Intent, str] | None:
    if current.age is None:
        return None
    return current.with_(age=None), f"age {current.age} dropped (no {_noun(current)} said to suit it)"


def _drop_deals(current: Intent, original: Intent) -> tuple[Intent, str] | None:
    if not current.on_sale and current.min_discount is None:
        return None
    what = "on sale" if current.min_discount is None else f"at least {round(current.min_discount * 100)}% off"
    sort = "relevance" if current.sort == "discount" else current.sort
    note = f"{what} dropped (no {_noun(current)} {what})"
    return current.with_(on_sale=False, min_discount=None, sort=sort), note


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
        showing = f"showing the most expensive {noun} — all are under {format_amount(lo)} {current.currency}"
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
        parts.append(f"≥ {format_amount(intent.min_price)} {intent.currency}")
    if intent.max_price is not None:
        parts.append(f"≤ {format_amount(intent.max_price)} {intent.currency}")
    return " and ".join(parts)


_STEPS: tuple[_Step, ...] = (
    _drop_colors, _drop_audiences, _drop_size, _drop_features, _drop_specs, _drop_age, _drop_deals,
    _drop_rating, _widen_price, _drop_price, _drop_brands, _let_words_go,
)  # fmt: skip
