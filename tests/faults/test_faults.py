"""The fault-injection suite: every class of issue 10, bounded for CI (SHOPCLI_FAULTS=full for the issue's
sizes: 50 byte flips, 10 kills, a 1 GB history). benchmarks/fault_table.py prints the same as a table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import probes_data
import probes_files
import probes_state
import pytest
from probe_kit import Case, sizes_from_env

SIZES = sizes_from_env()
PROBES: dict[str, Callable[[Path], list[Case]]] = {
    "import numbers": probes_data.import_numbers,
    "catalog values": probes_data.catalog_values,
    "byte flips": lambda w: probes_data.byte_flips(w, SIZES.flips),
    "unreadable budgets": probes_data.budgets,
    "long fields": probes_data.long_fields,
    "invisible output": probes_data.invisible_output,
    "settings": probes_files.bad_settings,
    "errors": probes_files.import_errors,
    "concurrent chats": lambda w: probes_state.concurrent_histories(w, SIZES.chats, SIZES.lines),
}
SLOW: dict[str, Callable[[Path], list[Case]]] = {  # subprocesses by the dozen: tens of seconds each
    "hostile import files": probes_files.hostile_imports,
    "state files": lambda w: probes_state.state_files(w, SIZES.history_mb),
    "kill -9 during imports": lambda w: probes_state.import_kills(w, SIZES.kills),
    "kill -9 during history writes": lambda w: probes_state.history_kills(w, SIZES.kills),
    "concurrent chats in terminals": lambda w: probes_state.concurrent_chats(w, SIZES.chats, SIZES.pty_lines),
}


def check(cases: list[Case]) -> None:
    failed = [f"{c.name}: {c.detail}" for c in cases if not c.ok]
    assert cases and not failed, f"{len(failed)} of {len(cases)} failed:\n" + "\n".join(failed)


@pytest.mark.faults
@pytest.mark.parametrize("klass", list(PROBES))
def test_faults_are_handled(klass: str, tmp_path: Path) -> None:
    check(PROBES[klass](tmp_path))


@pytest.mark.faults
@pytest.mark.slow
@pytest.mark.parametrize("klass", list(SLOW))
def test_slow_faults_are_handled(klass: str, tmp_path: Path) -> None:
    if klass in ("state files", "concurrent chats in terminals"):
        pytest.importorskip("pexpect")
    check(SLOW[klass](tmp_path))
