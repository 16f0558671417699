"""Number facts in a reply sentence, each checked against the rows it is about: prices, ratings,
review counts, stock and sizes. A number the shopper wrote may be repeated (it is their budget).

Every check returns (kind, message) problems; grounding.py withholds a sentence with any.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from shopcli.llm.attribution import Attribution, Subjects
from shopcli.money import plain_amount, yuan_rate
from shopcli.schema import Product
from shopcli.textutil import numbers_in

Problem = tuple[str, str]  # (kind, message)
_AMOUNT = r"(\d[\d,]*(?:\.\d+)?)"
_INT = r"(?<![\d.,])(\d[\d,]*)(?![\d.])"
_SMALL = r"(?<![\d.,])(\d(?:\.\d{1,2})?)(?![\d.])"
# Prices in a currency: "$1,299.00", "€12", "299 USD", "49.99美元", "194元", "¥299".
_MONEY = re.compile(
    rf"(?P<sign>[$€£₹¥￥]|Rs\.?\s?)\s?{_AMOUNT}|{_AMOUNT}\s?(?P<word>dollars|usd|eur|euros?|inr|rupees|"
    r"美元|美金|欧元|卢比|元|块|人民币|rmb|cny)(?![a-z])",
    re.I,
)
_YUAN_WORDS = ("元", "块", "人民币", "rmb", "cny")
# the currency a sign or word in _MONEY names, for a problem that says the amount plainly ("$5.00")
_CODE_OF = dict.fromkeys(("¥", "￥", *_YUAN_WORDS), "CNY") | {
    "$": "USD", "dollars": "USD", "usd": "USD", "美元": "USD", "美金": "USD", "€": "EUR", "eur": "EUR",
    "euro": "EUR", "euros": "EUR", "欧元": "EUR", "£": "GBP", "₹": "INR", "rs": "INR", "inr": "INR",
    "rupees": "INR", "卢比": "INR",
}  # fmt: skip
_RATING = re.compile(
    rf"{_SMALL}\s*(?:-|\s)?(?:stars?\b|star rating|/\s*5\b|out of (?:5|five)\b|(?:分|星)(?!钟))"
    rf"|\brated\s+(?:at\s+)?{_SMALL}(?!\s*(?:reviews|ratings|%))|\brating of\s+{_SMALL}"
    rf"|{_SMALL}\s+(?:average\s+)?rating\b|评分(?:为|是|有|高达|达到|达)?\s*{_SMALL}",
    re.I,
)
_REVIEWS = re.compile(
    rf"{_INT}\s*\+?\s*(?:customer\s+|user\s+|verified\s+|positive\s+)?(?:reviews?|ratings)\b"
    rf"|{_INT}\s*多?\s*(?:条|个|份|位|人)?\s*(?:用户)?(?:评论|评价|好评)"
    rf"|(?:评论|评价)(?:数|数量)?\s*(?:为|有|达|达到|超过)\s*{_INT}",
    re.I,
)
_STOCK_COUNT = re.compile(
    rf"{_INT}\s+(?:units?\s+|pairs?\s+|items?\s+|pieces?\s+)?(?:left|in stock|remaining)\b"
    rf"|(?:库存|仅剩|只剩|还剩|剩余)\s*(?:还有|仅有|只有|仅)?\s*{_INT}",
    re.I,
)
_OUT_OF_STOCK = re.compile(
    r"\bout of stock\b|\bsold out\b|\bnot (?:currently )?in stock\b|缺货|无货|售罄|断货|没货"
)
_IN_STOCK = re.compile(r"\bin stock\b|有货|现货|有库存|库存充足", re.I)
_NEGATED = re.compile(r"(?:\bnot|n't|\bno longer|\bout of)\s+(?:\w+\s+)?$|[不没无]\S?$", re.I)
_SIZE = re.compile(
    r"\bsizes?\s+([a-z0-9.]{1,5})\b|([a-z0-9.]{1,4})\s*码|尺码\s*(?:为|是)?\s*([a-z0-9.]{1,4})", re.I
)
_SIZE_WORD = re.compile(r"^(?:x{0,3}s|m|x{0,3}l|\d{1,2}(?:\.5)?)$", re.I)
_AT_LEAST = re.compile(r"(?:over|above|more than|at least|almost|nearly|超过|高于|至少|近)\s*$", re.I)
_ABOUT = re.compile(r"(?:about|around|roughly|approximately|nearly|almost|约|大约|接近|近)\s*$", re.I)


@dataclass(frozen=True)
class Facts:
    """What the number checks need besides the sentence."""

    question: str = ""
    cny_per_usd: float = 7.2
    said: frozenset[float] = field(default=frozenset())

    @classmethod
    def for_question(cls, question: str, cny_per_usd: float) -> Facts:
        return cls(question, cny_per_usd, frozenset(numbers_in(question)))


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _groups(match: re.Match[str]) -> str:
    return next(g for g in match.groups() if g is not None)


def _qualifier(text: str, start: int) -> str:
    """'at least' when a bound word precedes the number ("over 4 stars"), 'about' for "about 4"."""
    before = text[max(0, start - 16) : start]
    return "about" if _ABOUT.search(before) else "at least" if _AT_LEAST.search(before) else ""


def _matches(value: float, actual: float | None, qualifier: str, tolerance: float) -> bool:
    if actual is None:
        return False
    if qualifier == "at least":
        return actual >= value - tolerance
    if qualifier == "about":
        return abs(actual - value) <= max(tolerance, actual * 0.1)
    return abs(actual - value) <= tolerance


def prices(text: str, att: Attribution, facts: Facts) -> Iterator[Problem]:
    """Amounts in a currency must be a price (or former price) of the rows they are about."""
    for m in _MONEY.finditer(text):
        amount = _num(m.group(2) or m.group(3))
        if amount in facts.said:
            continue
        about = att.about(m.start(), m.end())
        yuan = (m.group("word") or "").lower() in _YUAN_WORDS or (m.group("sign") or "") in "¥￥"
        if not about.hold(lambda p, a=amount, y=yuan: _price_fits(p, a, y, facts.cny_per_usd)):
            code = _CODE_OF.get((m.group("sign") or m.group("word") or "").strip().rstrip(".").lower())
            shown = plain_amount(amount, code) if code else m.group(0).strip()
            yield "price", f"price {shown} is not in the table"


def _price_fits(p: Product, amount: float, yuan: bool, cny_per_usd: float) -> bool:
    own = [p.price] + ([p.original_price] if p.original_price else [])
    if any(abs(amount - v) <= max(0.01, v * 0.005) for v in own):
        return True
    rate = yuan_rate(p.currency or "USD", cny_per_usd) if yuan else None
    # whole yuan are rounded: "约194元" for $26.99 is right, so allow half a yuan besides 2%
    return rate is not None and any(abs(amount - v * rate) <= max(0.5, v * rate * 0.02) for v in own)


def _checked(
    pattern: re.Pattern[str], text: str, att: Attribution, read: Callable[[re.Match[str]], float | None],
    fits: Callable[[Product, float, str], bool],
) -> Iterator[tuple[re.Match[str], float, Subjects]]:  # fmt: skip
    """Each match whose value does not hold for the rows it is about."""
    for m in pattern.finditer(text):
        value = read(m)
        if value is None:
            continue
        about = att.about(m.start(), m.end())
        qualifier = _qualifier(text, m.start())
        if not about.hold(lambda p, v=value, q=qualifier: fits(p, v, q)):
            yield m, value, about


def ratings(text: str, att: Attribution, facts: Facts) -> Iterator[Problem]:
    def read(m: re.Match[str]) -> float | None:
        value = _num(_groups(m))
        return value if 0 < value <= 5 and value not in facts.said else None

    def fits(p: Product, v: float, q: str) -> bool:
        return _matches(v, p.rating, q, 0.051)

    for _m, value, about in _checked(_RATING, text, att, read, fits):
        yield "rating", f"rating {value:g} is not what {_names(about)} has"


def reviews(text: str, att: Attribution, facts: Facts) -> Iterator[Problem]:
    def read(m: re.Match[str]) -> float | None:
        value = _num(_groups(m))
        return None if value in facts.said else value

    def fits(p: Product, v: float, q: str) -> bool:
        return _matches(v, p.review_count, q or ("at least" if "多" in text else ""), 0.5)

    for _m, value, about in _checked(_REVIEWS, text, att, read, fits):
        yield "reviews", f"{value:,.0f} reviews is not what {_names(about)} has"


def stock(text: str, att: Attribution, facts: Facts) -> Iterator[Problem]:
    for m in _STOCK_COUNT.finditer(text):
        count = _num(_groups(m))
        about = att.about(m.start(), m.end())
        qualifier = _qualifier(text, m.start())
        if not about.hold(lambda p, c=count, q=qualifier: _matches(c, p.stock, q, 0.5)):
            yield "stock", f"{count:g} in stock is not what {_names(about)} has"
    for pattern, wanted, label in ((_OUT_OF_STOCK, False, "out of stock"), (_IN_STOCK, True, "in stock")):
        for m in pattern.finditer(text):
            if wanted and _NEGATED.search(text[max(0, m.start() - 20) : m.start()]):
                continue  # "not in stock" was read as out of stock above
            about = att.about(m.start(), m.end())
            if not about.hold(lambda p, w=wanted: p.stock is not None and (p.stock > 0) == w):
                yield "stock", f"{_names(about)} is not listed as {label}"


def sizes(text: str, att: Attribution, facts: Facts) -> Iterator[Problem]:
    for m in _SIZE.finditer(text):
        size = _groups(m).rstrip(".")
        if not _SIZE_WORD.match(size):
            continue
        about = att.about(m.start(), m.end())
        if not about.hold(lambda p, s=size: p.size is not None and p.size.strip().lower() == s.lower()):
            yield "size", f"size {size} is not what {_names(about)} comes in"


def _names(about: Subjects) -> str:
    return " / ".join(p.name for p in about.rows[:2]) or "the listed products"


NUMBER_CHECKS = (prices, ratings, reviews, stock, sizes)
