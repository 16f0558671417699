"""`shop chat` in a real pseudo-terminal: prompt_toolkit line editing, history file, Ctrl-C, Ctrl-D."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")
from model_fixture import tiny_model  # noqa: E402, F401  (fixture)


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


def said(child, line: str, *expected: str) -> None:  # type: ignore[no-untyped-def]
    child.sendline(line)
    for text in expected:
        child.expect_exact(text)
    child.expect("shop>")


def test_chat_talks_about_what_it_listed_in_both_languages(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--no-llm")
    said(child, "running shoes under 150", "Filters: category = running shoes")
    said(child, "tell me more about the first one", "#1 ", "description", "[1]")
    said(child, "compare 2 and 4", "#2 ", "#4 ", "≠", "Cheapest:")
    said(child, "is the second one waterproof?", "waterproof", "[2]")
    said(child, "more like 3", "More like")
    said(child, "number 42", "Which one? 1–5")  # the similar list is what is listed now
    said(child, "I need a gift", "What are you shopping for?")
    said(child, "我想买一件红色的连衣裙", "category = dresses")
    said(child, "第二个怎么样？", "#2 ", "品牌", "元")
    said(child, "第一个和第三个比一下", "#1 ", "#3 ", "≠")
    said(child, "哪个评分最高", "评分最高的是")
    said(child, "类似的", "类似的：")
    said(child, "推荐点东西", "您想买哪一类？")
    child.sendline("/quit")
    child.expect(pexpect.EOF)


@pytest.mark.slow
def test_keys_typed_while_an_answer_streams_are_not_glued_into_it(
    tmp_path: Path,
    tiny_model: Path,  # noqa: F811
) -> None:
    child = spawn(tmp_path, "--model", str(tiny_model))
    child.sendline("red dress under 80")
    child.expect("Filters:")
    child.send("typed ahead")  # while the model loads and writes: echo is off, the keys stay queued
    child.expect("shop>", timeout=600)
    answer = child.before or ""
    assert "typed ahead" not in answer  # not echoed into the answer...
    child.expect_exact("typed ahead", timeout=30)  # ...but waiting at the next prompt
    child.sendcontrol("c")  # clear it
    child.expect("shop>")
    child.sendline("/quit")
    child.expect(pexpect.EOF, timeout=60)
