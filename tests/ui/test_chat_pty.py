"""`shop chat` in a real pseudo-terminal: prompt_toolkit line editing, history file, Ctrl-C, Ctrl-D."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")


def spawn(home: Path, *args: str):  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "SHOPCLI_HOME": str(home),
        "TERM": "xterm",
        "NO_COLOR": "1",
        "COLUMNS": "150",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    child = pexpect.spawn(sys.executable, ["-m", "shopcli", "chat", *args], env=env, encoding="utf-8",
                          timeout=60, dimensions=(50, 150))  # fmt: skip
    child.expect("shop>")
    return child


def test_chat_follow_ups_history_and_keys(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--no-llm")
    child.sendline("red dress under 80")
    child.expect(r"Filters: category = dresses · color = red · price ≤ 80 USD")
    child.expect("Top pick")
    child.expect("shop>")
    child.sendline("in blue")
    child.expect(r"color = blue")
    child.expect("shop>")
    child.sendline("换成黑色的")
    child.expect(r"color = black")
    child.expect("shop>")
    child.send("half typed line")
    child.sendcontrol("c")  # clears the line, keeps the session
    child.expect("shop>")
    child.sendline("/filters")
    child.expect(r"Filters: category = dresses · color = black")
    child.expect("shop>")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = (tmp_path / "history.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == ["red dress under 80", "in blue", "换成黑色的", "/filters"]


def test_history_is_recalled_with_the_up_arrow(tmp_path: Path) -> None:
    (tmp_path / "history.json").write_text(json.dumps(["laptop over $2000"]), encoding="utf-8")
    child = spawn(tmp_path, "--no-llm")
    child.send("\x1b[A")  # up arrow
    child.sendline("")
    child.expect(r"price ≥ 2000 USD")
    child.expect("shop>")
    child.sendline("/quit")
    child.expect(pexpect.EOF)


def test_corrupt_history_is_moved_aside_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "history.json").write_bytes(b"\xff\x00{")
    child = spawn(tmp_path, "--no-llm")
    assert "Warning:" in (child.before or "")
    child.sendline("/quit")
    child.expect(pexpect.EOF)
    assert list(tmp_path.glob("history.json.corrupt-*"))


def test_chat_reads_piped_lines_without_a_terminal() -> None:
    from clirun import shop

    r = shop("chat", "--no-llm", stdin=b"red dress under 80\nin blue\n")
    assert r.code == 0, r.err
    filters = [line for line in r.out.splitlines() if line.startswith("Filters:")]
    assert "color = red" in filters[0] and "color = blue" in filters[1] and "dresses" in filters[1]
