"""Probes for crashes, hangs and misleading errors from local files: hostile import sources, a
read-only --out, --out onto the source, glob characters in paths, `model pull` of an unknown name,
and settings out of range."""

from __future__ import annotations

import gzip
import os
import random
import shutil
from pathlib import Path

import duckdb
from probe_kit import UNPRIVILEGED, Case, cli, describe, one_error, shop, widgets, write_catalog

DEEP = 100_000


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _hostile_sources(work: Path) -> dict[str, tuple[Path, set[int]]]:
    """name -> (file, the exit codes that handle it)."""
    files: dict[str, tuple[Path, set[int]]] = {}

    def add(name: str, filename: str, data: bytes, codes: set[int]) -> None:
        path = work / filename
        path.write_bytes(data)
        files[name] = (path, codes)

    add("JSON nested 100,000 deep", "deep.json", _deep(DEEP).encode(), {5})
    add("a record with a value nested 100,000 deep", "deep-record.json",
        f'[{{"name": "a", "price": "1", "tags": {_deep(DEEP)}}}]'.encode(), {5})  # fmt: skip
    add("gzipped JSON nested 100,000 deep", "deep.json.gz", gzip.compress(_deep(DEEP).encode()), {5})
    add("100,000 unclosed brackets", "unclosed.json", b"[" * DEEP, {5})
    add("JSON Lines with a value nested 100,000 deep", "deep.jsonl",
        f'{{"name": "a", "price": "1"}}\n{{"name": "b", "price": "2", "tags": {_deep(DEEP)}}}\n'.encode(),
        {0, 5})  # fmt: skip
    add("an empty file", "empty.csv", b"", {5})
    add("random bytes named .json", "noise.json", random.Random(5).randbytes(4096), {5})
    add("a NUL in a CSV", "nul.csv", b"name,price\na\x00b,1\n", {5})
    add(
        "a 5 MB string",
        "long-string.json",
        b'[{"name": "' + b"x" * 5_000_000 + b'", "price": "1"}]',
        {0, 5},
    )
    add(
        "a number with a million-digit exponent", "bignum.json", b'[{"name": "a", "price": 1e999999}]', {0, 5}
    )
    add("5,000 columns", "wide.csv", (",".join(f"c{i}" for i in range(5000)) + ",name,price\n").encode()
        + (",".join("x" for _ in range(5000)) + ",a,1\n").encode(), {0, 5})  # fmt: skip
    fifo = work / "fifo.csv"
    os.mkfifo(fifo)
    files["a FIFO"] = (fifo, {5})
    zero = work / "zero.csv"
    zero.symlink_to("/dev/zero")
    files["a link to /dev/zero"] = (zero, {5})
    return files


def hostile_imports(work: Path) -> list[Case]:
    """No crash and no hang: every hostile source ends in one error line (exit 5) or a clean import."""
    cases = []
    for name, (path, codes) in _hostile_sources(work).items():
        run = shop("catalog", "import", str(path), "--out", str(work / "out.parquet"), "--force",
                   home=work, timeout=120)  # fmt: skip
        ok = run.code in codes and (run.code == 0 or one_error(run, run.code)) and not run.timed_out
        cases.append(Case("hostile import files", name, ok, describe(run)))
    return cases


def import_errors(work: Path) -> list[Case]:
    """Errors that name the real problem before any work: read-only --out, --out onto the source."""
    cases = [_read_only_out(work), _out_is_source(work)]
    run = shop("model", "pull", "no-such-model", home=work, timeout=60)
    lines = [line for line in run.err.splitlines() if line.strip()]
    cases.append(Case("errors", "model pull no-such-model", run.code == 4 and len(lines) == 1, describe(run)))
    return cases + _glob_paths(work)


def _read_only_out(work: Path) -> Case:
    """The plan is drawn once the source has been read: the error must come before it."""
    source = write_catalog(work / "source.parquet", widgets())
    locked = work / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        if os.geteuid() == 0 and not shutil.which(UNPRIVILEGED[0]):
            return Case("errors", "read-only --out folder", True, "not staged: root without setpriv")
        run = shop("catalog", "import", str(source), "--out", str(locked / "c.parquet"), home=work,
                   as_user=True, timeout=60)  # fmt: skip
    finally:
        locked.chmod(0o755)
    early = "Importing" not in run.err
    return Case("errors", "read-only --out folder", one_error(run, 5) and early, describe(run))


