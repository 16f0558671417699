"""What every fault probe shares: the Case it reports, the sizes it runs at, and ways to run shopcli.

A probe tries hostile inputs and reports one Case per input: handled (a clear error with the right exit
code, or a correct result) or failed (a wrong value, a crash, a hang, a lost line). Probes use the CLI
(in a subprocess where a crash or a hang is possible) or APIs that older checkouts have too, so that
benchmarks/fault_table.py can measure any checkout: `PYTHONPATH=/path/to/checkout python ...`.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import catalog_fixture
from catalog_fixture import widgets

__all__ = ["widgets"]  # the probes' plain rows, shared with the tests


@dataclass(frozen=True)
class Case:
    klass: str  # the class of fault, a row of the table
    name: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class Sizes:
    flips: int  # single-byte flips of the demo catalog
    kills: int  # kill -9 moments, for imports and for history writes each
    history_mb: int  # size of the oversized history file
    chats: int  # concurrent writers of one history file
    lines: int  # lines each writer adds
    pty_lines: int  # lines each real chat types (in a pseudo-terminal: slower)


BOUNDED = Sizes(flips=12, kills=2, history_mb=16, chats=4, lines=50, pty_lines=10)  # about a minute
FULL = Sizes(flips=50, kills=10, history_mb=1024, chats=4, lines=50, pty_lines=50)  # the numbers


def sizes_from_env() -> Sizes:
    """FULL when SHOPCLI_FAULTS=full (slow: minutes), else BOUNDED."""
    return FULL if os.environ.get("SHOPCLI_FAULTS") == "full" else BOUNDED


# root keeps its uid (and so its Python under /root) but obeys file permissions like anyone else
UNPRIVILEGED = ("setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    timed_out: bool = False


def child_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a shopcli child: no SHOPCLI_* settings from outside, its own home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHOPCLI_")}
    return {**env, "SHOPCLI_HOME": str(home), "COLUMNS": "160", "NO_COLOR": "1", **(extra or {})}


def shop(
    *args: str,
    home: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
    as_user: bool = False,
) -> Run:
    """`python -m shopcli ARGS` in a subprocess: real exit codes, crashes and hangs included.

    `as_user`: root without the capabilities that let it write anywhere, so file permissions apply."""
    prefix = list(UNPRIVILEGED) if as_user and os.geteuid() == 0 else []
    try:
        proc = subprocess.run(
            [*prefix, sys.executable, "-m", "shopcli", *args], input=b"", capture_output=True,
            env=child_env(home, env), timeout=timeout,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        return Run(-9, _text(exc.stdout), _text(exc.stderr), timed_out=True)
    return Run(proc.returncode, _text(proc.stdout), _text(proc.stderr))


def _text(data: bytes | str | None) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return data or ""


def cli(*args: str, env: Mapping[str, str] | None = None) -> Run:
    """`shop ARGS` in this process (no crash expected): exit code and both streams."""
    from shopcli.ui.cli import main

    out, err = io.StringIO(), io.StringIO()
    with patched_env(env or {}), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Run(code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def patched_env(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the duration, restoring the old values after."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def one_error(run: Run, code: int) -> bool:
    """Exit `code` with exactly one `Error:` line on stderr and no traceback."""
    errors = [line for line in run.err.splitlines() if line.startswith("Error:")]
    return (
        run.code == code
        and len(errors) == 1
        and "Traceback" not in run.err
        and "internal error" not in run.err
    )


def describe(run: Run) -> str:
    """A short account of a run for a failed Case."""
    if run.timed_out:
        return "timed out"
    tail = " | ".join(line for line in run.err.strip().splitlines()[-2:])
    return f"exit {run.code}: {tail[:200]}"


def write_catalog(
    path: Path, rows: Sequence[Mapping[str, Any]], types: Mapping[str, str] | None = None
) -> Path:
    """A Parquet catalog of `rows` at `path`; `types` overrides contract column types."""
    return catalog_fixture.write_catalog(path.parent, name=path.name, rows=rows, types=types)


def demo_catalog() -> Path:
    """The demo catalog of the checkout whose shopcli is imported."""
    from shopcli.config import REPO_ROOT

    return REPO_ROOT / "catalog.parquet"
