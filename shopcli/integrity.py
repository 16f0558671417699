"""What makes a catalog file trustworthy: the checksum its writer stores in it, and the value rules
every reader applies. SQL text only (the store and the importer run it), built from constants here
and in schema.py.

Checksum: `shopcli.checksum` in the Parquet key-value metadata, "v1:<rows>:<sum>", where <sum> is the
sum over rows of DuckDB's hash() of the contract columns as stored (NULL for a column the file lacks;
later columns, schema.LATER_COLUMNS, only up to the last that holds a value).
Every byte that can change what a search returns is covered: a flipped byte in a data page changes a
value, and one in the footer changes a type, a name, a statistic or an offset, so values read
differently or not at all; either way the sum no longer matches. Bytes that change nothing read
(padding, an unused column, the page index) leave it as it was, and the results are the same. It is
computed from the values, not the bytes, so it can be written inside the file it describes, and a
rebuilt demo catalog stays byte-for-byte the same. hash() is DuckDB's (pinned in pyproject.toml); a
test pins the checksum of a fixed table, so an upgrade that changes hash() fails there first.

Value rules: a row without an id, a name or a usable price (finite, positive, at most MAX_PRICE) is
left out; a rating outside 0-5 (NaN included), an original price that is not a positive number and
negative counts are cleared. Readers count what each rule caught, so the shopper is told.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from shopcli.schema import COLUMNS, LATER_COLUMNS

CHECKSUM_KEY = "shopcli.checksum"
SCHEME = "v1"
MAX_PRICE = 1e12  # the importer's largest number too: above any price in any currency
_NUMERIC = re.compile(r"(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|REAL|DECIMAL(\(\d+,\s*\d+\))?)")
_NUMBERS = {"price", "original_price", "rating", "review_count", "stock"}


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def checksum_expr(present: Collection[str]) -> str:
    """SQL: one row's hash, over the contract columns as stored (NULL for those the file lacks).

    Columns added to the contract later (schema.LATER_COLUMNS) count up to the last of them that holds
    a value in the row, so a catalog written before them, or without them, keeps the checksum it was
    written with, and a file with the newer but not the older one (the demo: specs, no audience)
    hashes the same whoever reads it."""
    parts = {c: quoted(c) if c in present else f"NULL::{kind}" for c, kind in COLUMNS.items()}
    core = [v for c, v in parts.items() if c not in LATER_COLUMNS]
    later = [parts[c] for c in LATER_COLUMNS]
    held = [(i, v) for i, v in enumerate(later) if LATER_COLUMNS[i] in present]
    if not held:
        return f"hash({', '.join(core)})"
    cases = " ".join(
        f"WHEN {v} IS NOT NULL THEN hash({', '.join(core + later[: i + 1])})" for i, v in reversed(held)
    )
    return f"CASE {cases} ELSE hash({', '.join(core)}) END"


def checksum_query(relation: str) -> str:
    """SQL giving (rows, sum of row hashes) of a relation with the contract columns: for writers. A
    later column it lacks reads NULL (UNION BY NAME adds it), as a reader of its file would see it."""
    later = ", ".join(f"NULL::{COLUMNS[c]} AS {quoted(c)}" for c in LATER_COLUMNS)
    rows = f"(SELECT * FROM {relation} UNION ALL BY NAME SELECT {later} WHERE false)"
    return f"SELECT count(*), coalesce(sum(({checksum_expr(COLUMNS)})::HUGEINT), 0) FROM {rows}"


def format_checksum(rows: int, total: int) -> str:
    """The stored form of a checksum: the scheme, the row count and the sum of row hashes."""
    return f"{SCHEME}:{rows}:{total}"


def kv_metadata(checksum: str) -> str:
    """The COPY option that writes `checksum` into a Parquet file's key-value metadata."""
    if not re.fullmatch(r"v\d+:\d+:\d+", checksum):
        raise ValueError(f"not a checksum: {checksum!r}")
    return f"KV_METADATA {{'{CHECKSUM_KEY}': '{checksum}'}}"


def typed(name: str, found: str) -> str | None:
    """SQL for column `name` (present with DuckDB type `found`) as its contract type, or None when
    the values could only be wrong: a BOOLEAN price would read as 1.0, a DATE as a number of days."""
    kind = COLUMNS[name]
    if found == kind:
        return quoted(name)
    if name in _NUMBERS and not (_NUMERIC.fullmatch(found) or found == "VARCHAR"):
        return None
    if name == "tags" and not (found.endswith("[]") or found == "VARCHAR"):
        return None
    if name == "specs" and not found.startswith("MAP("):
        return None  # only a map of attribute -> number is specs (another column of that name is not)
    return f"TRY_CAST({quoted(name)} AS {kind})"  # text that is not a number is no number


@dataclass(frozen=True)
class Rule:
    reason: str
    column: str
    bad: str  # SQL condition over the typed value, true when the rule is broken
    drops_row: bool  # else only the value is cleared


RULES: tuple[Rule, ...] = (
    Rule("no id", "id", "id IS NULL", True),
    # blank: empty or white space only; the CASE looks only at names starting below '!' (trim on all
    # of them was the dearest check at open, 1.2 s per million rows)
    Rule(
        "no name",
        "name",
        r"CASE WHEN name IS NULL THEN true WHEN name < '!' THEN NOT regexp_matches(name, '\S') "
        "ELSE false END",
        True,
    ),  # fmt: skip
    Rule("price missing or not a number", "price", "price IS NULL", True),
    Rule("price not a finite number", "price", "NOT isfinite(price)", True),
    Rule("price not positive", "price", "price <= 0", True),
    Rule(f"price above {MAX_PRICE:g}", "price", f"price > {MAX_PRICE}", True),
    Rule("rating outside 0-5", "rating", "isnan(rating) OR rating < 0 OR rating > 5", False),
    Rule(
        "original price not a positive number",
        "original_price",
        f"NOT isfinite(original_price) OR original_price <= 0 OR original_price > {MAX_PRICE}",
        False,
    ),  # fmt: skip
    Rule("negative review count", "review_count", "review_count < 0", False),
    Rule("negative stock", "stock", "stock < 0", False),
)
DROPS = tuple(r for r in RULES if r.drops_row)
CLEARS = tuple(r for r in RULES if not r.drops_row)


def drop_reason_sql() -> str:
    """SQL: the first rule that leaves the row out, or NULL."""
    return "CASE " + " ".join(f"WHEN {r.bad} THEN '{r.reason}'" for r in DROPS) + " END"


def cleared_sql(column: str) -> str:
    """SQL: `column`, or NULL when a clearing rule judges its value bad."""
    bad = " OR ".join(f"({r.bad})" for r in CLEARS if r.column == column)
    return f"CASE WHEN coalesce({bad}, false) THEN NULL ELSE {column} END" if bad else column
