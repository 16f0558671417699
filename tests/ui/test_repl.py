"""The chat loop end to end with scripted input: transcripts, follow-ups, Ctrl-C, Ctrl-D, history."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DEMO_CATALOG
from rich.console import Console

from shopcli import advisor
from shopcli.chat import ChatSession, Turn
from shopcli.llm.backends.mock import MockBackend
from shopcli.llm.grounding import CheckedSentence
from shopcli.llm.prompts import reply_messages
from shopcli.money import Rates
from shopcli.store.catalog import Catalog
from shopcli.ui.repl import AtomicHistory, run_repl


@pytest.fixture(scope="module")
def catalog() -> Iterator[Catalog]:
    with Catalog.open(DEMO_CATALOG) as cat:
        yield cat


def session_for(catalog: Catalog) -> ChatSession:
    vocab = catalog.vocabulary()
    return ChatSession(catalog, understand=lambda q: advisor.understand(q, vocab, rates=Rates.of()))


def script(*lines: str | BaseException):  # type: ignore[no-untyped-def]
    queue = list(lines)

    def read(_prompt: str) -> str:
        if not queue:
            raise EOFError
        item = queue.pop(0)
        if isinstance(item, BaseException):
            raise item
        return item

    return read


def console() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, width=200, no_color=True, highlight=False), buf


def filter_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Filters:")]


def templated(_line: str, turn: Turn) -> Iterator[CheckedSentence]:
    assert turn.outcome is not None
    return advisor.templated_sentences(turn.outcome.result.products, turn.outcome.intent.language)


def test_follow_ups_narrow_step_by_step(catalog: Catalog) -> None:
    out, buf = console()
    session = session_for(catalog)
    code = run_repl(
        session, script("red dress under 80", "in blue", "cheaper", "/filters", "/quit"), out, templated
    )
    assert code == 0
    lines = filter_lines(buf.getvalue())
    assert "color = red" in lines[0] and "price ≤ 80 USD" in lines[0] and "category = dresses" in lines[0]
    assert "color = blue" in lines[1] and "category = dresses" in lines[1] and "price ≤ 80 USD" in lines[1]
    assert "color = blue" in lines[2] and "category = dresses" in lines[2]
    cap = session.intent.max_price if session.intent else None
    assert cap is not None and cap < 80
    assert f"price ≤ {cap:g} USD" in lines[3]  # the /filters command
    assert all(p.color == "blue" and p.price <= cap for p in session.shown)


def test_chinese_follow_ups(catalog: Catalog) -> None:
    out, buf = console()
    session = session_for(catalog)
    run_repl(session, script("我想买一件红色的连衣裙", "换成黑色的", "再便宜一点"), out, templated)
    lines = filter_lines(buf.getvalue())
    assert "color = red" in lines[0] and "color = black" in lines[1]
    assert "category = dresses" in lines[2] and "price ≤" in lines[2]
    assert session.intent is not None and session.intent.colors == ("black",)


def test_only_brand_follow_up(catalog: Catalog) -> None:
    out, buf = console()
    session = session_for(catalog)
    run_repl(session, script("wireless headphones", "only Sony"), out, templated)
    assert session.intent is not None and session.intent.brands == ("Sony",)
    assert all(p.brand == "Sony" and p.category == "headphones" for p in session.shown)


def test_ctrl_c_during_reply_cancels_only_that_answer(catalog: Catalog) -> None:
    out, buf = console()
    backend = MockBackend(["First [1] is good. Second sentence never shows.", "Try [2] next."])
    closed: list[bool] = []

    def reply(_line: str, turn: Turn) -> Iterator[CheckedSentence]:
        assert turn.outcome is not None
        gen = advisor.reply_sentences(turn.outcome.query, turn.outcome.result.products, "en", backend,
                                      rates=Rates.of())  # fmt: skip
        return interrupt_after_first(gen, closed) if not closed else gen

    run_repl(session_for(catalog), script("red dress", "blue dress"), out, reply)
    text = buf.getvalue()
    assert "First [1] is good." in text and "(answer cancelled)" in text
    assert "never shows" not in text
    assert "Try [2] next." in text  # the next question works
    assert closed == [True]


def interrupt_after_first(gen: Iterator[CheckedSentence], closed: list[bool]) -> Iterator[CheckedSentence]:
    try:
        yield next(gen)
        raise KeyboardInterrupt
    finally:
        closed.append(True)


def test_ctrl_c_at_prompt_keeps_session_and_ctrl_d_leaves(catalog: Catalog) -> None:
    out, buf = console()
    code = run_repl(session_for(catalog), script(KeyboardInterrupt(), "red dress"), out, templated)
    assert code == 0 and "Filters:" in buf.getvalue()


def test_errors_do_not_end_the_session(catalog: Catalog) -> None:
    out, buf = console()
    run_repl(session_for(catalog), script("x" * 5000, "/nope", "/help", "jeans"), out, templated)
    text = buf.getvalue()
    assert "Error:" in text and "unknown command /nope" in text and "/reset" in text
    assert "category = jeans" in text


def test_reset_clears_filters(catalog: Catalog) -> None:
    session = session_for(catalog)
    session.submit("red dress under 80")
    assert session.submit("/reset").kind == "info" and session.intent is None
    turn = session.submit("in blue")
    assert turn.outcome is not None and turn.outcome.intent.categories == ()


def test_long_conversation_state_stays_small(catalog: Catalog) -> None:
    session = session_for(catalog)
    for i in range(60):
        session.submit("red dress under 80" if i % 3 == 0 else "cheaper" if i % 3 == 1 else "in blue")
    backend = MockBackend(["ok."])
    messages = reply_messages("in blue", session.shown, "en")
    assert sum(len(m.content) for m in messages) < 2500  # the prompt is the current turn only
    assert backend.replies


def test_history_is_persisted_atomically_and_corruption_is_survivable(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    h = AtomicHistory(path)
    h.store_string("red dress")
    h.store_string("连衣裙")
    assert json.loads(path.read_text(encoding="utf-8")) == ["red dress", "连衣裙"]
    assert list(AtomicHistory(path).load_history_strings()) == ["连衣裙", "red dress"]
    path.write_bytes(b"\x00\xff not json")
    h2 = AtomicHistory(path)
    assert h2.warning and "moved it to" in h2.warning
    assert list(h2.load_history_strings()) == []
