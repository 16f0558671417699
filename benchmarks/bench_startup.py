"""What starting shopcli costs: `import shopcli`, `shop --help`, `shop --version`, each in a fresh process.

The machine is shared, so every row is also given as a ratio to a bare `python -c pass` measured in the
same loop (interleaved): the ratio survives a busy machine better than the seconds do.

    .venv/bin/python benchmarks/bench_startup.py --runs 15

`import shopcli` is timed by Python itself (`-X importtime`, the package's cumulative microseconds);
the commands by wall time around the whole process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

PY = sys.executable
CASES: dict[str, list[str]] = {
    "python -c pass": [PY, "-c", "pass"],
    "import shopcli": [PY, "-c", "import shopcli"],
    "import shopcli; shopcli.__version__": [PY, "-c", "import shopcli; shopcli.__version__"],
    "shop --help": [PY, "-m", "shopcli", "--help"],
    "shop --version": [PY, "-m", "shopcli", "--version"],
}


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def import_us() -> int:
    """`import shopcli`'s cumulative time as Python reports it (microseconds)."""
    err = subprocess.run(
        [PY, "-X", "importtime", "-c", "import shopcli"], capture_output=True, text=True
    ).stderr
    line = [x for x in err.splitlines() if x.rstrip().endswith("| shopcli")][-1]
    return int(line.split("|")[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in CASES}
    imports: list[int] = []
    for _ in range(args.runs):  # interleaved, so a busy spell hits every case alike
        for name, cmd in CASES.items():
            times[name].append(wall(cmd))
        imports.append(import_us())
    base = statistics.median(times["python -c pass"])
    print(f"{'case':40} {'median s':>9} {'x python':>9}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:40} {median:9.3f} {median / base:9.2f}")
    print(f"{'import shopcli (-X importtime, ms)':40} {statistics.median(imports) / 1000:9.2f}")
    print(f"runs: {args.runs}; python: {PY}")


if __name__ == "__main__":
    main()
