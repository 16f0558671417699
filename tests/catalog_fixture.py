"""A small catalog that follows the contract, written as Parquet for fast, exact tests.

Deterministic (fixed seed). It holds what the tests need to find or miss on purpose: laptops that are
never purple and never under $5, red dresses under $80, a product without a brand, one without a
rating, and names with LIKE wildcards and quotes in them.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
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
) -> Path:
    """Write rows (default: the fixture rows) with the contract `columns` (default: all) as Parquet."""
    columns = tuple(columns or COLUMNS)
    path = Path(directory) / name
    con = duckdb.connect()
    try:
        con.execute(f"CREATE TABLE t ({', '.join(f'{c} {COLUMNS[c]}' for c in columns)})")
        data = [[row.get(c) for c in columns] for row in (fixture_rows() if rows is None else rows)]
        if data:
            con.executemany(f"INSERT INTO t VALUES ({', '.join('?' for _ in columns)})", data)
        con.table("t").write_parquet(str(path))
    finally:
        con.close()
    return path
