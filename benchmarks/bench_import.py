"""Benchmark `shop catalog import` on 100k-, 1M- and 10M-row messy CSV exports.

Each import runs in a child process so its peak memory (ru_maxrss from wait4) is its own; this
process never loads DuckDB (Linux counts what a child inherits at fork in its peak), and the CSVs
are written by gen_big_catalog.py in a child too. The import is timed as the command runs it: the
catalog, then its search index (store/index.py), each with its own time.
Targets: 1M rows in under 60 s on a 2-core machine; 10M rows in under 5 minutes and 4 GB.

    python benchmarks/bench_import.py                 # generates the CSVs first if missing
    python benchmarks/bench_import.py --rows 100000 --data-dir /tmp/shopcli-bench
    nice python benchmarks/bench_import.py --rows 10000000 --data-dir /work/data/big
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

GENERATOR = Path(__file__).resolve().with_name("gen_big_catalog.py")
CHILD = """
import json, sys, time
from pathlib import Path
from shopcli.money import Rates  # noqa: E402
from shopcli.ingest.importer import import_catalog
started, stages = time.monotonic(), {}
def progress(stage, done, total):
    stages[stage] = round(time.monotonic() - started, 2)
report = import_catalog(Path(sys.argv[1]), Path(sys.argv[2]), rates=Rates.of(), progress=progress)
from shopcli.store.index import prepare  # what `shop catalog import` does next
from shopcli.store.load import check_file
indexed = time.monotonic()
assert prepare(check_file(Path(sys.argv[2]))) is not None
print(json.dumps({"report": report.to_dict(), "stage_started_at_s": stages,
                  "index_s": round(time.monotonic() - indexed, 2)}))
"""


def measure(source: Path, out: Path) -> dict[str, object]:
    """Run one import in a child process; wall time, peak RSS and the child's report."""
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(source), str(out)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"import of {source} failed with exit code {child.returncode}")
    data = json.loads(output)
    report = data["report"]
    return {
        "rows_read": report["rows_read"],
        "rows_imported": report["rows_imported"],
        "dropped": report["dropped"],
        "wall_s": round(time.monotonic() - started, 2),
        "import_s": report["seconds"],
        "index_s": data["index_s"],
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
        "input_mb": round(source.stat().st_size / 1e6, 1),
        "output_mb": round(out.stat().st_size / 1e6, 1),
        "stage_started_at_s": data["stage_started_at_s"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/shopcli-bench"))
    parser.add_argument("--json", action="store_true", help="print one JSON object per size")
    args = parser.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}", file=sys.stderr)
    for rows in args.rows:
        source = args.data_dir / f"products_{rows}.csv"
        if not source.exists():
            command = [sys.executable, str(GENERATOR), "--rows", str(rows), "--out-dir", str(args.data_dir)]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        result = {"rows": rows, **measure(source, args.data_dir / f"products_{rows}.catalog.parquet")}
        if args.json:
            print(json.dumps(result))
            continue
        if rows == args.rows[0]:
            print("| rows | wall (s) | import (s) | index (s) | peak RSS (MB) | CSV (MB) | catalog (MB) "
                  "| imported |")  # fmt: skip
            print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        print(
            f"| {rows:,} | {result['wall_s']:.1f} | {result['import_s']} | {result['index_s']} "
            f"| {result['peak_rss_mb']:.0f} | {result['input_mb']} | {result['output_mb']} "
            f"| {result['rows_imported']:,} of {result['rows_read']:,} |",
            flush=True,
        )
        print(f"{rows:,} rows: import stages started at {result['stage_started_at_s']}", file=sys.stderr)


if __name__ == "__main__":
    main()
