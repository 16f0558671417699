"""Free-text colours and category paths, mapped onto the catalog contract.

Both run in Python over the *distinct* values of a column (a few thousand even in a million-row
catalog) and are joined back in SQL, so the rules stay readable and testable.

Colours: a value maps to a PALETTE colour only when it names exactly one ("Navy Blue" -> navy,
"Rose Red" -> red, "深蓝" -> navy); a value naming two or more ("Black/White") is multicolor;
anything else ("Teal", "Clear", "As shown") is NULL: never guessed.

Categories: a path like "Toys & Games | Puzzles | Jigsaw Puzzles" or "Home > Kitchen" gives
category = the level above the deepest ("puzzles"), subcategory = the deepest ("jigsaw puzzles"),
both lower-cased; the levels above ("toys & games") go into tags so a search for them still
finds the product. A single level is the category. When the source has its own subcategory
column, the deepest level of the path is the category.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from shopcli.schema import PALETTE

# Phrases first (longest wins), then single words. Values are PALETTE colours.
_PHRASES: dict[str, str] = {
    "navy blue": "navy", "dark navy": "navy", "midnight blue": "navy", "rose red": "red",
    "wine red": "red", "rose gold": "gold", "off white": "white", "off-white": "white",
    "sky blue": "blue", "royal blue": "blue", "baby blue": "blue", "space gray": "grey",
    "space grey": "grey", "hot pink": "pink", "army green": "green", "olive green": "green",
    "multi color": "multicolor", "multi colour": "multicolor", "multi-color": "multicolor",
    "multi-colour": "multicolor",
}  # fmt: skip
_WORDS: dict[str, str] = {
    **{c: c for c in PALETTE}, "gray": "grey", "charcoal": "grey", "graphite": "grey",
    "burgundy": "red", "maroon": "red", "crimson": "red", "scarlet": "red", "wine": "red",
    "ivory": "white", "cream": "beige", "khaki": "beige", "tan": "beige", "camel": "brown",
    "chocolate": "brown", "coffee": "brown", "olive": "green", "violet": "purple",
    "lavender": "purple", "lilac": "purple", "plum": "purple", "golden": "gold",
    "multicolour": "multicolor", "multi": "multicolor", "rainbow": "multicolor",
}  # fmt: skip
_CHINESE: dict[str, str] = {
    "藏青": "navy", "海军蓝": "navy", "深蓝": "navy", "玫红": "pink", "酒红": "red", "米白": "beige",
    "米色": "beige", "银灰": "silver", "卡其": "beige", "咖啡": "brown", "玫瑰金": "gold",
    "彩色": "multicolor",
    "黑": "black", "白": "white", "灰": "grey", "红": "red", "蓝": "blue", "绿": "green", "黄": "yellow",
    "橙": "orange", "粉": "pink", "紫": "purple", "棕": "brown", "褐": "brown", "银": "silver", "金": "gold",
}  # fmt: skip
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


def palette_color(value: str | None) -> str | None:
    """The PALETTE colour a free-text colour names, 'multicolor' for several, None if unclear."""
    if not value:
        return None
    text = " ".join(unicodedata.normalize("NFKC", value).lower().replace("_", " ").split())
    found: set[str] = set()
    for phrase in sorted(_PHRASES, key=len, reverse=True):
        if re.search(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", text):
            found.add(_PHRASES[phrase])
            text = text.replace(phrase, " ")
    found.update(_WORDS[w] for w in _WORD.findall(text) if w in _WORDS)
    for hanzi in sorted(_CHINESE, key=len, reverse=True):
        if hanzi in text:
            found.add(_CHINESE[hanzi])
            text = text.replace(hanzi, " ")
    if len(found) > 1:
        return "multicolor"
    return found.pop() if found else None


@dataclass(frozen=True)
class CategoryPath:
    category: str | None
    subcategory: str | None
    upper: tuple[str, ...]  # levels above the category, kept as tags


_SEPARATORS = re.compile(r"\s*(?:\|+|>+|›|»|→|\s/\s)\s*")


def category_levels(value: str | None) -> tuple[str, ...]:
    """'Toys & Games | Puzzles' -> ('toys & games', 'puzzles'); a JSON list works too."""
    if not value or not value.strip():
        return ()
    parts: list[str] = []
    for chunk in _json_list(value) or [value]:
        parts.extend(_SEPARATORS.split(chunk))
    levels = (" ".join(unicodedata.normalize("NFKC", p).lower().split()).strip(" .,;") for p in parts)
    return tuple(level for level in levels if level)


def _json_list(value: str) -> list[str] | None:
    text = value.strip()
    if not text.startswith("["):
        return None
    try:
        items = json.loads(text)
    except ValueError:
        return None
    return [str(item) for item in items if item is not None] if isinstance(items, list) else None


def category_path(value: str | None, *, has_subcategory_column: bool) -> CategoryPath:
    """Split a category value into category, subcategory and the levels above them."""
    levels = category_levels(value)
    if not levels:
        return CategoryPath(None, None, ())
    if has_subcategory_column or len(levels) == 1:
        return CategoryPath(levels[-1], None, levels[:-1])
    return CategoryPath(levels[-2], levels[-1], levels[:-2])
