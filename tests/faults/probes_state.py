"""Probes for state files and processes: hostile history files, kill -9 during an import and during
history writes, and concurrent chats writing one history."""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from probe_kit import Case, child_env, demo_catalog

from shopcli.store.siblings import sibling

HISTORY_NAMES = ("history.json", "history.jsonl")  # the file older and newer checkouts read
MEMORY_CAP = 6 << 30  # address space a chat may map before the kernel refuses it (instead of 23 GB)


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _stage_history(home: Path, kind: str, megabytes: int) -> None:
    for name in HISTORY_NAMES:
        path = home / name
        if kind == "dev-zero":
            path.symlink_to("/dev/zero")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "directory":
            path.mkdir()
        elif kind == "corrupt":
            path.write_bytes(b"\xff\x00{")
        elif kind == "huge":
            _write_huge(path, megabytes)


def _write_huge(path: Path, megabytes: int) -> None:
    line = "red dress under 80 " * 5
    with path.open("w", encoding="utf-8") as fh:
        if path.suffix == ".json":
            fh.write("[")
            fh.writelines(json.dumps(line) + ", " for _ in range(megabytes * 10_000))
            fh.write('"laptop"]')
        else:
            fh.writelines(json.dumps(line) + "\n" for _ in range(megabytes * 10_000))


def state_files(work: Path, megabytes: int) -> list[Case]:
    """`shop chat` starts fast in bounded memory, answers and leaves, whatever the history file is."""
    try:
        import pexpect
    except ImportError:
        return []
    cases = []
    for kind, label in (("dev-zero", "history is a link to /dev/zero"), ("fifo", "history is a FIFO"),
                        ("directory", "history is a directory"), ("corrupt", "history is corrupt"),
                        ("huge", f"history of {megabytes:,} MB")):  # fmt: skip
        home = work / f"state-{kind}"
        home.mkdir()
        _stage_history(home, kind, megabytes)
        cases.append(_chat_once(pexpect, home, label, kind))
    return cases


def _chat_once(pexpect, home: Path, label: str, kind: str) -> Case:  # type: ignore[no-untyped-def]
    env = child_env(home, {"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"})
    started = time.monotonic()
    args = ["-m", "shopcli", "chat", "--no-llm", "--catalog", str(demo_catalog())]
    child = pexpect.spawn(sys.executable, args, env=env, encoding="utf-8", codec_errors="replace", timeout=30,
                          dimensions=(50, 150), preexec_fn=_cap_memory)  # fmt: skip
    try:
        child.expect("shop>")
        start = time.monotonic() - started
        child.sendline("red dress under 80")
        child.expect("Filters:")
        child.expect("shop>")
        peak = _peak_rss_mb(child.pid)
        child.sendline("/quit")
        child.expect(pexpect.EOF)
        child.close()
    except (pexpect.TIMEOUT, pexpect.EOF) as exc:
        child.close(force=True)
        tail = (child.before or "")[-200:] if isinstance(child.before, str) else ""
        return Case("state files", label, False, f"{type(exc).__name__} {tail!r}")
    still_there = kind != "directory" or (home / "history.jsonl").is_dir() or (home / "history.json").is_dir()
    ok = child.exitstatus == 0 and start < 10 and peak < 600 and still_there
    return Case(
        "state files", label, ok, f"prompt after {start:.1f} s, peak {peak:.0f} MB, exit {child.exitstatus}"
    )


def _peak_rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _rows_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("id,name,price,description\n")
        fh.writelines(f"P{i},Widget number {i},{10 + i % 90}.99,{'a long description ' * 10}\n"
                      for i in range(rows))  # fmt: skip
    return path


ROWS = 100_000  # an import of a few seconds: long enough to be killed at any stage


def import_kills(work: Path, kills: int, seed: int = 10) -> list[Case]:
    """kill -9 at random moments of an import: --out is absent or whole, and nothing stays behind."""
    from shopcli.store.catalog import Catalog

    folder, tmp = work / "kills", work / "kills-tmp"
    folder.mkdir()
    tmp.mkdir()
    source = _rows_csv(work / "kill-source.csv", ROWS)
    out = folder / "catalog.parquet"
    command = [
        sys.executable,
        "-m",
        "shopcli",
        "catalog",
        "import",
        str(source),
        "--out",
        str(out),
        "--force",
    ]
    env = child_env(work, {"TMPDIR": str(tmp)})
    rng = random.Random(seed)
    cases = []
    for _ in range(kills):
        delay = rng.uniform(0.3, 3.0)
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.kill()
        proc.wait()
        try:
            whole = not out.exists() or len(Catalog.open(out)) == ROWS
        except Exception as exc:  # noqa: BLE001 - a torn catalog is what this probe looks for
            whole = False
            delay_note = f"{type(exc).__name__}: {exc}"
        else:
            delay_note = ""
        cases.append(Case("kill -9", f"import killed after {delay:.1f} s", whole, delay_note))
    done = subprocess.run(command, env=env, capture_output=True, timeout=300)
    index = sibling(out, "index")  # the catalog's search index, written by design (store/index.py)
    leftovers = [p.name for p in folder.iterdir() if p not in (out, index)] + [p.name for p in tmp.iterdir()]
    ok = done.returncode == 0 and not leftovers
    cases.append(Case("kill -9", "temp files after the next import", ok, f"left: {leftovers[:5]}"))
    return cases


