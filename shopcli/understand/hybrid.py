"""Hybrid understanding: rules first, the model only for what they left open, and every model
value kept only when the shopper's words support it.

Measured on this project's labelled set, small local models invent brands and read "over $2000" as
a maximum; so the model may *add* a category (a paraphrase like "something to keep me warm while
jogging"), features and keywords, but may never override a value the rules found, and a brand,
colour or price it proposes survives only if the text literally supports it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from shopcli.intent import Intent
from shopcli.schema import Vocabulary
from shopcli.textutil import numbers_in
from shopcli.understand.followup import is_comparative

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|[\u4e00-\u9fff]")
_MIN_WORDS = 2  # a one-word query the rules could not place is not worth ~10 s of model time
_SHORT_FOLLOW_UP = 5  # words (a Chinese character counts as one)


def needs_model(rules: Intent, query: str) -> bool:
    """Ask the model only when the rules found no category and there is something to read.

    Short refinements the rules understood ("in blue", "only Sony", "换成黑色的") and comparatives
    ("cheaper", "再便宜一点") are follow-ups, not requests to place: measured, asking the model
    on them cost ~1 s per turn for nothing."""
    if rules.categories or rules.subcategories or is_comparative(query):
        return False
    words = len(_WORD.findall(query.lower()))
    understood = rules.with_(keywords=(), language="en", notes=()) != Intent()
    return words >= _MIN_WORDS and not (understood and words <= _SHORT_FOLLOW_UP)


def _in_text(value: str, text: str) -> bool:
    return value.lower() in text.lower()


def _strings(raw: Mapping[str, Any], key: str) -> list[str]:
    value = raw.get(key)
    if isinstance(value, str):
        value = [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _price(raw: Mapping[str, Any], key: str, query: str) -> float | None:
    """A model price counts only if that number is written in the query."""
    value = raw.get(key)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
        return None
    return float(value) if float(value) in numbers_in(query) else None


def supported_values(raw: Mapping[str, Any], query: str, vocab: Vocabulary) -> dict[str, Any]:
    """The model's fields, filtered to catalog vocabulary and to what the text supports."""
    cats = [c for c in _strings(raw, "categories") if c in vocab.categories]
    brands = [b for b in _strings(raw, "brands") if b in vocab.brands and _in_text(b, query)]
    colors = [c for c in _strings(raw, "colors") if c in vocab.colors and _in_text(c, query)]
    tags = [t for t in _strings(raw, "features") if t in vocab.tags]
    words = [k.lower() for k in _strings(raw, "keywords") if 1 < len(k) <= 40 and _in_text(k, query)]
    return {
        "categories": tuple(dict.fromkeys(cats))[:2],
        "brands": tuple(dict.fromkeys(brands)),
        "colors": tuple(dict.fromkeys(colors)),
        # a tag the text names literally filters; an inferred one only ranks (it goes to keywords)
        "features": tuple(t for t in tags if _in_text(t, query)),
        "keywords": tuple(dict.fromkeys(words + [t for t in tags if not _in_text(t, query)])),
        "min_price": _price(raw, "min_price", query),
        "max_price": _price(raw, "max_price", query),
    }


def merge(rules: Intent, raw: Mapping[str, Any], query: str, vocab: Vocabulary) -> Intent:
    """Fill only the fields the rules left empty, with supported model values."""
    model = supported_values(raw, query, vocab)
    changes: dict[str, Any] = {}
    for name in ("categories", "brands", "colors", "features"):
        if not getattr(rules, name) and model[name]:
            changes[name] = model[name]
    # Prices are one field: a model "max 2000" must not join the rules' "over $2000" (measured: the
    # 1.5B model reads "over" as a maximum), so the model may only set a budget the rules found none of.
    if rules.min_price is None and rules.max_price is None:
        changes |= {k: model[k] for k in ("min_price", "max_price") if model[k] is not None}
    if "min_price" in changes and "max_price" in changes and changes["min_price"] > changes["max_price"]:
        del changes["min_price"], changes["max_price"]  # contradictory: trust neither
    if model["keywords"]:
        changes["keywords"] = tuple(dict.fromkeys(rules.keywords + model["keywords"]))
    return rules.with_(**changes)


def unsupported_fields(raw: Mapping[str, Any], query: str, vocab: Vocabulary) -> list[str]:
    """Fields the model set that the text does not support (the hallucination measure)."""
    model = supported_values(raw, query, vocab)
    bad = []
    for name in ("brands", "colors", "min_price", "max_price"):
        proposed = raw.get(name)
        if proposed not in (None, [], "", ()) and not model[name]:
            bad.append(name)
    return bad
