"""textrank: terms as documented, scores as the BM25 formula says, and rankings that find what was meant."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from catalog_fixture import TEXT_ROWS, reference_terms, write_catalog
from hypothesis import given, settings
from hypothesis import strategies as st

from shopcli.errors import CatalogError
from shopcli.intent import Intent
from shopcli.store import textrank
from shopcli.store.catalog import Catalog

_con = duckdb.connect()
for _macro in textrank.MACROS:
    _con.execute(_macro)


def _duck(function: str, text: str) -> str:
    """A DuckDB string function applied to `text`: the reference lower-cases and strips as DuckDB does."""
    return str(_con.execute(f"SELECT {function}(?)", [text]).fetchone()[0])  # type: ignore[index]


def ref(text: str, *, query: bool) -> list[str]:
    return reference_terms(
        text,
        query=query,
        lower=lambda t: _duck("lower", t),
        strip_accents=lambda t: _duck("strip_accents", t),
    )


def doc_terms(text: str) -> list[str]:
    """The terms the index build takes from one field's text."""
    sql = "SELECT flatten(list_transform(string_split(lower(?), ' '), c -> tr_chunk_terms(c, true)))"
    return list(_con.execute(sql, [text]).fetchone()[0])  # type: ignore[index]


def query_terms(*keywords: str) -> set[str]:
    return set(_con.execute("SELECT tr_query_terms(?::VARCHAR[])", [list(keywords)]).fetchone()[0])  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Jigsaw Puzzles", ["jigsaw", "puzzle"]),
        ("dresses boxes watches batteries toys glass bus tennis", ["dress", "box", "watch", "battery", "toy",
                                                                   "glass", "bus", "tennis"]),
        ("cookie cookies hoodie hoodies", ["cooky", "cooky", "hoody", "hoody"]),
        ("wool_scarf 100% 'quoted' \"double\" x\\y", ["wool", "scarf", "100", "quoted", "double", "x", "y"]),
        ("Crème Brûlée, NAÏVE", ["creme", "brulee", "naive"]),
        ("a jigsaw for the kids, and it is fun", ["jigsaw", "kid", "fun"]),
        ("T-Shirt 2-in-1 5yr", ["t", "shirt", "2", "1", "5yr"]),
        ("👍wireless™earbuds…", ["wireless", "earbud"]),
        ("保温杯", ["保温", "温杯", "保", "温", "杯"]),
        ("abc保温杯def，红", ["abc", "def", "保温", "温杯", "保", "温", "杯", "红"]),
        ("", []),
        ("% _ \\ ' --", []),
    ],
)  # fmt: skip
def test_document_terms(text: str, terms: list[str]) -> None:
    assert Counter(doc_terms(text)) == Counter(terms)
    assert Counter(ref(text, query=False)) == Counter(terms)


@pytest.mark.parametrize(
    ("keywords", "terms"),
    [
        (("保温杯",), {"保温", "温杯"}),
        (("杯",), {"杯"}),
        (("Puzzles", "puzzle", "jigsaw puzzle"), {"puzzle", "jigsaw"}),
        (("T-Shirt，红色。",), {"t", "shirt", "红色"}),
        (("%", "_", "the"), set()),
    ],
)
def test_query_terms(keywords: tuple[str, ...], terms: set[str]) -> None:
    assert query_terms(*keywords) == terms


_ALPHABET = st.sampled_from(list("abcXYZ019 -_.,'%\\éüİÅ保温杯马克。，!😀™\u0301\u3000\t\n"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.one_of(_ALPHABET, st.characters(codec="utf-8")), max_size=30))
def test_sql_and_reference_agree(text: str) -> None:
    assert Counter(doc_terms(text)) == Counter(ref(text, query=False))
    assert query_terms(text) == set(ref(text, query=True))


# --- scores and rankings over a catalog ---


