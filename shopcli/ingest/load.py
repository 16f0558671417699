"""Load a source into the `raw` table (one VARCHAR column per mapped field) and count its rows.

Every format ends in the same shape: `raw(_ok BOOLEAN, <field> VARCHAR...)` in file order, plus
how many records the file holds. `_ok` is false for a JSON line that is not a JSON object; CSV
rows DuckDB rejects never reach `raw` and are counted from the rejects table instead, checked
against Python's own count of physical records.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from shopcli.errors import ImportError_
from shopcli.ingest.source import (
    SourceInfo,
    csv_reader,
    first_line,
    json_array_reader,
    json_object,
    line_reader,
    parquet_reader,
    quiet_connection,
    sql_ident,
    sql_str,
)


@dataclass(frozen=True)
class Loaded:
    rows_read: int  # records in the file (header excluded)
    malformed: int  # records that never reached `raw` (CSV rows DuckDB rejected or lost)
    notes: tuple[str, ...] = ()


def load_raw(con: duckdb.DuckDBPyConnection, info: SourceInfo, mapping: dict[str, str]) -> Loaded:
    """Create `raw` from the source; ImportError_ when DuckDB cannot read it."""
    try:
        if info.format in ("csv", "tsv"):
            return _load_csv(con, info, mapping)
        if info.format == "jsonl":
            return _load_jsonl(con, info, mapping)
        if info.format == "parquet":
            reader = parquet_reader(info.path)
        else:
            reader = json_array_reader(info.path, info.compression, info.columns)
        _create_raw(con, reader, _projection(info, mapping), "true")
        return Loaded(_count(con, "raw"), 0)
    except duckdb.Error as exc:
        raise ImportError_(
            f"cannot read {info.path} ({first_line(exc)}): check that the file is complete"
        ) from exc


# Joins the columns that together make one category path ("main_category", "sub_category"): a
# character no level holds, so labels.category_levels can split the columns apart again.
LEVEL_JOIN = "\x1e"


def _projection(info: SourceInfo, mapping: dict[str, str], struct: str | None = None) -> list[str]:
    """`<source column> AS <field>` as VARCHAR; nested values become JSON text; several columns of
    one field (the levels of a category path) joined by LEVEL_JOIN."""
    by_field: dict[str, list[str]] = {}
    for column, field in mapping.items():
        by_field.setdefault(field, []).append(_value(info, column, struct))
    out = []
    for field, values in by_field.items():
        levels = ", ".join(f"nullif(trim({v}), '')" for v in values)  # empty levels are skipped
        value = values[0] if len(values) == 1 else f"nullif(concat_ws(chr(30), {levels}), '')"
        out.append(f"{value} AS {sql_ident(field)}")
    return out


def _value(info: SourceInfo, column: str, struct: str | None) -> str:
    types = dict(zip(info.columns, info.types, strict=True))
    ref = f"struct_extract({struct}, {sql_str(column)})" if struct else sql_ident(column)
    # only Parquet keeps nested types; the JSON readers already hand them over as JSON text
    nested = info.format == "parquet" and any(t in types[column] for t in ("[]", "STRUCT", "MAP", "UNION"))
    return f"to_json({ref})::VARCHAR" if nested else f"CAST({ref} AS VARCHAR)"


def _create_raw(con: duckdb.DuckDBPyConnection, reader: str, projection: list[str], ok: str) -> None:
    select = ", ".join([f"{ok} AS _ok", *projection])
    con.execute(f"CREATE OR REPLACE TABLE raw AS SELECT {select} FROM {reader}")


def _count(con: duckdb.DuckDBPyConnection, table: str, where: str = "true") -> int:
    row = con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()
    return int(row[0]) if row else 0


def _load_csv(con: duckdb.DuckDBPyConnection, info: SourceInfo, mapping: dict[str, str]) -> Loaded:
    # Python counts while DuckDB parses (DuckDB releases the GIL): the check costs almost nothing
    with ThreadPoolExecutor(max_workers=1) as pool:
        counting = pool.submit(count_csv_records, info)
        rejects, notes = _read_csv(con, info, mapping)
        physical = counting.result()
    parsed = _count(con, "raw")
    rejected = _count(con, f"(SELECT DISTINCT scan_id, file_id, line FROM {rejects})")
    read = max(physical, parsed + rejected)
    if physical != parsed + rejected:
        notes.append(
            f"row check: Python's csv module counted {physical:,} records, DuckDB {parsed:,} read + "
            f"{rejected:,} rejected; the difference is counted as malformed"
        )
    return Loaded(read, read - parsed, tuple(notes))


def _read_csv(
    con: duckdb.DuckDBPyConnection, info: SourceInfo, mapping: dict[str, str]
) -> tuple[str, list[str]]:
    """Create `raw` from a CSV; returns the rejects table used and notes."""
    try:
        _create_raw(
            con, csv_reader(info, strict=True, rejects="rejects_strict"), _projection(info, mapping), "true"
        )
        rejects = "rejects_strict"
    except duckdb.InvalidInputException as exc:
        if "invalid state" not in str(exc):
            raise
        # Strict parsing gives up on mixed line endings or stray quotes; lenient mode still
        # rejects ragged rows, and the independent count below catches anything it loses.
        _create_raw(
            con, csv_reader(info, strict=False, rejects="rejects_lax"), _projection(info, mapping), "true"
        )
        return "rejects_lax", ["the file mixes line endings or has stray quotes: read in lenient mode"]
    return rejects, []


def _load_jsonl(con: duckdb.DuckDBPyConnection, info: SourceInfo, mapping: dict[str, str]) -> Loaded:
    structure = sql_str(json.dumps({column: "VARCHAR" for column in mapping}))
    lines = (
        f"(SELECT line, {json_object('line')} AS ok "
        f"FROM {line_reader(info.path, info.compression)} WHERE trim(coalesce(line, '')) <> '')"
    )
    parsed = f"(SELECT ok, CASE WHEN ok THEN from_json(line, {structure}) END AS j FROM {lines})"
    _create_raw(con, parsed, _projection(info, mapping, struct="j"), "ok")
    return Loaded(_count(con, "raw"), 0)


def count_csv_records(info: SourceInfo) -> int:
    """Physical records after the header, counted by Python's csv module (quoted newlines included)."""
    old_limit = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # long descriptions must not stop the count
    try:
        reader = csv.reader(_text_lines(info), delimiter=info.delimiter, quotechar='"', strict=False)
        count = sum(1 for record in reader if record)
    except (OSError, EOFError, csv.Error, duckdb.Error) as exc:
        raise ImportError_(f"cannot read {info.path} ({first_line(exc)}): check the file") from exc
    finally:
        csv.field_size_limit(old_limit)
    return max(count - 1, 0) if info.header else count


def _text_lines(info: SourceInfo) -> Iterator[str]:
    if info.compression == "zstd":
        yield from _zstd_lines(info.path)
        return
    opener = gzip.open if info.compression == "gzip" else open
    with opener(info.path, "rt", encoding="utf-8-sig", errors="replace", newline="") as fh:
        yield from fh


def _zstd_lines(path: Path) -> Iterator[str]:
    with quiet_connection() as con:
        result = con.execute(f"SELECT line FROM {line_reader(path, 'zstd')}")
        while batch := result.fetchmany(10_000):
            for (line,) in batch:
                yield (line or "") + "\n"
