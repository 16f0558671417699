"""Follow-ups in a conversation: "in blue", "cheaper", "only Sony", "换成黑色的", "再便宜一点".

A follow-up refines the previous Intent instead of starting over. Older turns are never sent to the
model whole: the conversation *is* the current Intent, which is why long chats cannot overflow the context.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import fields

from shopcli.intent import Intent
from shopcli.schema import Product

_CHEAPER = re.compile(
    r"\b(cheaper|less expensive|lower price|more affordable|too expensive)\b|便宜|太贵|实惠", re.I
)
_PRICIER = re.compile(
    r"\b(more expensive|pricier|higher end|more premium|fancier)\b|贵一点|更贵|高端一点", re.I
)
_STEP = 0.8  # "cheaper" means at most 80% of the reference price: a visible step, not a nudge

# Fields a follow-up replaces when it sets them; exclusions accumulate instead.
_REPLACED = ("categories", "subcategories", "brands", "colors", "audiences", "size", "min_price",
             "max_price", "min_rating", "features", "keywords", "must", "sort", "on_sale", "min_discount",
             "in_stock", "age")  # fmt: skip
_ACCUMULATED = ("exclude_brands", "exclude_colors", "exclude_categories")


def is_comparative(text: str) -> bool:
    """ "cheaper", "more expensive", "再便宜一点": a refinement of the last results."""
    return bool(_CHEAPER.search(text) or _PRICIER.search(text))


def is_new_request(previous: Intent, new: Intent) -> bool:
    """A different category starts over; anything else refines."""
    return bool(new.categories) and not set(new.categories) & set(previous.categories)


def _reference_price(previous: Intent, shown: Sequence[Product]) -> float | None:
    prices = [p.price for p in shown]
    if prices:
        return statistics.median(prices)
    return previous.max_price or previous.min_price


def refine(previous: Intent | None, new: Intent, text: str, shown: Sequence[Product] = ()) -> Intent:
    """Merge a follow-up into the previous intent (or return `new` when it is a new request)."""
    if previous is None or is_new_request(previous, new):
        return new
    default = Intent()
    changes: dict[str, object] = {"language": new.language, "notes": new.notes}
    for name in _REPLACED:
        value = getattr(new, name)
        if value != getattr(default, name):
            changes[name] = value
    for name in _ACCUMULATED:
        changes[name] = tuple(dict.fromkeys(getattr(previous, name) + getattr(new, name)))
    # "with 1TB" after "at least 16GB RAM" keeps the memory: a spec replaces only its own attribute
    said = {b.attribute for b in new.specs}
    changes["specs"] = tuple(b for b in previous.specs if b.attribute not in said) + new.specs
    merged = previous.with_(**changes)
    return _apply_comparatives(merged, new, text, shown)


def _apply_comparatives(merged: Intent, new: Intent, text: str, shown: Sequence[Product]) -> Intent:
    explicit_price = new.max_price is not None or new.min_price is not None
    reference = _reference_price(merged, shown)
    if explicit_price or reference is None:
        return merged
    if _CHEAPER.search(text):
        cap = round(reference * _STEP, 2)
        if merged.max_price is not None:
            cap = min(cap, round(merged.max_price * _STEP, 2))
        note = f"cheaper: price ≤ {cap:g} {merged.currency}"
        return merged.with_(max_price=cap, min_price=None, notes=merged.notes + (note,))
    if _PRICIER.search(text):
        floor = round(reference / _STEP, 2)
        note = f"pricier: price ≥ {floor:g} {merged.currency}"
        return merged.with_(min_price=floor, max_price=None, notes=merged.notes + (note,))
    return merged


def changed_fields(before: Intent, after: Intent) -> list[str]:
    """Names of the fields a turn changed, for `/filters` and tests."""
    return [
        f.name
        for f in fields(Intent)
        if f.name != "notes" and getattr(before, f.name) != getattr(after, f.name)
    ]
