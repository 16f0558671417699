"""The only place product SQL is written: Intent -> (sql, params), pure and parameterised.

SQL text here is assembled from this module's constants alone (and textrank.py's, for keyword
scores); every value that came from a shopper, a model or a catalog (brand, colour, keyword,
price...) travels as a bound `?` parameter. DuckDB's `execute()` runs *every* statement in a
string, so user text inside SQL text would not be a risk to manage but an open door.

Queries read the `products` table that catalog.py builds: the contract columns in contract order,
with category, subcategory, colour, audience and tags trimmed and lower-cased, then `_copies` (how
many identical listings a row stands for: the others were removed at open); keyword searches also
read the BM25 index textrank.py describes.
A search first collects the matching rows' sort keys only, takes the top of them, and only then reads
those few rows whole: at a million rows, sorting and counting whole rows was most of the time.

Two rules make results trustworthy:
- identical listings (same name, brand and price, nothing on screen to tell them apart) show once,
  with how many there are;
- a product the shopper named that the catalog has no category for ("face wash", "拼图": Intent.must)
  must be held, not only ranked; and a sort other than relevance ("cheapest X") runs only over
  products holding every keyword, never over products that matched one word of several. A product
  holds a keyword when its title, categories or tags (not its description, which mentions other
  things) hold one of the keyword's names, at least HELD of that name's pieces: its words, or for
  Chinese its character pairs. Relaxation (relax.py) lets go of this, and says so.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from shopcli.errors import UsageError
from shopcli.intent import Intent
from shopcli.money import format_amount as format_amount  # tests and callers import it from here
from shopcli.schema import AUDIENCE_SUITS, COLUMNS, Product
from shopcli.store.describe import describe_filters as describe_filters  # where callers look for it
from shopcli.store.reviewdb import PRAISE_SQL
from shopcli.store.textrank import PRUNED_SCORES_SQL, SCORES_SQL

TABLE = "products"
# The columns a product query returns, in Product's field order; search adds `total` after them.
SELECT_LIST = ", ".join(COLUMNS)
# What the orderings below read, besides the keyword score: all a search keeps of the rows it matched.
_SORT_KEYS = "price, original_price, stock, rating, review_count, id"
# Stored lower-cased by catalog.py, so compared without lower() on the column (and its cost per row).
_LOWERED = ("category", "subcategory", "color", "audience")

_ORDER: dict[str, str] = {
    "relevance": "_score DESC, coalesce(rating, 0) * ln(greatest(coalesce(review_count, 0), 0) + 1) DESC, id",
    "price_asc": "price ASC, id",
    "price_desc": "price DESC, id",
    "rating": "rating DESC NULLS LAST, review_count DESC NULLS LAST, id",
    "popularity": "review_count DESC NULLS LAST, id",
    # the share of the original price paid: the biggest discount first, full price last
    "discount": "CASE WHEN original_price > price THEN price / original_price ELSE 1 END ASC, id",
}
# Every order puts products the catalog says are sold out (stock 0) after the rest, keeping the
# order within each group: a sold-out product is never the first answer, and never hidden either.
_IN_STOCK_FIRST = "coalesce(stock, 1) = 0, "

VOCABULARY_SQL: dict[str, str] = {
    "categories": "SELECT DISTINCT category FROM products WHERE category IS NOT NULL ORDER BY 1",
    "subcategories": "SELECT DISTINCT subcategory FROM products WHERE subcategory IS NOT NULL ORDER BY 1",
    "brands": "SELECT DISTINCT brand FROM products WHERE brand IS NOT NULL ORDER BY lower(brand), brand",
    "colors": "SELECT DISTINCT color FROM products WHERE color IS NOT NULL ORDER BY 1",
    "audiences": "SELECT DISTINCT audience FROM products WHERE audience IS NOT NULL ORDER BY 1",
    "tags": "SELECT DISTINCT t FROM (SELECT unnest(tags) AS t FROM products) WHERE t IS NOT NULL ORDER BY 1",
    "specs": "SELECT DISTINCT k FROM (SELECT unnest(map_keys(specs)) AS k FROM products) WHERE k IS NOT NULL"
    " ORDER BY 1",
    # which deal and stock facts the catalog states at all: "in stock" means nothing where none is known
    "facts": "SELECT 'stock' WHERE EXISTS (SELECT 1 FROM products WHERE stock IS NOT NULL) UNION ALL"
    " SELECT 'original_price' WHERE EXISTS (SELECT 1 FROM products WHERE original_price > price) ORDER BY 1",
}
PRICE_RANGE_SQL = "SELECT min(price), max(price), count(*) FROM products"
# The catalog's currency (its most common, import makes it the only one) and whether most names are
# Chinese (Han characters), which decides what a budget without a currency word means (price.py).
CATALOG_FACTS_SQL = (
    "SELECT mode(currency), avg(CASE WHEN regexp_matches(name, '[\u4e00-\u9fff]') THEN 1 ELSE 0 END) > 0.5"
    " FROM (SELECT currency, name FROM products USING SAMPLE 2000 ROWS (reservoir, 7))"
)
SUBCATEGORIES_OF_SQL = (
    "SELECT category, list_sort(list_distinct(list(subcategory))) FROM products"
    " WHERE category IS NOT NULL GROUP BY category ORDER BY category"
)


HELD = 0.6  # share of a name's pieces a product must hold: "男士洗面奶" in "男士 洗面奶" lacks 士洗
# What a product is called: its title, categories and tags, lower-cased and without accents.
_TITLE = (  # chr(32) is a space: no quote ever appears in this module's SQL
    "strip_accents(lower(concat_ws(chr(32), products.name, products.category, products.subcategory,"
    " array_to_string(products.tags, chr(32)))))"
)
# Bind the pieces of the required keywords (keyword -> names -> pieces: VARCHAR[][][]) and HELD.
_HOLDS = (
    f"list_bool_and(list_transform(?::VARCHAR[][][], k -> list_bool_or(list_transform(k, n ->"
    f" len(list_filter(n, w -> contains({_TITLE}, w))) >= ? * len(n)))))"
)
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]+(?:['’.&-][^\W_]+)*")


@dataclass(frozen=True)
class PriceTarget:
    """Order rows by their distance to a price range: used once relaxation dropped the budget."""

    min_price: float | None = None
    max_price: float | None = None


@dataclass(frozen=True)
class _Sql:
    text: str
    params: tuple[object, ...] = ()


def to_product(row: tuple[Any, ...]) -> Product:
    """A row from build_query or build_get as a Product (extra trailing columns such as `total` ignored)."""
    values = dict(zip(COLUMNS, row, strict=False))
    values["tags"] = tuple(values["tags"] or ())
    values["specs"] = tuple(sorted((values.get("specs") or {}).items()))
    return Product(**values)


def build_query(
    intent: Intent,
    *,
    limit: int,
    target: PriceTarget | None = None,
    praise: tuple[str, ...] = (),
    loose: bool = False,
    prune: bool = True,
) -> tuple[str, list[object]]:
    """SQL and parameters for a search: the contract columns, then `listings` (identical listings the
    row stands for) and `total` (listings matched before the limit). `loose`: no keyword need be
    held (the last relaxation). `prune`: a keyword-only search scores only the products that can
    reach the top (see _pruned; the same results, and False scores every product, for tests).

    `praise` (review aspects, e.g. "battery") puts products whose reviews praise them first in
    relevance order; it needs the review tables (see reviewdb.py)."""
    if limit < 1:
        raise UsageError(f"limit must be at least 1, not {limit}: pass --limit N with N ≥ 1")
    _check_numbers(intent)
    if prune and target is None and not praise and _prunable(intent, loose):
        return _pruned(keywords_of(intent), limit)
    inner = _matched(intent, loose=loose)
    order = _order_by(intent, target)
    keep = "_rid, _score"
    if praise and intent.sort == "relevance" and target is None:
        inner, order = _with_praise(inner, praise), _Sql(f"_praise DESC, {order.text}")
        keep += ", _praise"
    # `top` keeps only _rid and scores, so the final ORDER BY reads the rest from products unambiguously.
    sql = (
        f"WITH matched AS MATERIALIZED ({inner.text}),"
        f" top AS (SELECT {keep} FROM matched ORDER BY {order.text} LIMIT ?)"
        f" SELECT {SELECT_LIST}, _copies AS listings, (SELECT count(*) FROM matched) AS total"
        f" FROM top JOIN {TABLE} ON {TABLE}.rowid = top._rid ORDER BY {order.text}"
    )
    return sql, [*inner.params, *order.params, limit, *order.params]


def _prunable(intent: Intent, loose: bool) -> bool:
    """Keywords only, ranked by relevance: nothing but the keyword scores decides which rows match."""
    return (
        bool(keywords_of(intent))
        and intent.sort == "relevance"
        and not (_filters(intent) or required_words(intent, loose=loose))
    )


def _pruned(keywords: tuple[str, ...], limit: int) -> tuple[str, list[object]]:
    """build_query's SQL for keywords alone: only products that can reach the top `limit` are scored
    and joined to their sort keys (textrank.PRUNED_SCORES_SQL has the bound); `total` counts every
    product holding a query term, as the full scoring does.

    Sold-out products rank after the rest whatever their score, so the candidates hold the true top
    only when `limit` in-stock ones among them reach the bound (every product left out scores below
    it). When they do not (many sold-out best matches), every product holding a term is scored."""
    order = _IN_STOCK_FIRST + _ORDER["relevance"]
    keys = f"{TABLE}.rowid AS _rid, s._score, {_SORT_KEYS}"
    sql = (
        f"WITH {PRUNED_SCORES_SQL},"
        f" cand AS MATERIALIZED (SELECT {keys} FROM {TABLE} JOIN scored AS s ON {TABLE}.rowid = s.rid),"
        " exact AS MATERIALIZED (SELECT count(*) >= ? AS ok FROM cand, bound"
        " WHERE coalesce(stock, 1) <> 0 AND _score >= theta),"
        " rest AS (SELECT rid, round(sum(s), 9) AS _score FROM post"
        " WHERE NOT (SELECT ok FROM exact) GROUP BY rid),"
        " matched AS (SELECT * FROM cand WHERE (SELECT ok FROM exact) UNION ALL"
        f" SELECT {keys} FROM {TABLE} JOIN rest AS s ON {TABLE}.rowid = s.rid),"
        f" top AS (SELECT _rid, _score FROM matched ORDER BY {order} LIMIT ?)"
        f" SELECT {SELECT_LIST}, _copies AS listings, (SELECT count(DISTINCT rid) FROM post) AS total"
        f" FROM top JOIN {TABLE} ON {TABLE}.rowid = top._rid ORDER BY {order}"
    )
    return sql, [list(keywords), limit, limit, limit]


def build_count(intent: Intent, *, loose: bool = False) -> tuple[str, list[object]]:
    """SQL and parameters counting the rows a search would match, ignoring any limit."""
    _check_numbers(intent)
    inner = _matched(intent, loose=loose)
    return f"SELECT count(*) FROM ({inner.text}) AS matched", list(inner.params)


def build_get(count: int) -> str:
    """SQL fetching products by id; bind `count` ids."""
    return f"SELECT {SELECT_LIST} FROM {TABLE} WHERE id IN ({_placeholders(count, '?')})"


def _matched(intent: Intent, *, loose: bool = False) -> _Sql:
    """Rows passing every filter: rowid as `_rid`, keyword score as `_score`, and the sort keys."""
    where = _filters(intent)
    if held := required_words(intent, loose=loose):
        # a keyword with no word and no Chinese pair ("!!!", a stray control) names nothing to hold;
        # it is left out of the values, never the SQL, whose text must not depend on what was typed
        where.append(_Sql(_HOLDS, ([p for k in held if (p := pieces(k))], HELD)))
    clause = " AND ".join(f.text for f in where) or "true"
    params = tuple(p for f in where for p in f.params)
    if not (keywords := keywords_of(intent)):
        return _Sql(f"SELECT rowid AS _rid, 0 AS _score, {_SORT_KEYS} FROM {TABLE} WHERE {clause}", params)
    # With nothing structured to narrow the catalog, keywords must filter or "jigsaw puzzle" lists
    # everything: an inner join keeps only rows holding a query term. Otherwise they only rank.
    join = "LEFT JOIN" if has_structured_filters(intent) else "JOIN"
    return _Sql(
        f"SELECT {TABLE}.rowid AS _rid, coalesce(s._score, 0) AS _score, {_SORT_KEYS} FROM {TABLE}"
        f" {join} ({SCORES_SQL}) AS s ON {TABLE}.rowid = s.rid WHERE {clause}",
        (list(keywords), *params),
    )


def _with_praise(inner: _Sql, aspects: tuple[str, ...]) -> _Sql:
    """The matched rows with `_praise`: net share of each product's reviews praising `aspects`."""
    return _Sql(
        f"SELECT m.*, coalesce(p.praise, 0) AS _praise FROM ({inner.text}) AS m"
        f" LEFT JOIN ({PRAISE_SQL}) AS p ON p.product_id = m.id",
        (*inner.params, list(aspects)),
    )


