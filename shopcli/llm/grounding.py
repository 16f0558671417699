"""Check a model's reply against the rows it was given: cited numbers must exist, prices must
be real. Sentences are checked as they stream, so an unsupported claim is never shown as fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from shopcli.money import Rates, format_price
from shopcli.schema import Product
from shopcli.textutil import numbers_in

_CITATION = re.compile(r"\[(\d{1,3})\]")
_AMOUNT = r"(\d[\d,]*(?:\.\d+)?)"
# How replies write money: a symbol or code before the amount, or a word after it. "$1,299.00",
# "₹1,299", "1299 rupees", "49.99美元", "300元", "€89", "89 EUR". Longest first: 日元 is not 元.
_MONEY: dict[str, tuple[str, str]] = {
    "USD": (r"us\$|\$|usd", r"us dollars|dollars|usd|美元|美金"),
    "CNY": (r"¥|￥|rmb|cny", r"人民币|元|块|rmb|cny"),
    "INR": (r"₹|rs\.?|inr", r"rupees|卢比|inr"),
    "EUR": (r"€|eur", r"euros|欧元|eur"),
    "GBP": (r"£|gbp", r"pounds|英镑|gbp"),
    "JPY": (r"jp¥|jpy", r"日元|円|yen|jpy"),
}
_PATTERNS = {
    code: re.compile(rf"(?<![a-z])(?:{before})\s?{_AMOUNT}|{_AMOUNT}\s?(?:{after})(?![a-z])", re.I)
    for code, (before, after) in _MONEY.items()
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")


@dataclass(frozen=True)
class CheckedSentence:
    text: str  # with invalid citations removed
    citations: tuple[int, ...]  # valid table numbers cited
    problems: tuple[str, ...]  # why this sentence is not shown as fact

    @property
    def ok(self) -> bool:
        return not self.problems


def _amounts(text: str) -> list[tuple[str, float]]:
    """(currency, amount) for every amount written with a currency; 日元 is yen, not yuan."""
    found: list[tuple[str, float, int]] = []
    taken: set[int] = set()
    for code in sorted(_PATTERNS, key=lambda c: c != "JPY"):  # yen before yuan: 日元 ends in 元
        for m in _PATTERNS[code].finditer(text):
            if not taken & set(range(*m.span())):
                taken |= set(range(*m.span()))
                found.append((code, float((m.group(1) or m.group(2)).replace(",", "")), m.start()))
    return [(code, amount) for code, amount, _ in sorted(found, key=lambda f: f[2])]


def _close(value: float, targets: Iterable[float], tolerance: float) -> bool:
    return any(abs(value - t) <= max(0.01, t * tolerance) for t in targets)


def check_sentence(
    sentence: str, products: Sequence[Product], *, rates: Rates | None = None, question: str = ""
) -> CheckedSentence:
    """Drop citations of rows that do not exist; flag prices no cited (or listed) row has.

    A price in the rows' own currency must match one of them; one in another currency (the yuan a
    Chinese reply gives for dollar prices) must match a row's price converted with `rates`, within 2%.
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
    said = numbers_in(question)
    for currency, amount in _amounts(text):
        if amount not in said and not _supported(amount, currency, pool, rates or Rates.of()):
            problems.append(_price_problem(amount, currency, pool))
    # A bad citation alone is repaired (removed); a made-up price disqualifies the sentence.
    fatal = tuple(p for p in problems if p.startswith("price"))
    return CheckedSentence(" ".join(text.split()) if problems else text, tuple(dict.fromkeys(cited)), fatal)


def _supported(amount: float, currency: str, pool: Sequence[Product], rates: Rates) -> bool:
    """Whether some row's price (or original price) is `amount` once written in `currency`."""
    for p in pool:
        for price in (p.price, p.original_price):
            if price is None:
                continue
            same = p.currency == currency
            value = price if same else rates.convert(price, p.currency, currency)
            if value is not None and _close(amount, [value], 0.005 if same else 0.02):
                return True
    return False


def _price_problem(amount: float, currency: str, pool: Sequence[Product]) -> str:
    if all(p.currency == currency for p in pool):
        return f"price {format_price(amount, currency)} is not in the table"
    return f"price {format_price(amount, currency)} does not match the table"


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
    pieces: Iterable[str], products: Sequence[Product], *, rates: Rates | None = None, question: str = ""
) -> Iterator[CheckedSentence]:
    """Turn a stream of text pieces into checked sentences."""
    splitter = SentenceSplitter()
    try:
        for piece in pieces:
            for sentence in splitter.feed(piece):
                yield check_sentence(sentence, products, rates=rates, question=question)
    finally:  # closing us (Ctrl-C) stops the model generating, not just our reading
        close_quietly(pieces)
    for sentence in splitter.flush():
        yield check_sentence(sentence, products, rates=rates, question=question)