def _out_is_source(work: Path) -> Case:
    source = write_catalog(work / "same.parquet", widgets())
    before = source.read_bytes()
    run = shop("catalog", "import", str(source), "--out", str(source), "--force", home=work, timeout=60)
    ok = run.code in (2, 5) and one_error(run, run.code) and source.read_bytes() == before
    return Case("errors", "--out is the source", ok, describe(run))


def _glob_paths(work: Path) -> list[Case]:
    """Paths are literal: `cat[1].parquet` is that file, never `cat1.parquet`."""
    folder = work / "glob"
    folder.mkdir()
    cases = []
    for literal, decoy in (("cat[1].parquet", "cat1.parquet"), ("cat*.parquet", "catx.parquet")):
        write_catalog(folder / decoy, [{**w, "name": f"decoy {w['name']}"} for w in widgets()])
        write_catalog(folder / literal, widgets())
        run = cli("search", "--no-llm", "--json", "--catalog", str(folder / literal), "widget")
        ok = run.code == 0 and '"decoy' not in run.out and '"widget 1"' in run.out
        cases.append(Case("errors", f"--catalog {literal}", ok, describe(run)))
    source, decoy = folder / "src[1].csv", folder / "src1.csv"
    source.write_text("name,price\nliteral widget,5\n", encoding="utf-8")
    decoy.write_text("name,price\ndecoy widget,6\n", encoding="utf-8")
    out = folder / "imported.parquet"
    run = shop("catalog", "import", str(source), "--out", str(out), home=work, timeout=60)
    names = _names(out) if run.code == 0 else []
    cases.append(Case("errors", "import src[1].csv", names == ["literal widget"], f"{describe(run)} {names}"))
    return cases


def _names(path: Path) -> list[str]:
    with duckdb.connect() as con:
        return [r[0] for r in con.execute(f"SELECT name FROM read_parquet('{path}')").fetchall()]


SETTINGS_ENV = {
    "SHOPCLI_N_CTX": ("99999999999", "-1", "0", "abc"),
    "SHOPCLI_GPU_LAYERS": ("-5", "99999999"),
    "SHOPCLI_THREADS": ("0", "-3", "100000"),
    "SHOPCLI_CNY_PER_USD": ("0", "-1", "nan", "inf"),
    "SHOPCLI_MODEL": ("",),  # empty means "not set": the default model, not an error
}
SETTINGS_TOML = (
    "limit = 100000",
    "limit = 0",
    "limit = true",
    "n_ctx = 99999999999",
    "threads = 1.5",
    "cny_per_usd = nan",
    "gpu_layers = -7",
    'model = ""',
    "catalog = 5",
)
CONTROLS = ({"SHOPCLI_N_CTX": "4096"}, {"SHOPCLI_MODEL": ""})  # fine: these must still work


def bad_settings(work: Path) -> list[Case]:
    """Settings from the environment and config.toml are checked like flags: exit 2 with one line."""
    from probe_kit import demo_catalog

    catalog = ["--catalog", str(demo_catalog())]
    cases = []
    for i, (name, values) in enumerate(SETTINGS_ENV.items()):
        for value in values:
            home = work / f"settings-env-{i}-{value}"
            home.mkdir(parents=True)
            run = cli("search", "--no-llm", "--json", *catalog, "dress",
                      env={"SHOPCLI_HOME": str(home), name: value})  # fmt: skip
            control = {name: value} in CONTROLS
            ok = run.code == 0 if control else one_error(run, 2) and name in run.err
            cases.append(Case("settings", f"{name}={value!r}", ok, describe(run)))
    for i, line in enumerate(SETTINGS_TOML):
        home = work / f"settings-toml-{i}"
        home.mkdir(parents=True)
        (home / "config.toml").write_text(line + "\n", encoding="utf-8")
        run = cli("search", "--no-llm", "--json", *catalog, "dress", env={"SHOPCLI_HOME": str(home)})
        key = line.split("=")[0].strip()
        cases.append(
            Case("settings", f"config.toml: {line}", one_error(run, 2) and key in run.err, describe(run))
        )
    return cases
