"""The pipeline, readable top to bottom: words -> Intent -> DuckDB rows (-> grounded reply).

`cli.py` and `repl.py` call these functions; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from shopcli.errors import UsageError
from shopcli.intent import SORTS, Intent
from shopcli.llm import grammar, prompts
from shopcli.llm.backends.base import Backend
from shopcli.llm.grounding import CheckedSentence, checked_stream, close_quietly, gap_after
from shopcli.money import Rates, format_price
from shopcli.schema import Product, SearchResult, Vocabulary
from shopcli.store.catalog import Catalog
from shopcli.textutil import MAX_QUERY_CHARS, clean_query
from shopcli.understand import hybrid
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

    def to_dict(self) -> dict[str, Any]:
        return {
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
        }


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
        intent = hybrid.merge(intent, raw, query, vocab)
    return overrides.apply(intent, vocab)


def search(
    raw_query: str, catalog: Catalog, *, rates: Rates, limit: int, overrides: Overrides = Overrides(),
    backend: Backend | None = None,
) -> SearchOutcome:  # fmt: skip
    """Words -> Intent -> rows. Without a backend this is the deterministic `--no-llm` path."""
    query = prepare_query(raw_query)
    vocab = catalog.vocabulary()
    intent = understand(query, vocab, rates=rates, overrides=overrides, backend=backend)
    return SearchOutcome(query, intent, catalog.search(intent, limit=limit))


def reply_sentences(
    question: str, products: tuple[Product, ...], language: str, backend: Backend, *, rates: Rates
) -> Iterator[CheckedSentence]:
    """The model's recommendation, checked sentence by sentence against the rows it was shown."""
    shown = products[: prompts.MAX_PRODUCTS_IN_PROMPT]
    pieces = backend.stream(
        prompts.reply_messages(question, shown, language, rates), max_tokens=REPLY_MAX_TOKENS
    )
    return checked_stream(pieces, shown, rates=rates, question=question)


def reply_for(outcome: SearchOutcome, backend: Backend | None, *, rates: Rates) -> Iterator[CheckedSentence]:
    """The model's checked reply, or the templated one without a model or without products."""
    products, language = outcome.result.products, outcome.intent.language
    if backend is None or not products:
        return templated_sentences(products, language)
    model = reply_sentences(outcome.query, products, language, backend, rates=rates)
    return _with_fallback(model, products, language)


def _with_fallback(
    sentences: Iterator[CheckedSentence], products: tuple[Product, ...], language: str
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
        yield from templated_sentences(products, language)


def templated_sentences(products: tuple[Product, ...], language: str) -> Iterator[CheckedSentence]:
    """The `--no-llm` reply in the same shape as the model's."""
    return checked_stream([templated_reply(products, language)], products)


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


def templated_reply(products: tuple[Product, ...], language: str) -> str:
    """The reply without a model (`--no-llm`): facts straight from the rows, cited by table number."""
    if not products:
        return (
            "没有找到符合条件的商品。"
            if language == "zh"
            else "Nothing matched; try a wider budget or fewer filters."
        )
    top = products[0]
    cheapest = min(range(len(products)), key=lambda i: (products[i].price, i))
    best = max(range(len(products)), key=lambda i: (products[i].rating or 0, -i))
    top_price, low_price = (format_price(p.price, p.currency) for p in (top, products[cheapest]))
    if language == "zh":
        parts = [f"首选 [1] {top.name}，价格 {top_price}。"]
        if cheapest != 0:
            parts.append(f"最便宜的是 [{cheapest + 1}]，{low_price}。")
        if best != 0 and products[best].rating:
            parts.append(f"评分最高的是 [{best + 1}]（{products[best].rating:.1f} 分）。")
        return "".join(parts)
    parts = [f"Top pick: [1] {top.name} at {top_price}."]
    if cheapest != 0:
        parts.append(f"Cheapest: [{cheapest + 1}] at {low_price}.")
    if best != 0 and products[best].rating:
        parts.append(f"Best rated: [{best + 1}] ({products[best].rating:.1f} stars).")
    return " ".join(parts)
