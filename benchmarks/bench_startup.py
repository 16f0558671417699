"""What starting shopcli costs: `import shopcli`, `shop --help`, `shop --version`, each in a fresh process.

The machine is shared, so every row is also given as a ratio to a bare `python -c pass` measured in the
same loop (interleaved): the ratio survives a busy machine better than the seconds do.

    .venv/bin/python benchmarks/bench_startup.py --runs 15
    .venv/bin/python benchmarks/bench_startup.py --runs 15 --before /tmp/base   # also an older tree

`--before DIR` times the same cases with DIR (e.g. `git archive OLD shopcli pyproject.toml | tar -x -C DIR`)
first on PYTHONPATH, interleaved with this tree's runs, so both see the same load.

`import shopcli` is timed by Python itself (`-X importtime`, the package's cumulative microseconds);
the commands by wall time around the whole process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
CASES: dict[str, list[str]] = {
    "python -c pass": [PY, "-c", "pass"],
    "import shopcli": [PY, "-c", "import shopcli"],
    "import shopcli; shopcli.__version__": [PY, "-c", "import shopcli; shopcli.__version__"],
    "shop --help": [PY, "-m", "shopcli", "--help"],
    "shop --version": [PY, "-m", "shopcli", "--version"],
}


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - start


def import_us(env: dict[str, str]) -> int:
    """`import shopcli`'s cumulative time as Python reports it (microseconds)."""
    cmd = [PY, "-X", "importtime", "-c", "import shopcli"]
    err = subprocess.run(cmd, capture_output=True, text=True, env=env).stderr
    line = [x for x in err.splitlines() if x.rstrip().endswith("| shopcli")][-1]
    return int(line.split("|")[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--before", type=Path, help="an older source tree to time alongside")
    args = parser.parse_args()
    trees = {"this tree": dict(os.environ)}
    if args.before:
        trees["before"] = dict(os.environ, PYTHONPATH=str(args.before.resolve()))
    times: dict[tuple[str, str], list[float]] = {(tree, name): [] for tree in trees for name in CASES}
    imports: dict[str, list[int]] = {tree: [] for tree in trees}
    for _ in range(args.runs):  # interleaved, so a busy spell hits every case alike
        for tree, env in trees.items():
            for name, cmd in CASES.items():
                times[tree, name].append(wall(cmd, env))
            imports[tree].append(import_us(env))
    base = statistics.median(times["this tree", "python -c pass"])
    print(f"{'tree':10} {'case':36} {'median s':>9} {'x python':>9}")
    for (tree, name), values in times.items():
        median = statistics.median(values)
        print(f"{tree:10} {name:36} {median:9.3f} {median / base:9.2f}")
    for tree, values in imports.items():
        print(f"{tree:10} {'import shopcli (-X importtime, ms)':36} {statistics.median(values) / 1000:9.2f}")
    print(f"runs: {args.runs}; python: {PY}")


if __name__ == "__main__":
    main()
