"""Aspect sentiment of one review: split it into clauses, find the aspects each names, score each clause.

Clause-level, because reviews mix opinions: "Great sound, but the battery dies in two hours" praises
the sound and criticises the battery. A clause ends at sentence punctuation, a semicolon or a
newline, and before a contrast ("but", "however", "但是", "不过"); Chinese clauses also end at
commas, which separate opinions there. Spans are character offsets into the review's own text, so
a quote cut from them is verbatim by construction (and checked again before it is shown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shopcli.reviews.lexicon import find_aspects
from shopcli.reviews.lexicon_zh import CONTRASTS
from shopcli.reviews.sentiment import polarity

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")
_BREAK = {
    "en": re.compile(r"[.!?;\n]+|\s+(?=(?:but|however|although|though|except|yet)\b)", re.IGNORECASE),
    "zh": re.compile(r"[。！？!?；;，,、\n~～]+|(?=" + "|".join(CONTRASTS) + ")"),
}
_EDGE = " \t\r\n\"'“”‘’「」『』()（）[]【】-—–*·.,;:!?。，、；：！？~～"


@dataclass(frozen=True)
class Mention:
    aspect: str
    polarity: int  # 1 praised, -1 criticised, 0 no clear opinion
    start: int  # the clause is text[start:stop]
    stop: int


def detect_language(text: str) -> str:
    """'zh' when Chinese characters make up a fifth of the letters, else 'en'."""
    letters = len(_LETTER.findall(text))
    return "zh" if letters and len(_CJK.findall(text)) * 5 >= letters else "en"


def clauses(text: str, language: str) -> list[tuple[int, int]]:
    """(start, stop) of each clause, trimmed of spaces, quotes and punctuation at its edges."""
    spans, begin = [], 0
    for match in _BREAK["zh" if language == "zh" else "en"].finditer(text):
        spans.append((begin, match.start()))
        begin = match.end()
    spans.append((begin, len(text)))
    return [trimmed for span in spans if (trimmed := _trim(text, *span))]


def _trim(text: str, start: int, stop: int) -> tuple[int, int] | None:
    while start < stop and text[start] in _EDGE:
        start += 1
    while stop > start and text[stop - 1] in _EDGE:
        stop -= 1
    return (start, stop) if stop > start else None


def analyse(text: str, language: str) -> tuple[Mention, ...]:
    """Every aspect each clause names, with that clause's polarity."""
    found: list[Mention] = []
    for start, stop in clauses(text, language):
        clause = text[start:stop]
        aspects = find_aspects(clause, language)
        if aspects:
            sign = polarity(clause, language)
            found.extend(Mention(aspect, sign, start, stop) for aspect in aspects)
    return tuple(found)
