"""Free-text colours, audiences and category paths, mapped onto the catalog contract.

Both run in Python over the *distinct* values of a column (a few thousand even in a million-row
catalog) and are joined back in SQL, so the rules stay readable and testable.

Colours: a value maps to a PALETTE colour only when it names exactly one ("Navy Blue" -> navy,
"Rose Red" -> red, "深蓝" -> navy); a value naming two or more ("Black/White") is multicolor;
anything else ("Teal", "Clear", "As shown") is NULL: never guessed.

Without a colour column, the first colour a name (or a slug id, "sophie-top-black") states is taken,
in SQL (NAME_COLOR), from a narrower list: words that also name products ("cream", "coffee",
"orange", "olive") and bare one-character Chinese colours (美白 is whitening) are left out.

Audiences: "Women", "weiblich", "女士" -> women; "Boys" -> boys; "Men, Women" -> unisex; anything
else NULL. Without an audience column the words of the name decide (AUDIENCE_FROM_NAME), adults
first: Flipkart's "Analog Watch - For Boys, Men" is a men's watch.

Categories: a path like "Toys & Games | Puzzles | Jigsaw Puzzles" or "Home > Kitchen" gives
category = the level above the deepest ("puzzles"), subcategory = the deepest ("jigsaw puzzles"),
both lower-cased; the levels above ("toys & games") go into tags so a search for them still
finds the product. A single level is the category. When the source has its own subcategory
column, the deepest level of the path is the category. Levels that are not categories are cut
from the end of a path first (`trim_levels`): one that only repeats its parent with a brand or a
name in front ("Wrist Watches" > "Titan Wrist Watches"), one that starts with a brand of the
catalog, and one cut short with "..." (a product title, as Flipkart writes its trees).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from shopcli.bilingual import AUDIENCE_WORDS
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
# compiled once: palette_color runs over every sampled cell of every column (profile.py)
_PHRASE_PATTERNS = tuple(
    (phrase, re.compile(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])"))
    for phrase in sorted(_PHRASES, key=len, reverse=True)
)
_HANZI = tuple(sorted(_CHINESE, key=len, reverse=True))


def palette_color(value: str | None) -> str | None:
    """The PALETTE colour a free-text colour names, 'multicolor' for several, None if unclear."""
    if not value:
        return None
    text = " ".join(unicodedata.normalize("NFKC", value).lower().replace("_", " ").split())
    found: set[str] = set()
    for phrase, pattern in _PHRASE_PATTERNS:
        if pattern.search(text):
            found.add(_PHRASES[phrase])
            text = text.replace(phrase, " ")
    found.update(_WORDS[w] for w in _WORD.findall(text) if w in _WORDS)
    for hanzi in _HANZI:
        if hanzi in text:
            found.add(_CHINESE[hanzi])
            text = text.replace(hanzi, " ")
    if len(found) > 1:
        return "multicolor"
    return found.pop() if found else None


_NOT_IN_NAMES = frozenset(
    "cream coffee chocolate wine olive camel tan multi rainbow orange ivory khaki plum golden".split()
)


def _name_colors() -> tuple[str, str, str]:
    """(English alternation, Chinese alternation, MAP literal) for NAME_COLOR."""
    english = {p: c for p, c in _PHRASES.items() if "multi" not in p}
    english |= {w: c for w, c in _WORDS.items() if w not in _NOT_IN_NAMES and c != "multicolor"}
    chinese = {f"{h}色": c for h, c in _CHINESE.items() if c != "multicolor"}
    chinese |= {h: c for h, c in _CHINESE.items() if len(h) > 1 and c != "multicolor" and h != "咖啡"}
    both = english | chinese
    table = ", ".join(f"'{k}': '{v}'" for k, v in sorted(both.items()))
    latin = "|".join(re.escape(w) for w in sorted(english, key=len, reverse=True))
    han = "|".join(sorted(chinese, key=len, reverse=True))
    return latin, han, table


def _name_color_sql() -> str:
    latin, han, table = _name_colors()
    word = f"regexp_extract(lower(x), '\\b({latin})\\b', 1)"
    return f"(MAP {{{table}}})[coalesce(nullif({word}, ''), nullif(regexp_extract(x, '({han})', 1), ''))]"


# SQL over x: the first colour a product name states, or NULL.
NAME_COLOR = _name_color_sql()


def _words(words: tuple[str, ...]) -> str:
    """An RE2 alternation: Latin words between boundaries (RE2 has no look-behind), Chinese as is."""
    latin = [re.escape(w) for w in words if w.isascii()]
    other = [re.escape(w) for w in words if not w.isascii()]
    parts = ([rf"\b(?:{'|'.join(sorted(latin, key=len, reverse=True))})\b"] if latin else []) + other
    return "|".join(parts)


_AUDIENCE_PATTERNS = {a: re.compile(_words(words)) for a, words in AUDIENCE_WORDS.items()}


def audience_of(value: str | None) -> str | None:
    """The AUDIENCES value an audience cell names: "Women" -> women, "Men, Women" -> unisex."""
    if not value:
        return None
    text = " ".join(unicodedata.normalize("NFKC", value).lower().replace("_", " ").split())
    found = [a for a, pattern in _AUDIENCE_PATTERNS.items() if pattern.search(text)]
    if "unisex" in found or {"women", "men"} <= set(found) or {"girls", "boys"} <= set(found):
        return "unisex" if {"women", "men"} & set(found) or "unisex" in found else "kids"
    return found[0] if found else None


def _adult(words: tuple[str, ...]) -> tuple[str, ...]:
    # single characters (男, 女) are too loose inside a product name: 男童 is a boy
    return tuple(w for w in words if len(w) > 1 or w.isascii())


# SQL: the audience a product name states, for catalogs without an audience column.
AUDIENCE_FROM_NAME = (
    "CASE WHEN regexp_matches(lower(x), '{unisex}') THEN 'unisex' "
    "WHEN regexp_matches(lower(x), '{women}') AND regexp_matches(lower(x), '{men}') THEN 'unisex' "
    "WHEN regexp_matches(lower(x), '{women}') THEN 'women' "
    "WHEN regexp_matches(lower(x), '{men}') THEN 'men' "
    "WHEN regexp_matches(lower(x), '{girls}') THEN 'girls' "
    "WHEN regexp_matches(lower(x), '{boys}') THEN 'boys' "
    "WHEN regexp_matches(lower(x), '{baby}') THEN 'baby' "
    "WHEN regexp_matches(lower(x), '{kids}') THEN 'kids' END"
).format(**{a: _words(_adult(w)).replace("'", "''") for a, w in AUDIENCE_WORDS.items()})


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
    for column in value.split("\x1e"):  # load.LEVEL_JOIN: several columns make one path
        for chunk in _json_list(column) or [column]:
            parts.extend(_SEPARATORS.split(chunk))
    levels = []
    for part in parts:
        if part.rstrip().endswith(("...", "…")):
            break  # cut short: a product title, as Flipkart ends some of its trees
        levels.append(" ".join(unicodedata.normalize("NFKC", part).lower().split()).strip(" .,;"))
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


def trim_levels(
    levels: tuple[str, ...], brands: frozenset[str] = frozenset(), named: frozenset[int] = frozenset()
) -> tuple[str, ...]:
    """The path without its end from the first level that is not a category: one starting with a
    brand, or one of `named` (depths of `brand_variants` that start the product's name)."""
    out: list[str] = []
    for depth, level in enumerate(levels):
        variant = _variant_prefix(level, out[-1]) if out else None
        if _starts_with_brand(level, brands) or (variant and (variant in brands or depth in named)):
            break
        if not out or level != out[-1]:
            out.append(level)
    return tuple(out)


def brand_variants(levels: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """(depth, prefix) of levels that repeat their parent with words in front ("titan wrist watches"
    under "wrist watches"): a brand's shelf when the prefix starts a product name, else a real kind
    ("jigsaw puzzles" under "puzzles"). Audience words are never a brand ("women's clothing")."""
    return tuple(
        (depth, prefix) for depth in range(1, len(levels))
        if (prefix := _variant_prefix(levels[depth], levels[depth - 1]))
    )  # fmt: skip


def _variant_prefix(level: str, parent: str) -> str | None:
    single, parent_single = _singular_text(level), _singular_text(parent)
    if single == parent_single or not single.endswith(" " + parent_single):
        return None
    prefix = single[: -len(parent_single) - 1].strip()
    audience = _words(tuple(w for words in AUDIENCE_WORDS.values() for w in words))
    return None if re.search(audience, prefix) else " ".join(level.split()[: len(prefix.split())])


def _starts_with_brand(level: str, brands: frozenset[str]) -> bool:
    words = level.split()
    return any(" ".join(words[:n]) in brands for n in range(1, min(4, len(words)) + 1) if n < len(words))


def _singular_text(text: str) -> str:
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in text.split())


def category_path(
    value: str | None, *, has_subcategory_column: bool, brands: frozenset[str] = frozenset(),
    named: frozenset[int] = frozenset(),
) -> CategoryPath:  # fmt: skip
    """Split a category value into category, subcategory and the levels above them."""
    levels = trim_levels(category_levels(value), brands, named)
    if not levels:
        return CategoryPath(None, None, ())
    if has_subcategory_column or len(levels) == 1:
        return CategoryPath(levels[-1], None, levels[:-1])
    return CategoryPath(levels[-2], levels[-1], levels[:-2])
