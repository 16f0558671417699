"""`shop catalog import --interactions`: an honest report (read = imported + dropped), every drop
named, exported event names understood, and neighbours that match a plain-Python reference."""

from __future__ import annotations

import json
import math
import random
import shutil
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest
from conftest import DEMO_CATALOG

from shopcli.errors import ImportError_, UsageError
from shopcli.personal.interactions import import_interactions, resolve_fields
from shopcli.personal.similarity import METHODS, SHRINK
from shopcli.store.siblings import sibling

HEADER = "Customer ID,SKU,Behavior,Qty,Event Time,Notes"
ROWS = [
    "u1,P000001,pv,,2024-01-01 10:00:00,ok",
    "u1,P000002,addtocart,1,2024-01-01T10:05:00Z,ok",
    "u1,P000002,buy,2,1704103800,ok",  # unix seconds
    "u2,P000001,购买,1,2024-01-02T09:00:00+08:00,ok",
    "u2,P000003,rating,5,1/3/2024 10:00,ok",  # month/day/year
    "u2,P000004,Rating,9,2024-01-03,rating out of range",
    "u3,P000003,purchase,-1,2024-01-04,a return",
    ",P000001,pv,,2024-01-05,no user",
    "u3,,pv,,2024-01-05,no product",
    "u3,P000001,remove_from_cart,,2024-01-05,unknown event",
    "u3,P000001,pv,lots,2024-01-05,value not a number",
    "u3,P000001,pv,,yesterday,unreadable time",
    "u3,NOPE,pv,,2024-01-05,not in the catalog",
    'u3,P000001,pv,,2024-01-05,"broken, row",extra',
]


@pytest.fixture()
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "shop.parquet"
    shutil.copy(DEMO_CATALOG, path)
    return path


