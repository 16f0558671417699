"""Probes for wrong values that pass silently: import numbers, catalog values, byte flips, budgets,
invisible characters in output, and catalog fields long enough to break a prompt or a table."""

from __future__ import annotations

import csv
import io
import json
import math
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
from probe_kit import Case, cli, demo_catalog, widgets, write_catalog

FORTY_DIGITS = "1234567890" * 4
# value -> the price it must import as, or None: dropped with a reason. Each dict is one price column,
# because whether "1.299" means 1.299 or 1299 depends on how the rest of its column writes numbers.
ISSUE_FIVE: dict[str, float | None] = {"1e3": 1000.0, "2.5E+2": 250.0, "1 299,00": 1299.0, "1_000": 1000.0,
                                       "1e309": None}  # fmt: skip
POINT_COLUMN: dict[str, float | None] = {
    "1e3": 1000.0, "2.5E+2": 250.0, "1_000": 1000.0, "1e309": None, "12.99": 12.99,
    "1,299.00": 1299.0, "1'299.00": 1299.0, "1\u2009299.00": 1299.0, "1\u00a0299.00": 1299.0,
    "1 299.00": 1299.0, "1\u202f299": 1299.0, "$1,299": 1299.0, "1,299,000": 1299000.0, FORTY_DIGITS: None,
    "-5": None, "0": None, "0.00": None, "1.2.3": None, "5 10": None, "1e-400": None, "nan": None,
    "inf": None, "-inf": None, "true": None, "12,34,56": None, "1_0": None, "$12.99 - $15.99": 12.99,
}  # fmt: skip
COMMA_COLUMN: dict[str, float | None] = {
    "12,99": 12.99,
    "1.299,00": 1299.0,
    "1 299,00": 1299.0,
    "1.299": 1299.0,
    "1,5": 1.5,
    "2.499.000,50": 2499000.5,
    "7": 7.0,
}
NO_EVIDENCE_COLUMN: dict[str, float | None] = {"1,299": 1299.0, "1.299": 1299.0, "25": 25.0}


def import_numbers(work: Path) -> list[Case]:
    """Every price either imports as the number written or drops with a reason; never another number."""
    from shopcli.errors import ImportError_
    from shopcli.ingest.importer import import_catalog

    cases = []
    columns = [(f"alone {i}", {value: want}) for i, (value, want) in enumerate(ISSUE_FIVE.items())]
    columns += [("point", POINT_COLUMN), ("comma", COMMA_COLUMN), ("plain", NO_EVIDENCE_COLUMN)]
    for label, column in columns:
        source, out = work / f"numbers-{label}.csv".replace(" ", "-"), work / f"numbers-{label}.parquet"
        with source.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "name", "price"])
            writer.writerows([f"n{i}", f"case {i}", value] for i, value in enumerate(column))
        try:
            import_catalog(source, out)
        except ImportError_:  # every row dropped: "none of the 1 rows ... could be imported (...)"
            got = {}
        else:
            with duckdb.connect() as con:
                got = dict(con.execute(f"SELECT id, price FROM read_parquet('{out}')").fetchall())
        for i, (value, want) in enumerate(column.items()):
            have = got.get(f"n{i}")
            ok = have is None if want is None else have is not None and math.isclose(have, want)
            cases.append(Case("import numbers", f"{label}: {value!r}", ok, f"imported as {have}"))
    return cases


VALUE_CASES: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    # name -> (the bad row's fields over a widget, column type overrides)
    "price NaN": ({"price": math.nan}, {}),
    "price +inf": ({"price": math.inf}, {}),
    "price -inf": ({"price": -math.inf}, {}),
    "price negative": ({"price": -5.0}, {}),
    "price zero": ({"price": 0.0}, {}),
    "price boolean": ({"price": True}, {"price": "BOOLEAN"}),
    "price text": ({"price": "abc"}, {"price": "VARCHAR"}),
    "price too large": ({"price": 1e300}, {}),
    "rating NaN": ({"rating": math.nan, "review_count": 10**6}, {}),
    "rating 7.5": ({"rating": 7.5, "review_count": 10**6}, {}),
    "rating -1": ({"rating": -1.0}, {}),
    "review count negative": ({"review_count": -4}, {}),
    "original price NaN": ({"original_price": math.nan}, {}),
}


def catalog_values(work: Path) -> list[Case]:
    """Bad values in a hand-made catalog never show; the shopper is told rows were left out."""
    cases = [_value_case(work, name, fields, types) for name, (fields, types) in VALUE_CASES.items()]
    return cases + [_duplicate_ids(work)]


