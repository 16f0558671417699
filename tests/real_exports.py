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

import contextlib
import csv
import io
import json
import os
import re
import tempfile
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from shopcli.ui.cli import main

DATA = Path(__file__).resolve().parent / "data" / "catalogs"
LIMIT = 10  # products shown per query, as `shop search` shows by default
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


# --- judging a version of shopcli on the exports, through the `shop` command (so any version works) ---


@dataclass
class Score:
    imported: bool = False
    currency_ok: bool = False
    currency: str = "-"
    fields_right: int = 0
    fields: int = 0
    wrong: int = 0
    shown: int = 0
    good: int = 0
    answerable: int = 0
    covered: int = 0
    cheapest: int = 0
    cheapest_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("fields_right", "fields", "wrong", "shown", "good", "answerable", "covered", "cheapest",
                     "cheapest_right"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))


def shop(*argv: str) -> tuple[int, str]:
    """Run `shop ARGV` in this process; (exit code, stdout)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(argv))
    return code, out.getvalue()


def import_export(exp: Export, folder: Path) -> tuple[Path | None, dict[str, Any]]:
    out = folder / f"{exp.name}.parquet"
    args = ["catalog", "import", str(exp.path), "--out", str(out), "--json", "--force"]
    code, text = shop(*args, *(["--currency", exp.currency_flag] if exp.currency_flag else []))
    if code != 0 and exp.currency_flag:  # a version that refuses the currency: import as it can
        code, text = shop(*args)
    return (out, json.loads(text)) if code == 0 else (None, {})


def mapping_score(exp: Export, mapping: dict[str, str]) -> tuple[int, int, int]:
    """(fields mapped right, fields expected, columns mapped wrongly)."""
    expected = {c: f for c, f in exp.mapping.items() if "-" not in f}
    right = sum(mapping.get(c) in fields for c, fields in expected.items())
    wrong = sum(1 for c, f in mapping.items() if f not in exp.mapping.get(c, ("-",)))
    return right, len(expected), wrong


def truth_row(exp: Export, product: dict[str, Any]) -> Row | None:
    """The raw row a shown product came from: by id, else by name and price."""
    by_key = rows_by_key(exp.name)
    if (row := by_key.get(str(product["id"]))) is not None:
        return row
    name = fold(product["name"])
    return next((r for r in raw_rows(exp.name) if r.name.strip() == name and r.price == product["price"]),
                None)  # fmt: skip


def judge(exp: Export, catalog: Path, labels: Iterable[Labelled], score: Score) -> None:
    for label in labels:
        args = ("search", "--catalog", str(catalog), "--json", "--no-llm", "-n", str(LIMIT), label.query)
        code, text = shop(*args)
        products = json.loads(text)["products"] if code == 0 else []
        rows = [truth_row(exp, p) for p in products]
        good = [r is not None and meets(r, label.want) for r in rows]
        meeting = [r for r in raw_rows(exp.name) if meets(r, label.want) and r.price]
        score.shown += len(products)
        score.good += sum(good)
        if meeting:
            score.answerable += 1
            score.covered += any(good)
        if label.want.get("cheapest") and meeting:
            score.cheapest += 1
            low = min(r.price or 0 for r in meeting)
            right = bool(rows) and rows[0] is not None and good[0] and rows[0].price == low
            score.cheapest_right += right
            if not right:
                score.misses.append(f"  {label.query!r}: first is not the cheapest ({low:g})")
        if not all(good) or (meeting and not any(good)):
            shown = "; ".join(f"{'+' if g else '-'}{p['name'][:40]} {p['price']:g}" for p, g in
                              zip(products[:4], good, strict=False))  # fmt: skip
            score.misses.append(f"  {label.query!r}: {sum(good)}/{len(products)} good [{shown}]")


@contextlib.contextmanager
def _user_dir(folder: str) -> Iterator[None]:
    """SHOPCLI_HOME in a scratch folder for the run (no user's config.toml changes the result)."""
    before = os.environ.get("SHOPCLI_HOME")
    os.environ["SHOPCLI_HOME"] = folder
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SHOPCLI_HOME", None)
        else:
            os.environ["SHOPCLI_HOME"] = before


def evaluate(names: set[str] | None = None) -> dict[str, Score]:
    """Import every export (or those named) with no --map and run its labelled queries."""
    labels = defaultdict(list)
    for label in load_queries():
        labels[label.export].append(label)
    scores: dict[str, Score] = {}
    with tempfile.TemporaryDirectory() as folder, _user_dir(folder):
        for exp in exports():
            if names and exp.name not in names:
                continue
            score = scores[exp.name] = Score()
            catalog, report = import_export(exp, Path(folder))
            score.fields = sum(1 for f in exp.mapping.values() if "-" not in f)
            if catalog is None:
                score.misses.append("  import failed")
                continue
            score.imported = True
            score.currency = str(report.get("currency", "USD"))  # before currencies, everything was USD
            score.currency_ok = score.currency == exp.currency
            score.fields_right, score.fields, score.wrong = mapping_score(exp, report["mapping"])
            judge(exp, catalog, labels[exp.name], score)
    return scores
