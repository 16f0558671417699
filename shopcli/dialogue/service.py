"""Questions to the store rather than about a product's row: what buyers say about a listed product
(the `reviews` act) and what the store promises (the `policy` act), read by rules in English and
Chinese and answered from local data only: the review tables (reviews/summary.py, quotes checked
verbatim there) and the policy document beside the catalog (policy/answer.py, BM25 over sections).

"How many reviews does it have?" stays a question about the row's review count, and "which one has
the best reviews?" a pick by rating; "can I return shoes?" is a policy question although it names a
category, while "any headphones with free shipping?" is a search.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from shopcli.errors import CatalogError
from shopcli.intent import Intent
from shopcli.policy.answer import PolicyAnswer, answer, catalog_words, reply_text
from shopcli.policy.document import PolicyDoc, load_policy
from shopcli.reviews.reply import templated
from shopcli.reviews.summary import ReviewSummary, focus_of, summary
from shopcli.schema import Product
from shopcli.store.catalog import Catalog

MOST = 4  # review summaries in one answer: more would not be read
NO_REVIEWS = {
    "en": "This catalog has no reviews: import them with `shop catalog import PRODUCTS --reviews FILE`.",
    "zh": "这个商品目录没有评价数据（用 `shop catalog import 商品文件 --reviews 评价文件` 导入）。",
}
NO_POLICY = {
    "en": "This catalog has no store policy: add one with `shop catalog import PRODUCTS --policies FILE.md`.",
    "zh": "这个商品目录没有店铺政策（用 `shop catalog import 商品文件 --policies 政策.md` 添加）。",
}

_WHO = r"(?:people|buyers|customers|users|owners|reviewers|reviews|others|folks|shoppers|other people)"
REVIEWS = re.compile(
    rf"\b(?:what|how) (?:do|did|does|are|would) {_WHO}(?: who (?:bought|own|have|use|tried) \w+)?"
    r" (?:say|saying|think|thinking|feel|find|rate|like)\b"
    r"|\bwhat(?: is| are|'s|'re| were) (?:the |its |their |people'?s )?"
    r"(?:reviews?|reviewers?|feedback|verdict)\b"
    r"|\bhow (?:are|is|were|was|good are) (?:the |its |their )?(?:reviews?|feedback)\b"
    rf"|\bdo {_WHO} (?:like|love|hate|complain|recommend)\b|\b(?:any|main) (?:complaints?|praise|downsides)\b"
    r"|\bpros and cons\b|\b(?:customer|user|buyer) (?:reviews?|feedback|opinions?)\b"
    r"|\b(?:show|read|see|summari[sz]e|check)(?: me)? (?:the |its |their )?reviews?\b"
    r"|\breviews? (?:of|for|on|about|say|said)\b|\baccording to (?:the )?reviews?\b"
    r"|(?<!多少)(?<!几)(?<!多少条)(?:评价|评论|口碑)(?:怎么样|怎样|如何|咋样|好吗|好不好|怎么说|说了?什么|都说|呢|\s*[?？]|$)"
    r"|(?:大家|买家|用户|别人|网友|买过的人|用过的人)都?(?:怎么|如何)?(?:说|评价|觉得|反馈)"
    r"|(?:差评|好评)(?!最|率最)|(?:看看|说说|讲讲|的)(?:评价|评论)(?!数|最|多少)",
    re.I,
)
_WHICH = re.compile(r"\bwhich\b|哪个|哪款|哪一|哪些", re.I)  # "哪款评价最好": a pick by rating

_POLICY_WORD = re.compile(
    r"\bpolic(?:y|ies)\b|\bterms (?:and|&) conditions\b|\bafter-?sales?\b|政策|售后|条款", re.I
)
# What only a store can answer. Product words that look alike stay out: "noise cancelling", "ships
# with a case", "SD card" ("cancel" needs an order, "card" a credit or debit, "ship" no "with").
_SERVICE = re.compile(
    r"\breturn(?:s|ed|ing)?\b|\brefund\w*|\bsend (?:\w+ )?back\b|\bmoney back\b|\bexchange[sd]?\b"
    r"|\bwarrant(?:y|ies)\b|\bguarantee[sd]?\b|\bship(?:s|ped|ping)?\b(?! with)|\bdeliver(?:y|ies|ed|s)?\b"
    r"|\bpostage\b|\bdispatch\w*|\barriv(?:e|es|al)\b|\btrack(?:ing)? (?:my )?(?:order|parcel|package)\b"
    r"|\bpay(?:ing|ment|ments)?\b|\bpaypal\b|\b(?:credit|debit|gift) cards?\b|\binstal(?:l)?ments?\b"
    r"|\bcancel(?:l?ed|l?ing|lation)? (?:my |the |an |a |this |that )?(?:order|purchase)\b"
    r"|\bprice (?:match|protection|guarantee)\b|\bthe difference\b"
    r"|退货|退款|退换|退回|退钱|能退|可以退|换货|调换|保修|质保|维修|运费|邮费|包邮|发货|快递|配送|物流|送货"
    r"|邮寄|寄到|送到|到货|几天到|多久到|付款|支付|分期|信用卡|花呗|价保|保价|差价|价格保护|取消订单|修改订单|发票",
    re.I,
)
# A question put to the store ("can I", "how do I", "吗", "怎么") ...
_ASKED = re.compile(
    r"^(?:is|are|does|do|did|can|could|will|would|has|have|should|may|what|how|when|where|why|who)\b"
    r"|[?？]\s*$|\bi (?:want|need|would like|'d like) to\b"
    r"|吗|呢|怎么|如何|多久|多长|几天|能否|可否|是否|可以|能不能",
    re.I,
)
# ... and not a request for products that happen to ship free ("any headphones with free shipping?").
_WANTS_PRODUCTS = re.compile(
    r"\b(?:do you (?:have|sell|carry|stock)|show me|looking for|recommend|any|some|find me)\b"
    r"|有没有.{0,8}的|有.{0,8}的吗|推荐|想买|找一?[个款双件台]",
    re.I,
)


def asks_reviews(text: str) -> bool:
    """Whether `text` asks what buyers say ("what do people say about #2?", "评价怎么样")."""
    return bool(REVIEWS.search(text)) and not _WHICH.search(text)


def asks_policy(text: str, intent: Intent) -> bool:
    """Whether `text` is a customer-service question ("can I return shoes after 30 days?", "怎么退货")."""
    if _POLICY_WORD.search(text):
        return True
    if not _SERVICE.search(text) or _WANTS_PRODUCTS.search(text):
        return False
    wants = intent.categories or intent.subcategories or intent.brands or intent.colors or intent.features
    return bool(_ASKED.search(text)) or not wants


@dataclass(frozen=True)
class Said:
    """A service act's answer, and the facts it was built from (for `shop chat --json`)."""

    text: str
    reviews: tuple[ReviewSummary, ...] = ()
    policy: PolicyAnswer | None = None


