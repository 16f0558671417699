"""Real shops' exports under tests/data/catalogs/, and the ground truth their labelled queries are judged by.

Each export folder holds the sample file, SOURCE.md and expected.toml: the language, the currency, the
mapping a careful person reads in the header, and which raw columns the truth is read from. The truth is
computed from the *raw* file with Python's csv module, never from what shopcli imported, so a wrong
mapping or a wrong currency cannot make its own mistakes look right.

A labelled query (tests/data/catalogs/queries.jsonl) is {"export", "q", "want": {...}} where `want` holds:
  terms      [[alternatives], ...]: every group must appear in the product's name (brand text removed)
             or its own category columns; Latin words match at word starts, plural -s/-es allowed
  not        [words] none of which may appear there ("烧杯刷" is a brush, not a beaker)
  brand      [alternatives] found in the brand column or the name
  color      [alternatives] found in the colour column or the name
  audience   "women" | "men" | "kids": the audience column, else words in the name and category columns;
             unisex suits adults
  max_price, min_price   in the export's own currency
  min_rating
  cheapest   true: the first product shown must be the cheapest product meeting the rest
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "catalogs"
QUERIES = DATA / "queries.jsonl"
_AUDIENCE = {
    "women": r"(?<![a-z])(?:women|woman|ladies|lady|female|weiblich)|女",
    "men": r"(?<![a-z])(?:men|man|male|gents)(?![a-z])|(?<![a-z])men's|男",
    "kids": r"(?<![a-z])(?:kids?|boys?|girls?|baby|babies|child|children|infants?|toddlers?)|儿童|童|宝宝|婴",
}
_UNISEX = r"unisex|中性|男女"
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Export:
    name: str
    path: Path
    language: str
    currency: str
    currency_flag: str | None  # the --currency a shopkeeper must give when the file says nothing
    encoding: str
    header: bool
    held_out: bool
    mapping: Mapping[str, tuple[str, ...]]  # column -> acceptable fields ("-" = left out)
    truth: Mapping[str, Any]


@dataclass(frozen=True)
class Labelled:
    export: str
    query: str
    want: Mapping[str, Any]
    line: int


@dataclass(frozen=True)
class Row:
    key: str  # the id shopcli gives the row: the id column, else row-N
    values: Mapping[str, str] = field(repr=False)
    name: str
    text: str  # lower-case name (brand removed) and category columns: what terms are judged on
    brand: str
    color: str
    audience: str
    price: float | None
    rating: float | None


@cache
def exports() -> tuple[Export, ...]:
    """Every committed export, in name order."""
    out = []
    for folder in sorted(p for p in DATA.iterdir() if (p / "expected.toml").exists()):
        spec = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
        mapping = {k: (v,) if isinstance(v, str) else tuple(v) for k, v in spec["mapping"].items()}
        out.append(Export(
            folder.name, next(folder.glob("sample.*")), spec["language"], spec["currency"],
            spec.get("currency_flag"), spec["encoding"], spec.get("header", True), spec["held_out"],
            mapping, spec["truth"],
        ))  # fmt: skip
    return tuple(out)


def export(name: str) -> Export:
    return next(e for e in exports() if e.name == name)


def load_queries(path: Path = QUERIES) -> list[Labelled]:
    found = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.strip():
            row = json.loads(text)
            found.append(Labelled(row["export"], row["q"], row["want"], number))
    return found


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def number(text: str) -> float | None:
    """A raw money or rating cell as a number: "₹32,999" -> 32999, "89.0 EUR" -> 89; None if none."""
    match = re.search(r"\d[\d,]*(?:\.\d+)?", text or "")
    return float(match.group().replace(",", "")) if match else None


@cache
def raw_rows(name: str) -> tuple[Row, ...]:
    """The export's records as the truth sees them (records without a name are left out)."""
    exp = export(name)
    text = exp.path.read_bytes().decode(exp.encoding).lstrip("\ufeff")
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = records[0] if exp.header else [f"column{i}" for i in range(1, len(records[0]) + 1)]
    header = [h or f"column{i}" for i, h in enumerate(header, start=1)]
    body = records[1:] if exp.header else records
    rows = []
    for n, record in enumerate(body, start=1):
        values = dict(zip(header, record, strict=False))
        if row := _row(exp, values, n):
            rows.append(row)
    return tuple(rows)


def _row(exp: Export, values: dict[str, str], n: int) -> Row | None:
    t = exp.truth
    name = fold(values.get(t["name"], ""))
    if not name.strip(" ,"):
        return None
    brand = fold(values.get(t.get("brand", ""), ""))
    bare = name.replace(brand, " ") if brand else name
    cats = " | ".join(fold(values.get(c, "")) for c in t.get("categories", ()))
    key = values.get(t["id"], "").strip() if "id" in t else ""
    return Row(
        key=key or f"row-{n}", values=values, name=name, text=f"{bare} | {cats}", brand=brand,
        color=fold(values.get(t.get("color", ""), "")), audience=fold(values.get(t.get("audience", ""), "")),
        price=number(values.get(t["price"], "")), rating=number(values.get(t.get("rating", ""), "")),
    )  # fmt: skip


def _has(text: str, word: str) -> bool:
    word = fold(word)
    if _CJK.search(word):
        return word in text
    return re.search(rf"(?<![a-z0-9]){re.escape(word)}(?:s|es)?(?![a-z])", text) is not None


def _any(text: str, words: Iterable[str]) -> bool:
    return any(_has(text, w) for w in words)


def _audience(row: Row, who: str) -> bool:
    source = row.audience or row.text
    if re.search(_UNISEX, source) and who in ("women", "men"):
        return True
    return re.search(_AUDIENCE[who], source) is not None


def meets(row: Row, want: Mapping[str, Any]) -> bool:
    """Whether a raw row meets every constraint a label states (the sort aside)."""
    if any(not _any(row.text, group) for group in want.get("terms", ())):
        return False
    if _any(row.text, want.get("not", ())):
        return False
    if (brands := want.get("brand")) and not (_any(row.brand, brands) or _any(row.name, brands)):
        return False
    if (colors := want.get("color")) and not (_any(row.color, colors) or _any(row.name, colors)):
        return False
    if (who := want.get("audience")) and not _audience(row, who):
        return False
    price = row.price
    if "max_price" in want and (price is None or price > want["max_price"]):
        return False
    if "min_price" in want and (price is None or price < want["min_price"]):
        return False
    return "min_rating" not in want or (row.rating is not None and row.rating >= want["min_rating"])


def rows_by_key(name: str) -> dict[str, Row]:
    """Raw rows by the id shopcli would give them (the first row of a repeated id wins)."""
    out: dict[str, Row] = {}
    for row in raw_rows(name):
        out.setdefault(row.key, row)
    return out
