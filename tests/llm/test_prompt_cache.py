"""Every task's prompt starts with the same tokens, so llama.cpp keeps them: after the first call of a
process, a details, compare, answer or act prompt evaluates only its own part (tiny real model)."""

from __future__ import annotations

import pytest

from shopcli.llm import grammar, prompts
from shopcli.schema import Product

pytestmark = pytest.mark.llm


def row(n: int) -> Product:
    return Product(f"P{n}", f"Trail Shoe {n}", "Hoka", "running shoes", "trail", "black", "10", "mesh",
                   100.0 + n, 120.0, "USD", 4.5, 30, 4, "A trail running shoe.", ("waterproof",))  # fmt: skip


def test_each_task_reuses_the_shared_prefix(tiny_backend) -> None:  # type: ignore[no-untyped-def]
    a, _ = tiny_backend.prompt_tokens(prompts.intent_messages("a"))
    b, _ = tiny_backend.prompt_tokens(prompts.act_messages("b", []))
    prefix = next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)
    assert prefix > 300  # the system text and the worked example
    rows = [row(i) for i in range(1, 5)]
    list(tiny_backend.stream(prompts.reply_messages("trail shoes", rows, "en"), max_tokens=2))
    describe = prompts.about_messages("describe", "tell me more about 2", [(2, rows[1])], "en")
    compare = prompts.about_messages("compare", "compare 2 and 4", [(2, rows[1]), (4, rows[3])], "zh")
    act = prompts.act_messages("hmm", ["a", "b"])
    calls = [
        lambda: list(tiny_backend.stream(describe, max_tokens=2)),
        lambda: list(tiny_backend.stream(compare, max_tokens=2)),
        lambda: tiny_backend.complete_json(act, grammar.act_schema(("details", "other"), 2), max_tokens=8),
    ]
    for call in calls:
        call()
        stats = tiny_backend.stats
        assert stats.cached_tokens >= prefix, stats
        assert stats.evaluated_tokens < stats.prompt_tokens - prefix + 8, stats
