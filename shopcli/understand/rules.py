"""The rule parser: an English or Chinese shopping query -> an Intent in the catalog's own terms.

Pure and deterministic. The order matters and is the whole design: ratings and explicit sizes first,
then prices (so "4 stars" and "size 10" are never prices), then catalog words (categories, brands,
colours, features, sorts, and what negators exclude), then sizes that need a category, then brand
and category typos, and whatever text is left becomes keywords (Chinese less its request phrases).
Each step blanks the text it used.

Decisions worth knowing (prices: see price.py):
- only values in the given Vocabulary are produced; synonyms map onto them ("dark blue" -> navy);
- a word that is both a subcategory and a tag is the subcategory when its category is named
  ("gaming laptop"), the tag otherwise ("gaming headphones");
- sort adjectives ("cheap", "premium", "便宜") order results only when nothing else does: no explicit
  sort ("cheapest") and no price bound; a note says so;
- prices come out in the catalog's currency (vocab.currency), converted with `rates` when the shopper
  wrote another; any text at all gives an Intent.
"""

from __future__ import annotations

import re
from typing import Any

from shopcli.intent import Intent
from shopcli.money import Rates
from shopcli.schema import Vocabulary
from shopcli.understand import lexicon as lx
from shopcli.understand import lexicon_zh as lxz
from shopcli.understand.budget import find_unreadable
from shopcli.understand.deals import find_deals
from shopcli.understand.fuzzy import fuzzy_brands, fuzzy_categories
from shopcli.understand.index import Effect, Index, build_index
from shopcli.understand.measures import find_bare_size, find_rating, find_size
from shopcli.understand.price import Money, find_price
from shopcli.understand.specs import find_specs
from shopcli.understand.terms import Hit, accepted, find_hits, find_negations, modifies_other_category
from shopcli.understand.text import Prepared, mask, prepare, tokens
from shopcli.understand.translate import translate

_KEYWORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SPAN = tuple[int, int]
_FIELDS = (("categories", "category"), ("subcategories", "subcategory"), ("brands", "brand"),
           ("colors", "color"), ("audiences", "audience"), ("features", "feature"))  # fmt: skip
_NOT_KEYWORDS = lx.STOPWORDS_EN | frozenset(
    "under below above over between within upto stars star rated rating size usd rmb yuan cny cheap "
    "budget max min maximum minimum he she they them his her him their what's that's there's don't "
    "rupees rupee rs inr euros euro eur pounds pound gbp quid yen jpy won krw hkd".split()
)


def parse(text: str, vocab: Vocabulary, *, rates: Rates | None = None) -> Intent:
    """Read a shopping query into an Intent, prices in the catalog's currency; never raises on any text."""
    money = Money(vocab.currency, vocab.language, rates or Rates.of())
    prep = prepare(text)
    folded, notes = prep.folded, list(prep.notes)
    fields: dict[str, Any] = {}
    if rating := find_rating(folded):
        fields["min_rating"], folded = rating[0], mask(folded, [rating[1]])
    if size := find_size(folded):
        fields["size"], folded = size.value, mask(folded, [size.span])
    folded, facts, fact_notes = _facts(prep, folded, vocab)  # before prices: "under 1 kg", "30% off"
    deals_sort, for_age = facts.pop("sort", None), facts.pop("_audiences", ())
    fields.update(facts)
    notes += fact_notes
    unreadable = find_unreadable(folded)  # "$-5", "$1e309": a note, never a keyword or a guessed budget
    folded, notes = mask(folded, [u.span for u in unreadable]), notes + [u.note for u in unreadable]
    price = find_price(folded, prep.language, money)
    folded = mask(folded, price.spans)
    fields.update(min_price=price.low, max_price=price.high)
    notes += price.notes
    terms, used = _terms(prep, folded, vocab)
    fields.update(terms)
    fields["audiences"] = fields.get("audiences") or for_age  # "for a 10 year old": kids, where known
    folded = mask(folded, used)
    folded, size_fields = _bare_size(prep, folded, fields)
    fields.update(size_fields)
    folded = _typos(folded, vocab, fields)
    folded, named = translate(folded)  # products and brands named, in both languages
    # with no category to say what is sought, the named product is it, and results must hold it;
    # beside a category it only describes ("bikini" top) and ranks
    placed = fields.get("categories") or fields.get("subcategories")
    fields["must"] = () if placed else tuple(named)
    fields["keywords"] = tuple(dict.fromkeys((*(named if placed else ()), *_keywords(folded))))
    fields["sort"], sort_note = _sort(fields, deals_sort)
    return Intent(language=prep.language, notes=tuple(notes + sort_note), currency=vocab.currency, **fields)


def _facts(prep: Prepared, folded: str, vocab: Vocabulary) -> tuple[str, dict[str, Any], list[str]]:
    """Deals, stock, specs and ages (deals.py, specs.py): fields, the text they used blanked, notes."""
    deals = find_deals(folded, vocab)
    folded = mask(folded, deals.spans)
    specs = find_specs(prep.text, folded, vocab)
    fields: dict[str, Any] = {
        "on_sale": deals.on_sale, "min_discount": deals.min_discount, "in_stock": deals.in_stock,
        "specs": specs.bounds, "age": specs.age,
    }  # fmt: skip
    if deals.sort:
        fields["sort"] = deals.sort
    if specs.audiences:
        fields["_audiences"] = specs.audiences
    return mask(folded, specs.spans), fields, [*deals.notes, *specs.notes]


