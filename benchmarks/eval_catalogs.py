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
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import real_exports as rx  # noqa: E402


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def table(scores: dict[str, rx.Score]) -> str:
    head = (f"{'export':30} {'import':>6} {'currency':>9} {'mapping':>8} {'wrong':>5} {'precision':>9} "
            f"{'coverage':>8} {'cheapest':>8}")  # fmt: skip
    lines = [head, "-" * len(head)]
    groups: dict[str, rx.Score] = {"tuned": rx.Score(), "held out": rx.Score(), "all": rx.Score()}
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
    scores = rx.evaluate(set(args.exports) or None)
    print(table(scores))
    if args.misses:
        for name, s in scores.items():
            if s.misses:
                print(f"\n{name}:\n" + "\n".join(s.misses))
    return 0


if __name__ == "__main__":
    sys.exit(run())
