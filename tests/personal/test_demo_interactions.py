"""The committed demo interaction log: real structure (sessions, complementary categories bought
together, popularity skew), neighbours beside the catalog, and a byte-for-byte rebuild."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import DEMO_CATALOG
from test_demo_catalog import one, sha256

from shopcli.store.siblings import sibling

ROOT = DEMO_CATALOG.parent
SCRIPT = ROOT / "scripts" / "make_interactions.py"
KINDS = ("interactions", "neighbours", "popularity")


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect()
    c.execute(f"CREATE VIEW log AS SELECT * FROM read_parquet('{sibling(DEMO_CATALOG, 'interactions')}')")
    c.execute(f"CREATE VIEW nb AS SELECT * FROM read_parquet('{sibling(DEMO_CATALOG, 'neighbours')}')")
    c.execute(f"CREATE VIEW cat AS SELECT * FROM read_parquet('{DEMO_CATALOG}')")
    yield c
    c.close()


def test_the_log_has_every_event_kind_and_real_sizes(con: duckdb.DuckDBPyConnection) -> None:
    kinds = dict(con.execute("SELECT event, count(*) FROM log GROUP BY 1").fetchall())
    assert set(kinds) == {"view", "cart", "purchase", "rating"}
    assert kinds["view"] > kinds["cart"] > kinds["rating"] and kinds["purchase"] > 1000
    assert one(con, "SELECT count(DISTINCT user_id) FROM log") > 1000
    assert one(con, "SELECT count(*) FROM log WHERE product_id NOT IN (SELECT id FROM cat)") == 0


def test_shoppers_come_back_in_sessions(con: duckdb.DuckDBPyConnection) -> None:
    # a gap of more than an hour starts a new session
    sessions = one(
        con,
        """
        SELECT median(n) FROM (SELECT user_id,
        count(*) FILTER (WHERE gap IS NULL OR gap > INTERVAL 1 HOUR) AS n
        FROM (SELECT user_id, ts - lag(ts) OVER (PARTITION BY user_id ORDER BY ts) AS gap FROM log)
        GROUP BY user_id)""",
    )
    assert sessions >= 3


def test_complementary_categories_are_bought_together(con: duckdb.DuckDBPyConnection) -> None:
    pairs = dict(
        con.execute("""
        WITH b AS (SELECT l.user_id, c.category FROM log AS l JOIN cat AS c ON c.id = l.product_id
                   WHERE l.event = 'purchase')
        SELECT a.category || ' + ' || b.category, count(*) FROM b AS a JOIN b ON a.user_id = b.user_id
        AND a.category < b.category GROUP BY 1""").fetchall()
    )
    assert pairs.get("running shoes + smartwatches", 0) > 5 * pairs.get("blenders + running shoes", 0)
    assert pairs.get("backpacks + laptops", 0) > 5 * pairs.get("laptops + skirts", 0)


def test_popularity_is_skewed(con: duckdb.DuckDBPyConnection) -> None:
    top = one(
        con,
        """SELECT sum(n) FILTER (WHERE r <= 0.1 * total) / sum(n) FROM (SELECT count(*) AS n,
        row_number() OVER (ORDER BY count(*) DESC) AS r, count(*) OVER () AS total
        FROM log GROUP BY product_id)""",
    )
    assert top > 0.3  # the top tenth of the products get well over a tenth of the attention


def test_neighbours_are_stored_for_most_products(con: duckdb.DuckDBPyConnection) -> None:
    covered = one(con, "SELECT count(DISTINCT product_id) FROM nb WHERE method = 'cosine'")
    assert covered > 0.8 * one(con, "SELECT count(*) FROM cat")
    assert one(con, "SELECT max(rank) FROM nb") == 20
    assert one(con, "SELECT count(*) FROM nb WHERE product_id = neighbour_id") == 0


@pytest.mark.slow
def test_regenerating_gives_the_same_bytes(tmp_path: Path) -> None:
    copy = tmp_path / "catalog.parquet"
    shutil.copy(DEMO_CATALOG, copy)
    subprocess.run([sys.executable, str(SCRIPT), "--catalog", str(copy)], check=True, capture_output=True)
    for kind in KINDS:
        assert sha256(sibling(copy, kind)) == sha256(sibling(DEMO_CATALOG, kind)), kind
