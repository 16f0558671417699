"""Write the demo catalog: ~3,500 invented products across 24 categories, byte-for-byte reproducible.

It also writes the demo interaction log and its item neighbours beside it (make_interactions.py).

    python scripts/make_catalog.py [--out catalog.parquet] [--seed 20240611] [--count 3510]

The brands, model lines and wording come from catalog_data.toml beside this script. The same data,
seed and count always give the same file: every category draws from its own random.Random, and
DuckDB writes the Parquet single-threaded in id order, with the checksum of its contents in the
key-value metadata (shopcli/integrity.py), so that a damaged copy is refused when opened.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import sys
import tempfile
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import make_interactions  # scripts/make_interactions.py, beside this script

from shopcli.ingest.specs import extract_specs
from shopcli.integrity import checksum_query, format_checksum, kv_metadata
from shopcli.schema import COLUMNS, PALETTE, Product

# Contract columns the demo does not write: it has no audience data (a catalog without the column
# reads it as NULL, schema.py). Specs it writes, read from each name and description as import does.
NOT_WRITTEN = ("audience",)


@dataclass(frozen=True)
class CategorySpec:
    """Everything needed to invent plausible products of one category: a [[categories]] table."""

    name: str
    count: int  # products at the default --count
    price: tuple[float, float]  # cheapest and dearest price in USD
    brands: tuple[str, ...]
    subs: Mapping[str, str]  # subcategory -> the words the product name uses for it
    colors: str
    tags: tuple[str, ...]
    lines: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    descriptors: tuple[str, ...] = ()
    materials: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # subcategory or "*"
    sub_tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # always on that subcategory
    specs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # subcategory or "*", cheapest first
    tiers: Mapping[str, str] = field(default_factory=dict)  # brand tier overrides for this category
    uses: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # subcategory or "*"
    name_tags: tuple[str, ...] = ()  # tags worth spelling out in the product name
    sizing: str | None = None  # "clothing", "shoes" or None


def frozen(value: Any) -> Any:
    """TOML arrays as tuples, all the way down; tables stay dicts in the order written."""
    if isinstance(value, list):
        return tuple(frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: frozen(item) for key, item in value.items()}
    return value


DATA = Path(__file__).resolve().with_name("catalog_data.toml")
_DATA = frozen(tomllib.loads(DATA.read_text(encoding="utf-8")))
TIER_BANDS: dict[str, tuple[float, float]] = _DATA["tier_bands"]
BRAND_TIERS: dict[str, str] = {b: tier for tier, brands in _DATA["tier_brands"].items() for b in brands}
CLOTHING_SIZES: str = _DATA["clothing_sizes"]
SHOE_SIZES: str = _DATA["shoe_sizes"]
SALE_DISCOUNTS: str = _DATA["sale_discounts"]
CONFLICTS: tuple[tuple[str, str], ...] = _DATA["conflicts"]
TAG_MATERIALS: dict[str, tuple[str, ...]] = _DATA["tag_materials"]
IMPLIED_TAGS: dict[str, str] = _DATA["implied_tags"]
TAG_PHRASES: dict[str, str] = _DATA["tag_phrases"]
TAG_USES: dict[str, str] = _DATA["tag_uses"]
CATEGORIES: tuple[CategorySpec, ...] = tuple(CategorySpec(**table) for table in _DATA["categories"])

DEFAULT_SEED = 20240611
DEFAULT_COUNT = sum(spec.count for spec in CATEGORIES)
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "catalog.parquet"
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_NAME_WORDS = {"5g": "5G", "gps": "GPS"}  # tags whose title-case spelling is wrong in a product name


def pick(rng: random.Random, spec: str) -> str:
    """One value from a "value weight ..." string such as "black 30 white 20"."""
    parts = spec.split()
    return rng.choices(parts[0::2], weights=[float(w) for w in parts[1::2]])[0]


def expand(text: str, rng: random.Random) -> str:
    """Fill "{4-5}" with a number in range and "{a|b}" with one of the choices."""

    def fill(match: re.Match[str]) -> str:
        inner = match.group(1)
        if re.fullmatch(r"\d+-\d+", inner):
            low, high = (int(n) for n in inner.split("-"))
            return str(rng.randint(low, high))
        return rng.choice(inner.split("|"))

    return _PLACEHOLDER.sub(fill, text)


def split_counts(total: int) -> list[int]:
    """Share `total` products between categories in proportion to their default counts."""
    weights = [spec.count for spec in CATEGORIES]
    exact = [total * w / sum(weights) for w in weights]
    counts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def near(rng: random.Random, options: tuple[str, ...], position: float) -> str:
    """The option at `position` (0 cheapest .. 1 dearest) in a cheapest-first list, give or take one."""
    index = min(int(position * len(options)), len(options) - 1)
    if len(options) > 1 and rng.random() < 0.3:
        index = min(max(index + rng.choice((-1, 1)), 0), len(options) - 1)
    return options[index]


def split_material(text: str) -> tuple[str, str | None]:
    """Split "Line Name=material" into its words and material."""
    words, _, material = text.partition("=")
    return words, material or None


def pick_model(
    spec: CategorySpec, brand: str, position: float, rng: random.Random
) -> tuple[str, str, str | None]:
    """Subcategory, model words and material for one product, from the brand's lines or a descriptor."""
    lines = spec.lines.get(brand, ())
    if lines and (not spec.descriptors or rng.random() < 0.65):
        sub, _, line = near(rng, lines, position).partition(":")
        words, material = split_material(expand(line, rng))
        return sub, words, material
    if not spec.descriptors:
        raise ValueError(f"{spec.name}: {brand} has no model lines; add some to catalog_data.toml")
    words, material = split_material(rng.choice(spec.descriptors))
    return rng.choice(list(spec.subs)), words, material


