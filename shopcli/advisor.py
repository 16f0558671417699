"""The pipeline, readable top to bottom: words -> Intent -> DuckDB rows (-> grounded reply).

`cli.py` and `repl.py` call these functions; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from typing import Any

from shopcli.errors import UsageError
from shopcli.intent import SORTS, Intent
from shopcli.llm import grammar, prompts
from shopcli.llm.backends.base import Backend
from shopcli.llm.claims import Terms
from shopcli.llm.grounding import CheckedSentence, Grounds, checked_stream, close_quietly, gap_after
from shopcli.money import Rates, format_price
from shopcli.personal.profile import Profile
from shopcli.personal.rank import Ranked, pool_size, rerank
from shopcli.reviews import signal
from shopcli.reviews.signal import Praise
from shopcli.schema import PALETTE, Product, SearchResult, Vocabulary
from shopcli.store.catalog import Catalog
from shopcli.textutil import MAX_QUERY_CHARS, clean_query, clip
from shopcli.understand import hybrid
from shopcli.understand import lexicon as lx
from shopcli.understand import lexicon_zh as lxz
from shopcli.understand.budget import without_unreadable
from shopcli.understand.rules import parse

INTENT_MAX_TOKENS = 96  # the open-fields JSON is short; a cap bounds the worst case at ~5 s
REPLY_MAX_TOKENS = 160  # 2-4 sentences


@dataclass(frozen=True)
class Overrides:
    """Filters given explicitly as flags; they win over what was parsed from the words."""

    categories: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()
    min_price: float | None = None
    max_price: float | None = None
    sort: str | None = None
    in_stock: bool = False

    def apply(self, intent: Intent, vocab: Vocabulary) -> Intent:
        changes: dict[str, Any] = {}
        for field, known in (("categories", vocab.categories), ("brands", vocab.brands),
                             ("colors", vocab.colors)):  # fmt: skip
            if values := getattr(self, field):
                changes[field] = tuple(_canonical(v, known, field) for v in values)
        if self.min_price is not None:
            changes["min_price"] = self.min_price
        if self.max_price is not None:
            changes["max_price"] = self.max_price
        if self.sort is not None:
            if self.sort not in SORTS:
                raise UsageError(f"unknown sort {self.sort!r}: use one of {', '.join(SORTS)}")
            changes["sort"] = self.sort
        if self.in_stock:
            changes["in_stock"] = True
        return intent.with_(**changes)


def _canonical(value: str, known: tuple[str, ...], field: str) -> str:
    """Match a flag value to the catalog's spelling, or fail with the closest suggestion."""
    by_lower = {k.lower(): k for k in known}
    if (hit := by_lower.get(value.strip().lower())) is not None:
        return hit
    from rapidfuzz import process

    best = process.extractOne(value, list(known)) if known else None
    hint = f": did you mean {best[0]!r}?" if best and best[1] >= 70 else " (see `shop catalog info`)"
    raise UsageError(
        f"no {field[:-1] if field != 'categories' else 'category'} {value!r} in this catalog{hint}"
    )


@dataclass(frozen=True)
class SearchOutcome:
    query: str
    intent: Intent
    result: SearchResult
    praise: tuple[Praise, ...] = ()  # why reviews ranked a product up ("battery praised in 31 of 40")
    ranking: Ranked | None = None  # what the shopper's profile did to the order, when one was used

    @property
    def products(self) -> tuple[Product, ...]:
        """The rows found, best first (what the table numbers 1, 2, ...)."""
        return self.result.products

    def to_dict(self) -> dict[str, Any]:
        """Exactly what `shop search --json` prints."""
        out = {
            "query": self.query,
            "intent": self.intent.to_dict(),
            "filters": list(self.result.filters),
            "relaxed": list(self.result.relaxed),
            "notes": list(self.intent.notes),
            "total": self.result.total,
            "products": [
                p.to_dict() | {"listings": self.result.listings_of(i)}
                for i, p in enumerate(self.result.products)
            ],
            "review_signal": [asdict(p) for p in self.praise],
        }
        if self.ranking is not None:
            out["profile"] = self.ranking.to_dict()
        return out


