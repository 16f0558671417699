"""Run the real `shop` command in a subprocess: real exit codes, real stdout/stderr split."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def shop(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> Run:
    full_env = {**os.environ, "COLUMNS": "160", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "shopcli", *args], input=stdin if stdin is not None else b"",
        capture_output=True, env=full_env, cwd=REPO, timeout=timeout,
    )  # fmt: skip
    return Run(
        proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    )
