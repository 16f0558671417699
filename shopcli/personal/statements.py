"""What a shopper says about themselves in chat, learned only when said outright.

"I wear size 9", "我穿M码", "I don't like Nike", "我不喜欢粉色", "I love Hoka": a first-person frame
recognised here says *that* it is a preference and which way it points; the rule parser says
*what* it names, in catalog terms (brands, colours, sizes, categories, in English or Chinese). A line
that also asks for something ("I like Hoka running shoes under $150") is a search, not a statement,
and nothing is learned from it: the profile holds only what was said about the shopper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from shopcli.intent import Intent
from shopcli.money import Rates
from shopcli.personal.profile import Profile, color_zh, with_value
from shopcli.schema import PALETTE, Vocabulary
from shopcli.understand.lexicon import BRAND_EN
from shopcli.understand.lexicon_zh import BRAND_ZH
from shopcli.understand.rules import parse

_SIZE_EN = re.compile(
    r"^(?:i(?:'m| am)(?: a)?|i (?:usually |normally |always )?(?:wear|take)(?: a)?|my (?:[a-z]+ )?size is)"
    r"\s+(?:(?:a )?size\s+)?(?P<rest>.+)$"
)
_SIZE_ZH = re.compile(r"^我(?:一般|平时|通常|都)?(?:穿|的尺码是|的码是|尺码是)(?P<rest>.+)$")
_TASTE_EN = re.compile(
    r"^(?:i|we)\s+(?P<neg>don'?t|do not|never|really don'?t|really do not)?\s*"
    r"(?P<verb>like|love|prefer|hate|dislike|avoid|can'?t stand)\s+(?P<rest>.+)$"
)
_TASTE_ZH = re.compile(r"^我(?P<neg>不|不太|一点也不|从来不|从不)?(?P<verb>喜欢|爱|讨厌|不要)(?P<rest>.+)$")
_NEGATIVE_VERBS = ("hate", "dislike", "avoid", "can't stand", "cant stand", "讨厌", "不要")
_TRAILING = re.compile(r"[\s.!。！~,，]+$")
_LEFTOVER_OK = re.compile(r"^(?:very much|a lot|much|at all|really|brand|brands|color|colour|stuff|things)$")


@dataclass(frozen=True)
class ProfileChange:
    """Preferences learned from one statement, ready to apply to a profile."""

    items: tuple[tuple[str, str], ...]  # (profile key, value): ("avoid_brands", "Nike"), ("size", "9")
    category: str | None  # a size said for one category ("size 9 in running shoes")
    language: str

    def apply(self, profile: Profile) -> Profile:
        for key, value in self.items:
            profile = with_value(profile, key, [value], self.category if key == "size" else None, add=True)
        return profile

    def confirmation(self) -> str:
        """What was learned, and how it is used and undone, in the shopper's language."""
        if self.language == "zh":
            what = "；".join(_ZH_WORDS[key].format(v=_zh(key, value)) for key, value in self.items)
            return f"已记住：{what}。它只影响排序，不会隐藏商品；/profile 查看，shop profile forget 删除。"
        what = "; ".join(_EN_WORDS[key].format(v=value) for key, value in self.items)
        where = f" for {self.category}" if self.category and any(k == "size" for k, _ in self.items) else ""
        return (
            f"Noted: {what}{where}. It ranks results, it never hides them; "
            "/profile shows your profile, `shop profile forget` removes it."
        )


_EN_WORDS = {"size": "you wear size {v}", "brands": "you like {v}", "avoid_brands": "you avoid {v}",
             "colors": "you like {v}", "avoid_colors": "you avoid {v}"}  # fmt: skip
_ZH_WORDS = {"size": "你穿 {v} 码", "brands": "你喜欢 {v}", "avoid_brands": "你不喜欢 {v}",
             "colors": "你喜欢{v}", "avoid_colors": "你不喜欢{v}"}  # fmt: skip


def _zh(key: str, value: str) -> str:
    """A colour as Chinese shoppers write it (pink -> 粉色); brands and sizes as they are."""
    return color_zh(value) if "color" in key else value


@lru_cache(maxsize=4)
def statement_vocabulary(vocab: Vocabulary) -> Vocabulary:
    """The catalog's words plus every palette colour and every brand the lexicons know: what a
    shopper says about themselves holds beyond this catalog (one without a brand column included)."""
    brands = sorted({*vocab.brands, *BRAND_EN, *BRAND_ZH}, key=lambda b: (b.lower(), b))
    return replace(vocab, brands=tuple(brands), colors=tuple(sorted({*vocab.colors, *PALETTE})))


def parse_statement(
    line: str, vocab: Vocabulary, *, cny_per_usd: float = 7.2, rates: Rates | None = None
) -> ProfileChange | None:
    """The preference a line states about the shopper, or None when it states none (amounts in it are
    read with `rates`, by default the table with `cny_per_usd` yuan to the dollar)."""
    rates = rates or Rates.of({"CNY": cny_per_usd})
    vocab = statement_vocabulary(vocab)
    text = _TRAILING.sub("", " ".join(line.strip().lower().replace("’", "'").split()))
    language = "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"
    if size := (_SIZE_ZH if language == "zh" else _SIZE_EN).match(text):
        return _size_change(size.group("rest"), vocab, language, rates)
    if taste := (_TASTE_ZH if language == "zh" else _TASTE_EN).match(text):
        negative = bool(taste.group("neg")) != (taste.group("verb") in _NEGATIVE_VERBS)
        return _taste_change(taste.group("rest"), negative, vocab, language, rates)
    return None


def _size_change(rest: str, vocab: Vocabulary, language: str, rates: Rates) -> ProfileChange | None:
    words = rest if language == "zh" or rest.startswith("size") else f"size {rest}"
    intent = parse(words, vocab, rates=rates)
    if intent.size is None or _asks_for_more(intent, size=True):
        return None
    category = intent.categories[0] if len(intent.categories) == 1 else None
    return ProfileChange((("size", intent.size),), category, language)


def _taste_change(
    rest: str, negative: bool, vocab: Vocabulary, language: str, rates: Rates
) -> ProfileChange | None:
    # "from" is the cue the parser needs to read "Apple" or "Coach" as a brand, not a word.
    intent = parse(rest if language == "zh" else f"from {rest}", vocab, rates=rates)
    if _asks_for_more(intent):
        return None
    brands = (*intent.brands, *intent.exclude_brands)
    colors = (*intent.colors, *intent.exclude_colors)
    if not brands and not colors:
        return None
    prefix = "avoid_" if negative else ""
    items = tuple((f"{prefix}brands", b) for b in brands) + tuple((f"{prefix}colors", c) for c in colors)
    return ProfileChange(items, None, language)


def _asks_for_more(intent: Intent, *, size: bool = False) -> bool:
    """True when the words also name what to buy (a category, a price...): then it is a search."""
    extra = (
        intent.subcategories or intent.features or intent.min_price is not None
        or intent.max_price is not None or intent.min_rating is not None
        or [k for k in intent.keywords if not _LEFTOVER_OK.match(k)]
    )  # fmt: skip
    return bool(extra or (intent.categories and not size))
