"""Write the demo interaction log beside a demo catalog, then import it as any log is imported.

    python scripts/make_interactions.py [--catalog catalog.parquet] [--seed 20240611]

Invented shoppers with the structure real logs have, so that collaborative filtering has something
true to find and the demos show it:
- sessions: a shopper arrives, views a few products of one category, may cart and buy one;
- complementary categories bought together: shoppers follow a "mission" (a runner buys running
  shoes, then a sports watch or earbuds; a home barista a coffee maker, then a blender);
- popularity skew: well-reviewed products are viewed far more often (weight ~ reviews^0.7);
- taste: each shopper leans to one brand per category and to a price level.
The log is written as CSV and imported with shopcli's own importer (shopcli/personal/interactions.py),
which writes catalog.interactions.parquet, catalog.neighbours.parquet and catalog.popularity.parquet.
Same catalog and seed, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from shopcli.personal.interactions import import_interactions

DEFAULT_SEED = 20240611
DEFAULT_CATALOG = Path(__file__).resolve().parent.parent / "catalog.parquet"
USERS_PER_PRODUCT = 0.35  # ~1,200 shoppers for the 3,510-product demo catalog
START = datetime(2024, 1, 1)
# mission -> (weight, categories; the first is where sessions usually start)
MISSIONS: dict[str, tuple[float, tuple[str, ...]]] = {
    "runner": (3, ("running shoes", "smartwatches", "headphones", "t-shirts")),
    "student": (3, ("laptops", "backpacks", "headphones", "tablets")),
    "home office": (2, ("monitors", "laptops", "speakers", "headphones")),
    "home barista": (2, ("coffee makers", "blenders", "air fryers")),
    "new home": (2, ("vacuum cleaners", "air fryers", "speakers", "coffee makers")),
    "traveller": (2, ("cameras", "backpacks", "boots", "jackets")),
    "party": (3, ("dresses", "handbags", "skirts", "sneakers")),
    "casual": (3, ("jeans", "t-shirts", "hoodies", "sneakers")),
    "winter": (2, ("jackets", "sweaters", "boots", "jeans")),
    "mobile": (3, ("smartphones", "headphones", "smartwatches", "tablets")),
}
Row = tuple[str, str, str, float, str]  # user_id, product_id, event, value, ts
Event = Callable[["Item", str, float], None]


@dataclass(frozen=True)
class Item:
    id: str
    brand: str
    price_level: float  # 0 cheapest .. 1 dearest within its category
    reviews: int
    rating: float


@dataclass(frozen=True)
class Shopper:
    id: str
    categories: tuple[str, ...]  # the mission's categories
    brand: dict[str, str]  # favourite brand per category
    level: float  # the price level they lean to


def load_items(catalog: Path) -> dict[str, list[Item]]:
    """The catalog's products by category, in id order, with their price level in the category."""
    with duckdb.connect() as con:
        rows = con.execute(
            "SELECT category, id, coalesce(brand, ''), percent_rank() OVER (PARTITION BY category ORDER BY"
            " price, id), coalesce(review_count, 0), coalesce(rating, 3) FROM read_parquet(?) ORDER BY id",
            [str(catalog)],
        ).fetchall()
    items: dict[str, list[Item]] = defaultdict(list)
    for category, pid, brand, level, reviews, rating in rows:
        items[str(category)].append(Item(pid, brand, float(level), int(reviews), float(rating)))
    return items


def make_shopper(n: int, items: dict[str, list[Item]], rng: random.Random) -> Shopper:
    names = [m for m in MISSIONS]
    mission = rng.choices(names, weights=[MISSIONS[m][0] for m in names])[0]
    categories = tuple(c for c in MISSIONS[mission][1] if c in items)
    brand = {}
    for category in categories:
        brands = sorted({i.brand for i in items[category]})
        brand[category] = rng.choice(brands)
    return Shopper(f"U{n:05d}", categories, brand, rng.betavariate(2, 2))


def weights(shopper: Shopper, category: str, items: list[Item]) -> list[float]:
    """How likely the shopper looks at each item: popularity x brand taste x price level."""
    return [
        (1 + i.reviews) ** 0.7
        * (4.0 if i.brand == shopper.brand[category] else 1.0)
        * math.exp(-((i.price_level - shopper.level) ** 2) / 0.08)
        for i in items
    ]


def session(shopper: Shopper, items: dict[str, list[Item]], at: datetime, rng: random.Random) -> list[Row]:
    """One visit: views in one category, maybe a cart and a purchase, maybe a complementary buy."""
    first = shopper.categories[0] if rng.random() < 0.5 else rng.choice(shopper.categories)
    rows: list[Row] = []
    clock = at

    def event(item: Item, kind: str, value: float) -> None:
        nonlocal clock
        clock += timedelta(seconds=rng.randint(20, 240))
        rows.append((shopper.id, item.id, kind, value, clock.strftime("%Y-%m-%dT%H:%M:%SZ")))

    pool = items[first]
    viewed = rng.choices(pool, weights=weights(shopper, first, pool), k=rng.randint(2, 7))
    for item in viewed:
        event(item, "view", 1)
    if rng.random() < 0.55:
        chosen = max(viewed, key=lambda i: (i.brand == shopper.brand[first], i.rating, i.id))
        event(chosen, "cart", 1)
        if rng.random() < 0.7:
            event(chosen, "purchase", rng.choice((1, 1, 1, 2)))
            if rng.random() < 0.3:
                stars = min(5, max(1, round(chosen.rating + rng.gauss(0, 0.8))))
                event(chosen, "rating", stars)
            complement(shopper, first, items, event, rng)
    return rows


def complement(
    shopper: Shopper, first: str, items: dict[str, list[Item]], event: Event, rng: random.Random
) -> None:
    """After a purchase, a third of shoppers also buy from another category of their mission."""
    others = [c for c in shopper.categories if c != first]
    if not others or rng.random() >= 0.35:
        return
    category = rng.choice(others)
    pool = items[category]
    item = rng.choices(pool, weights=weights(shopper, category, pool), k=1)[0]
    event(item, "view", 1)
    event(item, "purchase", 1)


def generate(items: dict[str, list[Item]], seed: int) -> list[Row]:
    """Every shopper's sessions, in shopper order; timestamps within 2024."""
    rng = random.Random(f"{seed}:interactions")
    total = sum(len(v) for v in items.values())
    rows: list[Row] = []
    for n in range(1, max(40, round(total * USERS_PER_PRODUCT)) + 1):
        shopper = make_shopper(n, items, rng)
        visits = 1 + min(int(rng.expovariate(1 / 4)), 20)  # most shoppers come back a few times
        starts = sorted(START + timedelta(minutes=rng.randrange(366 * 24 * 60)) for _ in range(visits))
        for at in starts:
            rows += session(shopper, items, at, rng)
    return rows


def build(catalog: Path, seed: int = DEFAULT_SEED) -> int:
    """Generate the log for `catalog`, import it beside the catalog; returns the events written."""
    rows = generate(load_items(catalog), seed)
    with tempfile.TemporaryDirectory() as staging:
        source = Path(staging) / "demo_interactions.csv"
        with source.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(("user_id", "product_id", "event", "value", "ts"))
            writer.writerows(rows)
        report = import_interactions(source, catalog)
    if report.rows_imported != len(rows):
        raise SystemExit(f"the demo log lost rows on import: {report.dropped}")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--catalog", type=Path, default=DEFAULT_CATALOG, help="demo catalog (default: %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)")
    args = parser.parse_args(argv)
    events = build(args.catalog, args.seed)
    print(f"wrote {events:,} demo interactions beside {args.catalog}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
