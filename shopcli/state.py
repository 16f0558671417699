"""State files (chat history, profiles, markers): opened safely, read in bounded pieces, written so
that neither a kill -9 nor a second process loses what was written.

- Opening never follows a link into a device or blocks on a FIFO: files are opened non-blocking and
  refused unless `fstat` says they are regular files, so `history.jsonl -> /dev/zero` is one warning,
  not 23 GB of memory, and a FIFO is one warning, not a hang.
- Reads are bounded: a JSON file is read whole only up to MAX_STATE_BYTES, and a record file only
  its newest MAX_STATE_BYTES, so a 1 GB history starts as fast as a small one.
- Records (JSON Lines) are appended under an fcntl lock beside the file, one write per record: N
  concurrent chats keep every line. A kill -9 mid-append leaves at most one torn last line, which
  readers skip and the next append closes. A file that outgrows MAX_STATE_BYTES is compacted to its
  newest records, atomically, under the same lock.
- Whole-file writes are atomic (temp file, fsync, os.replace): readers see the old or the new file.
  Temp files are named with the writer's pid, so those a killed writer left are removed later.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from shopcli.textutil import glob_escape

MAX_STATE_BYTES = 4 << 20  # read whole at most this much; a history of 1,000 long lines is ~2 MB
LOCK_WAIT = 5.0  # seconds to wait for another process's lock before writing without it
STALE_AFTER = 24 * 3600  # a temp file this old is stale even if its pid now belongs to someone else


class NotARegularFile(OSError):
    """A state path that is a FIFO, a device, a socket or a directory: never read or written."""


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):  # fmt: skip
        if test(mode):
            return name
    return "not a regular file"


def open_regular(path: Path, flags: int = os.O_RDONLY, mode: int = 0o600) -> int:
    """A file descriptor for `path`, which must be (or, with O_CREAT, become) a regular file.

    O_NONBLOCK makes opening a FIFO return at once; fstat on the open descriptor then decides, so
    nothing can swap the file between the check and the use."""
    fd = os.open(path, flags | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC, mode)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise NotARegularFile(f"{path} is {_kind(st.st_mode)}, not a regular file")
    os.set_blocking(fd, True)
    return fd


def read_bounded(path: Path, limit: int = MAX_STATE_BYTES, *, tail: bool = False) -> tuple[bytes, bool]:
    """At most `limit` bytes of a regular file (its start, or with `tail` its end); is there more?"""
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        start = max(0, size - limit) if tail else 0
        chunks, left = [], limit
        while left > 0 and (chunk := os.pread(fd, min(left, 1 << 20), start + limit - left)):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks), size > limit
    finally:
        os.close(fd)


def read_json_safely(path: Path, default: Any, limit: int = MAX_STATE_BYTES) -> tuple[Any, str | None]:
    """Load a JSON state file: (value, None), or (default, warning) when it cannot be used.

    A corrupt or oversized file is moved aside (nothing is deleted); a FIFO or device is left alone."""
    try:
        data, longer = read_bounded(path, limit)
        if longer:
            raise ValueError(f"larger than {limit // (1 << 20)} MB")
        return json.loads(data.decode("utf-8")), None
    except FileNotFoundError:
        return default, None
    except NotARegularFile as exc:
        return default, f"{exc}: not read; remove it, or point SHOPCLI_HOME to another folder"
    except (OSError, ValueError) as exc:
        return default, _move_aside(path, exc)


read_json = read_json_safely  # the name callers used before state files were read safely


def _move_aside(path: Path, exc: Exception) -> str:
    aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
    try:
        os.replace(path, aside)
    except OSError:
        return f"could not read {path} ({exc}); starting fresh"
    why = str(exc) if isinstance(exc, ValueError) and "larger" in str(exc) else type(exc).__name__
    return f"{path} was unreadable ({why}); moved it to {aside.name}, starting fresh"


def read_records(path: Path, limit: int, max_bytes: int = MAX_STATE_BYTES) -> tuple[list[Any], str | None]:
    """The newest `limit` records of a JSON Lines file, oldest first, read from its last `max_bytes`.

    A line that is not JSON (the torn end of a killed write) is skipped. Returns (records, warning)."""
    try:
        data, longer = read_bounded(path, max_bytes, tail=True)
    except FileNotFoundError:
        return [], None
    except NotARegularFile as exc:
        return [], f"{exc}: it is not read or written; remove it to keep a history"
    except OSError as exc:
        return [], f"could not read {path} ({exc.strerror or exc}): it is not read this time"
    lines = data.split(b"\n")
    if longer:
        lines = lines[1:]  # the read began inside a line
    records = []
    for line in lines:
        with contextlib.suppress(ValueError):
            records.append(json.loads(line.decode("utf-8")))
    return records[-limit:] if limit else [], None


def append_record(path: Path, record: Any, max_bytes: int = MAX_STATE_BYTES) -> None:
    """Append one JSON record as a line, under the file's lock; compact the file once it is too big."""
    data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path):
        fd = open_regular(path, os.O_RDWR | os.O_APPEND | os.O_CREAT)
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + data  # close a line torn by a killed writer: it stays one bad line
            _write_all(fd, data)
            size += len(data)
        finally:
            os.close(fd)
        if size > max_bytes:
            _compact(path, max_bytes // 2)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _compact(path: Path, keep_bytes: int) -> None:
    """Keep the newest records that fit in `keep_bytes` (caller holds the lock)."""
    records, _ = read_records(path, 1 << 30, keep_bytes)
    write_records(path, records)


def write_records(path: Path, records: list[Any]) -> None:
    """Replace `path` with `records` as JSON Lines, atomically (hold its lock if others append)."""
    atomic_write(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8"))


@contextlib.contextmanager
def locked(path: Path, wait: float = LOCK_WAIT) -> Iterator[bool]:
    """Hold the lock of `path` (`<path>.lock`, which outlives replacements of `path` itself).

    Yields whether the lock was had: after `wait` seconds the caller goes on without it, since an
    append is a single write and a stuck process must not stop a chat."""
    fd = open_regular(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                have = True
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    have = False
                    break
                time.sleep(0.01)
        yield have
    finally:
        os.close(fd)  # closing releases the lock


def temp_prefix(target: Path) -> str:
    """The start of a temp file's name beside `target`, saying whose it is: `.NAME.PID-`."""
    return f".{target.name}.{os.getpid()}-"


def remove_stale(folder: Path, name: str, suffix: str = ".tmp") -> list[Path]:
    """Remove temp files (or folders) `.NAME.*SUFFIX` in `folder` that a killed writer left: those
    whose pid is gone, and any a day old (names from before pids were in them have none)."""
    removed = []
    for path in folder.glob(f".{glob_escape(name)}.*{suffix}"):
        pid = path.name[len(name) + 2 :].split("-", 1)[0]
        try:
            age = time.time() - path.lstat().st_mtime
        except OSError:
            continue
        if (pid.isdigit() and not _alive(int(pid))) or age > STALE_AFTER:
            with contextlib.suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so readers see the old or the new content, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path.parent, path.name)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_json(path: Path, value: Any) -> None:
    atomic_write(path, json.dumps(value, ensure_ascii=False).encode("utf-8"))
