"""The shopper's private profile: sizes, budgets, brands and colours they like or avoid, and the
products they liked, disliked, saved or bought. Stored only on this machine, in
`$SHOPCLI_HOME/profile.json`, and only ever read or written through ProfileStore.

The profile ranks; it never filters (rank.py). Marks (likes, saves...) name the catalog they were
made in, because product ids mean nothing outside their catalog.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from shopcli.config import user_dir
from shopcli.errors import UsageError
from shopcli.schema import PALETTE
from shopcli.state import read_json, write_json

VERSION = 1
ANY = ""  # the category key of a size or budget that holds for every category
LIST_KEYS = ("brands", "avoid_brands", "colors", "avoid_colors")
KEYS = ("size", "budget", *LIST_KEYS)
MARK_KINDS = ("like", "dislike", "save", "bought")
OPPOSITE = {
    "brands": "avoid_brands",
    "avoid_brands": "brands",
    "colors": "avoid_colors",
    "avoid_colors": "colors",
}
# What `shop profile set/forget KEY` accepts, spelled as people type it.
ALIASES = {
    "size": "size", "sizes": "size", "budget": "budget", "budgets": "budget",
    "brand": "brands", "brands": "brands", "like-brands": "brands",
    "avoid-brand": "avoid_brands", "avoid-brands": "avoid_brands", "avoid_brands": "avoid_brands",
    "color": "colors", "colour": "colors", "colors": "colors", "colours": "colors",
    "avoid-color": "avoid_colors", "avoid-colour": "avoid_colors", "avoid-colors": "avoid_colors",
    "avoid-colours": "avoid_colors", "avoid_colors": "avoid_colors",
    "likes": "like", "like": "like", "dislikes": "dislike", "dislike": "dislike", "saved": "save",
    "save": "save", "bought": "bought",
}  # fmt: skip


@dataclass(frozen=True)
class Mark:
    kind: str  # one of MARK_KINDS
    id: str
    name: str  # as the catalog spelled it when marked, so a list can be shown without the catalog
    catalog: str  # absolute path of the catalog the id belongs to
    at: float  # Unix time


@dataclass(frozen=True)
class Profile:
    sizes: tuple[tuple[str, str], ...] = ()  # (category or ANY, size)
    budgets: tuple[tuple[str, float], ...] = ()  # (category or ANY, USD)
    brands: tuple[str, ...] = ()
    avoid_brands: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()
    avoid_colors: tuple[str, ...] = ()
    marks: tuple[Mark, ...] = ()

    def size_for(self, category: str | None) -> str | None:
        """The size for `category`, else the size for any category."""
        return _for(self.sizes, category)

    def budget_for(self, category: str | None) -> float | None:
        return _for(self.budgets, category)

    def marked(self, catalog: Path, *kinds: str) -> tuple[Mark, ...]:
        """This catalog's marks of the given kinds (all kinds when none given), oldest first."""
        where = str(catalog)
        return tuple(m for m in self.marks if m.catalog == where and (not kinds or m.kind in kinds))

    def has_preferences(self) -> bool:
        return bool(self.sizes or self.budgets or any(getattr(self, k) for k in LIST_KEYS))

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": VERSION, "sizes": dict(self.sizes), "budgets": dict(self.budgets),
            **{k: list(getattr(self, k)) for k in LIST_KEYS},
            "marks": [asdict(m) for m in self.marks],
        }  # fmt: skip


def _for(pairs: tuple[tuple[str, Any], ...], category: str | None) -> Any:
    found = dict(pairs)
    if category and category.lower() in found:
        return found[category.lower()]
    return found.get(ANY)


def from_dict(data: Any) -> tuple[Profile, tuple[str, ...]]:
    """A Profile from stored JSON; entries of the wrong shape are skipped and named in warnings."""
    if not isinstance(data, dict):
        return Profile(), ("profile.json does not hold a JSON object; starting with an empty profile",)
    problems: list[str] = []
    sizes = _pairs(data.get("sizes"), str, "sizes", problems)
    budgets = _pairs(data.get("budgets"), float, "budgets", problems)
    lists = {k: _strings(data.get(k), k, problems) for k in LIST_KEYS}
    marks = tuple(m for m in (_mark(item, problems) for item in data.get("marks") or ()) if m)
    return Profile(sizes, budgets, **lists, marks=marks), tuple(problems)  # type: ignore[arg-type]


def _pairs(raw: Any, kind: type, name: str, problems: list[str]) -> tuple[tuple[str, Any], ...]:
    if not isinstance(raw, dict):
        return ()
    out = []
    for key, value in raw.items():
        try:
            out.append((str(key).lower(), kind(value)))
        except (TypeError, ValueError):
            problems.append(f"skipped {name}[{key!r}] = {value!r} in profile.json")
    return tuple(out)


