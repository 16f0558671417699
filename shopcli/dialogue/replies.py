"""The answer of a turn, as checked sentences: the model's for search, details, compare and open
questions (each with its own short prompt after the shared cached prefix, checked against the rows
it was given), or text written from the rows when there is no model, when every model sentence was
withheld, or when code answered already (questions it could read, similar, clarify, other).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from shopcli import advisor
from shopcli.dialogue import cards
from shopcli.dialogue.turn import Turn
from shopcli.dialogue.wording import Say
from shopcli.llm import prompts
from shopcli.llm.attribution import CITATION
from shopcli.llm.backends.base import Backend
from shopcli.llm.claims import Terms
from shopcli.llm.grounding import CheckedSentence, Grounds, SentenceSplitter, checked_stream

_TASKS = {"details": "describe", "compare": "compare", "question": "answer"}


def sentences(
    turn: Turn, backend: Backend | None, *, cny_per_usd: float, terms: Terms | None = None
) -> Iterator[CheckedSentence]:
    """The sentences of `turn`'s answer, ready to stream."""
    if turn.answer:
        return written(turn.answer, turn.numbers)
    if turn.act in ("search", "refine"):
        plain = advisor.templated_sentences(turn.products, turn.language, cny_per_usd=cny_per_usd)
    else:
        plain = written(_from_rows(turn, Say(turn.language, cny_per_usd)), turn.numbers)
    model = model_sentences(turn, backend, cny_per_usd=cny_per_usd, terms=terms) if backend else None
    return plain if model is None else advisor.with_fallback(model, plain)


def model_sentences(
    turn: Turn, backend: Backend, *, cny_per_usd: float, terms: Terms | None = None
) -> Iterator[CheckedSentence] | None:
    """The model's checked sentences for `turn`, or None when its act has no model answer."""
    if turn.answer or not turn.products or turn.act not in ("search", "refine", *_TASKS):
        return None
    if turn.act in ("search", "refine"):
        return advisor.reply_sentences(
            turn.input, turn.products, turn.language, backend, cny_per_usd=cny_per_usd, terms=terms
        )
    numbered = list(zip(turn.numbers, turn.products, strict=True))
    messages = prompts.about_messages(_TASKS[turn.act], turn.input, numbered, turn.language, cny_per_usd)
    grounds = Grounds.of(dict(numbered), listed=turn.products, question=turn.input, language=turn.language,
                         cny_per_usd=cny_per_usd, terms=terms)  # fmt: skip
    return checked_stream(backend.stream(messages, max_tokens=advisor.REPLY_MAX_TOKENS), grounds)


def _from_rows(turn: Turn, say: Say) -> str:
    products = list(zip(turn.numbers, turn.products, strict=True))
    if turn.act == "details" and products:
        return cards.details_text(*products[0], say)
    if turn.act == "compare":
        return cards.verdict_text(products, say)
    return say.does_not_say(products)


def written(text: str, numbers: Sequence[int]) -> Iterator[CheckedSentence]:
    """Text built from the rows, as sentences: true by construction, so not checked again (a
    sentence such as "the catalog does not say it is waterproof" would read as a claim)."""
    splitter = SentenceSplitter()
    for sentence in [*splitter.feed(text), *splitter.flush()]:
        cited = tuple(dict.fromkeys(int(n) for n in CITATION.findall(sentence) if int(n) in numbers))
        yield CheckedSentence(sentence, cited, ())
