"""Specs read from real shops' exports: coverage per export, and precision and recall on hand labels.

    .venv/bin/python benchmarks/eval_specs.py [--full DIR] [--mistakes]

1. Coverage: each export under tests/data/catalogs/ is imported as `shop catalog import` does, and
   the import report's spec coverage is printed (share of rows stating a spec, and per attribute);
   `--full DIR` does the same for DIR/<export>/full.csv (the larger staged copies, not in the repo).
2. Precision and recall: benchmarks/data/spec_labels.jsonl holds 80 product names drawn at random
   (seed 15, names with a digit) from those samples, each with the specs a careful reader finds in it
   (JD phones "4G+64G", Flipkart, BigBasket "250 g", Amazon.in, Taobao "50ml"). A value counts as right
   when the attribute and the value (within 1%) agree.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import real_exports as rx  # noqa: E402

from shopcli.ingest.specs import extract_specs  # noqa: E402

LABELS = REPO / "benchmarks" / "data" / "spec_labels.jsonl"


def coverage(full: Path | None) -> None:
    print("| export | rows | with a spec | attributes |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder, rx._user_dir(folder):
        for exp in rx.exports():
            source = full / exp.name / "full.csv" if full else exp.path
            if not source.exists():
                continue
            _, report = rx.import_export(rx.Export(**{**vars(exp), "path": source}), Path(folder))
            profile = report.get("profile", {})
            specs = ", ".join(f"{k} {n}" for k, n in profile.get("specs", {}).items()) or "-"
            rows, share = profile.get("rows", 0), profile.get("spec_coverage", 0)
            print(f"| {exp.name} | {rows:,} | {share:.1%} | {specs} |")


def precision(show: bool) -> None:
    right, got_n, want_n, by = 0, 0, 0, Counter[str]()
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        got, want = extract_specs(row["name"]), row["want"]
        ok = {k for k, v in got.items() if k in want and math.isclose(v, want[k], rel_tol=0.01)}
        right, got_n, want_n = right + len(ok), got_n + len(got), want_n + len(want)
        by.update(f"{row['export']} {'ok' if got == want else 'wrong'}" for _ in [0])
        if show and got != want:
            print(f"  {row['name'][:80]!r}: got {got}, want {want}")
    print(f"\nlabelled names: {sum(by.values())}; values found {got_n}, labelled {want_n}, right {right}")
    print(f"precision {right / got_n:.1%}  recall {right / want_n:.1%}")
    print("names exactly right per export: " + ", ".join(f"{k} {n}" for k, n in sorted(by.items())))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", type=Path, help="a folder of <export>/full.csv to measure coverage on")
    parser.add_argument("--mistakes", action="store_true", help="list the labelled names read wrong")
    args = parser.parse_args(argv)
    coverage(args.full)
    precision(args.mistakes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
