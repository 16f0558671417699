from __future__ import annotations

from shopcli.llm.prompts import MAX_PRODUCTS_IN_PROMPT, intent_messages, product_line, reply_messages
from shopcli.money import Rates
from shopcli.schema import Product


def row(n: int) -> Product:
    return Product(f"P{n}", f"Name {n}\x1b[2J", "Brand", "headphones", None, "black", None, None, 10.0 + n,
                   None, "USD", 4.5, 3, 1, "d", ("bluetooth", "sports", "wireless", "extra"))  # fmt: skip


def test_both_tasks_share_one_cacheable_prefix() -> None:
    a = intent_messages("red dress")
    b = reply_messages("red dress", [row(1)], "en")
    assert a[:-1] == b[:-1] and len(a) == 4  # system + worked example: evaluated once per process
    assert a[-1].content.startswith("TASK extract") and b[-1].content.startswith("TASK recommend")


def test_reply_prompt_is_compact_and_numbered_like_the_table() -> None:
    msgs = reply_messages("q", [row(i) for i in range(1, 9)], "en")
    user = msgs[-1].content
    assert f"[{MAX_PRODUCTS_IN_PROMPT}]" in user and f"[{MAX_PRODUCTS_IN_PROMPT + 1}]" not in user
    assert "\x1b" not in user and "extra" not in user  # three tags at most
    assert user.endswith("Answer in English.")


def test_chinese_questions_get_yuan_prices() -> None:
    assert "约79元" in reply_messages("耳机", [row(1)], "zh", Rates.of({"CNY": 7.2}))[-1].content
    assert "元" not in product_line(1, row(1))


def test_long_questions_are_trimmed_in_prompts() -> None:
    assert len(intent_messages("x" * 5000)[-1].content) < 400
