"""`shop ask` and model errors through the real CLI, with the tiny model for plumbing (never quality)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import shop
from model_fixture import TINY

pytestmark = pytest.mark.llm


def test_ask_json_with_tiny_model_cites_only_table_rows(tiny_model: Path) -> None:
    r = shop("ask", "--json", "--model", str(tiny_model), "--limit", "5", "red dress under $80")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert {"answer", "citations", "removed", "products", "filters"} <= set(data)
    assert all(1 <= n <= len(data["products"]) for n in data["citations"])
    assert all(p["color"] == "red" and p["price"] <= 80 for p in data["products"])


def test_ask_streams_after_the_table(tiny_model: Path) -> None:
    r = shop("ask", "--model", str(tiny_model), "--limit", "3", "我想买一款适合运动的蓝牙耳机，预算300元以内")
    assert r.code == 0, r.err
    assert r.out.index("Filters:") < r.out.index("┃ #") and "41.67" in r.out


def test_ask_no_llm_gives_a_templated_reply() -> None:
    r = shop("ask", "--json", "--no-llm", "cheapest sony headphones")
    data = json.loads(r.out)
    assert r.code == 0 and data["answer"].startswith("Top pick: [1]") and data["citations"][0] == 1


def test_missing_model_names_the_pull_command(tmp_path: Path) -> None:
    r = shop("ask", "red dress", env={"SHOPCLI_MODELS_DIR": str(tmp_path)})
    assert r.code == 4 and "shop model pull" in r.err and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1 and r.out == ""


@pytest.mark.parametrize("content", [b"", b"GGUF" + b"\x00" * 64, b"not a model at all" * 100])
def test_broken_gguf_is_one_line(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(content)
    r = shop("ask", "--model", str(bad), "red dress")
    assert r.code == 4 and "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


def test_directory_as_model(tmp_path: Path) -> None:
    r = shop("ask", "--model", str(tmp_path), "red dress")
    assert r.code == 4 and "Traceback" not in r.err


def test_truncated_gguf(tmp_path: Path, tiny_model: Path) -> None:
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(tiny_model.read_bytes()[:5_000_000])
    r = shop("ask", "--model", str(cut), "red dress")
    assert r.code == 4 and "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


def test_model_path_and_list() -> None:
    r = shop("model", "path", TINY)
    assert r.code == 0 and r.out.strip().endswith(".gguf")
    listed = json.loads(shop("model", "list", "--json").out)
    assert any(row["name"] == TINY and row["installed"] for row in listed)
    r = shop("model", "path", "no-such-model")
    assert r.code == 4 and "shop model list" in r.err or "shop model pull" in r.err


def test_query_longer_than_the_context_is_trimmed_not_a_traceback(tiny_model: Path) -> None:
    long_zh = "我想买一款适合运动的蓝牙耳机" * 140  # ~1,960 characters: about the whole 2,048-token context
    r = shop("ask", "--json", "--model", str(tiny_model), long_zh)
    assert r.code == 0, r.err
    assert "Traceback" not in r.err and json.loads(r.out)["products"]


def test_pulling_an_unknown_model_is_one_line_without_a_progress_bar() -> None:
    r = shop("model", "pull", "no-such-model")
    assert r.code == 4
    assert [line for line in r.err.splitlines() if line.strip()] == [
        "Error: unknown model 'no-such-model': known models are qwen2.5-coder-1.5b, qwen2.5-coder-0.5b, "
        "smollm2-135m (see `shop model list`)"
    ]
