"""Prices in English and Chinese: "under $80", "$50-$100", "around 150", "300元以内", "under 1000 rupees".

A number is a price only with a cue: a currency ("$", "元", "bucks", "₹", "rupees", "欧元"), a comparison
before it ("under", "at least", "低于", "预算") or after it ("or less", "+", "以内", "以上", "左右"), or a
range ("30 to 70"). So model numbers ("iPhone 15", "XPS 13", "WH-1000XM5") and quantities with units
("32 inch", "2 pounds") are never prices. Decisions, all deliberate:
- an amount with a currency and no comparison is a budget, i.e. a maximum ("a $300 phone");
- "around/about/~/左右" means ±20% of the amount;
- "over/above/more than/at least/以上/N+" is a minimum, never a maximum;
- bounds come out in the catalog's currency. A written currency is converted to it with the configured
  rates (money.py) and a note says so;
- an amount with no currency word is in the catalog's currency ("300以内" on a CNY catalog is ¥300),
  except after a Chinese cue on a catalog not written in Chinese, where a shopper means yuan (预算300 on
  the English, USD demo is 300 CNY, converted): English has no single home currency, Chinese has;
  a bare range ("300-500") follows the query's language the same way;
- "pounds" is money only on a GBP catalog (or as "£", "GBP", "quid", "英镑"): elsewhere it is a weight.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from shopcli.intent import Language
from shopcli.money import Rates
from shopcli.understand.numbers import CN_NUMERAL, CN_NUMERAL_CHARS, EN_NUMERAL, arabic, chinese, english

_NUM = r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?P<mult>k(?![a-z])|千|万|百)?"
# Longest first: the first alternative that matches wins, and 日元 must not be read as 元.
_WORDS: dict[str, tuple[str, ...]] = {
    "USD": ("us dollars", "us dollar", "us$", "usd", "dollars", "dollar", "bucks", "buck", "美元", "美金",
            "刀", "$"),
    "CNY": ("人民币", "块钱", "rmb", "cny", "yuan", "块", "元", "圆", "¥"),
    "INR": ("印度卢比", "rupees", "rupee", "卢比", "inr", "rs.", "rs", "₹"),
    "EUR": ("euros", "euro", "eur", "欧元", "€"),
    "GBP": ("pounds sterling", "british pounds", "quid", "gbp", "英镑", "£", "pounds", "pound"),
    "JPY": ("jp¥", "jpy", "yen", "日元", "円"),
    "KRW": ("krw", "韩元", "₩"),
    "HKD": ("hk$", "hkd", "港币", "港元"),
}  # fmt: skip
_CURRENCY_OF = {word: code for code, words in _WORDS.items() for word in words}
_SYMBOLS = ("us$", "hk$", "jp¥", "$", "¥", "₹", "€", "£", "₩", "rs.", "rs", "usd", "rmb", "cny", "inr", "eur",
            "gbp", "jpy", "hkd", "人民币")  # fmt: skip
_WEAK = frozenset({"pounds", "pound"})  # a weight unless the catalog sells in pounds


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PRE = rf"(?P<pre>(?:{_alternation(_SYMBOLS)})\s?)"
_POST = rf"(?P<post>\s?(?:{_alternation(_CURRENCY_OF)})(?![a-z]))"
_CN_START = rf"(?<![{CN_NUMERAL_CHARS}])"  # a Chinese numeral is read whole: 两百, never 百
AMOUNT = re.compile(
    rf"(?<![a-z0-9.])(?<!\d,)(?<![a-z]-){_PRE}?(?:{_NUM}|{_CN_START}(?P<cn>{CN_NUMERAL})|(?P<en>{EN_NUMERAL}))"
    rf"{_POST}?(?![a-z0-9])"
)
_UNIT = re.compile(
    r"\s?(?:inch(?:es)?\b|in\b|\"|''|gb|tb|mb|mp\b|mah|hz|w\b|watts?|kg|g\b|lbs?\b|pounds?|oz\b|ml\b|l\b|"
    r"lit(?:er|re)s?|hours?|hrs?|h\b|mins?\b|minutes?|years?|yrs?|months?|days?|weeks?|pcs|pieces?|pack|"
    r"pairs?|people|persons?|cups?|qt|quarts?|cm|mm|km|m\b|%|x\b|fps|p\b|stars?|series|gen\b|寸|英寸|号|码|"
    r"岁|个|件|双|台|部|张|条|小时|天|年|人|杯|升|瓦|毫安|星|分|核|度|斤|公斤|克|米|厘米|月|周|次|页)"
)
_EN_CUES = {
    "max": r"under|sub|below|beneath|less than|lower than|cheaper than|no more than|not more than|not over|"
    r"no higher than|not above|at most|(?<!pro )(?<!air )(?<!airpods )max(?:imum)?|up to|upto|within|"
    r"budget(?: of| is| at)?|spend(?:ing)?|not exceeding|no pricier than|<=?|≤",
    "min": r"over|above|more than|greater than|higher than|at least|min(?:imum)?|starting at|"
    r"starting from|no less than|not less than|north of|>=?|≥|from",
    "around": r"around|about|approximately|approx\.?|roughly|circa|close to|near|nearly|~|≈|"
    r"something like|in the range of|in the",
}
_ZH_CUES = {
    "max": r"不要超过|别超过|不能超过|不超过|不超出|不高于|不多于|不大于|不到|低于|少于|小于|便宜于|"
    r"最多|最高|顶多|至多|上限|控制在|预算(?:在|是|为|有|只有|就|最多)?",
    "min": r"高于|超过|多于|大于|至少|不低于|不少于|最少|起码|最低",
    "around": r"大概|大约|约|差不多|预算大概|预算大约|预算约",
}
_PRE_CUE = re.compile(
    "(?:" + "|".join(rf"(?<![a-z])(?P<en_{k}>{v})" for k, v in _EN_CUES.items())
    + "|" + "|".join(rf"(?P<zh_{k}>{v})" for k, v in _ZH_CUES.items()) + r")\s*[:=]?\s*$"
)  # fmt: skip
_POST_CUE = re.compile(
    r"^\s*(?:(?P<en_max>or less|or under|or below|or lower|or cheaper|and under|and below|and less"
    r"|max(?:imum)?|tops|at most|at the most)|(?P<en_min>\+|or more|or above|or higher|or over|and up"
    r"|and above|and over|and higher|plus|minimum|min|at least)"
    r"|(?P<en_around>or so|-?ish|give or take|or thereabouts|range)"
    r"|(?P<zh_max>以内|以下|之内|之下|内|封顶|为限)|(?P<zh_min>以上|起步|起|往上|开外|多)"
    r"|(?P<zh_around>左右|上下|附近|前后))(?![a-z])"
)
_RANGE_SEP = re.compile(r"\s*(?:-|~|to|through|thru|and|到|至)\s*")
_RANGE_PRE = re.compile(r"(?:(?<![a-z])(?:between|from)|在|介于)\s*$")
_RANGE_POST = re.compile(r"^\s*(?:之间|之内|以内|的价位|range)")
_MODEL_WORD = re.compile(
    r"(?<![a-z])(?:size|iphone|galaxy|pixel|series|gen|model|version|no|number|top|rtx|gtx|"
    r"windows|ios|android|usb|ipad|macbook|xps|mate|note|watch|ps)\s*$"
)
_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN_APPROX = re.compile(
    r"(?<![零〇一二两三四五六七八九十百千万])(?P<a>[一二两三四五六七八九])(?P<b>[二三四五六七八九])(?P<unit>[十百千万])"
    r"(?:块钱|块|元)?(?P<cue>左右|以内|以下|之间)?"
)
AROUND = 0.2  # "around 150" means 120-180


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    value: float
    currency: str | None  # an ISO code ("USD", "INR"), or None when not written
    chinese_numeral: bool


@dataclass(frozen=True)
class Price:
    low: float | None = None  # in the catalog's currency
    high: float | None = None
    spans: tuple[tuple[int, int], ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Money:
    """What bare amounts mean and how written ones convert: the catalog's side of a budget."""

    currency: str = "USD"  # the catalog's
    language: str = "en"  # the catalog's names
    rates: Rates = Rates.of()

    def bare(self, chinese: bool) -> str:
        """The currency of an amount written without one, after a Chinese or an English cue."""
        return "CNY" if chinese and self.language != "zh" else self.currency