def _value_case(work: Path, name: str, fields: dict[str, Any], types: dict[str, str]) -> Case:
    from shopcli.errors import CatalogError
    from shopcli.intent import Intent
    from shopcli.store.catalog import Catalog

    rows = widgets()
    if types:  # the whole column has the odd type: every row says the same kind of thing
        rows = [{**r, **{k: (str(r[k]) if v == "VARCHAR" else True) for k, v in types.items()}} for r in rows]
    rows.append({**widgets(1)[0], "id": "BAD", "name": "widget bad", **fields})
    path = write_catalog(work / f"values-{name.replace(' ', '-')}.parquet", rows, types)
    try:
        with Catalog.open(path) as cat:
            shown = cat.search(Intent(sort="rating"), limit=100).products
            warned = bool(getattr(cat, "warnings", ()))
    except CatalogError as exc:
        return Case("catalog values", name, True, f"refused: {exc}")
    except Exception as exc:  # noqa: BLE001 - anything else is a failure to report, not to raise
        return Case("catalog values", name, False, f"{type(exc).__name__}: {exc}")
    bad = [p for p in shown if p.id == "BAD"]
    clean = not bad or all(_plausible(p) for p in bad)
    first_ok = not shown or shown[0].id != "BAD" or _plausible(shown[0])
    ok = clean and first_ok and warned and all(_plausible(p) for p in shown)
    return Case(
        "catalog values", name, ok, f"warned={warned} shown={[(p.id, p.price, p.rating) for p in bad]}"
    )


def _plausible(p: Any) -> bool:
    price_ok = isinstance(p.price, float) and math.isfinite(p.price) and 0 < p.price < 1e12
    rating_ok = p.rating is None or (math.isfinite(p.rating) and 0 <= p.rating <= 5)
    extra_ok = (p.review_count is None or p.review_count >= 0) and (
        p.original_price is None or (math.isfinite(p.original_price) and p.original_price > 0)
    )
    return price_ok and rating_ok and extra_ok


def _duplicate_ids(work: Path) -> Case:
    from shopcli.errors import CatalogError
    from shopcli.store.catalog import Catalog

    rows = widgets() + [{**widgets(1)[0], "name": "another widget 1"}]
    path = write_catalog(work / "values-duplicate-ids.parquet", rows)
    try:
        Catalog.open(path).close()
    except CatalogError as exc:
        return Case("catalog values", "duplicate ids", "G1" in str(exc), str(exc))
    return Case("catalog values", "duplicate ids", False, "opened without an error")


# Opens a catalog, lists every product, and prints one JSON line per flipped copy it is given.
_FLIP_WORKER = """
import json, sys
from pathlib import Path
from shopcli.errors import ShopError
from shopcli.intent import Intent
from shopcli.store.catalog import Catalog

def listing(path):
    with Catalog.open(path) as cat:
        return json.dumps([p.to_dict() for p in cat.search(Intent(), limit=10**6).products], default=str)

source, work = Path(sys.argv[1]), Path(sys.argv[2])
base, data = listing(source), source.read_bytes()
for line in sys.stdin:
    i, offset, xor = json.loads(line)
    flipped = bytearray(data)
    flipped[offset] ^= xor
    path = work / "flipped.parquet"
    path.write_bytes(bytes(flipped))
    try:
        status = "same" if listing(path) == base else "changed"
        msg = ""
    except ShopError as exc:
        status, msg = "error", str(exc)
    except Exception as exc:
        status, msg = "crash", f"{type(exc).__name__}: {exc}"
    print(json.dumps([i, status, msg[:200]]), flush=True)
"""


def byte_flips(work: Path, count: int, seed: int = 10) -> list[Case]:
    """Each single-byte flip of the demo catalog gives a clear error or exactly the same products."""
    source = demo_catalog()
    rng = random.Random(seed)
    size = source.stat().st_size
    flips = [(i, rng.randrange(size), rng.randrange(1, 256)) for i in range(count)]
    results: dict[int, tuple[str, str]] = {}
    while len(results) < count:  # a worker that dies (a segfault) restarts after the flip that killed it
        todo = [f for f in flips if f[0] not in results]
        proc = subprocess.run(
            [sys.executable, "-c", _FLIP_WORKER, str(source), str(work)], capture_output=True, text=True,
            input="".join(json.dumps(f) + "\n" for f in todo), timeout=600,
        )  # fmt: skip
        for line in proc.stdout.splitlines():
            i, status, msg = json.loads(line)
            results[i] = (status, msg)
        if proc.returncode != 0 and todo[0][0] not in results:
            first = next(f[0] for f in todo if f[0] not in results)
            results[first] = ("crash", f"worker exit {proc.returncode}: {proc.stderr.strip()[-200:]}")
    cases = []
    for i, offset, xor in flips:
        status, msg = results[i]
        ok = status in ("same", "error")
        cases.append(Case("byte flips", f"offset {offset} ^ {xor:#04x}", ok, f"{status} {msg}".strip()))
    return cases


BUDGETS = (
    "headphones under $-5",
    "headphones $1e309",
    f"headphones under ${FORTY_DIGITS}",
    "耳机 预算-5元",
    "laptop under -$5",
    "dress under $1e3",
    "jacket under 99999999999999 dollars",
    "耳机 1e309元以内",
)


