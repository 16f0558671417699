"""Word facts in a reply sentence: colours, materials, features, comparatives and superlatives,
each checked against the rows it is about; and sentences that are not in the answer's language,
look like code or leaked from the prompt's worked example.

The words come in as `Terms` (built above this package from the understanding lexicons and the
catalog's vocabulary), so a catalog with other tags gets checks for its own features.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from shopcli.llm.attribution import Attribution, Subjects
from shopcli.llm.facts import Problem
from shopcli.schema import PALETTE, Product

# Materials a sentence may claim, by how they are written -> the English word a row holds.
MATERIALS: dict[str, str] = {
    **{w: w for w in (
        "cotton", "linen", "denim", "nylon", "wool", "cashmere", "leather", "suede", "silk", "polyester",
        "mesh", "fleece", "canvas", "viscose", "rubber", "spandex", "velvet", "satin", "chiffon", "merino",
        "corduroy", "stainless steel", "aluminium", "ceramic", "bamboo",
    )},  # fmt: skip
    "aluminum": "aluminium", "纯棉": "cotton", "棉质": "cotton", "亚麻": "linen", "牛仔布": "denim",
    "尼龙": "nylon", "羊毛": "wool", "羊绒": "cashmere", "真皮": "leather", "皮革": "leather",
    "麂皮": "suede", "真丝": "silk", "丝绸": "silk", "涤纶": "polyester", "聚酯纤维": "polyester",
    "网面": "mesh", "网布": "mesh", "抓绒": "fleece", "帆布": "canvas", "橡胶": "rubber",
    "不锈钢": "stainless steel", "陶瓷": "ceramic", "竹": "bamboo", "丝绒": "velvet", "缎面": "satin",
}  # fmt: skip


@dataclass(frozen=True)
class Terms:
    """Surface words -> catalog values, for the word checks."""

    colors: Mapping[str, str] = field(default_factory=lambda: {c: c for c in PALETTE} | {"gray": "grey"})
    features: Mapping[str, str] = field(default_factory=dict)  # "water-proof", "防水" -> "waterproof"
    materials: Mapping[str, str] = field(default_factory=lambda: dict(MATERIALS))
    example: frozenset[str] = frozenset()  # words only the prompt's worked example uses


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NEGATION = re.compile(
    r"(?:\bnot|n't|\bno|\bwithout|\blacks?|\bnor)\s+(?:\w+\s+){0,2}$|(?:不|没有|无|不是|并非)$"
)


def _find(words: Mapping[str, str], text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, surface, value) of every term in `text`, longest first, not overlapping."""
    taken: list[tuple[int, int]] = []
    for surface in sorted(words, key=len, reverse=True):
        pattern = re.escape(surface) if _CJK.search(surface) else rf"(?<![\w-]){re.escape(surface)}(?![\w-])"
        for m in re.finditer(pattern, text, re.I):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            yield m.start(), m.end(), surface, words[surface]


def _row_text(p: Product) -> str:
    return " ".join(
        filter(None, (p.name, p.description, p.material, p.subcategory, " ".join(p.tags)))
    ).lower()


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 24) : start]))


def _word_claims(
    kind: str, words: Mapping[str, str], text: str, att: Attribution, has: object
) -> Iterator[Problem]:
    for start, end, surface, value in _find(words, text):
        about = att.about(start, end)
        if _negated(text, start):
            if about.rows and all(has(p, value, surface) for p in about.rows):  # type: ignore[operator]
                yield kind, f"{_names(about)} is {value}, not without it"
            continue
        if not about.hold(lambda p, v=value, s=surface: has(p, v, s)):  # type: ignore[operator]
            yield kind, f"{_names(about)} is not listed as {value}"


def _has_color(p: Product, value: str, surface: str) -> bool:
    return p.color == value or value in _row_text(p) or surface.lower() in _row_text(p)


def _has_material(p: Product, value: str, surface: str) -> bool:
    return value in _row_text(p) or surface.lower() in _row_text(p)


def _has_feature(p: Product, value: str, surface: str) -> bool:
    text = _row_text(p)
    return value in p.tags or value in text or (not _CJK.search(surface) and surface.lower() in text)


def words(text: str, att: Attribution, terms: Terms) -> Iterator[Problem]:
    """Colours, materials and features must be the rows' own."""
    yield from _word_claims("colour", terms.colors, text, att, _has_color)
    yield from _word_claims("material", terms.materials, text, att, _has_material)
    yield from _word_claims("feature", terms.features, text, att, _has_feature)


def _names(about: Subjects) -> str:
    return " / ".join(p.name for p in about.rows[:2]) or "the listed products"


def blank_names(text: str, rows: Sequence[Product], *, tags: bool = False) -> str:
    """`text` with the listed products' names and brands (and tags) blanked, keeping every offset:
    "Red Wing" is a brand and "Dress, Red" a name, neither a colour claim."""
    names = {n for p in rows for n in (p.name, p.brand or "", *(p.tags if tags else ())) if len(n) >= 2}
    for name in sorted(names, key=len, reverse=True):
        pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
        text = re.sub(pattern, lambda m: " " * len(m.group()), text, flags=re.I)
    return text