def find_amounts(folded: str, money: Money = Money()) -> list[Amount]:
    """Every number that could be a price, with the currency written next to it, if any."""
    found = []
    for m in AMOUNT.finditer(folded):
        if m.group("num"):
            value = arabic(m.group("num"), m.group("mult"))
        elif m.group("en"):
            value = english(m.group("en"))
        else:
            value = chinese(m.group("cn"))
        currency = _currency(m.group("pre") or m.group("post") or "", money)
        if currency is None and m.group("post"):  # "2 pounds" off a GBP catalog: a weight
            continue
        if value is None or (currency is None and _UNIT.match(folded, m.end())):
            continue
        found.append(Amount(m.start(), m.end(), value, currency, m.group("cn") is not None))
    return found


def _currency(word: str, money: Money) -> str | None:
    word = word.strip()
    if not word or (word in _WEAK and money.currency != "GBP"):
        return None
    return _CURRENCY_OF.get(word) or _CURRENCY_OF.get(word.rstrip(".").strip())


def find_price(folded: str, language: Language, money: Money = Money()) -> Price:
    """The price bounds a query asks for, in the catalog's currency, with the text they came from."""
    amounts = find_amounts(folded, money)
    events: list[tuple[str, float, float, tuple[int, int], str]] = []  # kind, low, high, span, currency
    used: set[int] = set()
    for i in range(len(amounts) - 1):
        if i not in used and (event := _range(folded, amounts[i], amounts[i + 1], language, money)):
            events.append(event)
            used |= {i, i + 1}
    for i, amount in enumerate(amounts):
        if i not in used and (event := _single(folded, amount, money)):
            events.append(event)
    events += _chinese_spans(folded)
    return _combine(sorted(events, key=lambda e: e[3]), money)


