"""Deals, stock, specs and ages: per-field accuracy of the rule parser on the labelled set
tests/data/labelled_facts.jsonl (rules only, the demo catalog's vocabulary), English and Chinese apart.

    .venv/bin/python benchmarks/eval_facts.py [--mistakes]

A query counts for a field when its label or the parser sets it (understand/evaluate.py); every field
the label leaves out is expected empty, so a stray "on sale" or a number left as a keyword counts too.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from shopcli.store.catalog import Catalog
from shopcli.understand.evaluate import FIELDS, evaluate, load_labelled, mistakes
from shopcli.understand.rules import parse

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "data" / "labelled_facts.jsonl"
# written after the rules, and never used to change them: the honest number for unseen wording
HELD_OUT = ROOT / "tests" / "data" / "labelled_facts_heldout.jsonl"
NEW_FIELDS = ("on_sale", "min_discount", "in_stock", "specs", "age", "sort")
_CJK = re.compile("[\u4e00-\u9fff]")


def table(rows: dict[str, dict[str, tuple[int, int]]]) -> str:
    """field | en | zh | all, as correct/counted and percent."""
    lines = ["| field | en | zh | all |", "|---|---|---|---|"]
    for name in (*NEW_FIELDS, *(f for f in FIELDS if f not in NEW_FIELDS), "all"):
        cells = []
        for part in ("en", "zh", "all"):
            ok, n = rows[part].get(name, (0, 0))
            cells.append(f"{ok}/{n} ({100 * ok / n:.0f}%)" if n else "-")
        if any(c != "-" for c in cells):
            lines.append(f"| {name} | {' | '.join(cells)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mistakes", action="store_true", help="also list every wrong field")
    parser.add_argument("--held-out", action="store_true", help="score the held-out set instead")
    args = parser.parse_args(argv)
    labelled = load_labelled(HELD_OUT if args.held_out else LABELLED)
    with Catalog.open(ROOT / "catalog.parquet") as cat:
        vocab = cat.vocabulary()

    def understand(q: str):  # type: ignore[no-untyped-def]
        return parse(q, vocab)

    parts = {
        "en": [x for x in labelled if not _CJK.search(x.query)],
        "zh": [x for x in labelled if _CJK.search(x.query)],
        "all": labelled,
    }
    rows = {name: evaluate(items, understand) for name, items in parts.items()}
    chinese = len(parts["zh"])
    print(f"{len(labelled)} labelled queries, {chinese} Chinese ({chinese / len(labelled):.0%})")
    print(table(rows))
    if args.mistakes:
        print("\n".join(mistakes(labelled, understand)) or "no mistakes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
