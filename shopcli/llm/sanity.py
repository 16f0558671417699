"""Sentences that state no checkable fact can still be wrong for the screen: written in another
language or script than the answer (seen: a random-weight model's reply in five scripts passed
every fact check), code-like debris, or words copied from the prompt's worked example."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache

from shopcli.llm.claims import blank_names
from shopcli.llm.facts import Problem
from shopcli.schema import Product

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CODE = re.compile(
    r"[A-Za-z]\(|\w\.[A-Za-z_]\w*\(|\b_\w|\w_\b|[{};\\<>|]|\b[a-z]+[A-Z][a-z]+[A-Z]\w*|\w\(\w*\)|\.\w+\.\w+"
)
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=512)
def _script(ch: str) -> str:
    if _CJK.match(ch):
        return "cjk"
    if ch.isascii() or unicodedata.name(ch, "").startswith("LATIN"):
        return "latin"
    return "other"


def letters(text: str) -> dict[str, int]:
    """Letters of `text` counted by script: cjk, latin, other (Cyrillic, Hangul, kana, Thai...)."""
    counts = {"cjk": 0, "latin": 0, "other": 0}
    for ch in text:
        if ch.isalpha():
            counts[_script(ch)] += 1
    return counts


def language(text: str, answer_language: str | None, rows: Sequence[Product]) -> Iterator[Problem]:
    """A Chinese answer is mostly CJK, an English one mostly Latin; product names and tags excepted."""
    own = letters(blank_names(text, rows, tags=True))
    if own["other"] >= 2:
        yield "language", "written in another script than the answer"
    elif answer_language == "zh" and own["latin"] >= 6 and own["cjk"] < 0.4 * (own["cjk"] + own["latin"]):
        yield "language", "not written in Chinese"
    elif answer_language == "en" and own["cjk"] >= 2:
        yield "language", "not written in English"


def garbled(text: str, rows: Sequence[Product]) -> Iterator[Problem]:
    """Code-like debris ("stdClass(and.readFileSync"): two signs of it outside product names."""
    if len(_CODE.findall(blank_names(text, rows))) >= 2:
        yield "garbled", "looks like code or debris, not a sentence"


def leaked(
    text: str, example_words: frozenset[str], question: str, rows: Sequence[Product]
) -> Iterator[Problem]:
    """Words only the prompt's worked example uses, unless the shopper or the rows use them too."""
    if not example_words:
        return
    stems = {w.rstrip("s") for w in example_words}
    found = {w for w in (x.lower() for x in _WORD.findall(text)) if w.rstrip("s") in stems}
    source = (
        question + " " + " ".join(f"{p.name} {p.description or ''} {' '.join(p.tags)}" for p in rows)
    ).lower()
    copied = sorted(
        w for w in found if w.rstrip("s") not in {x.lower().rstrip("s") for x in _WORD.findall(source)}
    )
    if copied:
        yield "example", f"copied from the prompt's example ({', '.join(copied)})"


def has_words(text: str) -> bool:
    """Whether a sentence carries any word at all (a lone "1." or "[2]" does not)."""
    own = letters(text)
    return own["cjk"] + own["latin"] + own["other"] >= 2
