"""Run the fault-injection probes (tests/faults/) and print, for each class: cases tried, handled, failed.

    python benchmarks/fault_table.py                        # the issue's sizes (minutes)
    python benchmarks/fault_table.py --bounded              # the test suite's sizes
    python benchmarks/fault_table.py --save after.json --before before.json

To measure another checkout (e.g. the code before a fix), run its shopcli with this script, from
inside that checkout (the probes start `python -m shopcli`, which imports the current folder first):
    git archive <commit> | tar -x -C /tmp/old && cd /tmp/old && \\
        PYTHONPATH=/tmp/old python /path/to/repo/benchmarks/fault_table.py --save before.json
A probe that raises counts as one failed case named after the exception, so an older checkout that
lacks something still gets a row.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path[:0] = [str(TESTS / "faults"), str(TESTS)]  # the probes, and the fixtures they share with tests
import probe_kit  # noqa: E402
import probes_data  # noqa: E402
import probes_files  # noqa: E402
import probes_state  # noqa: E402
from probe_kit import Case, Sizes  # noqa: E402

Probe = Callable[[Path], list[Case]]


def probes(sizes: Sizes) -> dict[str, Probe]:
    """Class name -> probe, in the order of the issue."""
    return {
        "import numbers": probes_data.import_numbers,
        "catalog values": probes_data.catalog_values,
        "byte flips": lambda w: probes_data.byte_flips(w, sizes.flips),
        "unreadable budgets": probes_data.budgets,
        "hostile import files": probes_files.hostile_imports,
        "state files": lambda w: probes_state.state_files(w, sizes.history_mb),
        "long fields": probes_data.long_fields,
        "errors": probes_files.import_errors,
        "settings": probes_files.bad_settings,
        "kill -9": lambda w: (
            probes_state.import_kills(w, sizes.kills) + probes_state.history_kills(w, sizes.kills)
        ),
        "concurrent chats": lambda w: probes_state.concurrent_histories(w, sizes.chats, sizes.lines),
        "concurrent chats in terminals": lambda w: probes_state.concurrent_chats(
            w, sizes.chats, sizes.pty_lines
        ),
        "invisible output": probes_data.invisible_output,
    }


def run_all(sizes: Sizes, only: list[str] | None) -> dict[str, list[dict[str, object]]]:
    results: dict[str, list[dict[str, object]]] = {}
    for klass, probe in probes(sizes).items():
        if only and klass not in only:
            continue
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="shopcli-faults-") as work:
            try:
                cases = probe(Path(work))
            except Exception as exc:  # noqa: BLE001 - an older checkout may lack what a probe calls
                cases = [Case(klass, f"probe raised {type(exc).__name__}", False, str(exc)[:200])]
        results[klass] = [vars(c) for c in cases]
        print(f"  {klass}: {len(cases)} cases in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return results


def table(
    after: dict[str, list[dict[str, object]]], before: dict[str, list[dict[str, object]]] | None
) -> str:
    head = "| class | tried | handled | failed |"
    rule = "|---|---:|---:|---:|"
    if before is not None:
        head = "| class | tried | handled before | failed before | handled after | failed after |"
        rule = "|---|---:|---:|---:|---:|---:|"
    lines = [head, rule]
    for klass, cases in after.items():
        ok = sum(1 for c in cases if c["ok"])
        row = f"| {klass} | {len(cases)} |"
        if before is not None:
            old = before.get(klass, [])
            old_ok = sum(1 for c in old if c["ok"])
            row += f" {old_ok} | {len(old) - old_ok} |"
        lines.append(row + f" {ok} | {len(cases) - ok} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bounded", action="store_true", help="the test suite's sizes instead of the issue's"
    )
    parser.add_argument("--only", nargs="*", help="run only these classes")
    parser.add_argument("--save", type=Path, help="write every case as JSON to this file")
    parser.add_argument("--before", type=Path, help="a --save file of an earlier run, shown beside this one")
    parser.add_argument("--failures", action="store_true", help="list every failed case")
    args = parser.parse_args()
    sizes = probe_kit.BOUNDED if args.bounded else probe_kit.FULL
    results = run_all(sizes, args.only)
    if args.save:
        args.save.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    before = json.loads(args.before.read_text(encoding="utf-8")) if args.before else None
    print(table(results, before))
    if args.failures:
        for cases in results.values():
            for c in cases:
                if not c["ok"]:
                    print(f"FAILED {c['klass']}: {c['name']}: {c['detail']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
