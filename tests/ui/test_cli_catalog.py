"""`shop catalog import|info`: stdout/stderr split, --json, --force, --map, help text, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import messy_fixtures as mf
import pytest
import typer
from typer.testing import CliRunner, Result

from shopcli.errors import ImportError_, UsageError
from shopcli.ui.cli_catalog import catalog_app, parse_maps

app = typer.Typer()
app.add_typer(catalog_app, name="catalog")


@app.callback()
def _root() -> None:
    """Mount point, as shopcli.ui.cli mounts the group."""


def shop(*args: str | Path) -> Result:
    return CliRunner().invoke(app, ["catalog", *map(str, args)])


def test_import_plan_on_stderr_report_on_stdout(tmp_path: Path) -> None:
    out = tmp_path / "cat.parquet"
    result = shop("import", mf.amazon_csv(tmp_path), "--out", out)
    assert result.exit_code == 0, result.output
    assert "Imported 6 of 12 rows" in result.stdout and "Source column" not in result.stdout
    assert "Source column" in result.stderr and "Internal Notes" in result.stderr
    assert out.is_file()


def test_import_json_is_one_object(tmp_path: Path) -> None:
    result = shop("import", mf.amazon_csv(tmp_path), "--out", tmp_path / "cat.parquet", "--json")
    report = json.loads(result.stdout)
    assert (report["rows_read"], report["rows_imported"], report["rows_dropped"]) == (12, 6, 6)
    assert report["mapping"]["Selling Price"] == "price"


def test_default_out_and_force(tmp_path: Path) -> None:
    source = mf.amazon_csv(tmp_path)
    assert shop("import", source).exit_code == 0
    out = tmp_path / "amazon export.catalog.parquet"
    before = out.read_bytes()
    again = shop("import", source)
    assert isinstance(again.exception, UsageError) and "--force" in str(again.exception)
    assert out.read_bytes() == before
    assert shop("import", source, "--force").exit_code == 0


def test_map_option(tmp_path: Path) -> None:
    result = shop(
        "import", mf.amazon_csv(tmp_path), "-o", tmp_path / "c.parquet", "-m", "Internal Notes=material"
    )
    assert result.exit_code == 0 and "material" in result.stderr
    bad = shop("import", mf.amazon_csv(tmp_path), "-o", tmp_path / "d.parquet", "--map", "material")
    assert isinstance(bad.exception, UsageError) and "COLUMN=FIELD" in str(bad.exception)


def test_parse_maps_splits_at_the_last_equals_sign() -> None:
    assert parse_maps(["a=b=name", " Price = price "]) == {"a=b": "name", "Price": "price"}
    with pytest.raises(UsageError):
        parse_maps(["=name"])


def test_import_errors_are_left_to_the_central_handler(tmp_path: Path) -> None:
    result = shop("import", tmp_path / "missing.csv", "--out", tmp_path / "c.parquet")
    assert isinstance(result.exception, ImportError_) and "no file at" in str(result.exception)


def test_info_text_and_json(tmp_path: Path) -> None:
    out = tmp_path / "cat.parquet"
    shop("import", mf.amazon_csv(tmp_path), "--out", out)
    text = shop("info", out)
    assert text.exit_code == 0 and "Rows: 6" in text.stdout and "puzzles" in text.stdout
    data = json.loads(shop("info", out, "--json").stdout)
    # no name in the fixture states a spec, so the specs column (issue 15) is empty too
    assert data["rows"] == 6 and data["empty_fields"] == ["size", "material", "audience", "specs"]
    assert data["spec_coverage"] == 0 and data["specs"] == {}


def test_info_defaults_to_the_configured_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "cat.parquet"
    shop("import", mf.amazon_csv(tmp_path), "--out", out)
    monkeypatch.setenv("SHOPCLI_CATALOG", str(out))
    assert json.loads(shop("info", "--json").stdout)["path"] == str(out)


def test_catalog_text_is_data_not_markup(tmp_path: Path) -> None:
    source = mf.write_bytes(
        tmp_path, "evil.csv", b'name,price,brand\n[bold]Lamp,5,"[red]Evil\x1b[2J\x1b]0;pwned\x07"\n'
    )
    out = tmp_path / "cat.parquet"
    result = shop("import", source, "--out", out)
    assert result.exit_code == 0, result.output
    shown = shop("info", out).stdout
    assert "[red]Evil" in shown and "\x1b" not in shown and "\x07" not in shown


@pytest.mark.parametrize("command", ["import", "info"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = shop(command, "--help")
    assert result.exit_code == 0 and "Example" in result.stdout


def _shop_process(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SHOPCLI_HOME": str(cwd / "home"), "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "shopcli", "catalog", *map(str, args)]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_exit_codes_through_the_real_entry_point(tmp_path: Path) -> None:
    good = _shop_process(
        "import", mf.amazon_csv(tmp_path), "--out", tmp_path / "c.parquet", "--json", cwd=tmp_path
    )
    assert good.returncode == 0 and json.loads(good.stdout)["rows_imported"] == 6
    missing = _shop_process("import", "nope.csv", cwd=tmp_path)
    assert missing.returncode == 5 and missing.stdout == ""
    assert (
        missing.stderr.strip().startswith("Error: no file at")
        and len(missing.stderr.strip().splitlines()) == 1
    )
    assert _shop_process("info", "nope.parquet", cwd=tmp_path).returncode == 3
    bad_code = _shop_process("import", mf.amazon_csv(tmp_path), "--currency", "euros", cwd=tmp_path)
    assert bad_code.returncode == 2
