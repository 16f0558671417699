"""Questions about listed products, answered from their rows: yes or no with the field that shows it,
the field's value, or "the catalog does not say" when no field does. Never a guess.

The rule parser reads what is asked ("waterproof" -> the tag, "in blue" -> a colour, "under 100" ->
a price), cue words name a field ("what material", "多少钱"); `known` is False when nothing could be
read, and chat.py may then let the model answer from the same rows, checked like any reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from shopcli.dialogue import wording as w
from shopcli.intent import Intent
from shopcli.schema import Product

Numbered = Sequence[tuple[int, Product]]
_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I)) for name, pattern in (
        ("material", r"\bmaterials?\b|\bmade (?:of|from)\b|\bfabric\b|材质|材料|面料|什么做的|用料"),
        ("size", r"\bsizes?\b|尺码|尺寸|码数|几码|大小"),
        ("color", r"\bcolou?rs?\b|颜色|什么色|啥色"),
        ("price", r"\bprice\b|\bcosts?\b|\bhow much\b|多少钱|价格|价钱|几块|贵不贵"),
        ("rating", r"\bratings?\b|\brated\b|\bstars?\b|\bscore\b|评分|几分|几星|口碑"),
        ("reviews", r"\breviews?\b|\bhow many people\b|评论|多少人|评价数"),
        ("stock", r"\bin stock\b|\bstock\b|\bavailab\w+\b|\bsold out\b|\bleft\b|有货|库存|现货|缺货|还有吗"),
        ("brand", r"\bbrand\b|\bwho makes\b|\bmade by\b|品牌|牌子"),
        ("discount", r"\bdiscount\w*\b|\bon sale\b|\bsale\b|\boriginal price\b|\bmarked down\b"
                     r"|打折|优惠|折扣|原价|降价"),
        ("features", r"\bfeatures?\b|\bspecs?\b|\bwhat does it have\b|功能|特点|配置|卖点"),
    )
)  # fmt: skip


_PICKED_FIELD = {"cheapest": "price", "priciest": "price", "best rated": "rating", "worst rated": "rating",
                 "most reviewed": "reviews"}  # fmt: skip


def asks_field(text: str) -> list[str]:
    """The fields a question names ("what material", "多少钱", "in stock?")."""
    return [name for name, pattern in _FIELDS if pattern.search(text)]


@dataclass(frozen=True)
class Answered:
    text: str
    positions: tuple[int, ...]  # the products the answer is about, in the order asked
    known: bool  # False: nothing in the rows answers it ("the catalog does not say")


def answer(question: str, intent: Intent, targets: Numbered, language: str, *, picked: str = "",
           cny_per_usd: float = 7.2, which: bool = False) -> Answered:  # fmt: skip
    """Answer `question` about `targets` from their rows. `which`: "which one is waterproof?" over all."""
    say = w.Say(language, cny_per_usd)
    fields = asks_field(question)
    checks = _value_checks(intent, say, free_words=not fields and not picked)
    if which and checks:
        return _which(checks, targets, say)
    lines: list[str] = []
    for n, p in targets:
        if checks:
            lines += [check(n, p)[1] for check in checks]
        elif picked and set(fields) <= {
            _PICKED_FIELD.get(picked)
        }:  # "哪个评分最高": the pick, with its rating
            lines.append(say.pick(n, p, picked))
        elif fields:
            lines += [say.field(n, p, name) for name in dict.fromkeys(fields)]
    if lines:
        return Answered(say.join(lines), tuple(n for n, _ in targets), True)
    return Answered(say.does_not_say(targets), tuple(n for n, _ in targets), False)


Check = Callable[[int, Product], w.Verdict]


def _value_checks(intent: Intent, say: w.Say, *, free_words: bool) -> list[Check]:
    """One yes/no check per value the question names, in a fixed order; `free_words`: when nothing
    else is asked, words the parser could not place are looked for in the rows' text."""
    checks: list[Check] = [partial(say.has_feature, tag=tag) for tag in intent.features]
    checks += [partial(say.is_value, field="color", wanted=c) for c in intent.colors]
    checks += [partial(say.is_value, field="brand", wanted=b) for b in intent.brands]
    checks += [partial(say.is_value, field="subcategory", wanted=s) for s in intent.subcategories]
    if intent.size:
        checks.append(partial(say.is_value, field="size", wanted=intent.size))
    if intent.max_price is not None or intent.min_price is not None:
        checks.append(lambda n, p: say.price_within(n, p, intent.min_price, intent.max_price))
    if intent.min_rating is not None:
        checks.append(lambda n, p: say.rated_at_least(n, p, intent.min_rating or 0))
    if not checks and free_words and intent.keywords:
        words = intent.keywords
        checks.append(lambda n, p: say.mentions(n, p, words))
    return checks


def _which(checks: list[Check], targets: Numbered, say: w.Say) -> Answered:
    """ "Which one is waterproof?": the listed products a yes/no check says yes to."""
    yes = [(n, p) for n, p in targets if all(check(n, p)[0] for check in checks)]
    if not yes:
        return Answered(say.none_listed(), (), True)
    lines = [check(n, p)[1] for n, p in yes for check in checks]
    return Answered(say.join(lines), tuple(n for n, _ in yes), True)