def _strings(raw: Any, name: str, problems: list[str]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        problems.append(f"skipped {name} in profile.json (not a list of text)")
        return ()
    return tuple(raw)


def _mark(raw: Any, problems: list[str]) -> Mark | None:
    try:
        mark = Mark(str(raw["kind"]), str(raw["id"]), str(raw.get("name", "")), str(raw["catalog"]),
                    float(raw.get("at", 0)))  # fmt: skip
    except (TypeError, KeyError, ValueError, AttributeError):
        problems.append(f"skipped a mark in profile.json: {str(raw)[:60]}")
        return None
    return mark if mark.kind in MARK_KINDS else None


class ProfileStore:
    """The one place profile.json is read and written (atomically, via shopcli.state)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or user_dir() / "profile.json"
        self.warnings: tuple[str, ...] = ()

    def load(self) -> Profile:
        data, warning = read_json(self.path, {})
        profile, problems = from_dict(data)
        self.warnings = ((warning,) if warning else ()) + problems
        return profile

    def save(self, profile: Profile) -> None:
        write_json(self.path, profile.to_dict())

    def update(self, change: Callable[[Profile], Profile]) -> Profile:
        """Read, change, write: every change to the file goes through here."""
        profile = change(self.load())
        self.save(profile)
        return profile

    def erase(self) -> bool:
        """Delete the profile file; False when there was none."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        return True


def key_of(text: str) -> str:
    """A `shop profile set/forget` key as stored: 'avoid-brands' -> 'avoid_brands'."""
    key = ALIASES.get(text.strip().lower())
    if key is None:
        raise UsageError(
            f"unknown profile key {text!r}: use size, budget, brands, avoid-brands, colors or avoid-colors"
            " (forget also takes likes, dislikes, saved, bought)"
        )
    return key


def with_value(
    profile: Profile, key: str, values: Iterable[str], category: str | None, *, add: bool
) -> Profile:
    """Set (or, with `add`, extend) one preference; a brand or colour liked is no longer avoided."""
    cat = (category or ANY).strip().lower()
    if key == "size":
        size = normal_size(next(iter(values), ""))
        return replace(profile, sizes=_put(profile.sizes, cat, size))
    if key == "budget":
        return replace(profile, budgets=_put(profile.budgets, cat, amount(next(iter(values), ""))))
    clean = tuple(
        dict.fromkeys(normal_color(v) if "color" in key else v.strip() for v in values if v.strip())
    )
    current = getattr(profile, key) if add else ()
    merged = tuple(dict.fromkeys([*(v for v in current if v.lower() not in _lower(clean)), *clean]))
    opposite = tuple(v for v in getattr(profile, OPPOSITE[key]) if v.lower() not in _lower(clean))
    return replace(profile, **{key: merged, OPPOSITE[key]: opposite})


def _put(pairs: tuple[tuple[str, Any], ...], key: str, value: Any) -> tuple[tuple[str, Any], ...]:
    return (*((k, v) for k, v in pairs if k != key), (key, value))


def _lower(values: Iterable[str]) -> set[str]:
    return {v.lower() for v in values}


def forget(profile: Profile, key: str, category: str | None) -> Profile:
    """Remove one preference (for one category, or all of them) or every mark of a kind."""
    if key in MARK_KINDS:
        return replace(profile, marks=tuple(m for m in profile.marks if m.kind != key))
    if key in ("size", "budget"):
        name = "sizes" if key == "size" else "budgets"
        keep = (
            () if category is None else tuple(p for p in getattr(profile, name) if p[0] != category.lower())
        )
        return replace(profile, **{name: keep})
    return replace(profile, **{key: ()})


def add_mark(profile: Profile, kind: str, product_id: str, name: str, catalog: Path) -> Profile:
    """Mark a product; liking removes a dislike of it and the other way round."""
    clash = {"like": "dislike", "dislike": "like"}.get(kind)
    where = str(catalog)
    kept = tuple(
        m
        for m in profile.marks
        if not (m.id == product_id and m.catalog == where and m.kind in (kind, clash))
    )
    return replace(profile, marks=(*kept, Mark(kind, product_id, name, where, time.time())))


def normal_size(raw: str) -> str:
    """'size 9' -> '9', 'm' -> 'M', '10.5' stays; refuse what cannot be a size."""
    text = raw.strip().lower().removeprefix("size").strip().removesuffix("码").strip()
    if not text or len(text) > 8:
        raise UsageError(f"{raw!r} is not a size: give one like 9, 10.5, M or XL")
    return text.upper() if text.isalpha() else text


def amount(raw: str) -> float:
    """'$150' or '150' -> 150.0 (USD)."""
    text = raw.strip().lstrip("$").replace(",", "").removesuffix("usd").strip()
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0 or value != value or value == float("inf"):
        raise UsageError(f"{raw!r} is not a budget: give an amount in USD, e.g. 150")
    return value


def normal_color(raw: str) -> str:
    """A palette colour (see shopcli.schema.PALETTE), or a UsageError listing them."""
    text = raw.strip().lower()
    if text in PALETTE:
        return text
    from shopcli.understand.lexicon import COLOR_EN
    from shopcli.understand.lexicon_zh import COLOR_ZH

    for palette, words in (*COLOR_EN.items(), *COLOR_ZH.items()):
        if text in words or text.removesuffix("色") in words:
            return palette
    raise UsageError(f"{raw!r} is not a colour shopcli knows: use one of {', '.join(PALETTE)}")


def color_zh(color: str) -> str:
    """A palette colour as Chinese shoppers write it: pink -> 粉色 (unknown ones unchanged)."""
    from shopcli.understand.lexicon_zh import COLOR_ZH

    words = COLOR_ZH.get(color)
    return f"{words[0]}色" if words else color
