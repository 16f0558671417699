"""Check a model's reply against the rows it was given: cited numbers must exist, prices must
be real. Sentences are checked as they stream, so an unsupported claim is never shown as fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from shopcli.schema import Product
from shopcli.textutil import numbers_in

_CITATION = re.compile(r"\[(\d{1,3})\]")
# "$1,299.00", "1299 dollars", "299 USD", "49.99美元"; CNY amounts are checked against the rate.
_USD = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s?(?:dollars|usd|美元|美金)", re.I)
_CNY = re.compile(r"(?:¥|￥)\s?(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s?(?:元|块|人民币|rmb|cny)", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")


@dataclass(frozen=True)
class CheckedSentence:
    text: str  # with invalid citations removed
    citations: tuple[int, ...]  # valid table numbers cited
    problems: tuple[str, ...]  # why this sentence is not shown as fact

    @property
    def ok(self) -> bool:
        return not self.problems


def _amounts(pattern: re.Pattern[str], text: str) -> list[float]:
    return [float((a or b).replace(",", "")) for a, b in pattern.findall(text)]


def _close(value: float, targets: Iterable[float], tolerance: float) -> bool:
    return any(abs(value - t) <= max(0.01, t * tolerance) for t in targets)


def check_sentence(
    sentence: str, products: Sequence[Product], *, cny_per_usd: float = 7.2, question: str = ""
) -> CheckedSentence:
    """Drop citations of rows that do not exist; flag prices no cited (or listed) row has.

    Amounts the shopper wrote ("预算300元以内") may be repeated: they are the budget, not a claim."""
    problems: list[str] = []
    cited: list[int] = []

    def keep(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if 1 <= n <= len(products):
            cited.append(n)
            return match.group(0)
        problems.append(f"cited #{n}, which is not in the table")
        return ""

    text = _CITATION.sub(keep, sentence)
    pool = [products[n - 1] for n in cited] or list(products)
    usd = [p.price for p in pool] + [p.original_price for p in pool if p.original_price]
    said = numbers_in(question)
    for amount in _amounts(_USD, text):
        if amount not in said and not _close(amount, usd, 0.005):
            problems.append(f"price ${amount:,.2f} is not in the table")
    for amount in _amounts(_CNY, text):
        if amount not in said and not _close(amount, [u * cny_per_usd for u in usd], 0.02):
            problems.append(f"price {amount:,.2f} CNY does not match the table")
    # A bad citation alone is repaired (removed); a made-up price disqualifies the sentence.
    fatal = tuple(p for p in problems if p.startswith("price"))
    return CheckedSentence(" ".join(text.split()) if problems else text, tuple(dict.fromkeys(cited)), fatal)


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
    pieces: Iterable[str], products: Sequence[Product], *, cny_per_usd: float = 7.2, question: str = ""
) -> Iterator[CheckedSentence]:
    """Turn a stream of text pieces into checked sentences."""
    splitter = SentenceSplitter()
    try:
        for piece in pieces:
            for sentence in splitter.feed(piece):
                yield check_sentence(sentence, products, cny_per_usd=cny_per_usd, question=question)
    finally:  # closing us (Ctrl-C) stops the model generating, not just our reading
        close_quietly(pieces)
    for sentence in splitter.flush():
        yield check_sentence(sentence, products, cny_per_usd=cny_per_usd, question=question)