def write(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_report_adds_up_and_names_every_drop(tmp_path: Path, catalog: Path) -> None:
    report = import_interactions(write(tmp_path, "log.csv", [HEADER, *ROWS]), catalog)
    assert dict(report.mapping) == {"Customer ID": "user_id", "SKU": "product_id", "Behavior": "event",
                                    "Qty": "value", "Event Time": "ts"}  # fmt: skip
    assert report.rows_read == len(ROWS) == report.rows_imported + report.rows_dropped
    assert report.rows_imported == 5
    assert dict(report.dropped) == {
        "rating not between 1 and 5": 1, "returned or cancelled (quantity 0 or less)": 1, "no user id": 1,
        "no product id": 1, "event not understood": 1, "value is not a number": 1, "unreadable time": 1,
        "product not in the catalog": 1, "malformed row": 1,
    }  # fmt: skip
    assert any("remove_from_cart" in note for note in report.notes)
    assert dict(report.events) == {"view": 1, "cart": 1, "purchase": 2, "rating": 1}
    assert report.users == 2 and report.products == 3
    assert json.loads(json.dumps(report.to_dict()))["rows_dropped"] == 9


def test_the_log_is_stored_typed_in_utc_beside_the_catalog(tmp_path: Path, catalog: Path) -> None:
    import_interactions(write(tmp_path, "log.csv", [HEADER, *ROWS]), catalog)
    rows = duckdb.sql(
        f"SELECT user_id, product_id, event, value, ts::VARCHAR FROM '{sibling(catalog, 'interactions')}'"
    ).fetchall()
    assert ("u1", "P000002", "purchase", 2.0, "2024-01-01 10:10:00") in rows  # from Unix seconds
    assert ("u2", "P000001", "purchase", 1.0, "2024-01-02 01:00:00") in rows  # +08:00 made UTC
    assert ("u2", "P000003", "rating", 5.0, "2024-01-03 10:00:00") in rows
    assert ("u1", "P000001", "view", 1.0, "2024-01-01 10:00:00") in rows  # a missing value counts as 1
    for kind in ("neighbours", "popularity"):
        assert sibling(catalog, kind).is_file()
    assert not list(tmp_path.glob(".*.tmp"))


def test_without_an_event_column_every_row_is_a_purchase(tmp_path: Path, catalog: Path) -> None:
    lines = [
        "CustomerID,StockCode,Quantity,InvoiceDate",
        "c1,P000010,3,2011-12-01 08:26",
        "c2,P000011,0,2011-12-01",
    ]
    source = write(tmp_path, "orders.csv", lines)
    report = import_interactions(source, catalog)
    assert dict(report.events) == {"purchase": 1} and report.rows_dropped == 1
    assert any("no event column" in note for note in report.notes)


def test_json_lines_and_map_overrides(tmp_path: Path, catalog: Path) -> None:
    lines = [json.dumps({"who": f"u{i % 3}", "item_id": f"P{i + 1:06d}", "type": "view", "t": 1700000000000})
             for i in range(6)]  # fmt: skip
    source = write(tmp_path, "events.jsonl", lines)
    with pytest.raises(ImportError_, match="no user_id column.*--map"):
        import_interactions(source, catalog)
    report = import_interactions(source, catalog, mapping={"who": "user_id", "t": "ts"})
    assert report.rows_imported == 6 and report.format == "jsonl"
    with pytest.raises(UsageError, match="not an interaction field"):
        resolve_fields(("who",), {"who": "customer"})


def test_nothing_importable_is_an_error_that_gives_the_reasons(tmp_path: Path, catalog: Path) -> None:
    with pytest.raises(ImportError_, match="product not in the catalog: 2"):
        import_interactions(write(tmp_path, "x.csv", ["user,item", "a,X1", "b,X2"]), catalog)
    assert not sibling(catalog, "interactions").exists()


def reference(events: list[tuple[str, str, float]]) -> dict[str, dict[tuple[str, str], float]]:
    """Cosine and Pearson between items, straight from the definitions (zeros for untouched pairs),
    shrunk by together / (together + SHRINK) where `together` counts the users of both."""
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for user, item, w in events:
        totals[user, item] += w
    r = {k: round(1000 * math.log1p(v)) for k, v in totals.items()}
    users = sorted({u for u, _ in r})
    items = sorted({i for _, i in r})
    vec = {i: [r.get((u, i), 0) for u in users] for i in items}
    out: dict[str, dict[tuple[str, str], float]] = {"cosine": {}, "pearson": {}}
    for a in items:
        for b in items:
            if a == b or not any(x and y for x, y in zip(vec[a], vec[b], strict=True)):
                continue
            x, y = vec[a], vec[b]
            shrink = (n := sum(1 for p, q in zip(x, y, strict=True) if p and q)) / (n + SHRINK)
            dot = sum(p * q for p, q in zip(x, y, strict=True))
            out["cosine"][a, b] = shrink * dot / math.sqrt(sum(p * p for p in x) * sum(q * q for q in y))
            mx, my = sum(x) / len(x), sum(y) / len(y)
            cov = sum((p - mx) * (q - my) for p, q in zip(x, y, strict=True))
            var = math.sqrt(sum((p - mx) ** 2 for p in x) * sum((q - my) ** 2 for q in y))
            out["pearson"][a, b] = shrink * cov / var
    return out


def test_neighbours_match_the_textbook_formulas(tmp_path: Path, catalog: Path) -> None:
    rng = random.Random(3)
    kinds = {"view": 1, "cart": 3, "purchase": 5}
    events = [(f"u{rng.randrange(12)}", f"P{rng.randrange(1, 16):06d}", rng.choice(list(kinds)))
              for _ in range(120)]  # fmt: skip
    lines = ["user_id,product_id,event"] + [",".join(e) for e in events]
    import_interactions(write(tmp_path, "log.csv", lines), catalog)
    expected = reference([(u, i, kinds[k]) for u, i, k in events])
    stored = duckdb.sql(
        f"SELECT method, product_id, neighbour_id, score, rank FROM '{sibling(catalog, 'neighbours')}'"
    ).fetchall()
    assert {m for m, *_ in stored} == set(METHODS)
    for method, a, b, score, _rank in stored:
        assert score == pytest.approx(expected[method][a, b], abs=1e-6)
    for method in METHODS:  # each item keeps its best neighbours, best first
        for a in {a for m, a, *_ in stored if m == method}:
            mine = sorted((r, s) for m, x, _, s, r in stored if m == method and x == a)
            best = sorted((v for (x, _), v in expected[method].items() if x == a), reverse=True)
            assert [round(s, 6) for _, s in mine] == [round(v, 6) for v in best[: len(mine)]]