def price_step(price: float) -> int:
    """Shops price dear things in tens (1,299.99) and cheap ones in units (79.99)."""
    return 10 if price >= 200 else 1


def charm(price: float, rng: random.Random) -> float:
    """Round like a shop does: 79.99, 79.95 or 80.00."""
    ending = rng.choices((0.01, 0.05, 0.0), weights=(6, 2, 2))[0]
    step = price_step(price)
    return round(max(step, round(price / step) * step) - ending, 2)


def prices(spec: CategorySpec, position: float, rng: random.Random) -> tuple[float, float]:
    """Price at `position` in the category's log price range, and the original price if on sale."""
    low, high = spec.price
    price = max(charm(low * (high / low) ** position, rng), low)
    if rng.random() >= 0.3:
        return price, price
    discount = float(pick(rng, SALE_DISCOUNTS))
    step = price_step(price)
    original = math.ceil(price / (1 - discount) / step) * step - 0.01
    return price, max(round(original, 2), price)


def tag_fits(tag: str, tags: list[str], material: str | None) -> bool:
    """Whether `tag` can join `tags` on a product made of `material`."""
    if tag in tags or len(tags) >= 5:
        return False
    if any(tag in pair and other in pair for pair in CONFLICTS for other in tags):
        return False
    return tag not in TAG_MATERIALS or material in TAG_MATERIALS[tag]


def pick_tags(
    spec: CategorySpec, sub: str, words: str, material: str | None, rng: random.Random
) -> list[str]:
    """2-5 tags: the subcategory's own, those the model name implies, then bundles from the pool."""
    tags: list[str] = []
    implied = [tag for word, tag in IMPLIED_TAGS.items() if word in words.split()]
    for tag in (*spec.sub_tags.get(sub, ()), *implied):
        if tag_fits(tag, tags, material):
            tags.append(tag)
    want = rng.choices((2, 3, 4, 5), weights=(3, 4, 3, 1))[0]
    for _ in range(20):
        if len(tags) >= want:
            break
        for tag in rng.choice(spec.tags).split("+"):
            if tag_fits(tag, tags, material):
                tags.append(tag)
    return tags


