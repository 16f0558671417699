"""The numeric step of the importer (ingest/numbers.py): text without its currency -> a number or a reason."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopcli.errors import ImportError_
from shopcli.ingest.importer import import_catalog
from shopcli.ingest.numbers import MACROS, column_convention, first_number


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    for macro in MACROS:
        connection.execute(macro)
    return connection


def read(con: duckdb.DuckDBPyConnection, text: str, conv: str = "none") -> tuple[Any, Any]:
    """(number, problem) for one text, as the importer reads a price."""
    sql = (
        f"SELECT number_value(t, s, ?), number_problem(s, number_value(t, s, ?), ?) FROM "
        f"(SELECT t, number_shape(t) AS s FROM (SELECT {first_number('?::VARCHAR')} AS t))"
    )
    row = con.execute(sql, [conv, conv, conv, text]).fetchone()
    assert row is not None
    return (None, row[1]) if row[1] else (row[0], None)


@pytest.mark.parametrize(
    ("text", "conv", "want"),
    [
        ("1e3", "none", 1000.0), ("2.5E+2", "none", 250.0), ("1 299,00", "none", 1299.0),
        ("1_000", "none", 1000.0), ("1e309", "none", "out of range"), ("1" * 40, "none", "out of range"),
        ("1,299.00", "point", 1299.0), ("1.299,00", "comma", 1299.0), ("1'299.00", "none", 1299.0),
        ("1’299", "none", 1299.0), ("1\u00a0299", "none", 1299.0), ("1\u2009299,50", "none", 1299.5),
        ("1\u202f299", "none", 1299.0), ("12,99", "none", 12.99), ("12.99", "none", 12.99),
        ("1,299,000", "none", 1299000.0), ("1.299.000", "none", 1299000.0),
        ("$12.99 - $15.99", "point", 12.99),
        ("Rs. 1,299", "none", 1299.0), ("₹32,999", "none", 32999.0), ("89.0 EUR", "none", 89.0),
        ("₹1,10,990", "none", 110990.0), ("12,34,567.50", "point", 1234567.5), ("1,00,00,000", "none", 1e7),
        ("¥ 11100", "none", 11100.0), ("1e-400", "none", 0.0),
        # one separator before three digits: the column decides
        ("1.299", "none", 1299.0), ("1,299", "none", 1299.0), ("1.299", "comma", 1299.0),
        ("1,299", "comma", 1.299), ("1.299", "point", 1.299), ("1,299", "point", 1299.0),
        ("1,299", "mixed", "ambiguous separators"),
        # never another number than the one written
        ("1.2.3", "none", "unreadable"), ("5 10", "none", "unreadable"), ("1_0", "none", "unreadable"),
        ("12,34,56", "none", "unreadable"), ("1,2.3,4", "none", "unreadable"),
        ("call us", "none", None), ("", "none", None),
    ],
)  # fmt: skip
def test_reads_the_number_written_or_says_why_not(
    con: duckdb.DuckDBPyConnection, text: str, conv: str, want: Any
) -> None:
    value, problem = read(con, text, conv)
    if isinstance(want, str):
        assert (value, problem) == (None, want)
    elif want is None:
        assert (value, problem) == (None, None)  # no number at all: the caller says "unreadable price"
    else:
        assert problem is None and value == pytest.approx(want)


GROUPERS = [",", ".", " ", "'", "’", "_", "\u00a0", "\u2009", "\u202f", ""]


def written(number: Decimal, grouper: str, mark: str) -> str:
    """`number` with thousands grouped by `grouper` and decimals after `mark`."""
    whole, _, decimals = f"{number:f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = grouper.join([whole, *groups])
    return text + (mark + decimals if decimals else "")


@settings(max_examples=400, deadline=None)
@given(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(GROUPERS),
    st.sampled_from([".", ","]),
)
def test_any_way_of_writing_a_number_reads_as_that_number_or_is_dropped(
    con: duckdb.DuckDBPyConnection, number: Decimal, grouper: str, mark: str
) -> None:
    """Never a wrong number: with the column's convention (how it writes decimals), either the number
    written or a reason; and the number whenever the writing is unambiguous."""
    if grouper == mark:
        return  # no one writes "1.299.5"
    text = written(number, grouper, mark)
    value, problem = read(con, text, "point" if mark == "." else "comma")
    assert problem is not None or value == pytest.approx(float(number), abs=1e-9), (text, value)
    if problem is None and value is None:
        raise AssertionError(f"{text!r} gave neither a number nor a reason")


def test_the_column_decides_how_it_writes_decimals(con: duckdb.DuckDBPyConnection) -> None:
    cases = {
        ("12,99", "1.299", "5"): "comma", ("12.99", "1,299"): "point", ("1,299", "1.299", "25"): "none",
        ("12,99", "12.99"): "mixed", ("1.299,00",): "comma", ("1,299.00",): "point",
    }  # fmt: skip
    for values, want in cases.items():
        con.execute("CREATE OR REPLACE TABLE col AS SELECT unnest(?::VARCHAR[]) AS price", [list(values)])
        assert column_convention(con, "col", "price") == want, values


def import_one(tmp_path: Path, value: str) -> tuple[float | None, dict[str, int]]:
    """Import a one-row CSV: the price it got, and the dropped reasons."""
    source = tmp_path / "one.csv"
    source.write_text(f'name,price\nwidget,"{value}"\n', encoding="utf-8")
    out = tmp_path / "one.parquet"
    try:
        report = import_catalog(source, out)
    except ImportError_ as exc:
        return None, {str(exc): 1}
    with duckdb.connect() as c:
        row = c.execute(f"SELECT price FROM read_parquet('{out}')").fetchone()
    return (row[0] if row else None), dict(report.dropped)


@pytest.mark.parametrize(
    ("value", "want"),
    [("1e3", 1000.0), ("2.5E+2", 250.0), ("1 299,00", 1299.0), ("1_000", 1000.0), ("1e309", "out of range")],
)
def test_the_five_formats_of_the_issue(tmp_path: Path, value: str, want: Any) -> None:
    price, dropped = import_one(tmp_path, value)
    if isinstance(want, str):
        assert price is None and any(want in reason for reason in dropped), dropped
    else:
        assert price == want


def test_a_column_with_decimal_commas_reads_its_dots_as_thousands(tmp_path: Path) -> None:
    source = tmp_path / "eu.csv"
    source.write_text('name,price\na,"12,99"\nb,1.299\nc,"1.299,50"\nd,"1,5"\n', encoding="utf-8")
    out = tmp_path / "eu.parquet"
    import_catalog(source, out)
    with duckdb.connect() as c:
        prices = dict(c.execute(f"SELECT name, price FROM read_parquet('{out}')").fetchall())
    assert prices == {"a": 12.99, "b": 1299.0, "c": 1299.5, "d": 1.5}


def test_mixed_decimal_marks_drop_only_the_ambiguous_values_with_a_reason(tmp_path: Path) -> None:
    source = tmp_path / "mixed.csv"
    source.write_text('name,price\na,"12,99"\nb,12.99\nc,"1,299"\n', encoding="utf-8")
    report = import_catalog(source, tmp_path / "mixed.parquet")
    assert report.rows_imported == 2 and dict(report.dropped) == {"price with ambiguous separators": 1}
