"""Check a model's reply against the rows it was given, sentence by sentence as it streams, so an
unsupported claim is never shown as fact: cited numbers must exist, and every fact a sentence states
(price, rating, review count, stock, size, colour, material, feature, comparison) must be true of
the rows it is about (facts.py, claims.py); a sentence in another language, code-like debris or
words from the prompt's example is withheld too (sanity.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from shopcli.llm import claims, facts, sanity
from shopcli.llm.attribution import CITATION, Attribution
from shopcli.llm.claims import Terms
from shopcli.schema import Product

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")


@dataclass(frozen=True)
class CheckedSentence:
    text: str  # with invalid citations removed
    citations: tuple[int, ...]  # valid table numbers cited
    problems: tuple[str, ...]  # why this sentence is not shown as fact
    kinds: tuple[str, ...] = field(default=(), compare=False)  # one per problem: price, rating, ...

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Grounds:
    """What a reply is checked against: the rows by the numbers the model saw, and the context."""

    numbered: Mapping[int, Product]
    listed: tuple[Product, ...] = ()  # every row on screen: what "the cheapest" is measured among
    question: str = ""
    language: str | None = None  # the answer's language; None skips the script check
    cny_per_usd: float = 7.2
    terms: Terms = field(default_factory=Terms)

    @classmethod
    def of(
        cls, products: Sequence[Product] | Mapping[int, Product], *, listed: Sequence[Product] | None = None,
        question: str = "", language: str | None = None, cny_per_usd: float = 7.2, terms: Terms | None = None,
    ) -> Grounds:  # fmt: skip
        numbered = dict(products) if isinstance(products, Mapping) else dict(enumerate(products, 1))
        rows = tuple(listed) if listed is not None else tuple(numbered.values())
        return cls(numbered, rows, question, language, cny_per_usd, terms or Terms())


def check_sentence(
    sentence: str, products: Sequence[Product] | Mapping[int, Product] | Grounds, *, cny_per_usd: float = 7.2,
    question: str = "", previous: Sequence[Product] = (),
) -> CheckedSentence:  # fmt: skip
    """Drop citations of rows that do not exist; withhold a sentence stating what its rows do not say.

    Amounts the shopper wrote ("预算300元以内") may be repeated: they are the budget, not a claim."""
    grounds = products if isinstance(products, Grounds) else Grounds.of(
        products, question=question, cny_per_usd=cny_per_usd
    )  # fmt: skip
    cited: list[int] = []
    bad: list[str] = []

    def keep(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n in grounds.numbered:
            cited.append(n)
            return match.group(0)
        bad.append(f"cited #{n}, which is not in the table")
        return ""

    text = CITATION.sub(keep, sentence)
    if bad:
        text = " ".join(text.split())
    problems = list(_problems(text, grounds, previous))
    # A bad citation alone is repaired (removed); a fact the rows do not support withholds the sentence.
    return CheckedSentence(
        text, tuple(dict.fromkeys(cited)), tuple(m for _, m in problems), tuple(k for k, _ in problems)
    )


def _problems(text: str, g: Grounds, previous: Sequence[Product]) -> Iterator[facts.Problem]:
    rows = tuple(g.numbered.values())
    att = Attribution.of(text, g.numbered, previous, rows)
    number_facts = facts.Facts.for_question(g.question, g.cny_per_usd)
    for check in facts.NUMBER_CHECKS:
        yield from check(text, att, number_facts)
    words = claims.blank_names(text, (*rows, *g.listed))
    yield from claims.words(words, att, g.terms)
    yield from claims.comparisons(words, att, g.listed or rows)
    yield from sanity.language(text, g.language, (*rows, *g.listed))
    yield from sanity.garbled(text, (*rows, *g.listed))
    yield from sanity.leaked(text, g.terms.example, g.question, (*rows, *g.listed))


def close_quietly(stream: object) -> None:
    """Close a generator (stopping the model behind it); plain iterables have nothing to close."""
    close = getattr(stream, "close", None)
    if close is not None:
        close()


def gap_after(previous: str) -> str:
    """The space between two sentences: none after Chinese punctuation (or before the first)."""
    return "" if not previous or previous[-1] in "。！？，" else " "


class SentenceSplitter:
    """Feed streamed text pieces; get back complete sentences as soon as they end."""

    def __init__(self) -> None:
        self._buffer = ""

    def feed(self, piece: str) -> list[str]:
        self._buffer += piece
        parts = _SENTENCE_END.split(self._buffer)
        self._buffer = parts.pop()
        return [p for p in parts if p.strip()]

    def flush(self) -> list[str]:
        rest, self._buffer = self._buffer, ""
        return [rest] if rest.strip() else []


def checked_stream(
    pieces: Iterable[str], products: Sequence[Product] | Mapping[int, Product] | Grounds, *,
    cny_per_usd: float = 7.2, question: str = "",
) -> Iterator[CheckedSentence]:  # fmt: skip
    """Turn a stream of text pieces into checked sentences (a sentence with no words is dropped)."""
    grounds = products if isinstance(products, Grounds) else Grounds.of(
        products, question=question, cny_per_usd=cny_per_usd
    )  # fmt: skip
    splitter = SentenceSplitter()
    previous: tuple[Product, ...] = ()

    def check(sentence: str) -> CheckedSentence:
        nonlocal previous
        checked = check_sentence(sentence, grounds, previous=previous)
        previous = tuple(grounds.numbered[n] for n in checked.citations) or previous
        return checked

    try:
        for piece in pieces:
            for sentence in splitter.feed(piece):
                if sanity.has_words(sentence):
                    yield check(sentence)
    finally:  # closing us (Ctrl-C) stops the model generating, not just our reading
        close_quietly(pieces)
    for sentence in splitter.flush():
        if sanity.has_words(sentence):
            yield check(sentence)
