"""Sentences built from rows, in English or Chinese: every value comes from the product, every
product is cited by its number in the list, so these answers are true by construction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from shopcli.money import format_price
from shopcli.schema import Product

Verdict = tuple[bool | None, str]  # (yes, no or unknown; the sentence)
LABELS = {
    "brand": ("brand", "品牌"), "category": ("category", "类别"), "subcategory": ("type", "款式"),
    "color": ("colour", "颜色"), "size": ("size", "尺码"), "material": ("material", "材质"),
    "price": ("price", "价格"), "original_price": ("was", "原价"), "rating": ("rating", "评分"),
    "review_count": ("reviews", "评价数"), "reviews": ("reviews", "评价数"), "stock": ("stock", "库存"),
    "tags": ("features", "特点"), "features": ("features", "特点"), "description": ("description", "描述"),
    "discount": ("was", "原价"),
}  # fmt: skip


@dataclass(frozen=True)
class Say:
    language: str = "en"
    cny_per_usd: float = 7.2

    @property
    def zh(self) -> bool:
        return self.language == "zh"

    def label(self, field: str) -> str:
        return LABELS[field][1 if self.zh else 0]

    def price(self, p: Product, amount: float | None = None) -> str:
        value = p.price if amount is None else amount
        return format_price(value, p.currency, self.language, cny_per_usd=self.cny_per_usd)

    def price_of(self, amount: float, currency: str) -> str:
        """A round amount such as a budget bound: "$50", "$50（约360元）"."""
        return format_price(amount, currency, self.language, cny_per_usd=self.cny_per_usd, round_number=True)

    def value(self, p: Product, field: str) -> str | None:
        """A field of `p` as text, or None when the catalog does not have it."""
        if field == "price":
            return self.price(p)
        if field in ("original_price", "discount"):
            return (
                self.price(p, p.original_price) if p.original_price and p.original_price > p.price else None
            )
        if field == "rating":
            return None if p.rating is None else f"{p.rating:.1f}"
        if field in ("review_count", "reviews"):
            return None if p.review_count is None else f"{p.review_count:,}"
        if field == "stock":
            return None if p.stock is None else self._stock(p.stock)
        if field in ("tags", "features"):
            return self.list(p.tags) or None
        value = getattr(p, field)
        return str(value) if value not in (None, "") else None

    def _stock(self, stock: int) -> str:
        if stock == 0:
            return "缺货" if self.zh else "out of stock"
        return f"有货（{stock} 件）" if self.zh else f"{stock} in stock"

    def list(self, items: Iterable[str]) -> str:
        return ("、" if self.zh else ", ").join(items)

    def join(self, sentences: Sequence[str]) -> str:
        return ("" if self.zh else " ").join(sentences)

    def field(self, n: int, p: Product, field: str) -> str:
        value = self.value(p, field)
        if field == "discount" and value is None:
            return (
                f"[{n}] 没有打折，价格 {self.price(p)}。"
                if self.zh
                else f"[{n}] {p.name} is not discounted: {self.price(p)}."
            )
        if value is None:
            return self.not_listed(n, p, field)
        if field == "discount":
            return (f"[{n}] 现价 {self.price(p)}，原价 {value}。" if self.zh
                    else f"[{n}] {p.name} is {self.price(p)}, down from {value}.")  # fmt: skip
        return (
            f"[{n}] 的{self.label(field)}：{value}。"
            if self.zh
            else f"[{n}] {p.name}: {self.label(field)} {value}."
        )

    def not_listed(self, n: int, p: Product, field: str) -> str:
        if self.zh:
            return f"目录里没有写 [{n}] 的{self.label(field)}。"
        return f"The catalog does not say the {self.label(field)} of [{n}] {p.name}."

    def pick(self, n: int, p: Product, picked: str) -> str:
        field = {"cheapest": "price", "priciest": "price", "most reviewed": "review_count"}.get(
            picked, "rating"
        )
        value = self.value(p, field) or ""
        zh = {"cheapest": "最便宜", "priciest": "最贵", "best rated": "评分最高", "worst rated": "评分最低",
              "most reviewed": "评价最多"}  # fmt: skip
        if self.zh:
            return f"{zh.get(picked, picked)}的是 [{n}] {p.name}（{self.label(field)} {value}）。"
        return f"[{n}] {p.name} is the {picked} ({self.label(field)} {value})."

    def has_feature(self, n: int, p: Product, tag: str) -> Verdict:
        if tag in p.tags:
            return True, (
                f"是的：[{n}] 的特点里有 {tag}。" if self.zh else f"Yes: [{n}] {p.name} lists {tag}."
            )
        if tag in f"{p.name} {p.description or ''}".lower():
            return True, (f"是的：[{n}] 的描述提到 {tag}。" if self.zh
                          else f"Yes: the description of [{n}] {p.name} mentions {tag}.")  # fmt: skip
        listed = self.list(p.tags) or ("无" if self.zh else "none")
        if self.zh:
            return None, f"目录里没有写 [{n}] 是否 {tag}（它的特点：{listed}）。"
        return None, f"The catalog does not say [{n}] {p.name} is {tag} (its features: {listed})."

    def is_value(self, n: int, p: Product, field: str, wanted: str) -> Verdict:
        actual = getattr(p, field)
        if actual is None:
            return None, self.not_listed(n, p, field)
        yes = actual.strip().lower() == wanted.strip().lower()
        if self.zh:
            return yes, f"{'是的' if yes else '不是'}：[{n}] 的{self.label(field)}是 {actual}。"
        return yes, f"{'Yes' if yes else 'No'}: [{n}] {p.name} has {self.label(field)} {actual}."

    def price_within(self, n: int, p: Product, low: float | None, high: float | None) -> Verdict:
        yes = (low is None or p.price >= low) and (high is None or p.price <= high)
        if self.zh:
            return yes, f"{'是的' if yes else '不是'}：[{n}] 的价格是 {self.price(p)}。"
        return yes, f"{'Yes' if yes else 'No'}: [{n}] {p.name} costs {self.price(p)}."

    def rated_at_least(self, n: int, p: Product, rating: float) -> Verdict:
        if p.rating is None:
            return None, self.not_listed(n, p, "rating")
        yes = p.rating >= rating
        if self.zh:
            return yes, f"{'是的' if yes else '不是'}：[{n}] 的评分是 {p.rating:.1f}。"
        return yes, f"{'Yes' if yes else 'No'}: [{n}] {p.name} is rated {p.rating:.1f}."

    def mentions(self, n: int, p: Product, words: Sequence[str]) -> Verdict:
        text = f"{p.name} {p.description or ''} {' '.join(p.tags)}".lower()
        found = [word for word in words if word.lower() in text]
        if found:
            said = self.list(found)
            return True, (
                f"是的：[{n}] 的信息提到 {said}。" if self.zh else f"Yes: [{n}] {p.name} mentions {said}."
            )
        return None, self.does_not_say([(n, p)])

    def none_listed(self) -> str:
        return "列出的商品里没有一款写明这一点。" if self.zh else "None of the listed products says so."

    def does_not_say(self, targets: Sequence[tuple[int, Product]]) -> str:
        cited = " ".join(f"[{n}]" for n, _ in targets)
        if self.zh:
            return f"目录里没有写到 {cited} 的这一点。" if cited else "目录里没有写到这一点。"
        return f"The catalog does not say that about {cited}." if cited else "The catalog does not say."
