"""The chat's `reviews` and `policy` acts: what buyers say about a listed product (counts and quotes
copied word for word from its reviews) and what the store's policy says, rules only, in English and
Chinese; a product or catalog without reviews, and a catalog without a policy, say so."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from chat_fixture import chat_session
from clirun import shop

from shopcli.chat import ChatSession
from shopcli.dialogue.turn import Turn
from shopcli.policy.answer import answer, catalog_words, reply_text
from shopcli.policy.document import load_policy
from shopcli.store.catalog import Catalog
from shopcli.store.siblings import sibling

QUOTE = re.compile(r"“([^”]+)” \(review ([^)]+)\)|「([^」]+)」（评价 ([^）]+)）")


def said(session: ChatSession, line: str) -> Turn:
    turn = session.say(line)
    assert isinstance(turn, Turn), turn
    return turn


def quotes(catalog: Catalog, text: str, product_id: str) -> list[tuple[str, str]]:
    """Each quote of `text` with its review id, checked against the review file itself."""
    found = [(m[1] or m[3], m[2] or m[4]) for m in QUOTE.finditer(text)]
    reviews = sibling(catalog.path, "reviews")
    for quote, review_id in found:
        row = duckdb.execute(
            f"SELECT product_id, text FROM '{reviews}' WHERE id = ?", [review_id]
        ).fetchone()  # the test's own read of the file, not shopcli's
        assert row is not None and row[0] == product_id and quote in row[1], (quote, review_id)
    return found


def test_what_people_say_about_the_first_one(demo_catalog: Catalog) -> None:
    session = chat_session(demo_catalog)
    listed = said(session, "Sony headphones")
    turn = said(session, "what do people say about the first one?")
    first = listed.products[0]
    assert turn.act == "reviews" and turn.refers_to == (first.id,) and turn.products == (first,)
    assert turn.answer.startswith("Reviews of [1]: ") and re.search(r"\(\d+ of \d+\)", turn.answer)
    assert quotes(demo_catalog, turn.answer, first.id) and turn.citations == (1,)
    (summary,) = turn.reviews
    assert summary.product_id == first.id and summary.reviews > 0 and summary.language == "en"
    # the list stays: "it" is the product just discussed, "any complaints about the fit?" too
    again = said(session, "any complaints about the battery?")
    assert again.act == "reviews" and again.refers_to == (first.id,) and "Battery:" in again.answer


def test_chinese_review_question_after_a_chinese_search(demo_catalog: Catalog) -> None:
    session = chat_session(demo_catalog)
    listed = said(session, "索尼耳机")
    ask = said(session, "评价怎么样")  # eight listed, none discussed yet: ask, never guess
    assert ask.act == "clarify" and ask.products == () and "哪一个" in ask.answer
    turn = said(session, "第一个")
    first = listed.products[0]
    assert turn.act == "reviews" and turn.refers_to == (first.id,)
    assert turn.answer.startswith("[1] 的评价：共 ") and "条评价" in turn.answer
    assert quotes(demo_catalog, turn.answer, first.id)
    second = said(session, "第二个的续航评价怎么样")
    assert second.act == "reviews" and second.refers_to == (listed.products[1].id,)
    assert "续航" in second.answer and second.reviews[0].focus == "battery"


def test_which_has_the_best_reviews_stays_a_pick(demo_catalog: Catalog) -> None:
    session = chat_session(demo_catalog)
    said(session, "咖啡机")
    assert said(session, "哪款评价最好").act == "question"
    assert said(session, "how many reviews does the second one have").act == "question"


@pytest.mark.parametrize(
    ("line", "section"),
    [("can I return shoes after 30 days?", "Returns"), ("怎么退货", "退货"), ("do you ship to Mars?", None)],
)
def test_policy_questions_answer_from_the_policy_and_keep_the_list(
    demo_catalog: Catalog, line: str, section: str | None
) -> None:
    session = chat_session(demo_catalog)
    listed = said(session, "running shoes")
    turn = said(session, line)
    assert turn.act == "policy" and turn.products == () and session.shown == listed.products
    expected = answer(load_policy(demo_catalog.path), line, known=catalog_words(demo_catalog.vocabulary()))
    assert turn.policy == expected and turn.answer == reply_text(expected)  # as `shop policy` answers
    assert (turn.policy.section.title if turn.policy.section else None) == section
    assert said(session, "tell me about 2").refers_to == (listed.products[1].id,)


def test_chat_json_carries_the_act_the_product_and_the_facts() -> None:
    lines = "Sony headphones\nwhat do people say about the first one?\n怎么退货\ndo you ship to Mars?\n"
    r = shop("chat", "--json", "--no-llm", stdin=lines.encode())
    assert r.code == 0, r.err
    search, reviews, returns, mars = (json.loads(x) for x in r.out.splitlines() if x.strip())
    assert reviews["act"] == "reviews" and reviews["refers_to"] == [search["products"][0]["id"]]
    assert reviews["reviews"][0]["quotes"] and reviews["reviews"][0]["quotes"][0]["text"] in reviews["answer"]
    assert returns["act"] == "policy" and returns["policy"]["section"]["title"] == "退货"
    assert returns["products"] == [] and returns["policy"]["answer"] in returns["answer"]
    assert mars["act"] == "policy" and not mars["policy"]["covered"] and "does not cover" in mars["answer"]


def test_no_reviews_and_no_policy_are_said(tmp_path: Path) -> None:
    products = tmp_path / "p.csv"
    products.write_text("id,name,price\nA1,Blue Mug,9.99\nA2,Red Mug,12.50\n", encoding="utf-8")
    reviews = tmp_path / "r.csv"
    reviews.write_text("product_id,text\nA1,Lovely colour and great value\n", encoding="utf-8")
    with_reviews, bare = tmp_path / "mugs.parquet", tmp_path / "bare.parquet"
    for out, extra in ((with_reviews, ["--reviews", str(reviews)]), (bare, [])):
        assert shop("catalog", "import", str(products), "--out", str(out), *extra).code == 0
    talk = "mugs\nwhat are the reviews of 1?\nwhat do people say about 2?\ncan I return it?\n"
    cases = ((with_reviews, "Lovely colour", "no reviews yet"), (bare, "has no reviews", "has no reviews"))
    for catalog, about_first, about_second in cases:
        r = shop("chat", "--json", "--no-llm", "--catalog", str(catalog), stdin=talk.encode())
        assert r.code == 0, r.err
        _, first, second, policy = (json.loads(x) for x in r.out.splitlines() if x.strip())
        assert (first["act"], second["act"], policy["act"]) == ("reviews", "reviews", "policy")
        assert about_first in first["answer"] and first["refers_to"] == ["A1"]
        assert about_second in second["answer"] and second["refers_to"] == ["A2"]
        assert "has no store policy" in policy["answer"] and "--policies" in policy["answer"]