def budgets(_work: Path) -> list[Case]:
    """A budget the rules cannot read is a note, never a silent keyword or a silent filter."""
    from shopcli import advisor
    from shopcli.money import Rates
    from shopcli.store.catalog import Catalog

    cases = []
    with Catalog.open(demo_catalog()) as cat:
        for query in BUDGETS:
            outcome = advisor.search(query, cat, rates=Rates.of(), limit=5)
            intent = outcome.intent
            leaked = [k for k in intent.keywords if any(ch.isdigit() for ch in k)]
            noted = any("budget" in note for note in intent.notes)
            ok = intent.min_price is None and intent.max_price is None and not leaked and noted
            detail = f"min={intent.min_price} max={intent.max_price} keywords={leaked} notes={intent.notes}"
            cases.append(Case("unreadable budgets", query, ok, detail))
        cases.append(_reply_repeats_rejected_amount(cat))
    return cases


def _reply_repeats_rejected_amount(cat: Any) -> Case:
    from shopcli import advisor
    from shopcli.llm.backends.mock import MockBackend
    from shopcli.money import Rates

    outcome = advisor.search("headphones under $-5", cat, rates=Rates.of(), limit=5)
    backend = MockBackend(["The best pick under $5 is [1]."])
    shown = [s.text for s in advisor.reply_for(outcome, backend, cny_per_usd=7.2) if s.ok]
    ok = not any("$5" in text for text in shown)
    return Case("unreadable budgets", "a reply repeating the rejected '$5'", ok, f"shown: {shown}")


INVISIBLE = {"tag characters": "\U000e0041\U000e0042\U000e007f", "U+2028": "\u2028", "U+2029": "\u2029"}


def invisible_output(work: Path) -> list[Case]:
    """Invisible tag characters and line separators never reach the table, and JSON escapes them."""
    rows = [{**w, "name": f"widget{chars}hidden {i}", "brand": f"Ac{chars}me"}
            for i, (w, chars) in enumerate(zip(widgets(3), INVISIBLE.values(), strict=True))]  # fmt: skip
    path = write_catalog(work / "invisible.parquet", rows)
    table = cli("search", "--no-llm", "--catalog", str(path), "gadgets")
    as_json = cli("search", "--no-llm", "--json", "--catalog", str(path), "gadgets")
    cases = []
    for label, chars in INVISIBLE.items():
        raw_json = any(ch in as_json.out for ch in chars)
        names = {p["name"] for p in json.loads(as_json.out)["products"]} if as_json.code == 0 else set()
        kept = any(chars in name for name in names)  # the data itself stays whole in JSON
        cases.append(Case("invisible output", f"{label} in the table", table.code == 0 and not any(
            ch in table.out for ch in chars), table.err[-200:]))  # fmt: skip
        cases.append(Case("invisible output", f"{label} in JSON", not raw_json and kept, f"kept={kept}"))
    return cases


LONG = 10_000


def long_fields(work: Path) -> list[Case]:
    """A 10,000-character field is cut in prompts, table cells and the templated reply; JSON keeps it."""
    from rich.console import Console

    from shopcli import advisor
    from shopcli.llm import prompts
    from shopcli.store.catalog import Catalog
    from shopcli.ui import render

    long_row = {**widgets(1)[0], "id": "LONG", "name": "widget " + "n" * LONG, "brand": "b" * LONG,
                "tags": ["t" * LONG] * 3, "description": "d" * LONG}  # fmt: skip
    path = write_catalog(work / "long.parquet", [long_row, *widgets(3)[1:]])
    with Catalog.open(path) as cat:
        product = cat.get(["LONG"])[0]
    prompt = sum(len(m.content) for m in prompts.reply_messages("widget", [product], "en")[-1:])
    prompt_zh = sum(len(m.content) for m in prompts.reply_messages("小部件", [product], "zh")[-1:])
    screen = Console(file=io.StringIO(), width=120, record=True)
    screen.print(render.product_table([product]))
    table = screen.export_text()
    reply = advisor.templated_reply((product,), "en")
    as_json = cli("search", "--no-llm", "--json", "--catalog", str(path), "widget")
    names = [p["name"] for p in json.loads(as_json.out)["products"]] if as_json.code == 0 else []
    return [
        Case("long fields", "English prompt", prompt < 2_000, f"{prompt:,} characters"),
        Case("long fields", "Chinese prompt", prompt_zh < 2_000, f"{prompt_zh:,} characters"),
        Case("long fields", "table cell", len(table) < 4_000, f"{len(table):,} characters on screen"),
        Case("long fields", "templated reply", len(reply) < 500, f"{len(reply):,} characters"),
        Case("long fields", "JSON keeps the whole name", any(len(n) > LONG for n in names), f"{len(names)}"),
    ]
