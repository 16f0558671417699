"""The dialogue act of a chat line, by rules first (English and Chinese).

Cue words decide most lines ("compare", "more like", "怎么样", "类似的"); a reference to a listed
product with a question shape is a question, without one it asks for details; otherwise the rule
parser's Intent decides between a new search and a refinement. What the rules cannot place (only
free words, no cue) is marked unsure: chat.py may ask the model then, and validates its answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from shopcli.dialogue import refs as references
from shopcli.dialogue import service
from shopcli.dialogue.questions import asks_field
from shopcli.dialogue.turn import Act
from shopcli.intent import Intent
from shopcli.schema import Product
from shopcli.understand.followup import is_comparative

_SIMILAR = re.compile(
    r"\bsimilar\b|\bmore like\b|\b(?:something|anything|others?|ones?|stuff|things?|products?|items?"
    r"|options?|shoes?|more|else) (?:just |is |are )?like\b|\balternatives?\b|\bsame style\b"
    r"|\blook-?alikes?\b"
    r"|(?<!i )(?<!i'd )(?<!would )(?<!you )(?<!we )(?<!really )(?<!do )\blike (?:it|this|that)(?: one)?\b"
    r"|\bcomparable\b|类似|相似|差不多的|同类|同款|相近|平替|替代|像.{0,10}(?:一样|那样|这样|的)",
    re.I,
)
_COMPARE = re.compile(
    r"\bcompare\b|\bcomparison\b|\bvs\.?(?!\w)|\bversus\b|\bdifferences?\b|\bdiffer\b|\bside by side\b"
    r"|\bwhich (?:one )?is better\b|\bwhich (?:one )?(?:should|would) (?:i|you)\b|\bbetter:"
    r"|(?:和|跟|与).{1,12}比(?!较)|比较|对比|比一比|比一下|区别|差别|不同|差异|哪个好|哪个更好|哪款好|哪款更好|选哪个|选哪款",
    re.I,
)
_DETAILS = re.compile(
    r"\btell me (?:more )?about\b|\bmore (?:info|information|details?) (?:on|about)\b|\bdetails?\b"
    r"|\bdescribe\b|\bwhat about\b|\bhow about\b|\bshow me\b|\binfo (?:on|about)\b|\blook at\b|\bexpand\b"
    r"|\belaborate\b|\blearn more\b|\bmore on\b"
    r"|怎么样|怎样|如何|介绍|详细|详情|说说|讲讲|看看|具体|了解|展开|细节",
    re.I,
)
_QUESTION = re.compile(
    r"^(?:is|are|does|do|did|can|could|will|would|has|have|should|which|what'?s?|how|who|where|why|when)\b"
    r"|[?？]\s*$|吗|呢\s*[?？]?\s*$|是否|是不是|有没有|能不能|可不可以|多少|什么|哪|几|有无",
    re.I,
)
WHICH = re.compile(r"\bwhich\b|哪个|哪款|哪一|哪些|哪双|哪台|哪件", re.I)
_OTHER = re.compile(
    r"^(?:hi|hello|hey|yo|thanks|thank you|thx|ty|ok|okay|cool|great|nice|bye|goodbye|good night"
    r"|good morning|lol|haha)\b|\bwho are you\b|\bwhat can you do\b|\bhow are you\b|\bweather\b|\bjoke\b"
    r"|\bwhat time\b|你好|您好|谢谢|谢了|谢啦|多谢|感谢|再见|拜拜|^好的|^嗯|你是谁|天气|笑话|几点了|哈哈",
    re.I,
)
_VAGUE = re.compile(
    r"\bgifts?\b|\bpresents?\b|\bsomething\b|\banything\b|\brecommend\w*\b|\bsuggest\w*\b|\bideas?\b"
    r"|\bsurprise me\b|\bhelp\b|\bchoose\b|\bdecide\b|\bwhat should i (?:buy|get)\b|\bno idea\b"
    r"|礼物|送人|推荐|随便|东西|买点什么|买什么|不知道买|好物",
    re.I,
)


# A yes/no or what-question, and words that ask for other products instead ("any in blue?").
_ASKS = re.compile(
    r"^(?:is|are|does|do|did|can|could|has|have|will|would|what|how)\b|吗|是不是|是否|有没有|能不能|多少|什么|几",
    re.I,
)
_OTHERS = re.compile(
    r"\b(?:any|other|others|another|anything|some|more)\b|^only\b|别的|其他|其它|换成|只要|只看"
    r"|有没有.{0,8}的$|有.{0,8}的吗",
    re.I,
)
# Who a gift is for says nothing about what to buy ("a present for my sister", "送女朋友的").
_AUDIENCE = re.compile(
    r"^(?:mom|mum|mother|dad|father|parents?|sister|brother|wife|husband|girlfriend|boyfriend|friends?"
    r"|son|daughter|kids?|children|baby|grandma|grandpa|grandmother|grandfather|boss|colleague|teacher"
    r"|him|her|them|someone|somebody|birthday|christmas|anniversary)$"
    r"|妈妈|爸爸|父母|老婆|老公|女朋友|男朋友|朋友|孩子|儿子|女儿|爷爷|奶奶|老师|同事|领导|生日|女友|男友",
    re.I,
)
_FILLER = frozenset(
    "and what about how ok okay then so the one ones please yes yeah hmm um that this show me see "
    "number no item option or 那 呢 吧 的 啊 好 么 还 有 看 个 款 一 下 和 与 跟 就".split()
)


@dataclass(frozen=True)
class Reading:
    act: Act
    refs: references.Refs
    sure: bool = True  # False: the rules only guessed (free words, no cue); the model may decide
    elliptic: bool = False  # "and the fifth?" after a question: the same question, about another product


def read(
    text: str, intent: Intent, *, shown: Sequence[Product], focus: Sequence[int], current: Intent | None,
    last: str | None = None, expecting: bool = False, recent: Sequence[int] = (),
) -> Reading:  # fmt: skip
    """The act of `text`, given the rules' Intent for it and the state of the conversation: the act
    of the `last` turn, and whether shopcli just asked "Which one?" (`expecting` a reference)."""
    if service.asks_policy(text, intent):  # the store's promise, whatever product it names
        return Reading("policy", references.Refs())
    cue = _cue(text)
    loose = cue is not None and bool(shown)
    refs = references.find(
        text,
        shown,
        focus,
        brands=intent.brands,
        loose=loose,
        numbers=expecting,
        language=intent.language,
        recent=recent,
    )
    if cue == "similar" or cue == "compare":
        return Reading("similar" if cue == "similar" else "compare", refs)
    if cue == "reviews" and (shown or not _structured(text, intent)):
        return Reading("reviews", refs)  # with nothing listed, "reviews of Sony headphones" is a search
    if refs.kind == "pronoun" and refs.problem and current is not None and _structured(text, intent):
        return _by_intent(text, intent, current, references.Refs(), cue)  # "do you have it in blue?"
    if refs.found and not _names_new_category(intent, current, refs):
        if len(refs.positions) > 1 and cue != "question":
            return Reading("compare", refs)
        if _bare(text, refs):  # "#4?", "the cheapest one", "and the fifth?"
            return Reading("question" if last == "question" else "details", refs, elliptic=last == "question")
        return Reading("question" if cue == "question" else "details", refs)
    if cue == "question" and shown and WHICH.search(text) and not intent.categories:
        return Reading("question", refs)  # "which one is waterproof?": about every listed product
    if len(focus) == 1 and shown and _about_focus(text, intent):
        return Reading("question", references.Refs(tuple(focus), "pronoun"))  # "有GPS吗": the one discussed
    return _by_intent(text, intent, current, refs, cue)


def _about_focus(text: str, intent: Intent) -> bool:
    """A question with no reference, right after one product was discussed, is about it ("in stock?",
    "防水吗"), unless it asks for other products ("any in blue?", "有便宜点的吗") or names a category."""
    if intent.categories or _OTHERS.search(text) or is_comparative(text):
        return False
    # it must ask about something a row has: a field ("in stock?", "评分多少") or a value ("有GPS吗");
    # "do you ship to canada?" or "今天股票涨了吗" are not about the product
    about_row = bool(asks_field(text)) or bool(
        intent.features or intent.colors or intent.brands or intent.subcategories or intent.size
        or intent.min_rating is not None or intent.min_price is not None or intent.max_price is not None
    )  # fmt: skip
    return about_row and (bool(_ASKS.search(text)) or text.rstrip().endswith(("?", "？")))


def _bare(text: str, refs: references.Refs) -> bool:
    """Whether the line is only its references (and filler words)."""
    rest = text.lower()
    for start, end in refs.spans:
        rest = rest[:start] + " " * (end - start) + rest[end:]
    return all(w in _FILLER for w in re.findall(r"[a-z]+|[\u4e00-\u9fff]", rest))


def _cue(text: str) -> str | None:
    for name, pattern in (("similar", _SIMILAR), ("compare", _COMPARE)):
        if pattern.search(text):
            return name
    if service.asks_reviews(text):  # before details: "评价怎么样" is not "怎么样"
        return "reviews"
    if _DETAILS.search(text):
        return "details"
    return "question" if _QUESTION.search(text) else None


def _names_new_category(intent: Intent, current: Intent | None, refs: references.Refs) -> bool:
    """ "the cheapest laptop" after running shoes is a new search, not a pick among the shoes."""
    if refs.kind not in ("pick", "name") or not intent.categories:
        return False
    return current is None or not set(intent.categories) & set(current.categories)


def _structured(text: str, intent: Intent) -> bool:
    """Whether the rules found anything to filter or order by."""
    return bool(
        intent.categories or intent.subcategories or intent.brands or intent.colors or intent.features
        or intent.size or intent.min_rating or intent.min_price is not None or intent.max_price is not None
        or intent.exclude_brands or intent.exclude_colors or intent.exclude_categories
        or intent.sort != "relevance" or intent.on_sale or intent.min_discount is not None
        or intent.in_stock or intent.specs or intent.age is not None
    ) or is_comparative(text)  # fmt: skip


def _by_intent(
    text: str, intent: Intent, current: Intent | None, refs: references.Refs, cue: str | None
) -> Reading:
    placed = bool(intent.categories or intent.subcategories)
    structured = _structured(text, intent)
    if placed and (current is None or not set(intent.categories) & set(current.categories)):
        return Reading("search", refs)
    if current is not None and structured:
        return Reading("refine", refs)
    words = [
        k for k in (*intent.must, *intent.keywords) if not (_VAGUE.search(k) or _AUDIENCE.search(k))
    ]  # "礼物送人", "sister"; a product the catalog has no category for ("running shoes") is words too
    if structured and not (words or placed) and _VAGUE.search(text):
        return Reading("clarify", refs)  # "a gift under $50": a budget, but no idea what
    if structured:
        return Reading("search", refs, sure=bool(intent.brands or intent.features))
    if _OTHER.search(text):
        return Reading("other", refs)
    if _VAGUE.search(text) and not words:
        return Reading("clarify", refs)
    if words:  # free words only: a paraphrase, a question, or nothing about shopping
        return Reading("refine" if current is not None else "search", refs, sure=False)
    return Reading("clarify" if cue is None else "other", refs, sure=False)
