"""Real shops' exports, end to end: import each one without --map, then search it with its labelled queries.

For every export under tests/data/catalogs/ (see tests/real_exports.py for the labels and the truth):
  imported   the import succeeded with no --map (and only the --currency the file gives no evidence for)
  currency   the catalog's currency is the export's real one
  mapping    fields mapped to the right column / fields a careful reader maps; "wrong": columns given a
             field they do not hold
  precision  shown products that meet every constraint the query states / products shown (top 10)
  coverage   queries showing at least one product that meets them / queries some product meets
  cheapest   "cheapest X" queries whose first product is the cheapest product meeting X
Everything runs through the `shop` command in-process (`shop catalog import`, `shop search --json
--no-llm`), so the same script measures any version of shopcli.

    .venv/bin/python benchmarks/eval_catalogs.py            # the table
    .venv/bin/python benchmarks/eval_catalogs.py --misses   # and every query that went wrong
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import real_exports as rx  # noqa: E402

from shopcli.ui.cli import main  # noqa: E402

LIMIT = 10


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


def import_export(exp: rx.Export, folder: Path) -> tuple[Path | None, dict[str, Any]]:
    out = folder / f"{exp.name}.parquet"
    args = ["catalog", "import", str(exp.path), "--out", str(out), "--json", "--force"]
    code, text = shop(*args, *(["--currency", exp.currency_flag] if exp.currency_flag else []))
    if code != 0 and exp.currency_flag:  # a version that refuses the currency: import as it can
        code, text = shop(*args)
    return (out, json.loads(text)) if code == 0 else (None, {})


def mapping_score(exp: rx.Export, mapping: dict[str, str]) -> tuple[int, int, int]:
    """(fields mapped right, fields expected, columns mapped wrongly)."""
    expected = {c: f for c, f in exp.mapping.items() if "-" not in f}
    right = sum(mapping.get(c) in fields for c, fields in expected.items())
    wrong = sum(1 for c, f in mapping.items() if f not in exp.mapping.get(c, ("-",)))
    return right, len(expected), wrong


def truth_row(exp: rx.Export, product: dict[str, Any]) -> rx.Row | None:
    """The raw row a shown product came from: by id, else by name and price."""
    by_key = rx.rows_by_key(exp.name)
    if (row := by_key.get(str(product["id"]))) is not None:
        return row
    name = rx.fold(product["name"])
    return next((r for r in rx.raw_rows(exp.name) if r.name.strip() == name and r.price == product["price"]),
                None)  # fmt: skip


def judge(exp: rx.Export, catalog: Path, labels: Iterable[rx.Labelled], score: Score) -> None:
    for label in labels:
        args = ("search", "--catalog", str(catalog), "--json", "--no-llm", "-n", str(LIMIT), label.query)
        code, text = shop(*args)
        products = json.loads(text)["products"] if code == 0 else []
        rows = [truth_row(exp, p) for p in products]
        good = [r is not None and rx.meets(r, label.want) for r in rows]
        meeting = [r for r in rx.raw_rows(exp.name) if rx.meets(r, label.want) and r.price]
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


def evaluate(names: set[str] | None) -> dict[str, Score]:
    labels = defaultdict(list)
    for label in rx.load_queries():
        labels[label.export].append(label)
    scores: dict[str, Score] = {}
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SHOPCLI_HOME"] = folder
        for exp in rx.exports():
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


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def table(scores: dict[str, Score]) -> str:
    head = (f"{'export':30} {'import':>6} {'currency':>9} {'mapping':>8} {'wrong':>5} {'precision':>9} "
            f"{'coverage':>8} {'cheapest':>8}")  # fmt: skip
    lines = [head, "-" * len(head)]
    groups: dict[str, Score] = {"tuned": Score(), "held out": Score(), "all": Score()}
    counts = {k: [0, 0, 0] for k in groups}  # exports, imported, currency right
    for name, s in scores.items():
        tag = " (held out)" if rx.export(name).held_out else ""
        currency = s.currency + (" ok" if s.currency_ok else " ✗")
        lines.append(
            f"{name + tag:30.30} {'yes' if s.imported else 'NO':>6} {currency:>9}"
            f" {f'{s.fields_right}/{s.fields}':>8} {s.wrong:>5} {_ratio(s.good, s.shown):>9}"
            f" {_ratio(s.covered, s.answerable):>8} {f'{s.cheapest_right}/{s.cheapest}':>8}"
        )  # fmt: skip
        for key in ("held out" if rx.export(name).held_out else "tuned", "all"):
            groups[key].add(s)
            counts[key][0] += 1
            counts[key][1] += s.imported
            counts[key][2] += s.currency_ok
    lines.append("-" * len(head))
    for key, s in groups.items():
        n, imported, currency = counts[key]
        lines.append(
            f"{key:30} {f'{imported}/{n}':>6} {f'{currency}/{n}':>9} {_ratio(s.fields_right, s.fields):>8}"
            f" {s.wrong:>5} {_ratio(s.good, s.shown):>9} {_ratio(s.covered, s.answerable):>8}"
            f" {f'{s.cheapest_right}/{s.cheapest}':>8}"
        )  # fmt: skip
    return "\n".join(lines)


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--misses", action="store_true", help="list every query that went wrong")
    parser.add_argument("exports", nargs="*", help="only these exports (default: all)")
    args = parser.parse_args(argv)
    scores = evaluate(set(args.exports) or None)
    print(table(scores))
    if args.misses:
        for name, s in scores.items():
            if s.misses:
                print(f"\n{name}:\n" + "\n".join(s.misses))
    return 0


if __name__ == "__main__":
    sys.exit(run())
