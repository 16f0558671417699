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


# --- safe opening, bounded reads, records appended under a lock ---------------------------------

import pytest  # noqa: E402

from shopcli.state import (  # noqa: E402
    NotARegularFile,
    append_record,
    locked,
    read_bounded,
    read_json_safely,
    read_records,
    remove_stale,
)


def hostile(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"state-{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    return path


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory"])
def test_non_regular_files_are_refused_at_once_and_left_alone(tmp_path: Path, kind: str) -> None:
    path = hostile(tmp_path, kind)
    started = time.monotonic()
    with pytest.raises(NotARegularFile):
        read_bounded(path)
    value, warning = read_json_safely(path, [])
    assert value == [] and warning and "not a regular file" in warning
    records, warning = read_records(path, 10)
    assert records == [] and warning and "not a regular file" in warning
    with pytest.raises(OSError):
        append_record(path, "line")
    assert time.monotonic() - started < 2  # a FIFO with no writer never blocks
    assert path.is_symlink() or path.exists()  # not moved aside: it is not ours to move


def test_reads_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(b'"old line"\n' * 2_000_000 + b'"newest"\n')  # 22 MB
    records, warning = read_records(path, 3, max_bytes=1 << 16)
    assert warning is None and records == ["old line", "old line", "newest"]
    value, warning = read_json_safely(path, "default", limit=1 << 16)
    assert value == "default" and warning and "larger than" in warning  # moved aside, not parsed


def test_a_big_record_file_is_compacted_to_its_newest_records(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    for i in range(400):
        append_record(path, f"line {i:04d} " + "x" * 40, max_bytes=8_000)
    assert path.stat().st_size <= 8_000 + 60
    records, _ = read_records(path, 10**6)
    assert records[-1].startswith("line 0399") and len(records) < 400
    assert [int(r[5:9]) for r in records] == list(range(400 - len(records), 400))  # newest, in order


_APPENDER = """
import sys, time
from pathlib import Path
from shopcli.state import append_record
path, tag, count, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
while time.time() < start:
    time.sleep(0.002)
for i in range(count):
    append_record(path, f"{tag}-{i}")
"""


def test_concurrent_appends_lose_nothing(tmp_path: Path) -> None:
    path, start = tmp_path / "h.jsonl", time.time() + 1.0
    procs = [subprocess.Popen([sys.executable, "-c", _APPENDER, str(path), f"p{p}", "50", str(start)])
             for p in range(4)]  # fmt: skip
    assert all(proc.wait(timeout=60) == 0 for proc in procs)
    records, _ = read_records(path, 10**6)
    assert sorted(records) == sorted(f"p{p}-{i}" for p in range(4) for i in range(50))


def test_kill_9_mid_append_loses_at_most_the_line_being_written(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    code = (
        "import sys; from pathlib import Path; from shopcli.state import append_record\n"
        f"p = Path({str(path)!r}); i = 0\n"
        "while True:\n"
        "    append_record(p, [sys.argv[1], i, 'x' * 5000], max_bytes=1 << 30)\n"
        "    print(i, flush=True); i += 1\n"
    )
    for run in ("a", "b", "c"):
        proc = subprocess.Popen([sys.executable, "-c", code, run], stdout=subprocess.PIPE, text=True)
        time.sleep(0.6)
        os.kill(proc.pid, signal.SIGKILL)
        acked = len(proc.communicate()[0].split())
        records, warning = read_records(path, 10**6, max_bytes=1 << 30)
        kept = {i for r, i, _ in records if r == run}
        assert warning is None and acked > 0 and set(range(acked)) <= kept
    append_record(path, ["after", 0, ""])  # after a torn line, the next record still reads back
    assert read_records(path, 1, max_bytes=1 << 30)[0] == [["after", 0, ""]]


def test_a_held_lock_delays_but_never_stops_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from shopcli.state import locked\n"
        f"with locked(Path({str(path)!r})):\n    print('held', flush=True); time.sleep(30)\n"
    )], stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with locked(path, wait=0.2) as have:
            assert not have
    finally:
        holder.kill()
        holder.wait()


def test_temp_files_of_dead_writers_are_removed(tmp_path: Path) -> None:
    getpid = [sys.executable, "-c", "import os; print(os.getpid())"]
    dead = subprocess.run(getpid, capture_output=True, text=True)
    stale = tmp_path / f".catalog.parquet.{dead.stdout.strip()}-abc.tmp"
    stale.write_bytes(b"x")
    mine = tmp_path / f".catalog.parquet.{os.getpid()}-def.tmp"
    mine.write_bytes(b"x")
    old = tmp_path / ".catalog.parquet.k2j4_x.tmp"  # the name older versions used: no pid, so by age
    old.write_bytes(b"x")
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    assert sorted(remove_stale(tmp_path, "catalog.parquet")) == sorted([stale, old])
    assert mine.exists()
