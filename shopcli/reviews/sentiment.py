"""Opinion polarity of a clause: VADER for English, our own lexicon for Chinese.

Chosen with numbers (benchmarks/eval_sentiment.py, reported in the issue note): VADER (MIT, a
lexicon with rules for negation, boosters and "but") is fast enough to score every aspect clause
at import, and ships its lexicon in the wheel (nothing is downloaded). English product reviews use
phrases VADER's word lexicon does not know ("stopped working", "runs small"); DOMAIN_EN adds them.
Chinese: see lexicon_zh.py for why not snownlp.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from shopcli.reviews.lexicon_zh import NEGATIVE, NEGATORS, NEUTRAL, POSITIVE

THRESHOLD = 0.05  # VADER's own cut between neutral and an opinion
# English product-review phrases, as whole words: weight added to VADER's compound score.
_CRITICISM = """stopped working, stops working, fell apart, falls apart, broke, broken, returned it,
returning it, sent it back, waste of money, runs small, runs large, runs big, too small, too big, too tight,
too loose, flimsy, cheaply made, overpriced, defective, doesn't work, does not work, didn't work, not worth,
died, dies, drains, laggy, crackles, disconnects, uncomfortable, blisters, stale, arrived late,
never arrived, itchy, pilling, faded, leaks, leaked, too expensive, poor quality, poorly made, way off,
looks cheap, feels cheap, thin and cheap, unreliable, slow, overheats, dropouts, blurry, dim, confusing"""
_PRAISE = """true to size, fits perfectly, fits well, fits great, worth every penny, well made, well-made,
lasts all day, lasts for days, long battery, crisp, sturdy, durable, comfy, arrived early, arrived quickly,
on time, fast delivery, fast shipping, good value, great value, value for money, easy to use,
easy to set up, user friendly, no complaints, highly recommend, spot on, premium, fast, quick, instant,
stable, smooth, intuitive, reliable, sharp"""
DOMAIN_EN: dict[str, float] = {
    **{p.strip(): -0.6 for p in _CRITICISM.split(",")},
    **{p.strip(): 0.5 for p in _PRAISE.split(",")},
}
_DOMAIN_EN = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in sorted(DOMAIN_EN, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
# "no pilling", "not slow", "never laggy": a negation one or two words before a domain phrase turns it.
_NEGATED_EN = re.compile(r"\b(?:no|not|never|without|isn't|wasn't|aren't|don't|doesn't)\s+(?:\w+\s+)?$", re.I)
_ZH_WORDS = re.compile(
    "|".join(
        re.escape(w) for w in sorted({*POSITIVE, *NEGATIVE, *NEGATORS, *NEUTRAL}, key=lambda w: (-len(w), w))
    )
)
_ZH_VALUE = {**dict.fromkeys(POSITIVE, 1), **dict.fromkeys(NEGATIVE, -1)}
_ZH_NEGATORS = frozenset(NEGATORS)


@cache
def _vader() -> Any:
    """VADER's analyser, built once per process (~70 ms: it reads its lexicon from the wheel)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def score(text: str, language: str) -> float:
    """A signed opinion score: above THRESHOLD praises, below -THRESHOLD criticises."""
    return _score_zh(text) if language == "zh" else _score_en(text)


def polarity(text: str, language: str) -> int:
    """1 (praise), -1 (criticism) or 0 (no clear opinion)."""
    value = score(text, language)
    return 1 if value >= THRESHOLD else -1 if value <= -THRESHOLD else 0


def _score_en(text: str) -> float:
    value = float(_vader().polarity_scores(text)["compound"])
    for match in _DOMAIN_EN.finditer(text):
        weight = DOMAIN_EN[match.group(1).lower()]
        value += -weight if _NEGATED_EN.search(text, 0, match.start()) else weight
    return value


def _score_zh(text: str) -> float:
    """Opinion words add ±1; a negator right before one (at most one character between) turns it."""
    total, negator_end, negator_value = 0.0, -2, 0
    for match in _ZH_WORDS.finditer(text):
        word = match.group()
        if match.start() > negator_end + 1:  # the last negator turned nothing: it stands alone
            total, negator_end, negator_value = total + negator_value, -2, 0
        if word in _ZH_NEGATORS:
            total += negator_value if negator_end >= 0 else 0  # two negators in a row: the first stands alone
            negator_end, negator_value = match.end(), _ZH_VALUE.get(word, 0)
            continue
        value = _ZH_VALUE.get(word, 0)
        total += -value if negator_end >= 0 else value
        negator_end, negator_value = -2, 0
    return total + negator_value
