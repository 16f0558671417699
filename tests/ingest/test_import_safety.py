"""`shop catalog import` against hostile files and mistaken paths: refused early, in one line, with exit 5
(or 2), and nothing left behind by an import that was killed."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest
from clirun import shop
from hypothesis import given, settings
from hypothesis import strategies as st

from shopcli.errors import ImportError_, UsageError
from shopcli.ingest.depth import DepthScanner, TooDeep
from shopcli.ingest.importer import check_out, import_catalog

DEEP = 100_000


def deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@pytest.mark.parametrize(
    ("name", "data"),
    [("deep.json", deep(DEEP)), ("deep.json.gz", gzip.compress(deep(DEEP))), ("open.json", b"[" * DEEP),
     ("record.json", b'[{"name": "a", "price": "1", "tags": ' + deep(DEEP) + b"}]")],
)  # fmt: skip
def test_json_nested_deeper_than_any_export_exits_5_in_one_line(
    tmp_path: Path, name: str, data: bytes
) -> None:
    # DuckDB's JSON reader segfaulted (exit 139) on these: the depth is now measured before it reads.
    (tmp_path / name).write_bytes(data)
    r = shop("catalog", "import", str(tmp_path / name), "--out", str(tmp_path / "out.parquet"))
    assert r.code == 5, r.err
    errors = [line for line in r.err.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "levels deep" in errors[0] and "Traceback" not in r.err
    assert not (tmp_path / "out.parquet").exists()


def test_ordinary_nesting_imports(tmp_path: Path) -> None:
    rows = [{"name": f"n{i}", "price": "5", "specs": {"a": [[1, {"b": [2]}]]}, "d": "[[[ {{ \\\" ]"}
            for i in range(3)]  # fmt: skip
    source = tmp_path / "ok.json"
    source.write_text(json.dumps(rows), encoding="utf-8")
    assert import_catalog(source, tmp_path / "out.parquet").rows_imported == 3


def scan(text: bytes, limit: int, cuts: list[int]) -> bool:
    scanner, start = DepthScanner(limit), 0
    try:
        for cut in [*sorted(cuts), len(text)]:
            scanner.feed(text[start:cut])
            start = max(start, cut)
    except TooDeep:
        return False
    return True


def depth_of(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    return 0


json_values = st.recursive(
    st.none() | st.integers() | st.text(alphabet='ab[]{}"\\\n', max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet='k[{"\\', max_size=3), inner,
                                                                max_size=3),
    max_leaves=30,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(json_values, st.lists(st.integers(min_value=0, max_value=400), max_size=8), st.booleans())
def test_the_depth_scan_reads_strings_as_a_parser_does(value: Any, cuts: list[int], ascii_only: bool) -> None:
    """Brackets, quotes and backslashes inside strings, cut anywhere between chunks, never count."""
    text = json.dumps(value, ensure_ascii=ascii_only).encode()
    depth = depth_of(value)
    assert scan(text, depth, cuts)
    if depth:
        assert not scan(text, depth - 1, cuts)


def test_read_only_out_folder_exits_5_before_reading_the_source(tmp_path: Path) -> None:
    source = tmp_path / "products.csv"
    source.write_text("name,price\nmug,5\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    prefix: list[str] = []
    if os.geteuid() == 0:  # root writes anywhere: drop the capabilities that let it
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    elif os.access(locked, os.W_OK):
        pytest.skip("this filesystem ignores folder permissions")
    try:
        proc = subprocess.run(
            [*prefix, sys.executable, "-m", "shopcli", "catalog", "import", str(source), "--out",
             str(locked / "c.parquet")], capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 5, proc.stderr
    assert proc.stderr.count("Error:") == 1 and "cannot write to" in proc.stderr
    assert "Importing" not in proc.stderr  # the plan, drawn once the source has been read, never was


def test_out_onto_the_source_is_refused_and_the_source_kept(tmp_path: Path) -> None:
    source = tmp_path / "catalog.parquet"
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT 'a' AS name, 5.0 AS price) TO '{source}'")
    before = source.read_bytes()
    with pytest.raises(UsageError, match="source file itself"):
        check_out(source, force=True, source=source)
    link = tmp_path / "link.parquet"
    link.symlink_to(source)
    with pytest.raises(UsageError, match="source file itself"):
        import_catalog(source, link)
    assert source.read_bytes() == before


@pytest.mark.parametrize("literal", ["src[1].csv", "src*.csv", "src?.csv"])
def test_source_paths_with_glob_characters_are_read_literally(tmp_path: Path, literal: str) -> None:
    (tmp_path / literal).write_text("name,price\nthe literal one,5\n", encoding="utf-8")
    (tmp_path / "src1.csv").write_text("name,price\na decoy,6\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    import_catalog(tmp_path / literal, out)
    with duckdb.connect() as con:
        assert con.execute(f"SELECT name FROM read_parquet('{out}')").fetchall() == [("the literal one",)]


def test_what_killed_imports_left_is_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Real kills at random moments are in the fault suite (tests/faults, "kill -9 during imports").
    source = tmp_path / "p.csv"
    source.write_text("name,price\nmug,5\n", encoding="utf-8")
    folder, tmp = tmp_path / "out", tmp_path / "tmp"
    folder.mkdir()
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    getpid = [sys.executable, "-c", "import os; print(os.getpid())"]
    gone = subprocess.run(getpid, capture_output=True, text=True).stdout.strip()  # no process has it now
    work = folder / f".catalog.parquet.{gone}-dead.tmp"  # what this version leaves when killed
    (work / "spill").mkdir(parents=True)
    (work / "catalog.parquet").write_bytes(b"half")
    old = folder / ".catalog.parquet.x8k2_a1q.tmp"  # what older versions left: no pid, so by age
    old.write_bytes(b"half")
    spill = tmp / "shopcli-import-k2j4"  # and their spill folders in /tmp
    spill.mkdir()
    for leftover in (old, spill):
        os.utime(leftover, (time.time() - 2 * 86400,) * 2)
    import_catalog(source, folder / "catalog.parquet")
    assert sorted(p.name for p in folder.iterdir()) == ["catalog.parquet"]
    assert list(tmp.iterdir()) == []


def test_an_unwritable_out_is_an_import_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(ImportError_, match="does not exist"):
        check_out(tmp_path / "no" / "c.parquet", force=False)
