"""A model that copies the prompt's worked example leaks none of it: not into a reply (grounding
withholds it, and the templated reply stands in), not into an intent (the grammar's vocabulary and
the support rule drop it), not into a chat turn (a line about the list never reaches understanding)."""

from __future__ import annotations

import re

import pytest
from chat_fixture import chat_session

from shopcli import advisor
from shopcli.dialogue.turn import Turn
from shopcli.llm import prompts
from shopcli.llm.backends.mock import MockBackend
from shopcli.money import Rates
from shopcli.store.catalog import Catalog

COPIED_INTENT = {
    "categories": ["sundials"],
    "features": ["verdigris finish"],
    "keywords": ["courtyard", "sundial"],
}


@pytest.fixture
def catalog(demo_catalog: Catalog) -> Catalog:
    return demo_catalog


def leaked(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower())) & prompts.example_words()


def test_a_copied_reply_is_withheld_and_replaced(catalog: Catalog) -> None:
    outcome = advisor.search("running shoes under 150", catalog, rates=Rates.of(), limit=8)
    backend = MockBackend([prompts._EXAMPLE_REPLY])
    terms = advisor.fact_terms(catalog.vocabulary())
    answer = advisor.Answer.collect(advisor.reply_for(outcome, backend, cny_per_usd=7.2, terms=terms))
    assert answer.text and not leaked(answer.text)
    assert answer.removed


def test_a_copied_intent_is_dropped(catalog: Catalog) -> None:
    backend = MockBackend([COPIED_INTENT])
    intent = advisor.understand("something for my garden please", catalog.vocabulary(), rates=Rates.of(),
                                backend=backend)  # fmt: skip
    assert len(backend.calls) == 1 and not leaked(" ".join(map(str, intent.to_dict().values())))


def test_a_chat_turn_about_the_list_cannot_become_the_example(catalog: Catalog) -> None:
    backend = MockBackend([prompts._EXAMPLE_REPLY, COPIED_INTENT, prompts._EXAMPLE_REPLY])
    session = chat_session(catalog, backend)
    session.say("running shoes under 150")
    turn = session.say("tell me more about the first one")
    assert isinstance(turn, Turn) and turn.act == "details" and turn.products[0].category == "running shoes"
    assert not leaked(turn.answer + " ".join(turn.filters))
