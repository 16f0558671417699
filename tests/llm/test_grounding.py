from __future__ import annotations

from shopcli.llm.grounding import SentenceSplitter, check_sentence, checked_stream
from shopcli.money import Rates
from shopcli.schema import Product


def product(pid: str, price: float, original: float | None = None) -> Product:
    return Product(pid, f"Item {pid}", "Sony", "headphones", None, "black", None, None, price, original,
                   "USD", 4.5, 100, 3, "desc", ("bluetooth",))  # fmt: skip


ROWS = [product("A", 99.99, 129.0), product("B", 45.0)]


def test_valid_citation_and_price_pass() -> None:
    s = check_sentence("The Item A [1] is $99.99, down from $129.00.", ROWS)
    assert s.ok and s.citations == (1,)


def test_citation_outside_the_table_is_removed() -> None:
    s = check_sentence("Consider [7] or [2].", ROWS)
    assert s.citations == (2,) and "[7]" not in s.text and s.ok


def test_invented_price_disqualifies_the_sentence() -> None:
    s = check_sentence("[2] costs only $19.99!", ROWS)
    assert not s.ok and "19.99" in s.problems[0]


def test_price_checked_against_cited_row_not_any_row() -> None:
    assert not check_sentence("[2] is $99.99.", ROWS).ok
    assert check_sentence("[1] is $99.99.", ROWS).ok


def test_cny_amount_must_match_conversion() -> None:
    assert check_sentence("推荐[2]，约324元。", ROWS, rates=Rates.of({"CNY": 7.2})).ok
    assert not check_sentence("推荐[2]，只要100元。", ROWS, rates=Rates.of({"CNY": 7.2})).ok


def test_splitter_keeps_decimal_points_and_splits_chinese() -> None:
    sp = SentenceSplitter()
    assert sp.feed("It is $3.50 now. Next") == ["It is $3.50 now."]
    assert sp.feed("。好的！再") == ["Next。", "好的！"]
    assert sp.flush() == ["再"]


def test_checked_stream_over_pieces() -> None:
    pieces = ["Buy [1]", " at $99", ".99. Or [9] at $5.", " Done"]
    out = list(checked_stream(pieces, ROWS))
    assert [s.ok for s in out] == [True, False, True]
    assert out[0].citations == (1,)


def test_amounts_from_the_question_may_be_repeated() -> None:
    q = "我想买一款适合运动的蓝牙耳机，预算300元以内"
    assert check_sentence("推荐[2]，适合预算300元以内。", ROWS, question=q).ok
    assert not check_sentence("推荐[2]，只要200元。", ROWS, question=q).ok
    assert check_sentence("[1] fits your budget of $120.", ROWS, question="headphones under $120").ok
