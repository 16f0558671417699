"""`shop search`, `shop ask` and `shop chat` are thin callers of the Python API (shopcli/api.py): each
goes through `shopcli.Advisor`, and cli.py holds no second path to the pipeline. Also `--version`."""

from __future__ import annotations

import ast
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import shopcli
from shopcli import api
from shopcli.ui import cli, cli_products


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every Advisor method a command calls, by name, in order (each still does its real work)."""
    seen: list[str] = []

    def spy(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(self: api.Advisor, *args: Any, **kwargs: Any) -> Any:
            seen.append(name)
            return real(self, *args, **kwargs)

        return wrapper

    for name in ("__init__", "search", "ask", "ask_stream", "conversation", "model"):
        monkeypatch.setattr(api.Advisor, name, spy(name, getattr(api.Advisor, name)))
    return seen


def test_search_goes_through_the_api(calls: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["search", "--json", "--no-llm", "-n", "2", "--brand", "sony", "headphones"]) == 0
    assert calls[:2] == ["__init__", "search"]
    assert {p["brand"] for p in json.loads(capsys.readouterr().out)["products"]} == {"Sony"}


def test_ask_goes_through_the_api(calls: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ask", "--json", "--no-llm", "wireless earbuds under $100"]) == 0
    assert calls[0] == "__init__" and "ask" in calls
    assert json.loads(capsys.readouterr().out)["answer"].startswith("Top pick: [1]")
    calls.clear()
    assert cli.main(["ask", "--no-llm", "wireless earbuds under $100"]) == 0  # the table, then the stream
    assert "ask_stream" in calls and "Top pick" in capsys.readouterr().out


def test_chat_goes_through_the_api(
    calls: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(b"running shoes under 150\ncompare 1 and 2\n"))
    )
    assert cli.main(["chat", "--json", "--no-llm"]) == 0
    assert "conversation" in calls
    assert [json.loads(line)["act"] for line in capsys.readouterr().out.splitlines()] == ["search", "compare"]


@pytest.mark.parametrize("module", [cli, cli_products])
def test_the_commands_never_call_the_pipeline_themselves(module: ModuleType) -> None:
    # one path: search, ask, chat, show and compare import neither the pipeline (advisor.py), the
    # conversation (chat.py), nor the catalog and lookups below them; they call shopcli.Advisor
    tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
    named = {
        f"{node.module}.{alias.name}" if node.module == "shopcli" else str(node.module)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    pipeline = {"shopcli.advisor", "shopcli.chat", "shopcli.store.catalog", "shopcli.dialogue"}
    assert not {n for n in named if n in pipeline or n.startswith("shopcli.dialogue.")}, named


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    for flag in ("--version", "-V"):
        assert cli.main([flag]) == 0
        assert capsys.readouterr().out == f"shop {shopcli.__version__}\n"
