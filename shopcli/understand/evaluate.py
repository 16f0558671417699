"""Per-field accuracy of intents against a labelled query set (rules only, hybrid or model only).

A labelled line is {"q": query, "expect": {field: value}} naming only the fields the query sets; every
other field is expected empty. A query counts for a field when the label or the prediction sets it,
and is correct when both agree: lists as sets, prices within 0.01 USD.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shopcli.errors import UsageError
from shopcli.intent import SORTS, Intent, SpecBound
from shopcli.specs import SPEC_UNITS

FIELDS: tuple[str, ...] = (
    "categories", "subcategories", "brands", "colors", "size", "min_price", "max_price", "min_rating",
    "features", "exclude_brands", "exclude_colors", "exclude_categories", "sort", "on_sale", "min_discount",
    "in_stock", "specs", "age",
)  # fmt: skip
_LISTS = {"categories", "subcategories", "brands", "colors", "features", "exclude_brands", "exclude_colors",
          "exclude_categories"}  # fmt: skip
_NUMBERS = {"min_price", "max_price", "min_rating", "min_discount"}
PRICE_TOLERANCE = 0.01


@dataclass(frozen=True)
class Labelled:
    query: str
    expected: Intent
    line: int


def load_labelled(path: Path) -> list[Labelled]:
    """Read a JSON-lines labelled set; a malformed line is a UsageError naming it."""
    out = []
    for number, text in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
            out.append(Labelled(row["q"], expected_intent(row.get("expect", {})), number))
        except (ValueError, KeyError, TypeError) as e:
            shape = '{"q": ..., "expect": {...}}'
            raise UsageError(f"{path}:{number}: {e}; each line must be {shape}") from e
    return out


def expected_intent(expect: Mapping[str, Any]) -> Intent:
    """An Intent from a label; unknown fields or a bad sort are errors, not silently ignored."""
    unknown = set(expect) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}; use only {', '.join(FIELDS)}")
    if expect.get("sort", "relevance") not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    values: dict[str, Any] = {k: tuple(v) if k in _LISTS else v for k, v in expect.items()}
    if "specs" in values:  # [{"attribute": "memory_gb", "min": 16}, ...]
        values["specs"] = tuple(SpecBound(unit=SPEC_UNITS[s["attribute"]], **s) for s in values["specs"])
    return Intent(**values)


def is_set(intent: Intent, name: str) -> bool:
    value = getattr(intent, name)
    return value != "relevance" if name == "sort" else value not in (None, (), False)


def field_correct(expected: Intent, predicted: Intent, name: str) -> bool:
    a, b = getattr(expected, name), getattr(predicted, name)
    if name in _LISTS:
        return set(a) == set(b)
    if name in _NUMBERS:
        if a is None or b is None:
            return a is b
        return math.isclose(a, b, abs_tol=PRICE_TOLERANCE if name != "min_rating" else 1e-9)
    if name == "specs":
        return {(s.attribute, s.min, s.max) for s in a} == {(s.attribute, s.min, s.max) for s in b}
    return bool(a == b)


def field_accuracy(pairs: Iterable[tuple[Intent, Intent]]) -> dict[str, tuple[int, int]]:
    """(expected, predicted) pairs -> field -> (correct, counted); "all" counts whole queries."""
    counts = {name: [0, 0] for name in (*FIELDS, "all")}
    for expected, predicted in pairs:
        all_ok = True
        for name in FIELDS:
            if is_set(expected, name) or is_set(predicted, name):
                ok = field_correct(expected, predicted, name)
                counts[name][0] += ok
                counts[name][1] += 1
                all_ok = all_ok and ok
        counts["all"][0] += all_ok
        counts["all"][1] += 1
    return {name: (c[0], c[1]) for name, c in counts.items()}


def evaluate(labelled: Iterable[Labelled], understand: Callable[[str], Intent]) -> dict[str, tuple[int, int]]:
    """Run `understand` on every labelled query and score it."""
    return field_accuracy((item.expected, understand(item.query)) for item in labelled)


def mistakes(labelled: Iterable[Labelled], understand: Callable[[str], Intent]) -> list[str]:
    """One line per wrong field, for reading what a parser gets wrong."""
    out = []
    for item in labelled:
        predicted = understand(item.query)
        for name in FIELDS:
            if (is_set(item.expected, name) or is_set(predicted, name)) and not field_correct(
                item.expected, predicted, name
            ):
                out.append(f"{item.query!r} {name}: want {getattr(item.expected, name)!r}, got "
                           f"{getattr(predicted, name)!r}")  # fmt: skip
    return out


def format_table(accuracy: Mapping[str, tuple[int, int]], title: str = "field") -> str:
    """A plain-text table: field, correct/counted, percent."""
    lines = [f"{title:<20} {'correct':>9} {'accuracy':>9}"]
    for name, (ok, total) in accuracy.items():
        percent = f"{100 * ok / total:.1f}%" if total else "-"
        lines.append(f"{name:<20} {f'{ok}/{total}':>9} {percent:>9}")
    return "\n".join(lines)