def _terms(prep: Prepared, folded: str, vocab: Vocabulary) -> tuple[dict, list[_SPAN]]:
    """Catalog words, what negators exclude, and the text both used."""
    index = build_index(vocab)
    hits = find_hits(folded, index)
    negations = find_negations(prep, folded, hits)
    skip = negations.excluded | negations.dropped
    chosen = [(i, accepted(prep, folded, hits, i)) for i in range(len(hits)) if i not in skip]
    effects, used = _settle_subcategories(folded, hits, chosen, index)
    excluded = [e for i in sorted(negations.excluded) for e in _excluded(hits[i])]
    fields = {name: _values(effects, kind) for name, kind in _FIELDS} | {
        "exclude_brands": _values(excluded, "brand"), "exclude_colors": _values(excluded, "color"),
        "exclude_categories": _values(excluded, "category"), "_sort": _values(effects, "sort"),
        "_sort_weak": _values(effects, "sort_weak"),
    }  # fmt: skip
    spans = [(hits[i].start, hits[i].end) for i in sorted(used | skip)]
    return fields, spans + list(negations.spans)


def _excluded(hit: Hit) -> tuple[Effect, ...]:
    return hit.entry.conditional if hit.entry.need == "brand" else hit.entry.effects


def _settle_subcategories(
    folded: str, hits: list[Hit], chosen: list[tuple[int, tuple[Effect, ...]]], index: Index
) -> tuple[list[Effect], set[int]]:
    """Keep a subcategory when its category is named, or name its category when it is standalone.

    Returns the effects and the hits that produced any: the others ("fleece" in "fleece hoodie")
    stay in the text as keywords.
    """
    categories = {e.value for _, effects in chosen for e in effects if e.kind == "category"}
    out: list[Effect] = []
    used: set[int] = set()
    for i, effects in chosen:
        entry, produced = hits[i].entry, []
        subs = [e for e in effects if e.kind == "subcategory"]
        if entry.need == "parent":  # "mini" only with dresses; "gaming" headphones keep the tag instead
            kept = [e for e in subs if set(index.parents.get(e.value, ())) & categories]
            produced = kept or list(entry.effects)
        else:
            for sub in subs:
                parents = index.parents.get(sub.value, ())
                if not parents or set(parents) & categories:
                    produced.append(sub)
                elif len(parents) == 1 and not modifies_other_category(folded, hits, i, parents):
                    produced += [sub, Effect("category", parents[0])]
            produced += [e for e in effects if e.kind != "subcategory"]
        out += produced
        if any(e.kind not in ("generic", "lexicon") for e in produced):
            used.add(i)
    return out, used


def _values(effects: list[Effect], kind: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.value for e in effects if e.kind == kind))


def _bare_size(prep: Prepared, folded: str, fields: dict) -> tuple[str, dict]:
    if fields.get("size"):
        return folded, {}
    cats = set(fields.get("categories", ()))
    found = find_bare_size(
        prep.text,
        folded,
        clothing=bool(cats & lx.CLOTHING_CATEGORIES),
        footwear=bool(cats & lx.FOOTWEAR_CATEGORIES),
    )
    return (mask(folded, [found.span]), {"size": found.value}) if found else (folded, {})


def _typos(folded: str, vocab: Vocabulary, fields: dict) -> str:
    """Brands and categories misspelt; read last, from the words nothing else used."""
    index = build_index(vocab)
    brands = [(b, s) for b, s in fuzzy_brands(tokens(folded), index) if b not in fields["exclude_brands"]]
    folded = mask(folded, [s for _, s in brands])
    categories = fuzzy_categories(tokens(folded), index)
    for name, found in (("brands", brands), ("categories", categories)):
        fields[name] = tuple(dict.fromkeys((*fields.get(name, ()), *(v for v, _ in found))))
    return mask(folded, [s for _, s in categories])


def _keywords(folded: str) -> tuple[str, ...]:
    found = (w.removesuffix("'s") for w in _KEYWORD.findall(folded))  # "what's" is "what"
    words = [w for w in found if len(w) > 1 and w not in _NOT_KEYWORDS]
    return tuple(dict.fromkeys(words + _chinese_keywords(folded)))


def _chinese_keywords(folded: str) -> list[str]:
    """Chinese text nothing else used ("不锈钢保温杯"), less request phrases: ranked by BM25 bigrams."""
    for phrase in lxz.STOP_PHRASES_ZH:
        folded = folded.replace(phrase, " ")
    return [run for run in _CJK_RUN.findall(folded) if len(run) >= 2]


def _sort(fields: dict, deals_sort: str | None) -> tuple[str, list[str]]:
    strong, weak = fields.pop("_sort"), fields.pop("_sort_weak")
    if deals_sort and not strong:  # "biggest discount"
        return deals_sort, []
    if strong:
        return strong[0], []
    if weak and fields.get("min_price") is None and fields.get("max_price") is None:
        return weak[0], [f"sorted by {weak[0].replace('_', ' ')} because the query asked for it in words"]
    return "relevance", []
