"""Benchmark `shop catalog import` on 100k- and 1M-row messy CSV exports.

Each import runs in a child process so its peak memory (ru_maxrss from wait4) is its own.
Targets: 1M rows in under 60 s on a 2-core machine, peak memory well under 2 GB.

    python benchmarks/bench_import.py                 # generates the CSVs first if missing
    python benchmarks/bench_import.py --rows 100000 --data-dir /tmp/shopcli-bench
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_big_catalog  # noqa: E402

CHILD = """
import json, sys, time
from pathlib import Path
from shopcli.money import Rates  # noqa: E402
from shopcli.ingest.importer import import_catalog
started, stages = time.monotonic(), {}
def progress(stage, done, total):
    stages[stage] = round(time.monotonic() - started, 2)
report = import_catalog(Path(sys.argv[1]), Path(sys.argv[2]), rates=Rates.of(), progress=progress)
print(json.dumps({"report": report.to_dict(), "stage_started_at_s": stages}))
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
            gen_big_catalog.write(rows, args.data_dir)
        result = {"rows": rows, **measure(source, args.data_dir / f"products_{rows}.catalog.parquet")}
        if args.json:
            print(json.dumps(result))
        else:
            print(
                f"{rows:>9,} rows: {result['wall_s']:6.1f} s wall ({result['import_s']} s in import), "
                f"peak RSS {result['peak_rss_mb']:7.1f} MB, {result['input_mb']} MB CSV -> "
                f"{result['output_mb']} MB Parquet, imported {result['rows_imported']:,} of "
                f"{result['rows_read']:,}, stages at {result['stage_started_at_s']}"
            )


if __name__ == "__main__":
    main()