def _chinese_spans(folded: str) -> list[tuple]:
    """ "两三百块", "五六百": two neighbouring digits before a unit are a range, always in CNY."""
    events = []
    for m in _CN_APPROX.finditer(folded):
        unit = _CN_UNIT[m.group("unit")]
        low, high = (_CN_DIGIT[m.group(g)] * unit for g in ("a", "b"))
        if high == low + unit:
            kind = "max" if m.group("cue") in ("以内", "以下") else "range"  # 三四千以内: at most 4,000
            events.append((kind, float(low), float(high), m.span(), "CNY"))
    return events


def _range(folded: str, a: Amount, b: Amount, language: Language, money: Money) -> tuple | None:
    if not _RANGE_SEP.fullmatch(folded, a.end, b.start):
        return None
    before, after = folded[max(0, a.start - 20) : a.start], folded[b.end : b.end + 20]
    cue = _RANGE_PRE.search(before)
    written = a.currency or b.currency
    if "and" in folded[a.end : b.start] and not (cue and cue.group().strip() == "between"):
        return None
    if not (written or cue or _RANGE_POST.match(after)):
        if a.value >= b.value or b.value < 10 or _MODEL_WORD.search(before) or _looks_like_years(a, b):
            return None
    low, high = sorted((a.value, b.value))
    start = a.start - len(before) + cue.start() if cue else a.start
    post = _RANGE_POST.match(after)
    end = b.end + (post.end() if post else 0)
    chinese_cue = bool(cue and not cue.group().strip().isascii()) or bool(post and not post.group().isascii())
    currency = written or money.bare(chinese_cue or language == "zh")
    return ("range", low, high, (start, end), currency)


def _looks_like_years(a: Amount, b: Amount) -> bool:
    return all(1900 <= x.value <= 2100 and x.value.is_integer() for x in (a, b))


def _single(folded: str, amount: Amount, money: Money) -> tuple | None:
    pre = _PRE_CUE.search(folded, max(0, amount.start - 40), amount.start)
    post = _POST_CUE.match(folded[amount.end : amount.end + 24])
    pre_cue, post_cue = _cue_name(pre), _cue_name(post)
    # "预算1000左右": the Chinese word after wins; "under $80 and over $30": "over" belongs to $30
    if post_cue and pre_cue and not post_cue.startswith("zh"):
        post, post_cue = None, None
    cue = post_cue or pre_cue
    start = pre.start() if pre else amount.start
    end = amount.end + (post.end() if post else 0)
    if cue is None:
        if amount.currency is None or (amount.chinese_numeral and amount.value < 10):
            return None  # a bare number, or "一块" (one piece) rather than one yuan
        cue = "en_max"
    if amount.currency is None and (cue == "en_min" and post and amount.value < 20):
        return None  # "iPhone 15+" is a model, "100+" a price
    if amount.currency is None and cue.endswith("min") and pre and pre.group().strip() == "from":
        if 1900 <= amount.value <= 2100:
            return None  # "from 2023" is a year
    lang, kind = cue.split("_")
    currency = amount.currency or money.bare(lang == "zh")
    return (kind, amount.value, amount.value, (start, end), currency)


def _cue_name(match: re.Match[str] | None) -> str | None:
    return next((name for name, value in match.groupdict().items() if value), None) if match else None


def _combine(events: list[tuple], money: Money) -> Price:
    low: float | None = None
    high: float | None = None
    notes: list[str] = []
    for kind, a, b, _span, currency in events:
        if kind == "around":
            a, b = a * (1 - AROUND), b * (1 + AROUND)
            notes.append(
                f"about {_fmt(a / (1 - AROUND))} {currency} read as {_fmt(a)}–{_fmt(b)} {currency} (±20%)"
            )
        if currency != money.currency:
            converted = _convert(a, b, kind, currency, money)
            if converted is None:
                notes.append(f"a budget in {currency} was left out: no {currency} rate (add one to [rates])")
                continue
            (a, b), note = converted
            notes.append(note)
        if kind in ("range", "around", "min") and low is None:
            low = round(a, 2)
        if kind in ("range", "around", "max") and high is None:
            high = round(b, 2)
    if low is not None and high is not None and low > high:
        low, high = high, low
        notes.append("the lowest and highest price were swapped")
    return Price(low, high, tuple(e[3] for e in events), tuple(notes))


def _convert(
    a: float, b: float, kind: str, source: str, money: Money
) -> tuple[tuple[float, float], str] | None:
    """(a, b) in the catalog's currency, and the note that says how; None without a rate."""
    target, rates = money.currency, money.rates
    low, high = rates.convert(a, source, target), rates.convert(b, source, target)
    if low is None or high is None:
        return None
    how = f"at {rates.describe(source, target)}"
    if kind in ("range", "around"):
        note = f"{_fmt(a)}–{_fmt(b)} {source} ≈ {_fmt(low)}–{_fmt(high)} {target} {how}"
    else:
        value, converted = (b, high) if kind == "max" else (a, low)
        note = f"{_fmt(value)} {source} ≈ {_fmt(converted)} {target} {how}"
    return (low, high), note


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")