# (pattern, field, direction): "[2] is cheaper than [1]" holds when price[2] < price[1].
_COMPARATIVES: tuple[tuple[re.Pattern[str], str, int], ...] = tuple(
    (re.compile(p, re.I), f, d) for p, f, d in (
        (r"\bcheaper\b|\bless expensive\b|\bmore affordable\b|\blower[- ]priced\b|\bcosts? less\b"
         r"|更便宜|便宜一些|便宜些|便宜一点|更实惠|价格更低", "price", -1),
        (r"\bmore expensive\b|\bpricier\b|\bcostlier\b|\bhigher[- ]priced\b|\bcosts? more\b"
         r"|更贵|贵一些|贵一点|价格更高", "price", 1),
        (r"\b(?:higher|better)[- ]rated\b|\brated (?:higher|better)\b|\b(?:higher|better) rating\b"
         r"|评分更高|评价更高|评价更好|口碑更好|分数更高", "rating", 1),
        (r"\blower[- ]rated\b|\brated lower\b|\blower rating\b|评分更低|评价更低", "rating", -1),
        (r"\bmore (?:reviews|popular|reviewed)\b|评论更多|更受欢迎|人气更高", "reviews", 1),
        (r"\blighter\b|更轻|轻一些", "light", 1),
        (r"\bheavier\b|更重", "light", -1),
    )
)  # fmt: skip
# (pattern, field, direction): "the cheapest [3]" holds when price[3] is the lowest listed.
_SUPERLATIVES: tuple[tuple[re.Pattern[str], str, int], ...] = tuple(
    (re.compile(p, re.I), f, d) for p, f, d in (
        (r"\bcheapest\b|\bleast expensive\b|\blowest[- ]priced\b|\blowest price\b|\bmost affordable\b"
         r"|最便宜|价格最低|最实惠|最低价", "price", -1),
        (r"\bmost expensive\b|\bpriciest\b|\bhighest[- ]priced\b|最贵|价格最高", "price", 1),
        (r"\b(?:highest|best|top)[- ]rated\b|\b(?:highest|best|top) rating\b"
         r"|评分最高|评价最高|评价最好|口碑最好|分数最高", "rating", 1),
        (r"\blowest[- ]rated\b|\blowest rating\b|评分最低", "rating", -1),
        (r"\bmost (?:reviewed|reviews|popular)\b|评论最多|最受欢迎|人气最高", "reviews", 1),
    )
)  # fmt: skip
_THAN = re.compile(r"\bthan\b|\bcompared (?:to|with)\b|比|相比", re.I)
_ONE_OF = re.compile(r"(?:one of the|among the|one of|之一)\s*$", re.I)


def _value(p: Product, name: str) -> float | None:
    if name == "light":
        return 1.0 if "lightweight" in p.tags else 0.0
    return {"price": p.price, "rating": p.rating, "reviews": p.review_count}[name]


def _beats(a: Product, b: Product, name: str, direction: int) -> bool:
    x, y = _value(a, name), _value(b, name)
    return x is not None and y is not None and (x - y) * direction > 0


def comparisons(text: str, att: Attribution, listed: Sequence[Product]) -> Iterator[Problem]:
    """Comparatives must hold between the rows compared; superlatives among every listed row."""
    for pattern, name, direction in _COMPARATIVES:
        for m in pattern.finditer(text):
            if _negated(text, m.start()):
                continue
            subject, others = _compared(text, m, att)
            if subject and others and not all(_beats(subject, o, name, direction) for o in others):
                yield "comparative", f"{m.group()!r} does not hold for {subject.name}"
    for pattern, name, direction in _SUPERLATIVES:
        for m in pattern.finditer(text):
            if _negated(text, m.start()) or _ONE_OF.search(text[max(0, m.start() - 14) : m.start()]):
                continue
            subject = att.nearest_before(m.start()) or att.nearest_after(m.end())
            if subject is None and len(att.previous) == 1:
                subject = att.previous[0]
            if subject is None or not listed:
                continue
            values = [v for v in (_value(p, name) for p in listed) if v is not None]
            best = (max if direction > 0 else min)(values) if values else None
            if _value(subject, name) != best:
                yield "superlative", f"{m.group()!r} is not true of {subject.name} among the listed rows"


def _compared(text: str, m: re.Match[str], att: Attribution) -> tuple[Product | None, list[Product]]:
    """The row a comparative is about, and the rows it is compared with."""
    than = _THAN.search(text)
    if than and "比" in than.group() and than.start() < m.start():  # [2]比[1]更便宜
        subject = att.nearest_before(than.start())
        other = att.nearest_after(than.end())
        return subject, [other] if other and other is not subject else []
    subject = att.nearest_before(m.start()) or att.nearest_after(m.end())
    if than and than.start() >= m.end():  # [2] is cheaper than [1]
        other = att.nearest_after(than.end())
        return subject, [other] if other and other is not subject else []
    others = [p for p in att.cited if p is not subject] or [p for p in att.previous if p is not subject]
    return subject, others
