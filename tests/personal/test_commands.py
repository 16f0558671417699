"""The chat's personal commands as a conversation calls them: marks, /profile, /foryou, statements."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import DEMO_CATALOG

from shopcli import advisor
from shopcli.chat import ChatSession
from shopcli.dialogue.turn import Turn
from shopcli.money import Rates
from shopcli.personal.commands import Personal
from shopcli.personal.profile import ProfileStore
from shopcli.store.catalog import Catalog


@pytest.fixture()
def session() -> Iterator[ChatSession]:
    with Catalog.open(DEMO_CATALOG) as cat:
        vocab = cat.vocabulary()
        yield ChatSession(cat, understand=lambda q: advisor.understand(q, vocab, rates=Rates.of()),
                          personal=Personal(ProfileStore(), cat))  # fmt: skip


def test_marks_need_a_table_and_a_number_from_it(session: ChatSession) -> None:
    assert "search first" in session.submit("/like 1").message
    session.submit("running shoes")
    assert "1 to 8" in session.submit("/like 9").message and "1 to 8" in session.submit("/save x").message
    liked = session.submit("/like 2")
    assert liked.kind == "info" and liked.message.startswith("Liked: [2]")
    assert ProfileStore().load().marks[0].id == session.shown[1].id


def test_foryou_lists_numbered_picks_that_later_marks_refer_to(session: ChatSession) -> None:
    session.submit("running shoes")
    session.submit("/like 1")
    picks = session.submit("/foryou")
    assert "From your likes" in picks.message and "  1. " in picks.message
    saved = session.submit("/save 1")
    assert session.shown[0].name in saved.message  # /save 1 means the first pick just listed


def test_statements_are_learned_without_searching_and_ranking_follows(session: ChatSession) -> None:
    turn = session.submit("I wear size 9")
    assert turn.kind == "info" and "Noted" in turn.message and session.intent is None
    result = session.submit("running shoes")
    assert result.outcome is not None and result.outcome.ranking is not None
    assert result.outcome.result.products[0].size == "9"
    assert "/like N" in session.submit("/help").message


def test_without_a_profile_the_chat_is_unchanged() -> None:
    with Catalog.open(DEMO_CATALOG) as cat:
        vocab = cat.vocabulary()
        plain = ChatSession(cat, understand=lambda q: advisor.understand(q, vocab, rates=Rates.of()))
        assert plain.submit("/like 1").message.startswith("unknown command")
        turn = plain.submit("I wear size 9")
        assert isinstance(turn, Turn) and turn.act == "search"
        assert turn.outcome is not None and turn.outcome.ranking is None
