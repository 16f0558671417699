"""Budgets the rules cannot read: "under $-5", "$1e309", "预算-5元", a 40-digit amount.

A number written as money (a currency beside it, or a price word before or after it) that is negative,
has an exponent, or is larger than any price is not guessed at: it becomes a note saying the budget
could not be read, and its text is blanked, so it is neither a keyword nor a filter. A reply, or a
value the model proposes, may repeat only amounts the shopper wrote *and the rules could read*:
`without_unreadable` is the text they are checked against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shopcli.understand.numbers import arabic
from shopcli.understand.price import _POST, _POST_CUE, _PRE, _PRE_CUE
from shopcli.understand.text import fold

# A sign, a currency, a sign (either order), digits with an optional exponent, a currency word after.
_MONEY = re.compile(
    rf"(?<![a-z0-9.])(?P<sign>[-−]\s?)?{_PRE}?(?P<sign2>[-−]\s?)?"
    rf"(?P<num>\d+(?:[.,]\d+)*(?:e[+-]?\d+)?){_POST}?(?![a-z0-9])"
)
_AMOUNT_BEFORE = re.compile(rf"\d{_POST}?\s*$")  # "30 -", "30 dollars -": a range's dash, not a sign


@dataclass(frozen=True)
class Unreadable:
    span: tuple[int, int]  # in the folded query, the price word before it included
    note: str


def find_unreadable(folded: str) -> list[Unreadable]:
    """Amounts written as money that cannot be a budget, with the note that says so."""
    found = []
    for m in _MONEY.finditer(folded):
        pre_cue = _PRE_CUE.search(folded, max(0, m.start() - 40), m.start())
        priced = (
            m.group("pre") or m.group("post") or pre_cue or _POST_CUE.match(folded[m.end() : m.end() + 24])
        )
        if not priced or not _unreadable(folded, m):
            continue
        start = pre_cue.start() if pre_cue else m.start()
        text = folded[m.start() : m.end()].strip()
        note = f"could not read the budget “{text}”: write a plain amount, such as “under $80” or “300元以内”"
        found.append(Unreadable((start, m.end()), note))
    return found


def _unreadable(folded: str, m: re.Match[str]) -> bool:
    negative = m.group("sign2") or (m.group("sign") and not _AMOUNT_BEFORE.search(folded, 0, m.start()))
    return bool(negative) or "e" in m.group("num") or arabic(m.group("num")) is None


def without_unreadable(text: str) -> str:
    """`text` with the amounts find_unreadable rejects blanked: what a reply's numbers may repeat."""
    chars = list(text)
    for unreadable in find_unreadable(fold(text)):
        start, end = unreadable.span
        chars[start:end] = " " * (end - start)
    return "".join(chars)
