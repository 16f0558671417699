"""A small catalog that follows the contract, written as Parquet for fast, exact tests.

Deterministic (fixed seed). It holds what the tests need to find or miss on purpose: laptops that are
never purple and never under $5, red dresses under $80, a product without a brand, one without a
rating, and names with LIKE wildcards and quotes in them. TEXT_ROWS is a second, smaller catalog for
text relevance (toys, kitchen things, Chinese names), and reference_terms restates in plain Python
what textrank.py makes of text, so that tests can check the SQL against it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from shopcli.schema import COLUMNS

BRANDS = ("Apple", "Sony", "Lenovo", "Zara", "Nike", "Acme", "Bose")
COLORS = ("black", "white", "red", "blue", "green", "grey", "pink")
Strs = tuple[str, ...]
# category -> (subcategories, price range, brands, sizes, tags)
KINDS: dict[str, tuple[Strs, tuple[int, int], Strs, Strs, Strs]] = {
    "laptops": (("ultrabooks", "gaming laptops"), (299, 2400), ("Apple", "Lenovo", "Acme"), (),
                ("lightweight", "touchscreen")),
    "dresses": (("maxi dresses", "mini dresses"), (25, 160), ("Zara", "Acme"), ("S", "M", "L"),
                ("cotton", "summer")),
    "headphones": (("earbuds", "over-ear"), (19, 450), ("Sony", "Apple", "Bose"), (),
                   ("wireless", "noise cancelling")),
    "running shoes": (("trail", "road"), (45, 210), ("Nike", "Acme"), ("9", "10", "11"),
                      ("waterproof", "lightweight")),
    "jackets": (("rain jackets", "parkas"), (39, 380), ("Nike", "Zara", "Acme"), ("S", "M", "L", "XL"),
                ("waterproof", "warm")),
}  # fmt: skip

SPECIAL: tuple[dict[str, Any], ...] = (
    {"id": "SP-1", "name": "100% Wool_Scarf \\ 'quoted' \"double\"", "brand": None, "category": "scarves",
     "subcategory": "wool scarves", "color": "red", "price": 29.0, "rating": None, "review_count": 0,
     "description": "Wildcards % and _ belong in the name, not in a LIKE pattern.", "tags": ["warm"]},
    {"id": "SP-2", "name": "Jigsaw Puzzle 1000 pieces", "brand": "Acme", "category": "toys",
     "subcategory": "puzzles", "color": "multicolor", "price": 18.5, "rating": 4.6, "review_count": 310,
     "description": "A jigsaw of a lighthouse at dusk.", "tags": ["family"]},
    {"id": "SP-3", "name": "Red Cotton Wrap Dress", "brand": "Zara", "category": "dresses",
     "subcategory": "maxi dresses", "color": "red", "size": "M", "price": 59.99, "rating": 4.4,
     "review_count": 87, "description": "A light summer dress.", "tags": ["cotton", "summer"]},
)  # fmt: skip


def fixture_rows(seed: int = 7, per_kind: int = 12) -> list[dict[str, Any]]:
    """The rows of the fixture catalog: generated products plus the special cases above."""
    rng = random.Random(seed)
    rows = [_generated(rng, category, i) for category in KINDS for i in range(per_kind)]
    return rows + [dict(r) for r in SPECIAL]


def _generated(rng: random.Random, category: str, i: int) -> dict[str, Any]:
    subs, (low, high), brands, sizes, tags = KINDS[category]
    color, sub, price = rng.choice(COLORS), rng.choice(subs), round(rng.uniform(low, high), 2)
    return {
        "id": f"{category[:3].upper()}-{i:02d}",
        "name": f"{rng.choice(brands)} {color.title()} {sub.title()} {i}",
        "brand": rng.choice(brands),
        "category": category,
        "subcategory": sub,
        "color": color,
        "size": rng.choice(sizes) if sizes else None,
        "material": rng.choice(("cotton", "aluminium", None)),
        "price": price,
        "original_price": round(price * 1.2, 2),
        "currency": "USD",
        "rating": round(rng.uniform(2.5, 5.0), 1),
        "review_count": rng.randint(0, 2000),
        "stock": rng.randint(0, 50),
        "description": f"A {color} {sub.removesuffix('s')}.",
        "tags": rng.sample(tags, rng.randint(0, len(tags))),
    }


def write_catalog(
    directory: Path,
    *,
    name: str = "catalog.parquet",
    rows: Iterable[Mapping[str, Any]] | None = None,
    columns: Sequence[str] | None = None,
    types: Mapping[str, str] | None = None,
) -> Path:
    """Write rows (default: the fixture rows) with the contract `columns` (default: all) as Parquet;
    `types` overrides contract types, to write the wrong ones a hand-made catalog may have."""
    columns = tuple(columns or COLUMNS)
    kinds = {**COLUMNS, **(types or {})}
    path = Path(directory) / name
    con = duckdb.connect()
    try:
        con.execute(f"CREATE TABLE t ({', '.join(f'{c} {kinds[c]}' for c in columns)})")
        data = [[row.get(c) for c in columns] for row in (fixture_rows() if rows is None else rows)]
        if data:
            con.executemany(f"INSERT INTO t VALUES ({', '.join('?' for _ in columns)})", data)
        con.table("t").write_parquet(str(path))
    finally:
        con.close()
    return path


def widgets(count: int = 5) -> list[dict[str, Any]]:
    """Plain good rows: `widget N`, priced 10+N, rated 4, in category gadgets."""
    return [
        {"id": f"G{i}", "name": f"widget {i}", "brand": "Acme", "category": "gadgets", "price": 10.0 + i,
         "currency": "USD", "rating": 4.0, "review_count": 10, "tags": ["blue"]}
        for i in range(1, count + 1)
    ]  # fmt: skip


# --- a toys and kitchen catalog for text relevance, with Chinese names ---


def _item(id_: str, name: str, category: str, sub: str, description: str, **extra: Any) -> dict[str, Any]:
    row = {"id": id_, "name": name, "category": category, "subcategory": sub, "description": description,
           "price": 20.0, "rating": 4.0, "review_count": 10, "tags": []}  # fmt: skip
    return row | extra


TEXT_ROWS: tuple[dict[str, Any], ...] = (
    _item("T-JIG1", "Jigsaw Puzzle 1000 Pieces, Lighthouse", "toys & games", "puzzles", "A jigsaw puzzle."),
    _item("T-JIG2", "Wooden Jigsaw Puzzle for Kids", "toys & games", "puzzles", "Chunky pieces.",
          tags=["wooden", "kids"]),
    _item("T-3D", "3D Puzzle Castle", "toys & games", "puzzles", "Snap-together foam pieces.",
          review_count=5000, rating=5.0),
    _item("T-TRAIN", "Wooden Train Set, 50 pieces", "toys & games", "trains", "Tracks, bridge and engine.",
          tags=["wooden"]),
    _item("T-BOX", "Puzzle Box", "toys & games", "brain teasers", "A box that opens one way only."),
    _item("T-BLOCKS", "Building Blocks", "toys & games", "blocks", "Boxes of bricks for building."),
    _item("K-PAN", "Cast Iron Frying Pan", "kitchen", "cookware", "Seasoned pan for every hob."),
    _item("K-BOARD", "Wooden Cutting Board", "kitchen", "utensils", "End-grain board, oiled."),
    _item("K-DRESS", "Kitchen Apron Dress", "kitchen", "textiles", "Dresses up any kitchen.",
          tags=["cotton"]),
    _item("K-MUG", "Travel Mug", "kitchen", "drinkware", "Keeps coffee hot. 100% leak-proof!", color="red"),
    _item("Z-CUP1", "不锈钢保温杯 500毫升", "厨房", "水杯", "真空保温，24小时保冷保温。"),
    _item("Z-CUP2", "儿童保温杯 带吸管", "厨房", "水杯", "316不锈钢内胆。"),
    _item("Z-MUG", "陶瓷马克杯", "厨房", "水杯", "适合咖啡和茶。"),
    _item("Z-POT", "不锈钢汤锅", "厨房", "锅具", "加厚锅底，保温效果好。"),
    _item("Z-TOY", "木制火车玩具", "玩具", "火车", "适合三岁以上儿童。"),
)  # fmt: skip


# --- what the search index should make of text: textrank's rules restated in plain Python ---

CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
              (0x20000, 0x3FFFF))  # fmt: skip
SEPARATOR_RANGES = (
    (0x00, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0xBF), (0xD7, 0xD7), (0xF7, 0xF7), (0x2000, 0x2BFF),
    (0x3000, 0x303F), (0xFE10, 0xFE6F), (0xFEFF, 0xFEFF), (0xFF00, 0xFF0F), (0xFF1A, 0xFF20),
    (0xFF3B, 0xFF40), (0xFF5B, 0xFF65), (0x1F000, 0x1FAFF),
)  # fmt: skip
STOP = frozenset(
    "a an and are as at be but by for if in into is it no not of on or s such that the their then there"
    " these they this to was will with".split()
)


def _within(ch: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= ord(ch) <= high for low, high in ranges)


def _runs(text: str, keep: Callable[[str], bool]) -> list[str]:
    """Maximal runs of characters for which `keep` holds."""
    runs, current = [], ""
    for ch in text:
        if keep(ch):
            current += ch
        else:
            runs.append(current)
            current = ""
    return [run for run in (*runs, current) if run]


def reference_stem(word: str) -> str:
    """Plural -s off plain words over three letters."""
    if len(word) <= 3 or not (word.isascii() and word.isalpha() and word.islower()):
        return word
    for suffix, keep in (("sses", 2), ("xes", 2), ("ches", 2), ("shes", 2), ("zzes", 2)):
        if word.endswith(suffix):
            return word[:-keep]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("ie"):
        return word[:-2] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def reference_terms(
    text: str, *, query: bool, lower: Callable[[str], str], strip_accents: Callable[[str], str]
) -> list[str]:
    """The terms textrank indexes (query=False) or looks up (query=True) for `text`, in no set order."""
    text = lower(text)
    grams: list[str] = []
    for run in _runs(text, lambda ch: _within(ch, CJK_RANGES)):
        pairs = [run[i : i + 2] for i in range(len(run) - 1)]
        grams += [run] if len(run) == 1 else pairs if query else pairs + list(run)
    rest = strip_accents("".join(" " if _within(ch, CJK_RANGES) or ch == "\x00" else ch for ch in text))
    words = [reference_stem(w) for w in _runs(rest, lambda ch: not _within(ch, SEPARATOR_RANGES))]
    return [w for w in words if w not in STOP] + grams