def prepare_query(raw: str) -> str:
    """Clean a raw query and refuse empty or oversized ones with a fix."""
    if len(raw) > MAX_QUERY_CHARS * 4:  # cheap check before normalising megabytes
        raise UsageError(f"query is {len(raw):,} characters long; shopcli reads at most {MAX_QUERY_CHARS:,}")
    query = clean_query(raw)
    if not query:
        raise UsageError('empty query: say what you are looking for, e.g. shop search "red dress under $80"')
    if len(query) > MAX_QUERY_CHARS:
        raise UsageError(
            f"query is {len(query):,} characters long; shopcli reads at most {MAX_QUERY_CHARS:,}"
        )
    return query


def understand(
    query: str, vocab: Vocabulary, *, rates: Rates, overrides: Overrides = Overrides(),
    backend: Backend | None = None,
) -> Intent:  # fmt: skip
    """Rules first; the model (if any) fills only what they left open; explicit flags win over both."""
    intent = parse(query, vocab, rates=rates)
    if backend is not None and hybrid.needs_model(intent, query):
        raw = backend.complete_json(
            prompts.intent_messages(query), grammar.open_fields_schema(vocab), max_tokens=INTENT_MAX_TOKENS
        )
        intent = hybrid.merge(intent, raw, without_unreadable(query), vocab)  # "$-5" supports no $5
    return overrides.apply(intent, vocab)


def search(
    raw_query: str, catalog: Catalog, *, rates: Rates, limit: int, overrides: Overrides = Overrides(),
    backend: Backend | None = None, profile: Profile | None = None,
) -> SearchOutcome:  # fmt: skip
    """Words -> Intent -> rows. Without a backend this is the deterministic `--no-llm` path."""
    query = prepare_query(raw_query)
    vocab = catalog.vocabulary()
    intent = understand(query, vocab, rates=rates, overrides=overrides, backend=backend)
    return ranked_search(query, intent, catalog, limit=limit, profile=profile)


def ranked_search(
    query: str, intent: Intent, catalog: Catalog, *, limit: int, profile: Profile | None = None
) -> SearchOutcome:
    """Rows for an intent. The words filter; reviews that praise what the shopper asks about raise a
    row (reviews/signal.py); a profile only ranks a wider pool of what they matched (personal/rank.py),
    and says why each row moved."""
    aspects = signal.wanted_aspects(query, intent.language)
    ranked: Ranked | None = None
    if profile is None or not (profile.has_preferences() or profile.marked(catalog.path)):
        result = catalog.search(intent, limit=limit, praise=aspects)
    else:
        pool = catalog.search(intent, limit=pool_size(limit), praise=aspects)
        ranked = rerank(pool.products, profile, catalog=catalog.path, limit=limit,
                        reorder=intent.sort == "relevance", language=intent.language)  # fmt: skip
        result = replace(pool, products=ranked.products)
    praise = signal.praise_notes(catalog, result.products, aspects, intent.language)
    return SearchOutcome(query, intent, result, praise, ranked)


# Feature tags that describe a use or a mood more than a fact ("great for travel", "适合日常"): a
# sentence saying so is advice, not a claim to check. Tags naming a category are left out too.
SOFT_FEATURES = frozenset({
    "casual", "compact", "formal", "gaming", "kids", "pet hair", "portable", "quiet",
    "speakers", "sports", "stretch", "summer", "travel", "warm", "winter",
})  # fmt: skip
# Aliases too short or too common to read as a feature claim ("bt", "pet", "organic").
_LOOSE_ALIASES = frozenset({"bt", "anc", "pet", "pets", "organic", "light weight"})


@lru_cache(maxsize=8)
def fact_terms(vocab: Vocabulary) -> Terms:
    """The words grounding checks, for this catalog: its feature tags with their EN/ZH aliases,
    palette colours (Chinese with 色), and the words only the prompts' worked example uses."""
    named = set(vocab.categories) | set(vocab.subcategories)
    tags = {t for t in vocab.tags if t not in SOFT_FEATURES and t not in named}
    features = {t: t for t in tags}
    for table in (lx.FEATURE_EN, lxz.FEATURE_ZH):
        for tag, aliases in table.items():
            if tag in tags:
                features |= {a: tag for a in aliases if len(a) >= 2 and a not in _LOOSE_ALIASES}
    colors = {c: c for c in PALETTE} | {"gray": "grey"}
    for color, aliases in lxz.COLOR_ZH.items():
        colors |= {f"{a}色": color for a in aliases}
    return Terms(colors=colors, features=features, example=prompts.example_words())