def required_words(intent: Intent, *, loose: bool = False) -> tuple[str, ...]:
    """The keywords every product shown must hold: the products the shopper named, and under a sort
    other than relevance every keyword ("cheapest lego technic" never sorts what matched one word)."""
    if loose:
        return ()
    return keywords_of(intent) if intent.sort != "relevance" else _terms(intent.must)


def pieces(keyword: str) -> list[list[str]]:
    """A keyword's names, each as the pieces a title must hold: lower-case words without accents and
    a plural -s, and the character pairs of Chinese ("男士洗面奶" -> 男士, 士洗, 洗面, 面奶)."""
    out = []
    for name in keyword.split("|"):
        text = unicodedata.normalize("NFKD", name.lower())
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        han = [run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(max(1, len(run) - 1))]
        words = [_stem(w) for w in _WORD.findall(_CJK_RUN.sub(" ", text))]
        if parts := words + han:
            out.append(parts)
    return out


def _stem(word: str) -> str:
    """A plural's singular, enough for a substring test: "puzzles" -> "puzzle", "boxes" -> "box"."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def has_structured_filters(intent: Intent) -> bool:
    """Whether the intent narrows the catalog by anything other than keywords and exclusions."""
    return bool(
        intent.categories or intent.subcategories or intent.brands or intent.colors or intent.features
        or intent.audiences or intent.size is not None or intent.min_price is not None
        or intent.max_price is not None or intent.min_rating is not None or intent.on_sale
        or intent.min_discount is not None or intent.in_stock or intent.specs or intent.age is not None
    )  # fmt: skip


def _filters(intent: Intent) -> list[_Sql]:
    parts = [
        _in_list("category", intent.categories),
        _in_list("subcategory", intent.subcategories),
        _in_list("brand", intent.brands),
        _in_list("color", intent.colors),
        _in_list("audience", suiting(intent.audiences)),
        _not_in("brand", intent.exclude_brands),
        _not_in("color", intent.exclude_colors),
        _not_in("category", intent.exclude_categories),
    ]
    if intent.size is not None:
        parts.append(_Sql("lower(size) = lower(?)", (intent.size,)))
    if intent.min_price is not None:
        parts.append(_Sql("price >= ?", (intent.min_price,)))
    if intent.max_price is not None:
        parts.append(_Sql("price <= ?", (intent.max_price,)))
    if intent.min_rating is not None:
        parts.append(_Sql("rating >= ?", (intent.min_rating,)))
    parts.extend(_Sql("list_contains(tags, lower(?))", (f,)) for f in intent.features)
    return [p for p in parts + _facts(intent) if p.text]


def _facts(intent: Intent) -> list[_Sql]:
    """Deals, stock, specs and age: facts the catalog states, compared as numbers. A row that does
    not state one (no original price, no stock, no such spec) never passes its filter."""
    parts = []
    if intent.on_sale or intent.min_discount is not None:
        parts.append(_Sql("original_price > price"))
    if intent.min_discount is not None:  # the share off, as Product.discount computes it
        parts.append(_Sql("price <= original_price * (1 - ?)", (intent.min_discount,)))
    if intent.in_stock:
        parts.append(_Sql("stock > 0"))
    for bound in intent.specs:
        if bound.min is not None:
            parts.append(_Sql("specs[?] >= ?", (bound.attribute, bound.min)))
        if bound.max is not None:
            parts.append(_Sql("specs[?] <= ?", (bound.attribute, bound.max)))
    if intent.age is not None:  # suits the age: from at most it, to at least it (or no upper age)
        parts.append(_Sql("specs[?] <= ? AND coalesce(specs[?], ?) >= ?",
                          ("age_min_y", intent.age, "age_max_y", intent.age, intent.age)))  # fmt: skip
    return parts


def suiting(audiences: tuple[str, ...]) -> tuple[str, ...]:
    """The stored audiences that suit what was asked: "women" is also served by unisex products."""
    return tuple(dict.fromkeys(v for a in audiences for v in AUDIENCE_SUITS.get(a, (a,))))


def _in_list(column: str, values: tuple[str, ...]) -> _Sql:
    if not values:
        return _Sql("")
    return _Sql(f"{_lowered(column)} IN ({_placeholders(len(values), 'lower(?)')})", values)


def _not_in(column: str, values: tuple[str, ...]) -> _Sql:
    # NULL-safe: a product with no brand is not excluded by "not Apple" (plain NOT IN yields NULL).
    if not values:
        return _Sql("")
    listed = _placeholders(len(values), "lower(?)")
    return _Sql(f"({column} IS NULL OR {_lowered(column)} NOT IN ({listed}))", values)


def _lowered(column: str) -> str:
    return column if column in _LOWERED else f"lower({column})"


def _order_by(intent: Intent, target: PriceTarget | None) -> _Sql:
    if target is None or (target.min_price is None and target.max_price is None):
        return _Sql(_IN_STOCK_FIRST + _ORDER[intent.sort])
    terms, params = ["0"], []
    if target.min_price is not None:
        terms.append("? - price")
        params.append(target.min_price)
    if target.max_price is not None:
        terms.append("price - ?")
        params.append(target.max_price)
    return _Sql(f"{_IN_STOCK_FIRST}greatest({', '.join(terms)}) ASC, {_ORDER[intent.sort]}", tuple(params))


def _placeholders(count: int, item: str) -> str:
    return ", ".join([item] * count)


def _terms(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(k for k in words if k.strip())


def keywords_of(intent: Intent) -> tuple[str, ...]:
    """What text search reads: the names that must be held first, then the keywords that say anything
    (blank ones are dropped: they never reach the SQL)."""
    return tuple(dict.fromkeys(_terms(intent.must) + _terms(intent.keywords)))


def _check_numbers(intent: Intent) -> None:
    # DuckDB orders NaN above every number, so `price <= NaN` would be true for every row.
    named = [(n.replace("_", " "), getattr(intent, n)) for n in ("min_price", "max_price", "min_rating")]
    named += [(b.attribute, v) for b in intent.specs for v in (b.min, b.max)]
    for what, value in named:
        if value is not None and not math.isfinite(value):
            raise UsageError(f"{what} must be a finite number, not {value}: give a plain amount")
    if intent.min_discount is not None and not 0 <= intent.min_discount < 1:
        raise UsageError(f"a discount is a share below 1, not {intent.min_discount}: e.g. 0.3 for 30% off")