@pytest.fixture(scope="module")
def cat(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    with Catalog.open(write_catalog(tmp_path_factory.mktemp("text"), rows=TEXT_ROWS)) as c:
        yield c


def ids(cat: Catalog, intent: Intent) -> list[str]:
    return [p.id for p in cat.search(intent, limit=100).products]


def _fields(row: dict[str, Any]) -> list[tuple[int, str]]:
    category = " ".join(v for v in (row.get("category"), row.get("subcategory")) if v)
    texts = (row["name"], category, " ".join(row.get("tags") or ()), row.get("description") or "")
    return [(weight, text) for (weight, _), text in zip(textrank.FIELDS, texts, strict=True)]


def bm25(rows: tuple[dict[str, Any], ...], keywords: tuple[str, ...]) -> dict[str, float]:
    """Scores straight from the formula in textrank's docstring, term by term, in Python."""
    tfs: dict[str, Counter[str]] = {r["id"]: Counter() for r in rows}
    for row in rows:
        for weight, text in _fields(row):
            for term in ref(text, query=False):
                tfs[row["id"]][term] += weight
    lengths = {i: sum(tf.values()) for i, tf in tfs.items()}
    n, avgdl = len(rows), sum(lengths.values()) / len(rows)
    scores: dict[str, float] = {}
    for term in set(ref(" ".join(keywords), query=True)):
        df = sum(1 for tf in tfs.values() if tf[term])
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        for i, tf in tfs.items():
            if f := tf[term]:
                norm = textrank.K1 * (1 - textrank.B + textrank.B * lengths[i] / avgdl)
                scores[i] = scores.get(i, 0.0) + idf * f * (textrank.K1 + 1) / (f + norm)
    return scores


@pytest.mark.parametrize(
    "keywords", [("wooden", "puzzle"), ("保温杯",), ("boxes", "kitchen"), ("杯", "pieces")]
)
def test_scores_follow_the_formula(cat: Catalog, keywords: tuple[str, ...]) -> None:
    cat.build_text_index()
    sql = f"SELECT id, _score FROM ({textrank.SCORES_SQL}) AS s JOIN products ON products.rowid = s.rid"
    got = dict(cat._con.execute(sql, [list(keywords)]).fetchall())
    expected = bm25(TEXT_ROWS, keywords)
    assert got.keys() == expected.keys() and expected
    assert all(math.isclose(got[i], expected[i], rel_tol=1e-5) for i in expected), (got, expected)


def test_jigsaw_puzzles_come_first(cat: Catalog) -> None:
    found = ids(cat, Intent(keywords=("jigsaw", "puzzle")))
    # The 3D puzzle has far more reviews, but only one of the two words.
    assert set(found[:2]) == {"T-JIG1", "T-JIG2"} and set(found) == {"T-JIG1", "T-JIG2", "T-3D", "T-BOX"}


def test_plurals_match_singulars(cat: Catalog) -> None:
    assert "T-BOX" in ids(cat, Intent(keywords=("puzzles",)))  # "Puzzle Box", subcategory "brain teasers"
    assert set(ids(cat, Intent(keywords=("box",)))) == {"T-BOX", "T-BLOCKS"}  # "Boxes of bricks"
    assert ids(cat, Intent(keywords=("dresses",))) == ["K-DRESS"]


def test_chinese_keywords_find_chinese_names(cat: Catalog) -> None:
    found = ids(cat, Intent(keywords=("保温杯",)))
    assert set(found[:2]) == {"Z-CUP1", "Z-CUP2"} and found[2:] == ["Z-POT"]  # 保温 in its description
    assert set(ids(cat, Intent(keywords=("杯",)))) == {"Z-CUP1", "Z-CUP2", "Z-MUG"}
    assert ids(cat, Intent(keywords=("火车玩具",))) == ["Z-TOY"]


def test_a_rare_term_outweighs_a_common_one(tmp_path: Path) -> None:
    rows = [{"id": "rare", "name": "Zeppelin thing", "price": 1.0, "review_count": 0},
            {"id": "common", "name": "Balloon thing", "price": 1.0, "review_count": 900}]  # fmt: skip
    rows += [{"id": f"other-{i}", "name": f"Balloon item {i}", "price": 1.0} for i in range(6)]
    with Catalog.open(write_catalog(tmp_path, rows=rows)) as c:
        assert ids(c, Intent(keywords=("balloon", "zeppelin")))[:2] == ["rare", "common"]


def test_structured_filters_keep_unscored_rows_last(cat: Catalog) -> None:
    result = cat.search(Intent(categories=("kitchen",), keywords=("wooden",)), limit=100)
    assert result.products[0].id == "K-BOARD" and result.total == 4
    rest = result.products[1:]
    popularity = [(p.rating or 0) * math.log((p.review_count or 0) + 1) for p in rest]
    assert popularity == sorted(popularity, reverse=True)


def test_equal_scores_fall_back_to_popularity_then_id(tmp_path: Path) -> None:
    # a and b differ only in colour, so they are two listings (query.py folds identical ones)
    rows = [{"id": i, "name": "Red Kettle", "price": 1.0, "rating": 4.0, "review_count": n, "color": c}
            for i, n, c in (("b", 5, "red"), ("a", 5, "blue"), ("c", 50, "red"))]  # fmt: skip
    with Catalog.open(write_catalog(tmp_path, rows=rows)) as c:
        assert ids(c, Intent(keywords=("kettle",))) == ["c", "a", "b"]


def test_punctuation_only_keywords_match_nothing_rather_than_everything(cat: Catalog) -> None:
    for keyword in ("%", "_", "\\", "'", "--"):
        assert ids(cat, Intent(keywords=(keyword,))) == [], keyword
    assert ids(cat, Intent(keywords=("100%",))) == ["K-MUG"]
    assert ids(cat, Intent(keywords=("'leak-proof'",))) == ["K-MUG"]


def test_a_catalog_without_words_still_answers(tmp_path: Path) -> None:
    rows = [{"id": "x", "name": "%%%", "price": 1.0}, {"id": "y", "name": "--", "price": 2.0}]
    with Catalog.open(write_catalog(tmp_path, rows=rows, columns=("id", "name", "price"))) as c:
        assert ids(c, Intent(keywords=("anything",))) == []
        assert ids(c, Intent(max_price=5, keywords=("anything",))) == ["x", "y"]


# --- the index: built once, on the first keyword search, the same whatever the batch size ---


def _tables(c: Catalog) -> set[str]:
    return {r[0] for r in c._con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


@pytest.fixture
def in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """No index file can be written (store/index.py): the catalog is read into memory, and the first
    keyword search builds the index there, as every catalog did before index files."""

    def unwritable(catalog: Path, place: Path) -> None:
        raise OSError("read-only")

    monkeypatch.setattr("shopcli.store.index.build", unwritable)


@pytest.mark.usefixtures("in_memory")
def test_the_index_is_built_by_the_first_keyword_search(tmp_path: Path) -> None:
    with Catalog.open(write_catalog(tmp_path, rows=TEXT_ROWS)) as c:
        assert _tables(c) == {"products"}
        c.search(Intent(categories=("kitchen",)))
        assert _tables(c) == {"products"}  # searches without keywords never pay for it
        c.search(Intent(keywords=("mug",)))
        assert _tables(c) == {"products", *textrank.TABLES}  # and the build leaves nothing else behind
        c.search(Intent(keywords=("pan",)))  # a second search reuses it


@pytest.mark.usefixtures("in_memory")
def test_batches_build_the_same_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_catalog(tmp_path, rows=TEXT_ROWS)
    dump = "SELECT term, rid, impact FROM search_postings JOIN search_terms USING (term_id) ORDER BY ALL"
    with Catalog.open(path) as c:
        c.build_text_index()
        whole = c._con.execute(dump).fetchall()
    monkeypatch.setattr(textrank, "BATCH_ROWS", 4)
    assert len(textrank.build_statements(len(TEXT_ROWS))) > len(textrank.build_statements(1))
    with Catalog.open(path) as c:
        c.build_text_index()
        assert c._con.execute(dump).fetchall() == whole


@pytest.mark.usefixtures("in_memory")
def test_a_failed_build_says_what_to_do_and_can_be_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = textrank.build_statements

    def failing(rows: int) -> list[tuple[str, list[object]]]:
        statements = real(rows)
        return [*statements[:-2], ("SELECT error('out of memory, say')", []), *statements[-2:]]

    with Catalog.open(write_catalog(tmp_path, rows=TEXT_ROWS)) as c:
        monkeypatch.setattr("shopcli.store.catalog.build_statements", failing)
        with pytest.raises(
            CatalogError, match=r"cannot index the text of .*out of memory, say.*without keywords"
        ):
            c.search(Intent(keywords=("mug",)))
        assert _tables(c) == {"products"}
        monkeypatch.setattr("shopcli.store.catalog.build_statements", real)
        assert ids(c, Intent(keywords=("mug",))) == ["K-MUG"]
