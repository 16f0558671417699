"""References to the products listed, resolved in code, never by the model alone.

"2", "#2", "number 5", "the second", "the first two", "第二个", "第2款", "前两个", "最后一个": positions.
"the Hoka", "那个索尼的", "the Speedgoat": the listed products with that brand or name word.
"it", "that one", "这个": the product(s) last discussed. "the cheapest one", "评分最高的": computed.
A reference that does not resolve ("number 42" when 8 are listed) becomes a question back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from shopcli.dialogue.picks import PICKS, pick
from shopcli.schema import Product
from shopcli.understand.lexicon_zh import BRAND_ZH
from shopcli.understand.numbers import chinese

Span = tuple[int, int]
_ORD_EN = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
           "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip
_COUNT_EN = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
_NOUN = r"(?:\s+(?:one|ones|option|options|item|items|product|products|pick|result|row|choice))"
_MARKED = re.compile(
    r"#\s*(\d{1,3})\b|\b(?:number|no\.|nr\.?|item|option|product|row|choice)\s*#?\s*(\d{1,3})\b", re.I
)
_ORDINAL = re.compile(rf"\b(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
                      rf"|\d{{1,2}}(?:st|nd|rd|th)|last)\b({_NOUN})?", re.I)  # fmt: skip
_RANGE_EN = re.compile(r"\b(?:the\s+)?(first|top|last)\s+(two|three|four|five|[2-5])\b", re.I)
_BARE = re.compile(
    r"(?<![\w$€£¥₹.,#])(\d{1,3})(?![\w%]|[.,]\d|\s*(?:dollars?|usd|bucks|stars?|元|块|美元|分|星|码|号))",
    re.I,
)
_PRICE_BEFORE = re.compile(
    r"(?:under|over|below|above|less than|more than|around|budget|max|min|size"
    r"|(?<!how )(?<!what )(?<!me )(?<!more )(?<!info )(?<!say )(?<!think )about"
    r"|within|up to|rated|以内|以下|以上|低于|高于|不超过|预算)\s*$", re.I)  # fmt: skip
_DI = re.compile(
    r"第\s*([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个|款|件|名|台|部|双|条|只|种|项|样)?"
)
_HAO = re.compile(r"([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*号")
_RANGE_ZH = re.compile(r"(前|后|最后)\s*([0-9]|[两二三四五])\s*(?:个|款|件|台|部|双|条|只|样)")
_LAST_ZH = re.compile(r"最后\s*(?:一|那)\s*(?:个|款|件|台|部|双|条|只)")
_PRONOUN = re.compile(
    r"\b(?:it|this one|that one|this|that|the one|its)\b|这个|那个|这款|那款|这件|那件|这台|那台|它", re.I
)
_PLURAL = re.compile(
    r"\b(?:both|them|these|those|all of them|the two|these two|those two)\b"
    r"|这两|那两|两个都|两款都|它们|这几|都",
    re.I,
)
_DETERMINER = re.compile(
    r"(?:\b(?:the|that|this|those|these)\s+|那个|这个|那款|这款|那台|这台|那件|这件|那双|这双)\s*$", re.I
)
_NAME_WORD = re.compile(r"[a-z][a-z0-9-]{2,}|\d+[a-z]+[a-z0-9]*", re.I)


def chinese_number(text: str) -> int | None:
    """ "2" -> 2, "二" / "两" -> 2, "十" -> 10."""
    value = float(text) if text.isdigit() else chinese(text)
    return int(value) if value is not None else None


_COMMON = frozenset(
    "the and for with new men women mens womens kids black white pro plus max mini air".split()
)


@dataclass(frozen=True)
class Refs:
    positions: tuple[int, ...] = ()  # 1-based positions in the list shown, in the order referred to
    kind: str = "none"  # explicit, pick, name, pronoun or none
    problem: str = ""  # when a reference did not resolve: the question to ask back
    spans: tuple[Span, ...] = ()  # the text the references used
    picked: str = ""  # the computed pick ("cheapest", "best rated"...), if any

    @property
    def found(self) -> bool:
        return bool(self.positions or self.problem)


def find(
    text: str, shown: Sequence[Product], focus: Sequence[int], *, brands: Sequence[str] = (),
    loose: bool = False, numbers: bool = False, language: str = "en", recent: Sequence[int] = (),
) -> Refs:  # fmt: skip
    """The listed products `text` refers to, in the order it names them. `loose`: the line is about
    listed products (a cue such as "compare" or "怎么样"), so bare numbers, "it" and brand names
    count as references too; `numbers`: bare numbers do (shopcli just asked "Which one?")."""
    hits = [(s, e, found, "explicit") for s, e, found in _numbers(text, loose or numbers)]
    picked = ""
    for name, pattern in PICKS:
        if shown and (m := pattern.search(text)) and not _overlaps(m.start(), m.end(), hits):
            hits.append((m.start(), m.end(), (pick(name, shown),), "pick"))
            picked = picked or name
    hits += [h for h in _names(text, shown, brands, loose) if not _overlaps(h[0], h[1], hits)]
    pronoun = _pronoun(text, shown, focus, loose, recent)
    if pronoun is not None and not _determiner(text, pronoun, hits):
        hits.append(pronoun)
    if not hits:
        return Refs()
    return _resolved(sorted(hits), len(shown), language, picked)


def _determiner(text: str, pronoun: Hit, hits: Sequence[Hit]) -> bool:
    """ "那个索尼的", "the cheapest one", "最便宜的那个": a pronoun right next to a name or a pick is
    its determiner, not a reference of its own ("第三个和它" is two references)."""
    start, end = pronoun[0], pronoun[1]
    for s, e, *_ in hits:
        gap = text[end:s] if s >= end else text[e:start] if e <= start else ""
        if (s < end and start < e) or re.fullmatch(r"[\s的]*", gap):
            return True
    return False


def _numbers(text: str, loose: bool) -> list[tuple[int, int, tuple[int, ...]]]:
    """(start, end, positions) for numbers and ordinals; negative positions count from the end."""
    hits: list[tuple[int, int, tuple[int, ...]]] = []
    for m in _MARKED.finditer(text):
        hits.append((m.start(), m.end(), (int(m.group(1) or m.group(2)),)))
    for m in _RANGE_EN.finditer(text):
        k = _COUNT_EN[m.group(2).lower()]
        hits.append(
            (
                m.start(),
                m.end(),
                tuple(range(-k, 0)) if m.group(1).lower() == "last" else tuple(range(1, k + 1)),
            )
        )
    for m in _ORDINAL.finditer(text):
        named = loose or m.group(2) or m.group(0).lower().startswith("the")  # "the second", "2nd one"
        if _overlaps(m.start(), m.end(), hits) or not named:
            continue
        word = m.group(1).lower()
        hits.append((m.start(), m.end(), (-1,) if word == "last" else (_ORD_EN.get(word) or int(word[:-2]),)))
    for m in _RANGE_ZH.finditer(text):
        k = int(chinese_number(m.group(2)) or 0)
        hits.append(
            (m.start(), m.end(), tuple(range(1, k + 1)) if m.group(1) == "前" else tuple(range(-k, 0)))
        )
    for pattern in (_DI, _HAO):
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), hits):
                hits.append((m.start(), m.end(), (int(chinese_number(m.group(1)) or 0),)))
    for m in _LAST_ZH.finditer(text):
        if not _overlaps(m.start(), m.end(), hits):
            hits.append((m.start(), m.end(), (-1,)))
    if loose or _only_numbers(text):
        for m in _BARE.finditer(text):
            if not _overlaps(m.start(), m.end(), hits) and not _PRICE_BEFORE.search(text[: m.start()]):
                hits.append((m.start(), m.end(), (int(m.group(1)),)))
    return sorted(hits)


def _only_numbers(text: str) -> bool:
    """ "2", "2 and 4", "1, 3?", "2 vs 4": a line of numbers means listed products."""
    return bool(
        re.fullmatch(
            r"[#\s]*\d{1,3}(?:\s*(?:,|and|&|or|vs\.?|versus|和|与|跟|、)?\s*#?\d{1,3})*\s*[?？.!。]*",
            text,
            re.I,
        )
    )


def _overlaps(start: int, end: int, hits: Sequence[tuple[object, ...]]) -> bool:
    return any(s < end and start < e for s, e, *_ in hits)  # type: ignore[operator]


Hit = tuple[int, int, tuple[int, ...], str]  # (start, end, positions, kind); negative counts from the end


def _resolved(hits: list[Hit], count: int, language: str, picked: str) -> Refs:
    spans = tuple((s, e) for s, e, _, _ in hits)
    kind = next((k for *_, k in hits if k == "explicit"), hits[0][3])
    if count == 0:
        return Refs(kind=kind, problem=nothing_listed(language), spans=spans)
    positions: list[int] = []
    for _, _, found, what in hits:
        if not found or (what == "name" and len(found) > 1):  # "the Sony" when two are listed
            return Refs(kind=kind, problem=which_one(count, language, found), spans=spans)
        positions += [count + 1 + n if n < 0 else n for n in found]
    if any(not 1 <= n <= count for n in positions):
        return Refs(kind=kind, problem=which_one(count, language), spans=spans)
    return Refs(tuple(dict.fromkeys(positions)), kind, spans=spans, picked=picked)


def _names(text: str, shown: Sequence[Product], brands: Sequence[str], loose: bool) -> list[Hit]:
    """Brands and distinctive name words of listed products, with a determiner ("the Hoka") or a cue."""
    hits: list[Hit] = []
    lowered = text.lower()
    # brands the parser read (索尼 -> Sony, typos) and listed brands written out ("the Ninja", which the
    # parser leaves alone without a category, as the word is also an ordinary one)
    written = [
        p.brand
        for p in shown
        if p.brand and re.search(rf"(?<!\w){re.escape(p.brand.lower())}(?!\w)", lowered)
    ]
    for brand in dict.fromkeys([*brands, *written]):
        at = tuple(i for i, p in enumerate(shown, 1) if (p.brand or "").lower() == brand.lower())
        start, end = _mention(lowered, brand)
        if at and (loose or _DETERMINER.search(text[:start])):
            hits.append((start, end, at, "name"))
    for word, at in _distinctive(shown).items():
        m = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", lowered)
        # a name word counts with a determiner or written as a name ("compare Pegasus and Clifton")
        if m and (_DETERMINER.search(text[: m.start()]) or text[m.start()].isupper()):
            if not any(set(at) <= set(h[2]) or set(h[2]) <= set(at) for h in hits):
                hits.append((m.start(), m.end(), at, "name"))
    return sorted(hits)


def _mention(lowered: str, brand: str) -> tuple[int, int]:
    """Where `brand` is written (or one of its Chinese names: 索尼); the parser may also have read a
    misspelling ("the hokka"), which has no literal span: then the end of the text, empty."""
    for name in (brand, *BRAND_ZH.get(brand, ())):
        if (m := re.search(re.escape(name.lower()), lowered)) is not None:
            return m.start(), m.end()
    return len(lowered), len(lowered)


def _distinctive(shown: Sequence[Product]) -> dict[str, tuple[int, ...]]:
    """Name words that pick out some of the listed products, not all: "speedgoat", "pegasus"."""
    where: dict[str, list[int]] = {}
    # words of tags, types and categories describe ("noise cancelling", "5g", "earbuds"), not name
    described = {
        w for p in shown for t in (*p.tags, p.subcategory or "", p.category or "") for w in t.split()
    }
    for i, p in enumerate(shown, 1):
        brand = (p.brand or "").lower()
        for w in dict.fromkeys(w.lower() for w in _NAME_WORD.findall(p.name)):
            if w not in _COMMON and w not in brand and w not in (p.color or "") and w not in described:
                if not (p.category and w in p.category):  # "shoe" of "running shoes"
                    where.setdefault(w, []).append(i)
    return {w: tuple(at) for w, at in where.items() if len(at) < len(shown) or len(shown) == 1}


def _pronoun(
    text: str, shown: Sequence[Product], focus: Sequence[int], loose: bool, recent: Sequence[int] = ()
) -> Hit | None:
    """ "it", "that one", "这个" -> the product last discussed; "both", "those two" -> those last
    discussed, or the last two discussed one by one (`recent`). An empty position list means it did
    not resolve (nothing, or several, discussed)."""
    plural = _PLURAL.search(text)
    m = plural or _PRONOUN.search(text)
    strong = m is not None and re.fullmatch(r"这个|那个|这款|那款|它|it|that one|this one", m.group(), re.I)
    if m is None or not (loose or plural or strong):
        return None
    if plural and len(focus) >= 2:
        found: tuple[int, ...] = tuple(focus)
    elif plural and len(recent) >= 2:
        found = tuple(recent[-2:])
    elif not plural and len(focus) == 1:
        found = tuple(focus)
    else:
        found = (1,) if not plural and len(shown) == 1 else ()
    return m.start(), m.end(), found, "pronoun"


def which_one(count: int, language: str, among: Sequence[int] = ()) -> str:
    """The question back when a reference does not resolve."""
    if len(among) > 1:
        listed = ", ".join(str(n) for n in among)
        return f"哪一个？{listed}" if language == "zh" else f"Which one? {listed}"
    span = "1" if count == 1 else f"1–{count}"
    return f"哪一个？请说编号 {span}。" if language == "zh" else f"Which one? {span}"


def nothing_listed(language: str) -> str:
    if language == "zh":
        return "还没有列出商品。您想找什么？"
    return "Nothing is listed yet. What are you looking for?"
