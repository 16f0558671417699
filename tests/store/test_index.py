"""The search index beside a catalog (store/index.py): built once, trusted only while it describes the
file, rebuilt when stale or damaged, and never a reason to read the whole catalog into memory."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from catalog_fixture import TEXT_ROWS, fixture_rows, write_catalog

from shopcli.errors import CatalogError
from shopcli.intent import Intent
from shopcli.store import index
from shopcli.store.catalog import Catalog
from shopcli.store.query import build_query
from shopcli.store.siblings import sibling


def _memory_tables(c: Catalog) -> set[str]:
    sql = "SELECT table_name FROM duckdb_tables() WHERE database_name = 'memory'"
    return {r[0] for r in c._con.execute(sql).fetchall()}


def _ids(c: Catalog, intent: Intent) -> list[str]:
    return [p.id for p in c.search(intent).products]


def test_the_first_open_writes_the_index_and_later_ones_attach_it(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, rows=TEXT_ROWS)
    with Catalog.open(path) as c:
        first = _ids(c, Intent(keywords=("mug",)))
        assert c.check.notes == c.check._checksum_notes  # a first build is not news
    assert sibling(path, "index").is_file()
    stamp = sibling(path, "index").stat().st_mtime_ns
    with Catalog.open(path) as c:
        assert _memory_tables(c) == set()  # nothing of the catalog is materialised in memory
        assert _ids(c, Intent(keywords=("mug",))) == first == ["K-MUG"]
        assert c.vocabulary().categories  # read from the index, not from the rows
    assert sibling(path, "index").stat().st_mtime_ns == stamp  # trusted, not rewritten


def test_a_changed_catalog_makes_its_index_stale(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, rows=TEXT_ROWS)
    with Catalog.open(path) as c:
        assert _ids(c, Intent(keywords=("mug",))) == ["K-MUG"]
    rows = [r for r in TEXT_ROWS if r["id"] != "K-MUG"]
    write_catalog(tmp_path, rows=rows)
    with Catalog.open(path) as c:
        assert any("older than the catalog: rebuilding" in n for n in c.check.notes)
        assert _ids(c, Intent(keywords=("mug",))) != ["K-MUG"]
        assert len(c) == len(rows)
    with Catalog.open(path) as c:  # said once: the rebuilt index is trusted again
        assert not any("rebuilding" in n for n in c.check.notes)


@pytest.mark.parametrize("damage", [b"not a database at all", b""])
def test_a_damaged_index_is_rebuilt(tmp_path: Path, damage: bytes) -> None:
    path = write_catalog(tmp_path, rows=TEXT_ROWS)
    Catalog.open(path).close()
    sibling(path, "index").write_bytes(damage)
    with Catalog.open(path) as c:
        assert any("damaged" in n and "rebuilding" in n for n in c.check.notes), c.check.notes
        assert _ids(c, Intent(keywords=("mug",))) == ["K-MUG"]


def test_an_index_of_another_scheme_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_catalog(tmp_path, rows=TEXT_ROWS)
    monkeypatch.setattr(index, "SCHEME", "i0")
    Catalog.open(path).close()
    monkeypatch.undo()
    with Catalog.open(path) as c:
        assert any("another version (i0)" in n for n in c.check.notes)


def test_a_catalog_damaged_after_indexing_is_still_refused(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, rows=fixture_rows())
    Catalog.open(path).close()
    data = bytearray(path.read_bytes())
    middle = len(data) // 3
    data[middle : middle + 64] = bytes(b ^ 0x5A for b in data[middle : middle + 64])
    path.write_bytes(bytes(data))
    with pytest.raises(CatalogError):
        Catalog.open(path)


def _unwritable(*folders: Path) -> object:
    real = index.build

    def build(catalog: Path, place: Path) -> None:
        if any(place.parent == f.resolve() for f in folders):
            raise OSError(f"read-only: {place.parent}")  # root ignores chmod, so the test says it
        real(catalog, place)

    return build


def test_a_read_only_folder_keeps_its_index_under_shopcli_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_catalog(tmp_path, rows=TEXT_ROWS)
    monkeypatch.setattr(index, "build", _unwritable(tmp_path))
    with Catalog.open(path) as c:
        assert _ids(c, Intent(keywords=("mug",))) == ["K-MUG"]
    assert not sibling(path, "index").exists()
    cached = index.locations(path.resolve())[-1]
    assert cached.is_file() and cached.parent.parent == Path(os.environ["SHOPCLI_HOME"]).resolve()
    with Catalog.open(path) as c:
        assert _memory_tables(c) == set()


def test_with_nowhere_to_write_the_catalog_is_read_into_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_catalog(tmp_path, rows=TEXT_ROWS)
    home = Path(os.environ["SHOPCLI_HOME"]) / "index"
    monkeypatch.setattr(index, "build", _unwritable(tmp_path, home))
    with Catalog.open(path) as c:
        assert any("no search index can be written" in n for n in c.check.notes)
        assert "products" in _memory_tables(c)
        assert _ids(c, Intent(keywords=("mug",))) == ["K-MUG"]


def test_the_index_connection_stays_locked(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, rows=TEXT_ROWS)
    with Catalog.open(path) as c:
        for sql in ("DELETE FROM products", f"ATTACH '{tmp_path / 'x.duckdb'}' AS x", "SET threads = 1"):
            with pytest.raises(Exception):  # noqa: B017 - read-only, or locked: either refuses
                c._con.execute(sql)


def test_pruning_gives_the_same_top_results_as_scoring_every_product(tmp_path: Path) -> None:
    rows = fixture_rows(per_kind=40)
    words = sorted({w.lower() for r in rows for w in str(r["name"]).split() if w.isalpha()})[:14]
    with Catalog.open(write_catalog(tmp_path, rows=rows)) as c:
        queries = [(w,) for w in words] + list(itertools.combinations(words[:8], 2))
        for keywords, limit in itertools.product(queries, (1, 3, 10)):
            results = [
                c._con.execute(*build_query(Intent(keywords=keywords), limit=limit, prune=p)).fetchall()
                for p in (True, False)
            ]
            assert results[0] == results[1], (keywords, limit)


def test_pruning_holds_when_the_best_matches_are_sold_out(tmp_path: Path) -> None:
    # sold-out products rank last whatever their score: the bound on scores alone would cut in-stock
    # products that belong in the top once the best-scoring ones are sold out
    rows = fixture_rows(per_kind=20)
    for i, row in enumerate(rows[:24]):
        best = i < 6
        row.update(id=f"Q-{i:02d}", stock=0 if best else 10,
                   name=("Quokka Quokka Quokka Lamp" if best else f"Quokka Lamp {i}"))  # fmt: skip
    with Catalog.open(write_catalog(tmp_path, rows=rows)) as c:
        for limit in (1, 3, 10, 30):
            results = [
                c._con.execute(*build_query(Intent(keywords=("quokka",)), limit=limit, prune=p)).fetchall()
                for p in (True, False)
            ]
            assert results[0] == results[1], limit
            assert all(r[0].startswith("Q-") for r in results[0])
        first = _ids(c, Intent(keywords=("quokka",)))
        assert int(first[0][2:]) >= 6  # an in-stock product leads
