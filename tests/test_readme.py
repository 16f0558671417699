"""The README's "Use it from Python" examples run, as written, against the demo catalog: a block that
makes `shopcli.Advisor()` without backend="none" gets the tiny test model (plumbing only)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SECTION = re.compile(r"^## Use it from Python\n(.*?)^## ", re.S | re.M)
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def python_blocks() -> list[str]:
    section = SECTION.search((REPO / "README.md").read_text(encoding="utf-8"))
    assert section, 'README.md has no "## Use it from Python" section'
    return BLOCK.findall(section.group(1))


def test_the_section_has_examples_of_each_entry_point() -> None:
    text = "\n".join(python_blocks())
    for call in (".search(", ".ask(", ".ask_stream(", ".conversation()", ".say(", ".show(", ".compare("):
        assert call in text, call


@pytest.mark.parametrize("number", range(len(python_blocks())))
def test_readme_example_runs(
    number: int, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    code = python_blocks()[number]
    if 'backend="none"' not in code:  # it asks the default model: the tiny one stands in for it
        monkeypatch.setenv("SHOPCLI_MODEL", str(request.getfixturevalue("tiny_model")))
    monkeypatch.chdir(REPO)
    exec(compile(code, f"README.md python block {number + 1}", "exec"), {"__name__": "__readme__"})
    assert capsys.readouterr().out.strip(), "each example prints what it shows"
