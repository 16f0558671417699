from __future__ import annotations

from pathlib import Path

from shopcli.llm.prompts import MAX_PRODUCTS_IN_PROMPT, intent_messages, product_line, reply_messages
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
    assert "约79元" in reply_messages("耳机", [row(1)], "zh", 7.2)[-1].content
    assert "元" not in product_line(1, row(1))


def test_long_questions_are_trimmed_in_prompts() -> None:
    assert len(intent_messages("x" * 5000)[-1].content) < 400


def test_every_task_shares_the_cached_prefix() -> None:
    from shopcli.llm.prompts import about_messages, act_messages

    prefix = intent_messages("x")[:-1]
    for messages in (
        reply_messages("q", [row(1)], "zh"),
        about_messages("describe", "tell me more", [(2, row(2))], "en"),
        about_messages("compare", "compare 2 and 4", [(2, row(2)), (4, row(4))], "en"),
        about_messages("answer", "is it waterproof?", [(2, row(2))], "zh"),
        act_messages("tell me more about the first one", ["A", "B"]),
    ):
        assert messages[:-1] == prefix
    compare = about_messages("compare", "compare 2 and 4", [(2, row(2)), (4, row(4))], "en")[-1].content
    assert "[2] Name 2" in compare and "[4] Name 4" in compare and "material" not in compare  # absent fields


def test_the_worked_example_uses_words_no_catalog_or_shopper_here_uses() -> None:
    import duckdb
    from conftest import DEMO_CATALOG

    from shopcli.llm.prompts import example_words

    words = example_words()
    assert {"sundial", "marrowick", "verdigris"} <= words
    con = duckdb.connect()
    text = con.execute(
        "SELECT lower(string_agg(concat_ws(' ', name, brand, category, subcategory, description,"
        " array_to_string(tags, ' ')), ' ')) FROM read_parquet(?)", [str(DEMO_CATALOG)]
    ).fetchone()[0]  # fmt: skip
    data = Path(__file__).resolve().parents[1] / "data"
    said = " ".join(p.read_text(encoding="utf-8").lower() for p in data.glob("*.jsonl"))
    assert not [w for w in words if w in text or w in said]
