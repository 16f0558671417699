"""Write the demo reviews of a catalog: 5-40 per product, English and Chinese, byte-for-byte reproducible.

    python scripts/make_reviews.py [--catalog catalog.parquet] [--seed 20240611]

make_catalog.py calls this after writing the catalog. Each product's star mix follows its rating,
and each product has its own strengths: a hidden score per aspect (battery, fit, sound...) that
makes its reviews praise some aspects more often than others, so "good battery life" has real
differences to find. The wording comes from review_data.toml beside this script. The reviews go
through the real import (`shop catalog import --reviews`), which computes their aspect sentiment
and writes catalog.reviews.parquet and catalog.aspects.parquet beside the catalog.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import random
import re
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import duckdb

from shopcli.reviews.importer import ReviewReport, import_reviews

DATA = tomllib.loads(Path(__file__).resolve().with_name("review_data.toml").read_text(encoding="utf-8"))
DEFAULT_CATALOG = Path(__file__).resolve().parent.parent / "catalog.parquet"
DEFAULT_SEED = 20240611
CHINESE_SHARE = 0.45
FIRST_DAY = dt.date(2024, 1, 1)
# How far a star rating pushes each aspect clause towards praise (a logit; the product's own
# strength on that aspect is added to it).
STAR_PULL = {5: 2.2, 4: 1.2, 3: 0.0, 2: -1.2, 1: -2.2}
_RANGE = re.compile(r"\{(\d+)-(\d+)\}")


def fill(text: str, rng: random.Random) -> str:
    """ "{4-9}" -> a whole number in that range."""
    return _RANGE.sub(lambda m: str(rng.randint(int(m.group(1)), int(m.group(2)))), text)


def review_count(rng: random.Random) -> int:
    """5 to 40 reviews, most products nearer 5."""
    return 5 + int(35 * rng.random() ** 2.2)


def star(rng: random.Random, rating: float) -> int:
    """One review's stars, spread around the product's rating."""
    return min(5, max(1, round(rng.gauss(rating, 0.8))))


def tone(stars: int) -> str:
    return "good" if stars >= 4 else "bad" if stars <= 2 else "mixed"


def clause(rng: random.Random, aspect: str, stars: int, strength: float, language: str) -> str:
    good = rng.random() < 1 / (1 + math.exp(-(STAR_PULL[stars] + strength)))
    return fill(rng.choice(DATA["phrases"][aspect][f"{language}_{'good' if good else 'bad'}"]), rng)


def review_text(
    rng: random.Random, aspects: list[str], strengths: dict[str, float], stars: int, zh: bool
) -> str:
    language = "zh" if zh else "en"
    talked = rng.sample(aspects, rng.choices((1, 2, 3), weights=(3, 4, 2))[0])
    clauses = [clause(rng, a, stars, strengths[a], language) for a in talked]
    opener = fill(rng.choice(DATA["openers"][language]), rng)
    closer = rng.choice(DATA["closers"][f"{language}_{tone(stars)}"])
    if zh:
        return opener + "，".join(clauses) + "。" + closer
    return " ".join(p for p in (opener, ". ".join(clauses) + ".", closer) if p)


def product_reviews(pid: str, category: str, rating: float, seed: int) -> list[dict[str, Any]]:
    """All reviews of one product, from its own random stream (so products never shift each other)."""
    rng = random.Random(f"{seed}:reviews:{pid}")
    aspects = DATA["aspects"][category]
    strengths = {a: rng.gauss(0, 1.1) for a in aspects}
    out = []
    for k in range(1, review_count(rng) + 1):
        stars, zh = star(rng, rating), rng.random() < CHINESE_SHARE
        text = review_text(rng, aspects, strengths, stars, zh)
        out.append({
            "review_id": f"R{pid[1:]}-{k:02d}", "product_id": pid, "stars": stars,
            "title": rng.choice(DATA["titles"][f"{'zh' if zh else 'en'}_{tone(stars)}"]), "text": text,
            "date": (FIRST_DAY + dt.timedelta(days=rng.randint(0, 700))).isoformat(),
            "helpful": max(0, int(rng.lognormvariate(0, 1.3)) - 1), "language": "zh" if zh else "en",
        })  # fmt: skip
    return out


def generate(catalog: Path, seed: int = DEFAULT_SEED) -> list[dict[str, Any]]:
    """Reviews of every product in `catalog`, in id order."""
    with duckdb.connect() as con:
        rows = con.execute(
            "SELECT id, category, coalesce(rating, 4.0) FROM read_parquet(?) ORDER BY id", [str(catalog)]
        ).fetchall()
    unknown = sorted({c for _, c, _ in rows} - set(DATA["aspects"]))
    if unknown:
        raise ValueError(f"categories {unknown} have no [aspects] in review_data.toml")
    return [r for pid, category, rating in rows for r in product_reviews(pid, category, rating, seed)]


def write_reviews(catalog: Path, seed: int = DEFAULT_SEED) -> ReviewReport:
    """Generate the reviews of `catalog` and import them beside it."""
    with tempfile.TemporaryDirectory() as staging:
        source = Path(staging) / "reviews.jsonl"
        lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in generate(catalog, seed))
        source.write_text("".join(lines), encoding="utf-8")
        return import_reviews(source, catalog)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG, help="default: %(default)s")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)")
    args = parser.parse_args(argv)
    report = write_reviews(args.catalog, args.seed)
    for path in (report.reviews_out, report.aspects_out):
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        print(f"wrote {path} (sha256 {digest})")
    print(f"{report.rows_imported} reviews of {report.products_reviewed} products, "
          f"{report.aspect_mentions} aspect mentions, in {report.seconds:.1f}s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