_WRITER = """
import sys
from pathlib import Path
from shopcli.ui.repl import AtomicHistory
history, tag, i = AtomicHistory(Path(sys.argv[1])), sys.argv[2], 0
while True:
    history.store_string(f"{tag}-{i}")
    print(i, flush=True)
    i += 1
"""


def history_kills(work: Path, kills: int, seed: int = 11) -> list[Case]:
    """kill -9 while a chat writes its history: every line it finished is still there, nothing else left."""
    from shopcli.ui.repl import AtomicHistory

    folder = work / "history-kills"
    folder.mkdir()
    path = folder / "history.jsonl"
    rng = random.Random(seed)
    cases = []
    for k in range(kills):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), f"k{k}"], stdout=subprocess.PIPE,
                                text=True, env=child_env(work))  # fmt: skip
        time.sleep(rng.uniform(0.5, 2.0))
        proc.kill()
        acked = [int(line) for line in (proc.communicate()[0] or "").split()]
        history = AtomicHistory(path)
        entries = set(history.load_history_strings())
        wanted = {f"k{k}-{i}" for i in acked[-500:]}  # the newest: older ones may age out of a capped history
        stray = sorted(p.name for p in folder.iterdir() if p.name not in (path.name, path.name + ".lock"))
        ok = wanted <= entries and not getattr(history, "warning", None) and not stray
        detail = f"{len(wanted - entries)} of {len(wanted)} lost, stray files {stray[:3]}"
        cases.append(Case("kill -9", f"history writer {k} killed", ok, detail))
    return cases


_CHAT_WRITER = """
import sys, time
from pathlib import Path
from shopcli.ui.repl import AtomicHistory
path, tag, lines, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
while time.time() < start:
    time.sleep(0.005)
history = AtomicHistory(path)
for i in range(lines):
    history.store_string(f"{tag}-{i}")
"""


def concurrent_histories(work: Path, chats: int, lines: int) -> list[Case]:
    """N chats adding lines to one history at the same moment lose none of them."""
    from shopcli.ui.repl import AtomicHistory

    path = work / "concurrent" / "history.jsonl"
    path.parent.mkdir()
    start = time.time() + 1.5  # every writer has started Python by then
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _CHAT_WRITER, str(path), f"c{c}", str(lines), str(start)],
            env=child_env(work),
        )  # fmt: skip
        for c in range(chats)
    ]
    for proc in procs:
        proc.wait(timeout=300)
    entries = set(AtomicHistory(path).load_history_strings())
    return [
        Case("concurrent chats", f"chat {c} line {i}", f"c{c}-{i}" in entries)
        for c in range(chats)
        for i in range(lines)
    ]


def concurrent_chats(work: Path, chats: int, lines: int) -> list[Case]:
    """N real `shop chat` sessions in pseudo-terminals, typing at once into one history: none is lost."""
    try:
        import pexpect
    except ImportError:
        return []
    home = work / "pty-chats"
    home.mkdir()
    env = child_env(home, {"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"})
    args = ["-m", "shopcli", "chat", "--no-llm", "--catalog", str(demo_catalog())]
    # A line typed while another chat's table is drawn can split a box character in the echo; the
    # history is what this probe checks, so a split character on screen must not fail the read.
    spawn = {
        "env": env,
        "encoding": "utf-8",
        "codec_errors": "replace",
        "timeout": 120,
        "dimensions": (50, 150),
    }
    children = [pexpect.spawn(sys.executable, args, **spawn) for _ in range(chats)]
    for child in children:
        child.expect("shop>")
    for i in range(lines):  # every chat types its next line, then all wait for their prompts
        for c, child in enumerate(children):
            child.sendline(f"/filters chat {c} line {i}" if i % 5 else f"red dress under {50 + i} c{c}")
        for child in children:
            child.expect("shop>")
    for child in children:
        child.sendline("/quit")
        child.expect(pexpect.EOF)
    entries = _history_entries(home)
    wanted = {f"/filters chat {c} line {i}" if i % 5 else f"red dress under {50 + i} c{c}"
              for c in range(chats) for i in range(lines)}  # fmt: skip
    return [Case("concurrent chats", f"pty line {w}", w in entries) for w in sorted(wanted)]


def _history_entries(home: Path) -> set[str]:
    """What a chat history holds: JSON lines (history.jsonl), or the JSON list older checkouts wrote."""
    if (home / "history.jsonl").exists():
        lines = (home / "history.jsonl").read_text(encoding="utf-8").splitlines()
        return {json.loads(line) for line in lines if line.strip()}
    return set(json.loads((home / "history.json").read_text(encoding="utf-8")))