def lower_words(label: str) -> str:
    """ "DSLR Camera" -> "DSLR camera": lower-case all but acronyms and model numbers."""
    return " ".join(w if w.isupper() or any(c.isdigit() for c in w) else w.lower() for w in label.split())


def product_name(spec: CategorySpec, brand: str, words: str, sub: str, tags: list[str], extra: str) -> str:
    """ "Sony WH-1000XM5 Noise Cancelling Wireless Over-Ear Headphones, Black"-style names."""
    feature = next((t for t in spec.name_tags if t in tags), "")
    feature = _NAME_WORDS.get(feature, feature.title())
    parts = (brand, words, feature, spec.subs[sub], extra)
    return " ".join(p for p in parts if p)


def describe(brand: str, words: str, noun: str, tags: list[str], uses: list[str], rng: random.Random) -> str:
    """One sentence on what the product offers, one on what it is good for."""
    plural = noun.endswith("s") and not noun.endswith("ss")
    this, s = ("these", "") if plural else ("this", "s")  # "these shoes offer", "this dress offers"
    phrases = rng.sample([TAG_PHRASES.get(t, t) for t in tags], 2)
    offers = f"{phrases[0]} and {phrases[1]}"
    first = rng.choice(
        (
            f"The {brand} {words} {noun} come{s} with {offers}.",
            f"{this.capitalize()} {noun} from {brand} offer{s} {offers}.",
            f"Made by {brand}, {this} {noun} bring{s} {offers}.",
        )
    )
    tag_uses = [TAG_USES[t] for t in tags if t in TAG_USES]
    use = rng.choice(tag_uses) if tag_uses and rng.random() < 0.35 else rng.choice(uses)
    return f"{first} {use}"


def sizes_for(spec: CategorySpec, rng: random.Random) -> str | None:
    """A letter size for clothing, a US size for shoes, nothing for the rest."""
    if spec.sizing == "clothing":
        return pick(rng, CLOTHING_SIZES)
    return pick(rng, SHOE_SIZES) if spec.sizing == "shoes" else None


def stats(tier: str, rng: random.Random) -> tuple[float, int, int]:
    """Rating, review count and stock: mostly well liked, reviews long-tailed, some out of stock."""
    reviews = min(
        250_000, max(1, int(rng.lognormvariate(4.3 + {"budget": 0.4, "luxury": -0.8}.get(tier, 0), 1.5)))
    )
    base = rng.gauss(4.35, 0.3) if rng.random() > 0.06 else rng.gauss(3.2, 0.6)
    base += {"budget": -0.08, "premium": 0.08, "luxury": 0.1}.get(tier, 0.0)
    if reviews < 15:  # a handful of reviews swings the average
        base += rng.gauss(0, 0.3)
    stock = 0 if rng.random() < 0.07 else min(500, int(rng.lognormvariate(3.6, 1.0)))
    return round(min(5.0, max(1.0, base)), 1), reviews, stock


def draw_product(spec: CategorySpec, pid: str, rng: random.Random) -> Product:
    """Invent one product of `spec`'s category."""
    brand = rng.choice(spec.brands)
    tier = spec.tiers.get(brand, BRAND_TIERS.get(brand, "mid"))
    low, high = TIER_BANDS[tier]
    u = rng.uniform(low, high)
    position = (u - low) / (high - low)  # within the brand's band: picks its cheaper or dearer models
    sub, words, material = pick_model(spec, brand, position, rng)
    variants = spec.specs.get(sub) or spec.specs.get("*")
    extra = near(rng, variants, position) if variants else ""
    if spec.materials and material is None:
        material = rng.choice(spec.materials.get(sub) or spec.materials["*"])
    color = pick(rng, spec.colors)
    tags = pick_tags(spec, sub, f"{words} {extra}", material, rng)
    price, original = prices(spec, u, rng)
    rating, reviews, stock = stats(tier, rng)
    uses = [*spec.uses.get(sub, ()), *spec.uses.get("*", ())]
    name = f"{product_name(spec, brand, words, sub, tags, extra)}, {color.title()}"
    size = sizes_for(spec, rng)  # drawn before the description, as always: same seed, same file
    description = describe(brand, words, lower_words(spec.subs[sub]), tags, uses, rng)
    return Product(
        id=pid,
        name=name,
        brand=brand,
        category=spec.name,
        subcategory=sub,
        color=color,
        size=size,
        material=material,
        price=price,
        original_price=original,
        currency="USD",
        rating=rating,
        review_count=reviews,
        stock=stock,
        description=description,
        tags=tuple(tags),
        specs=tuple(sorted(extract_specs(name, description).items())),
    )


