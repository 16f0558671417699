"""Properties of build_query for any Intent: user text never becomes SQL, and every row obeys every filter."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import duckdb
import pytest
from catalog_fixture import fixture_rows, reference_terms, write_catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopcli.intent import SORTS, Intent
from shopcli.schema import Product
from shopcli.store.catalog import Catalog
from shopcli.store.query import HELD, build_count, build_query, has_structured_filters, pieces, to_product

ROWS = fixture_rows()
NASTY = (
    "%",
    "_",
    "\\",
    "'",
    ";",
    "--",
    '"',
    "'; DROP TABLE products; --",
    "?",
    "$1",
    "ü",
    "名",
    "💥",
    "\x00",
)
TEXT_FIELDS = ("categories", "subcategories", "brands", "colors", "features", "keywords", "exclude_brands",
               "exclude_colors", "exclude_categories")  # fmt: skip
LIMIT = 7
# The autouse user-dir fixture is function scoped; it only sets env vars, so examples may share it.
PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _known(field: str) -> list[str]:
    values = (
        {str(r[field]) for r in ROWS if r.get(field)}
        if field != "tags"
        else {t for r in ROWS for t in r["tags"]}
    )
    return sorted(values | {v.upper() for v in values})  # upper case too: filters ignore case


def _texts(known: list[str]) -> st.SearchStrategy[str]:
    nasty = st.builds(
        lambda a, b, c: a + b + c, st.text(max_size=4), st.sampled_from(NASTY), st.text(max_size=4)
    )
    vocab = st.sampled_from(known)
    return st.one_of(vocab, vocab, st.text(max_size=10), nasty)  # vocab twice: half the values can match


def _some(known: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(_texts(known), min_size=1, max_size=3).map(tuple)


def _number(low: float, high: float, field: str) -> st.SearchStrategy[float]:
    exact = sorted({float(r[field]) for r in ROWS if r.get(field) is not None})  # boundaries: ≤ vs <
    return st.one_of(st.floats(low, high, allow_nan=False, allow_infinity=False), st.sampled_from(exact))


WORDS = sorted({w.lower() for r in ROWS for w in r["name"].split()} | {"wireless", "jigsaw", "warm", " "})
FIELDS: dict[str, st.SearchStrategy[object]] = {
    "categories": _some(_known("category")), "subcategories": _some(_known("subcategory")),
    "brands": _some(_known("brand")), "colors": _some(_known("color")), "size": _texts(_known("size")),
    "min_price": _number(-10, 2500, "price"), "max_price": _number(-10, 2500, "price"),
    "min_rating": _number(0, 5, "rating"),
    "features": _some(_known("tags")), "keywords": _some(WORDS), "exclude_brands": _some(_known("brand")),
    "exclude_colors": _some(_known("color")), "exclude_categories": _some(_known("category")),
}  # fmt: skip


@st.composite
def intents(draw: st.DrawFn) -> Intent:
    """Intents setting a few fields at a time, so that many of them match some rows."""
    fields = draw(st.sets(st.sampled_from(sorted(FIELDS)), max_size=4))
    changes = {f: draw(FIELDS[f]) for f in sorted(fields)}
    return Intent(sort=draw(st.sampled_from(SORTS))).with_(**changes)


@pytest.fixture(scope="module")
def cat(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    with Catalog.open(write_catalog(tmp_path_factory.mktemp("catalog"))) as c:
        c.build_text_index()  # the tests below run build_query's SQL themselves, not through search()
        yield c


@pytest.fixture(scope="module")
def everything(cat: Catalog) -> list[Product]:
    return cat.get(str(r["id"]) for r in ROWS)


_plain = duckdb.connect()


@lru_cache(maxsize=4096)
def dlower(s: str) -> str:
    """Lower-case as DuckDB does: Python and DuckDB disagree on a few letters (İ)."""
    return str(_plain.execute("SELECT lower(?)", [s]).fetchone()[0])  # type: ignore[index]


def _user_strings(intent: Intent) -> list[str]:
    strings = [s for f in TEXT_FIELDS for s in getattr(intent, f) if f != "keywords" or s.strip()]
    return strings + ([intent.size] if intent.size is not None else [])


def _shape(intent: Intent) -> Intent:
    """The same intent with every value replaced: SQL text must depend on nothing else."""
    changes: dict[str, object] = {
        f: tuple("x" if s.strip() else s for s in getattr(intent, f)) for f in TEXT_FIELDS
    }
    for f in ("min_price", "max_price", "min_rating"):
        changes[f] = None if getattr(intent, f) is None else 1.0
    return intent.with_(**changes, size=None if intent.size is None else "x")


def _flat(params: list[object]) -> list[object]:
    return [q for p in params for q in (p if isinstance(p, list) else [p])]


def _in(value: str | None, wanted: tuple[str, ...]) -> bool:
    return value is not None and value.lower() in {dlower(w) for w in wanted}


@lru_cache(maxsize=4096)
def dstrip(s: str) -> str:
    return str(_plain.execute("SELECT strip_accents(?)", [s]).fetchone()[0])  # type: ignore[index]


def _terms(text: str, *, query: bool) -> set[str]:
    return set(reference_terms(text, query=query, lower=dlower, strip_accents=dstrip))


def _document(p: Product) -> set[str]:
    categories = " ".join(c for c in (p.category, p.subcategory) if c)
    fields = [p.name, p.description or "", categories, " ".join(p.tags)]
    return {t for f in fields for t in _terms(f, query=False)}


def _keyword_hit(p: Product, keywords: list[str]) -> bool:
    """Whether the product shares a search term with the keywords (textrank's rules, restated)."""
    return bool(_terms(" ".join(keywords), query=True) & _document(p))


def _holds_every_keyword(p: Product, keywords: list[str]) -> bool:
    """What a sort other than relevance needs: each keyword held by the title, categories or tags,
    at least HELD of the pieces of one of its names (query.py), restated with Python's str. A keyword
    with no pieces names nothing to hold (query.required_words leaves it out)."""
    title = " ".join([p.name, p.category or "", p.subcategory or "", *p.tags]).lower()
    title = "".join(ch for ch in unicodedata.normalize("NFKD", title) if not unicodedata.combining(ch))
    held = [k for k in keywords if pieces(k)]
    return all(any(sum(w in title for w in name) >= HELD * len(name) for name in pieces(k)) for k in held)


def satisfies(p: Product, i: Intent) -> bool:
    """Every filter of `i`, checked in Python (the catalog text is ASCII, so lower() agrees)."""
    keywords = [k for k in i.keywords if k.strip()]
    checks = [
        not i.categories or _in(p.category, i.categories),
        not i.subcategories or _in(p.subcategory, i.subcategories),
        not i.brands or _in(p.brand, i.brands),
        not i.colors or _in(p.color, i.colors),
        i.size is None or (p.size is not None and p.size.lower() == dlower(i.size)),
        i.min_price is None or p.price >= i.min_price,
        i.max_price is None or p.price <= i.max_price,
        i.min_rating is None or (p.rating is not None and p.rating >= i.min_rating),
        all(dlower(f) in p.tags for f in i.features),
        p.brand is None or not _in(p.brand, i.exclude_brands),
        p.color is None or not _in(p.color, i.exclude_colors),
        p.category is None or not _in(p.category, i.exclude_categories),
        not keywords or has_structured_filters(i) or _keyword_hit(p, keywords),
        not keywords or i.sort == "relevance" or _holds_every_keyword(p, keywords),
    ]
    return all(checks)


@PROPERTY
@given(intent=intents())
def test_user_text_never_reaches_sql_text(intent: Intent) -> None:
    sql, params = build_query(intent, limit=LIMIT)
    shape_sql, _ = build_query(_shape(intent), limit=LIMIT)
    assert sql == shape_sql
    assert sql.isascii() and not any(c in sql for c in ("'", '"', ";", "--", "\\", "%", "$"))
    assert all(s not in sql for s in _user_strings(intent) if s not in shape_sql)
    flat = _flat(params)
    assert all(s in flat for s in _user_strings(intent))
    assert sql.count("?") == len(params)


@PROPERTY
@given(intent=intents())
def test_every_row_satisfies_every_filter(cat: Catalog, everything: list[Product], intent: Intent) -> None:
    sql, params = build_query(intent, limit=LIMIT)
    rows = cat._con.execute(sql, params).fetchall()
    found = [to_product(row) for row in rows]
    expected = {p.id for p in everything if satisfies(p, intent)}
    assert {p.id for p in found} <= expected
    assert len(found) == min(LIMIT, len(expected))
    count_sql, count_params = build_count(intent)
    assert all(row[-1] == len(expected) for row in rows)
    assert cat._con.execute(count_sql, count_params).fetchone() == (len(expected),)
    if intent.sort in ("price_asc", "price_desc"):  # within in-stock, then sold-out rows (issue 15)
        sign = -1 if intent.sort == "price_desc" else 1
        keys = [(p.stock == 0, sign * p.price) for p in found]
        assert keys == sorted(keys)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(intent=intents())
def test_relaxed_searches_keep_categories_and_exclusions(cat: Catalog, intent: Intent) -> None:
    result = cat.search(intent, limit=LIMIT)
    kept = Intent(
        categories=intent.categories,
        subcategories=intent.subcategories,
        exclude_brands=intent.exclude_brands,
        exclude_colors=intent.exclude_colors,
        exclude_categories=intent.exclude_categories,
    )
    assert all(satisfies(p, kept) for p in result.products)
    assert bool(result.relaxed) <= bool(result.products)  # a note always explains rows that were found
    assert result.total >= len(result.products)
