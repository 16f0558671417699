"""The offline evaluation: the split holds out what it says, the metrics are the textbook ones, and
the benchmark runs on the committed sample of real data."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from shopcli.personal import evaluate as ev

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "uci_online_retail" / "sample.csv"


def log(rows: list[tuple[str, str, str, str]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE log (user_id VARCHAR, product_id VARCHAR, basket VARCHAR, ts TIMESTAMP, _row BIGINT)"
    )
    con.executemany("INSERT INTO log VALUES (?, ?, ?, ?, ?)", [(*r, i) for i, r in enumerate(rows)])
    return con


ROWS = [
    ("u1", "a", "b1", "2024-01-01"), ("u1", "b", "b1", "2024-01-01"),
    ("u1", "a", "b2", "2024-02-01"), ("u1", "c", "b2", "2024-02-01"), ("u1", "d", "b2", "2024-02-01"),
    ("u2", "a", "b3", "2024-01-05"), ("u2", "c", "b3", "2024-01-05"),
    ("u2", "b", "b4", "2024-03-01"),
    ("u3", "a", "b5", "2024-01-09"),  # one basket: never evaluated, always trained on
]  # fmt: skip


def test_the_last_basket_is_held_out_and_only_new_items_are_targets() -> None:
    con = log(ROWS)
    assert ev.split(con) == 2
    assert sorted(con.execute("SELECT * FROM target").fetchall()) == [("u1", "d"), ("u2", "b")]
    assert sorted(con.execute("SELECT * FROM history WHERE user_id = 'u1'").fetchall()) == [
        ("u1", "a"),
        ("u1", "b"),
    ]
    trained = {(u, p) for u, p in con.execute("SELECT user_id, product_id FROM interactions").fetchall()}
    assert ("u1", "c") not in trained and ("u1", "d") not in trained and ("u3", "a") in trained


def test_holding_out_one_item_keeps_the_rest_of_its_basket() -> None:
    con = log(ROWS)
    ev.split(con, by="item")
    assert ("u1", "d") in con.execute("SELECT * FROM target").fetchall()
    assert ("u1", "c") in con.execute("SELECT * FROM history").fetchall()


def test_hit_rate_and_ndcg_are_the_textbook_ones() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE target (user_id VARCHAR, product_id VARCHAR)")
    con.execute("CREATE TABLE recs (user_id VARCHAR, product_id VARCHAR, pos INTEGER)")
    con.executemany("INSERT INTO target VALUES (?, ?)", [("u1", "x"), ("u2", "y"), ("u3", "z")])
    con.executemany("INSERT INTO recs VALUES (?, ?, ?)", [("u1", "x", 1), ("u2", "q", 1), ("u2", "y", 3)])
    hr, ndcg, users, hr_se, _ = ev.metrics(con)
    assert users == 3 and hr == pytest.approx(2 / 3)
    assert ndcg == pytest.approx((1 + 1 / math.log2(4)) / 3)
    assert hr_se == pytest.approx(math.sqrt(1 / 3) / math.sqrt(3))  # sample sd of (1, 1, 0) / sqrt(n)


@pytest.mark.slow
def test_the_benchmark_runs_on_the_committed_sample() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "eval_cf.py"), "uci", str(SAMPLE)],
        capture_output=True, text=True, check=True, timeout=300,
    ).stdout  # fmt: skip
    rows = [line.split("|") for line in out.splitlines() if line.startswith("| ") and "HR@10" not in line]
    methods = {
        r[1].split("**")[0].strip(): (float(r[2].split("±")[0]), float(r[3].split("±")[0])) for r in rows
    }
    assert set(methods) == {"popularity", "content", "cosine", "pearson"}
    assert all(0 <= hr <= 1 and 0 <= ndcg <= hr for hr, ndcg in methods.values())