def reviews_answer(
    catalog: Catalog, targets: Sequence[tuple[int, Product]], question: str, language: str
) -> Said:
    """Each target's review summary: counts of praised and criticised aspects, verbatim quotes."""
    zh = language == "zh"
    if not catalog.has_reviews:
        return Said(NO_REVIEWS["zh" if zh else "en"])
    focus = focus_of(question)
    found = tuple(summary(catalog, p.id, language, focus=focus) for _, p in targets[:MOST])
    lines = [
        (f"[{n}] 的评价：" if zh else f"Reviews of [{n}]: ") + templated(s)
        for (n, _), s in zip(targets, found, strict=False)
    ]
    return Said(("" if zh else " ").join(lines), reviews=found)


class Policies:
    """The catalog's policy document, read on the first policy question of a session."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._doc: PolicyDoc | None = None
        self._known: frozenset[str] | None = None

    def answer(self, question: str, language: str) -> Said:
        """The policy's answer quoting its section, "not covered", or that the store has no policy;
        in the question's own language, as `shop policy` answers (`language`: the session's, for the
        message when there is no policy)."""
        try:
            doc = self._doc or load_policy(self.catalog.path)
        except CatalogError:
            return Said(NO_POLICY["zh" if language == "zh" else "en"])
        if self._known is None:
            self._doc, self._known = doc, catalog_words(self.catalog.vocabulary())
        found = answer(doc, question, known=self._known)
        return Said(reply_text(found), policy=found)
