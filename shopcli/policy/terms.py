"""Terms of policy text and questions, in English and Chinese, with topic tokens for synonyms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# Words that mean one policy topic, English and Chinese; each adds the topic's token to the terms.
TOPICS: dict[str, str] = {
    "SHIPPING": "ship shipping shipped ships deliver delivery delivered post postage courier dispatch "
    "arrive arrival 配送 发货 快递 运费 邮费 包邮 送货 邮寄 寄到 物流 到货 送到",
    "RETURN": "return returns returned returning refund refunds refunded 退货 退回 退款 退钱 退换 能退 "
    "可以退",
    "EXCHANGE": "exchange exchanges exchanged swap 换货 调换 更换 换尺码 换颜色 换个",
    "WARRANTY": "warranty warranties guarantee repair repairs defect defective 保修 质保 维修 故障",
    "PAYMENT": "pay paying payment payments card credit debit paypal instalment instalments installment "
    "installments 付款 支付 分期 信用卡 刷卡 货到付款",
    "PRICE": "cheaper difference match 价保 保价 差价 比价 降价 价格保护",
    "CANCEL": "cancel cancelled cancellation modify 取消 修改订单 改订单 撤销",
}
_PHRASES = {"send back": "RETURN", "money back": "RETURN", "price match": "PRICE", "lower price": "PRICE"}
STOP_EN = frozenset(
    """a an the i me my we you your it its is are was were be been do does did can could will would should
    may might must to of in on at for with from by about as into after before within over under than then so
    if or and but not no yes how what when where which who why much many long there this that these those
    any some get got have has had please tell know want need still also just ok okay hi hello thanks thank
    am us our their them they he she his her policy policies store shop item items order orders product
    products thing things one possible allowed allow accept accepted take offer offers provide give s t ll
    something anything everything stuff elsewhere found find bought
    ve d m re""".split()
)
STOP_ZH = tuple(
    """
    我们 你们 怎么样 怎么 怎样 如何 什么 多少 多久 多长时间 几天 可以 能不能 可不可以
    是否 是不是 有没有 请问 之后 以后 以内 哪些 哪里 的话 时候 需要 支持 允许 东西 商品
    宝贝 订单 一个 一件 一下 如果 我 你 您 他 她 它 的 了 吗 呢 吧 啊 呀 么 嘛 能 要 想
    会 还 在 到 后 内 个 这 那 哪 和 与 或 及 有 没 是 不 就 都 也 给 把 被 让 请 谁 几 多
    久 天 月 年 买
    """.split()
)
_WORD = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SENTENCE = re.compile(r"(?:[^.!?。！？]|\.(?=\d))+[.!?。！？]*")  # "5.99" is not two sentences


@dataclass(frozen=True)
class ContentTerms:
    words: tuple[str, ...]  # English words and Chinese runs that carry the question's meaning
    topics: tuple[str, ...]


@cache
def _topic_of() -> dict[str, str]:
    return {word: topic for topic, words in TOPICS.items() for word in words.split()}


@cache
def _chinese_tokens() -> re.Pattern[str]:
    """Chinese topic words (kept) and stop words (dropped), longest first, so 到货 is not 到 + 货."""
    words = {w for w in _topic_of() if _CJK_RUN.fullmatch(w)} | set(STOP_ZH)
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))


def stem(word: str) -> str:
    """Plural and -ed/-ing endings off, so "returns", "returned" and "returning" meet."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


def index_terms(text: str) -> list[str]:
    """Terms of a section or a question: stems, Chinese bigrams (a lone character alone), topic tokens."""
    lower = text.lower()
    terms = [stem(w) for w in _WORD.findall(lower) if w not in STOP_EN]
    for run in _CJK_RUN.findall(lower):
        terms.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
    return terms + list(_topics(lower))


def _topics(lower: str) -> list[str]:
    found = [_topic_of()[w] for w in _WORD.findall(lower) if w in _topic_of()]
    found += [topic for phrase, topic in _PHRASES.items() if phrase in lower]
    found += [_topic_of()[m.group()] for m in _chinese_tokens().finditer(lower) if m.group() in _topic_of()]
    return found


def product_words(names: tuple[str, ...], chinese: tuple[str, ...]) -> frozenset[str]:
    """Catalog words a question may use that a policy need not mention: stems of English names
    (categories, brands...) and Chinese product words as they are."""
    words = {stem(w) for name in names for w in _WORD.findall(name.lower()) if w not in STOP_EN}
    return frozenset(words | set(chinese) | set(GENERIC_PRODUCTS_ZH))


GENERIC_PRODUCTS_ZH = tuple("衣服 裤子 裙子 鞋子 鞋 包包 电器 电子产品 家电 耳机 手机 电脑".split())


def content_terms(question: str) -> ContentTerms:
    """The words of a question that the policy must know to answer it (stop and topic words aside)."""
    lower = question.lower()
    words = [w for w in _WORD.findall(lower) if w not in STOP_EN and w not in _topic_of()]
    words = [w for w in words if not any(w in p.split() for p in _PHRASES)]
    stripped = _chinese_tokens().sub(" ", lower)
    words += [run for run in _CJK_RUN.findall(stripped) if len(run) > 1]
    return ContentTerms(tuple(dict.fromkeys(words)), tuple(dict.fromkeys(_topics(lower))))


def sentences(text: str) -> list[str]:
    """The sentences of a section, verbatim (trimmed), in order."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
