"""A conversation with the demo catalog, rules only: every turn lands where the shopper means it."""

from __future__ import annotations

import pytest
from chat_fixture import chat_session

from shopcli.chat import ChatSession, Info
from shopcli.dialogue.turn import Turn
from shopcli.llm.backends.mock import MockBackend
from shopcli.store.catalog import Catalog


@pytest.fixture
def catalog(demo_catalog: Catalog) -> Catalog:
    return demo_catalog


def session_for(catalog: Catalog, backend: MockBackend | None = None) -> ChatSession:
    return chat_session(catalog, backend)


def say(session: ChatSession, line: str) -> Turn:
    turn = session.say(line)
    assert isinstance(turn, Turn)
    return turn


def test_the_issue_conversation_lands_on_the_rows_referred_to(catalog: Catalog) -> None:
    s = session_for(catalog)
    first = say(s, "running shoes under 150")
    rows = first.products
    assert first.act == "search" and all(p.category == "running shoes" and p.price <= 150 for p in rows)
    details = say(s, "tell me more about the first one")
    assert (details.act, details.products, details.refers_to) == ("details", rows[:1], (rows[0].id,))
    compare = say(s, "compare 2 and 4")
    assert (compare.act, compare.products, compare.numbers) == ("compare", (rows[1], rows[3]), (2, 4))
    question = say(s, "is the second one waterproof?")
    assert (question.act, question.products) == ("question", (rows[1],))
    assert "waterproof" in question.answer and "[2]" in question.answer
    similar = say(s, "more like 3")
    assert similar.act == "similar" and similar.refers_to == (rows[2].id,)
    assert similar.products and all(p.category == "running shoes" for p in similar.products)
    assert rows[2].id not in {p.id for p in similar.products} and len(similar.reasons) == len(
        similar.products
    )


def test_chinese_details_of_the_second_dress(catalog: Catalog) -> None:
    s = session_for(catalog)
    dresses = say(s, "我想买一件红色的连衣裙").products
    turn = say(s, "第二个怎么样？")
    assert (turn.act, turn.products, turn.language) == ("details", dresses[1:2], "zh")
    assert "元" in turn.answer and "$" in turn.answer  # one convention: own currency, yuan beside it


def test_a_vague_request_gets_one_question_and_the_answer_continues(catalog: Catalog) -> None:
    s = session_for(catalog)
    ask = say(s, "I need a gift under 50")
    assert ask.act == "clarify" and ask.products == () and "?" in ask.answer
    assert "budget" not in ask.answer  # the budget was given
    turn = say(s, "headphones")
    assert turn.act == "search" and turn.products and all(p.price <= 50 for p in turn.products)
    zh = say(session_for(catalog), "推荐点东西")
    assert zh.act == "clarify" and "？" in zh.answer and zh.products == ()


def test_an_unresolved_reference_asks_and_the_number_continues_the_question(catalog: Catalog) -> None:
    s = session_for(catalog)
    rows = say(s, "running shoes under 150").products
    ask = say(s, "is number 42 waterproof?")
    assert (ask.act, ask.answer, ask.products) == ("clarify", "Which one? 1–8", ())
    turn = say(s, "3")
    assert turn.act == "question" and turn.products == (rows[2],) and "waterproof" in turn.answer


def test_questions_are_answered_from_the_rows(catalog: Catalog) -> None:
    s = session_for(catalog)
    rows = say(s, "running shoes under 150").products
    material = say(s, "what material is the cheapest one?")
    cheapest = min(rows, key=lambda p: p.price)
    assert material.products == (cheapest,) and (cheapest.material or "does not say") in material.answer
    best = say(s, "哪个评分最高")
    top = max(rows, key=lambda p: (p.rating or 0, p.review_count or 0))
    assert best.act == "question" and best.products == (top,) and f"{top.rating:.1f}" in best.answer
    which = say(s, "which ones are waterproof?")
    assert which.act == "question" and all("waterproof" in p.tags for p in which.products)


def test_other_lines_keep_the_context_and_show_nothing(catalog: Catalog) -> None:
    s = session_for(catalog)
    rows = say(s, "red dress under 80").products
    hello = say(s, "thanks!")
    assert hello.act == "other" and hello.products == () and hello.answer
    assert say(s, "the first one").products == rows[:1]


def test_refinements_still_refine(catalog: Catalog) -> None:
    s = session_for(catalog)
    say(s, "red dress under 80")
    for line in ("in blue", "cheaper", "only Zara", "换成黑色的"):
        assert say(s, line).act == "refine"
    assert s.intent is not None and s.intent.categories == ("dresses",)


def test_a_line_about_the_list_never_asks_the_model_for_a_category(catalog: Catalog) -> None:
    backend = MockBackend([])  # no scripted replies: any model call would fail the test
    s = session_for(catalog, backend)
    s.submit("running shoes under 150")
    for line in (
        "tell me more about the first one",
        "compare 2 and 4",
        "第二个怎么样？",
        "is it waterproof?",
    ):
        turn = s.submit(line)
        assert isinstance(turn, Turn) and turn.act != "search", line
    assert backend.calls == []


def test_the_model_decides_only_what_the_rules_cannot_and_is_validated(catalog: Catalog) -> None:
    backend = MockBackend([{"act": "details", "refs": [5]}])
    s = session_for(catalog, backend)
    s.shown = say(session_for(catalog), "running shoes under 150").products
    turn = s.submit("hmm what do you reckon")  # no cue, no reference: the model says details of #5
    assert isinstance(turn, Turn) and turn.act == "clarify" and turn.answer.startswith("Which one?")
    assert len(backend.calls) == 1 and backend.calls[0][-1].content.startswith("TASK act")


def test_json_object_has_exactly_the_issue_fields(catalog: Catalog) -> None:
    s = session_for(catalog)
    say(s, "running shoes under 150")
    data = say(s, "compare 1 and 2").to_dict()
    assert list(data) == ["input", "act", "refers_to", "filters", "relaxed", "products", "answer",
                          "citations",
                          "removed"]  # fmt: skip
    assert data["act"] == "compare" and [p["id"] for p in data["products"]] == data["refers_to"]


def test_slash_commands_are_not_turns(catalog: Catalog) -> None:
    s = session_for(catalog)
    assert s.say("/help") == Info("info", s.say("/help").message)  # type: ignore[union-attr]
    assert s.say("/quit") == Info("quit")