def reply_sentences(
    question: str, products: tuple[Product, ...], language: str, backend: Backend, *, cny_per_usd: float,
    terms: Terms | None = None,
) -> Iterator[CheckedSentence]:  # fmt: skip
    """The model's recommendation, checked sentence by sentence against the rows it was shown."""
    shown = products[: prompts.MAX_PRODUCTS_IN_PROMPT]
    pieces = backend.stream(
        prompts.reply_messages(question, shown, language, cny_per_usd), max_tokens=REPLY_MAX_TOKENS
    )
    # the shopper's amounts may be repeated, except those the rules could not read as a budget
    grounds = Grounds.of(shown, listed=products, question=without_unreadable(question), language=language,
                         cny_per_usd=cny_per_usd, terms=terms)  # fmt: skip
    return checked_stream(pieces, grounds)


def reply_for(
    outcome: SearchOutcome, backend: Backend | None, *, cny_per_usd: float, terms: Terms | None = None
) -> Iterator[CheckedSentence]:
    """The model's checked reply, or the templated one without a model or without products."""
    products, language = outcome.result.products, outcome.intent.language
    fallback = templated_sentences(products, language, cny_per_usd=cny_per_usd)
    if backend is None or not products:
        return fallback
    model = reply_sentences(outcome.query, products, language, backend, cny_per_usd=cny_per_usd, terms=terms)
    return with_fallback(model, fallback)


def with_fallback(
    sentences: Iterator[CheckedSentence], fallback: Iterable[CheckedSentence]
) -> Iterator[CheckedSentence]:
    """The model's sentences; if every one was withheld, the templated reply instead of silence."""
    shown = False
    try:
        for sentence in sentences:
            shown = shown or sentence.ok
            yield sentence
    finally:
        close_quietly(sentences)
    if not shown:
        yield from fallback


def templated_sentences(
    products: tuple[Product, ...], language: str, *, cny_per_usd: float = 7.2
) -> Iterator[CheckedSentence]:
    """The `--no-llm` reply in the same shape as the model's."""
    text = templated_reply(products, language, cny_per_usd=cny_per_usd)
    return checked_stream([text], Grounds.of(products, cny_per_usd=cny_per_usd))


@dataclass(frozen=True)
class Answer:
    text: str
    citations: tuple[int, ...]
    removed: tuple[str, ...]  # problems of sentences withheld as unsupported

    @classmethod
    def collect(cls, sentences: Iterable[CheckedSentence]) -> Answer:
        kept: list[str] = []
        cited: list[int] = []
        removed: list[str] = []
        for s in sentences:
            if s.ok:
                kept.append(s.text.strip())
                cited.extend(s.citations)
            else:
                removed.extend(s.problems)
        return cls(join_sentences(kept), tuple(dict.fromkeys(cited)), tuple(removed))


def join_sentences(parts: list[str]) -> str:
    """Join sentences with a space, except after Chinese punctuation."""
    out = ""
    for part in parts:
        out += gap_after(out) + part
    return out


def templated_reply(products: tuple[Product, ...], language: str, *, cny_per_usd: float = 7.2) -> str:
    """The reply without a model (`--no-llm`): facts straight from the rows, cited by table number."""
    if not products:
        return (
            "没有找到符合条件的商品。"
            if language == "zh"
            else "Nothing matched; try a wider budget or fewer filters."
        )
    top = products[0]
    name = clip(top.name, prompts.MAX_FIELD_CHARS)  # the table above shows it whole
    cheapest = min(range(len(products)), key=lambda i: (products[i].price, i))
    best = max(range(len(products)), key=lambda i: (products[i].rating or 0, -i))

    def price(p: Product) -> str:
        return format_price(p.price, p.currency, language, cny_per_usd=cny_per_usd)

    if language == "zh":
        parts = [f"首选 [1] {name}，价格 {price(top)}。"]
        if cheapest != 0:
            parts.append(f"最便宜的是 [{cheapest + 1}]，{price(products[cheapest])}。")
        if best != 0 and products[best].rating:
            parts.append(f"评分最高的是 [{best + 1}]（{products[best].rating:.1f} 分）。")
        return "".join(parts)
    parts = [f"Top pick: [1] {name} at {price(top)}."]
    if cheapest != 0:
        parts.append(f"Cheapest: [{cheapest + 1}] at {price(products[cheapest])}.")
    if best != 0 and products[best].rating:
        parts.append(f"Best rated: [{best + 1}] ({products[best].rating:.1f} stars).")
    return " ".join(parts)