def category_products(spec: CategorySpec, count: int, seed: int, first_index: int) -> list[Product]:
    """`count` products of one category; a name already taken is redrawn a few times."""
    rng = random.Random(f"{seed}:{spec.name}")
    products: list[Product] = []
    names: set[str] = set()
    for index in range(first_index, first_index + count):
        for _ in range(4):
            product = draw_product(spec, f"P{index:06d}", rng)
            if product.name not in names:
                break
        names.add(product.name)
        products.append(product)
    return products


def generate(seed: int = DEFAULT_SEED, count: int = DEFAULT_COUNT) -> list[Product]:
    """The whole demo catalog, ids P000001 upwards in category order."""
    products: list[Product] = []
    for spec, n in zip(CATEGORIES, split_counts(count), strict=True):
        products += category_products(spec, n, seed, len(products) + 1)
    strays = sorted({str(p.color) for p in products} - set(PALETTE))
    if strays:
        raise ValueError(f"colours {strays} are not in shopcli.schema.PALETTE; fix catalog_data.toml")
    return products


def sql_string(text: str) -> str:
    """A single-quoted SQL literal, for the file paths COPY and read_json take no bound parameter for."""
    return "'" + text.replace("'", "''") + "'"


def _row(product: Product, written: Mapping[str, str]) -> dict[str, Any]:
    """The columns written for one product; a product with no spec has NULL specs, not an empty map."""
    values = product.to_dict()
    return {n: (values[n] or None) if n == "specs" else values[n] for n in written}


def write_parquet(products: list[Product], out: Path) -> None:
    """Write `products` through DuckDB, single-threaded and in id order so the bytes never vary."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with tempfile.TemporaryDirectory() as staging:
        # JSON lines, not bound parameters: DuckDB reads a file in milliseconds, 56k parameters take seconds.
        rows = Path(staging) / "rows.jsonl"
        written = {n: t for n, t in COLUMNS.items() if n not in NOT_WRITTEN}
        rows.write_text("".join(json.dumps(_row(p, written)) + "\n" for p in products), encoding="utf-8")
        types = "{" + ", ".join(f"{sql_string(n)}: {sql_string(t)}" for n, t in written.items()) + "}"
        con = duckdb.connect()
        con.execute("SET threads = 1")
        con.execute(
            f"CREATE TABLE t AS SELECT * FROM read_json({sql_string(str(rows))}, "
            f"format = 'newline_delimited', columns = {types})"
        )
        count, total = con.execute(checksum_query("t")).fetchone()  # type: ignore[misc]
        metadata = kv_metadata(format_checksum(count, total))  # verified whenever the catalog is opened
        con.execute(
            f"COPY (SELECT * FROM t ORDER BY id) TO {sql_string(str(tmp))} "
            f"(FORMAT parquet, COMPRESSION zstd, {metadata})"
        )
        con.close()
    os.replace(tmp, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="products (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.count < len(CATEGORIES):
        parser.error(f"--count must be at least {len(CATEGORIES)}, one product per category")
    started = time.perf_counter()
    products = generate(args.seed, args.count)
    write_parquet(products, args.out)
    __import__("make_reviews").write_reviews(args.out, args.seed)  # the demo reviews, beside the catalog
    make_interactions.build(args.out, args.seed)  # the demo interaction log and its neighbours, beside it
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    took = time.perf_counter() - started
    print(f"wrote {len(products)} products to {args.out} in {took:.1f}s (sha256 {digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
