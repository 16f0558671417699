from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from shopcli.state import atomic_write, read_json, write_json


def test_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "state.json"
    write_json(path, ["a", "连衣裙"])
    assert read_json(path, []) == (["a", "连衣裙"], None)
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_corrupt_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "history"
    path.write_bytes(b'["half')
    value, warning = read_json(path, [])
    assert value == [] and warning and "moved it to" in warning
    assert not path.exists() and list(tmp_path.glob("history.corrupt-*"))


def test_kill_9_mid_writes_leaves_old_or_new_never_torn(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    write_json(path, {"v": "old"})
    code = (
        "import sys; from pathlib import Path; from shopcli.state import write_json\n"
        f"p = Path({str(path)!r}); i = 0\n"
        "while True:\n    i += 1; write_json(p, {'v': 'x' * 200_000, 'i': i})\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    time.sleep(0.8)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    value, warning = read_json(path, None)
    assert warning is None and value is not None
    assert value == {"v": "old"} or len(value["v"]) == 200_000


def test_atomic_write_failure_keeps_old(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "f"
    atomic_write(path, b"old")

    def boom(*_a: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    try:
        atomic_write(path, b"new")
    except OSError:
        pass
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f"]
