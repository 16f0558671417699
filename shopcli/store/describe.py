"""The filters an intent applies, in words, for the filters line: "category = dresses", "price ≤ 80 USD",
"memory ≥ 16 GB", "in stock"."""

from __future__ import annotations

from shopcli.intent import Intent, SpecBound
from shopcli.money import format_amount
from shopcli.specs import SPEC_NAMES, SPEC_UNITS


def describe_filters(intent: Intent) -> tuple[str, ...]:
    """The filters an intent applies, in words: "category = dresses", "price ≤ 80 USD"..."""
    out = [f"{label} = {' or '.join(values)}" for label, values in (
        ("category", intent.categories), ("subcategory", intent.subcategories),
        ("brand", intent.brands), ("color", intent.colors), ("for", intent.audiences),
    ) if values]  # fmt: skip
    if intent.size is not None:
        out.append(f"size = {intent.size}")
    if intent.min_price is not None:
        out.append(f"price ≥ {format_amount(intent.min_price)} {intent.currency}")
    if intent.max_price is not None:
        out.append(f"price ≤ {format_amount(intent.max_price)} {intent.currency}")
    if intent.min_rating is not None:
        out.append(f"rating ≥ {format_amount(intent.min_rating)}")
    out.extend(f"has tag: {f}" for f in intent.features)
    out.extend(_facts(intent))
    out.extend(f"brand ≠ {b}" for b in intent.exclude_brands)
    out.extend(f"color ≠ {c}" for c in intent.exclude_colors)
    out.extend(f"category ≠ {c}" for c in intent.exclude_categories)
    if must := _terms(intent.must):
        out.append(f"holds: {', '.join(_shown(k) for k in must)}")
    if keywords := tuple(k for k in _terms(intent.keywords) if k not in must):
        every = " (every one held)" if intent.sort != "relevance" else ""
        out.append(f"keywords: {', '.join(_shown(k) for k in keywords)}{every}")
    return tuple(out)


def _facts(intent: Intent) -> list[str]:
    out = []
    if intent.min_discount is not None:
        out.append(f"on sale: at least {round(intent.min_discount * 100):g}% off")
    elif intent.on_sale:
        out.append("on sale")
    if intent.in_stock:
        out.append("in stock")
    out.extend(describe_spec(b) for b in intent.specs)
    if intent.age is not None:
        out.append(f"suits age {intent.age}")
    return out


def describe_spec(bound: SpecBound) -> str:
    """ "memory ≥ 16 GB", "screen = 65 inch", "weight ≤ 1000 g"."""
    name, unit = (
        SPEC_NAMES.get(bound.attribute, bound.attribute),
        bound.unit or SPEC_UNITS.get(bound.attribute, ""),
    )
    low, high = (None if v is None else format_amount(v) for v in (bound.min, bound.max))
    if low is not None and low == high:
        return f"{name} = {low} {unit}"
    parts = [f"≥ {low} {unit}" if low is not None else "", f"≤ {high} {unit}" if high is not None else ""]
    return f"{name} {' and '.join(p for p in parts if p)}"


def _terms(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(k for k in words if k.strip())


def _shown(keyword: str) -> str:
    """A keyword with other names (understand/translate.py) as people read it: "拼图 (or puzzle, …)"."""
    first, *others = keyword.split("|")
    more = ", …" if len(others) > 2 else ""
    return f"{first} (or {', '.join(others[:2])}{more})" if others else first
