"""From a catalog file to the `products` table: contract columns and types, the value rules, the checksum.

One pass over the file builds `staged`: each contract column as its contract type (trimmed and
lower-cased where queries compare that way), each row's hash, the rule that leaves it out (if any)
and a flag per value a rule cleared (integrity.py has the rules). Aggregates over `staged`, in
memory, give the checksum and what each rule caught; a checksum that differs from the one stored
with the file is refused. `staged` then becomes `products`: renamed when no row is left out (the
usual case, and free), else copied without those rows, since the text index reads products in
batches of row ids and needs them dense.

Measured at 1M rows (benchmarks/bench_integrity.py): hashing every row costs about a fifth of the
open; duplicate ids are looked for only where no checksum vouches for the writer's own check.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from shopcli.errors import CatalogError
from shopcli.integrity import (
    CHECKSUM_KEY,
    CLEARS,
    SCHEME,
    checksum_expr,
    cleared_sql,
    drop_reason_sql,
    format_checksum,
    quoted,
    typed,
)
from shopcli.schema import COLUMNS, REQUIRED_COLUMNS
from shopcli.textutil import glob_escape

MEMORY_LIMIT = "1GB"
FIX = "rebuild it with `python scripts/make_catalog.py` or import one with `shop catalog import`"
# Text columns that queries and the vocabulary compare lower-cased; brands keep their spelling.
_LOWERED = ("category", "subcategory", "color", "audience")
_EXAMPLES = 3
# What makes two listings identical (query.py shows them once): the same name, brand and price, and
# nothing else on screen to tell them apart (colour, rating, review count). Colour counts because feeds
# repeat a title across colour variants at one price. Read before the value rules clear anything: two
# rows whose ratings differ in the file (NaN and 10, say) are two listings, even if neither rating shows.
_LISTING = (
    "hash(lower(name), lower(trim(coalesce(brand, ''))), price, lower(trim(coalesce(color, ''))), rating, "
    "review_count)"
)


@dataclass(frozen=True)
class Problem:
    reason: str
    rows: int
    drops_row: bool  # the row is left out; else only the value is ignored
    examples: tuple[str, ...]  # ids of a few rows it caught


@dataclass(frozen=True)
class CatalogCheck:
    """What opening a catalog found: its checksum, and what the value rules caught."""

    path: Path
    rows: int  # rows in the file
    checksum: str  # of the contents as read, "v1:<rows>:<sum>"
    stored: str | None  # the checksum its writer stored, if any
    problems: tuple[Problem, ...] = ()
    ignored_columns: tuple[tuple[str, str], ...] = ()  # (column, type) whose values could only be wrong
    index_notes: tuple[str, ...] = ()  # the search index was rebuilt, or could not be written (index.py)

    @property
    def verified(self) -> bool:
        return self.stored == self.checksum

    def to_dict(self) -> dict[str, Any]:
        return {
            "checksum": {"contents": self.checksum, "stored": self.stored, "verified": self.verified},
            "problems": [
                {
                    "reason": p.reason,
                    "rows": p.rows,
                    "effect": "row left out" if p.drops_row else "value ignored",
                    "examples": list(p.examples),
                }
                for p in self.problems
            ],  # fmt: skip
            "ignored_columns": [{"column": c, "type": t} for c, t in self.ignored_columns],
        }

    @property
    def left_out(self) -> int:
        return sum(p.rows for p in self.problems if p.drops_row)

    @property
    def warnings(self) -> tuple[str, ...]:
        """One line each, for the screen: what was left out or ignored, and where to see it."""
        out = [
            f"column {c} is {t}, not {COLUMNS[c]}: its values are ignored" for c, t in self.ignored_columns
        ]
        if self.problems:
            ignored = sum(p.rows for p in self.problems if not p.drops_row)
            what = " and ".join(
                part for part in (
                    f"left out {self.left_out:,} of {self.rows:,} rows" if self.left_out else "",
                    f"ignored {ignored:,} value{'s' if ignored != 1 else ''}" if ignored else "",
                ) if part
            )  # fmt: skip
            counts = ", ".join(f"{p.reason}: {p.rows:,}" for p in self.problems)
            out.append(f"{what} with bad data ({counts}): `shop catalog info {self.path}` lists them")
        return tuple(out)

    @property
    def notes(self) -> tuple[str, ...]:
        return self._checksum_notes + self.index_notes

    @property
    def _checksum_notes(self) -> tuple[str, ...]:
        if self.stored is None:
            return (f"{self.path.name} has no checksum (shop catalog import writes one): read as it is",)
        if not self.stored.startswith(f"{SCHEME}:"):
            return (f"{self.path.name} has a checksum this version cannot check ({self.stored[:20]}…)",)
        return ()


def check_file(path: Path) -> Path:
    """Fail early, with a fix, on the mistakes DuckDB would report obscurely."""
    if not path.exists():
        raise CatalogError(f"no catalog at {path}: pass --catalog FILE or set SHOPCLI_CATALOG")
    if path.is_dir():
        raise CatalogError(
            f"{path} is a directory, not a catalog file: pass --catalog FILE or set SHOPCLI_CATALOG"
        )
    if not path.is_file():
        raise CatalogError(f"{path} is not a regular file (a FIFO or a device?): pass a Parquet catalog")
    if path.stat().st_size == 0:
        raise CatalogError(f"{path} is not a readable Parquet catalog (the file is empty): {FIX}")
    return path.resolve()


def restrict(con: duckdb.DuckDBPyConnection, path: Path, *siblings: Path) -> None:
    """Allow reading `path` (and its review tables) only; allowed_paths must be set on the open
    connection, before access is cut.

    DuckDB checks the path as written and as its reader globs it, so both are allowed (they name
    one file: `literal` escapes the glob characters)."""
    files = [path, *(s.resolve() for s in siblings)]
    allowed = [form for file in files for form in (str(file), literal(file))]
    con.execute("SET allowed_paths = ?", [allowed])
    con.execute("SET enable_external_access = false")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute("SET enable_progress_bar = false")  # it would print to stdout, in the middle of --json output
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute(f"SET threads = {max(1, os.cpu_count() or 1)}")


def literal(path: Path) -> str:
    """The path for DuckDB's readers, which expand glob patterns: `cat[1].parquet` is that file."""
    return glob_escape(str(path))


def load(con: duckdb.DuckDBPyConnection, path: Path) -> CatalogCheck:
    """Create `products` from the file at `path`; CatalogError when it cannot be trusted or used."""
    found = _read_source(con, path)
    if missing := [c for c in REQUIRED_COLUMNS if c not in found]:
        raise CatalogError(
            f"{path} has no {', '.join(missing)} column: a catalog needs at least "
            f"{', '.join(REQUIRED_COLUMNS)}; import it with `shop catalog import` to map its columns"
        )
    exprs, ignored = _typed_columns(path, found)
    try:  # one pass over the file: a copy of it in a second table would double the memory at open
        con.execute(f"CREATE TABLE staged AS {_staged_sql(exprs, set(found))}", [literal(path)])
        check = _check(con, path, ignored)
        _keep_good_rows(con, check.left_out)
    except duckdb.Error as e:
        raise CatalogError(
            f"{path} cannot be read as a catalog ({reason(e)}): it is damaged or does not follow the "
            f"catalog contract; {FIX}"
        ) from e
    if not con.execute("SELECT count(*) FROM products").fetchone()[0]:  # type: ignore[index]
        raise CatalogError(_no_products(path, check))
    if not check.verified:
        _refuse_duplicate_ids(con, path)
    return check


def _no_products(path: Path, check: CatalogCheck) -> str:
    if not check.rows:
        return f"{path} has no products (rows with {', '.join(REQUIRED_COLUMNS)}): {FIX}"
    counts = ", ".join(f"{p.reason}: {p.rows:,}" for p in check.problems if p.drops_row)
    return (
        f"{path} does not follow the catalog contract: none of its {check.rows:,} rows has a usable "
        f"id, name and price ({counts}): {FIX}"
    )


def _read_source(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, str]:
    """The file's columns and their types, from its footer: the one place that knows the format."""
    try:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [literal(path)]).fetchall()
    except duckdb.Error as e:
        raise CatalogError(f"{path} is not a readable Parquet catalog ({reason(e)}): {FIX}") from e
    return {str(name).lower(): str(kind) for name, kind, *_ in described}


def _typed_columns(path: Path, found: dict[str, str]) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Contract column -> SQL over the file; and the columns present whose type makes them unusable."""
    exprs, ignored = {}, []
    for name, kind in COLUMNS.items():
        expr = typed(name, found[name]) if name in found else None
        if name in found and expr is None:
            if name in REQUIRED_COLUMNS:
                raise CatalogError(
                    f"{path}: column {name} is {found[name]}, not {kind}, so no value in it can be right: "
                    "import the file with `shop catalog import`, which reads prices written as text"
                )
            ignored.append((name, found[name]))
        exprs[name] = expr or _missing(name, kind)
    return exprs, tuple(ignored)


def _missing(name: str, kind: str) -> str:
    return "[]::VARCHAR[]" if name == "tags" else "'USD'" if name == "currency" else f"NULL::{kind}"


def _staged_sql(exprs: dict[str, str], present: set[str]) -> str:
    """Typed columns and the row hash, then rules, clearing and the normalisation queries expect."""
    typed_cols = ", ".join(f"{expr} AS {quoted(name)}" for name, expr in exprs.items())
    inner = f"SELECT {typed_cols}, {checksum_expr(present)} AS _h FROM read_parquet(?)"
    cols = ", ".join(f"{normalised(name, cleared_sql(name))} AS {name}" for name in COLUMNS)
    flags = "".join(f", coalesce({rule.bad}, false) AS _c{i}" for i, rule in enumerate(CLEARS))
    listed = f"SELECT *, {_LISTING} AS _listing FROM ({inner})"  # values as the file has them
    return (
        f"SELECT {cols}, _h, {drop_reason_sql()} AS _problem{flags}, _listing, 1::INTEGER AS _copies "
        f"FROM ({listed})"
    )


def normalised(name: str, value: str) -> str:
    """The SELECT expression for one contract column (names and types are our constants)."""
    if name in _LOWERED:
        return f"nullif(lower(trim({value})), '')"
    if name == "tags":
        cleaned = f"list_transform({value}, lambda t: nullif(lower(trim(t)), ''))"
        return f"coalesce(list_filter({cleaned}, lambda t: t IS NOT NULL), [])"
    if name == "currency":
        return f"coalesce(nullif(trim({value}), ''), 'USD')"
    if COLUMNS[name] == "VARCHAR" and name not in ("id", "name", "description"):
        return f"nullif(trim({value}), '')"
    return value


def _check(con: duckdb.DuckDBPyConnection, path: Path, ignored: tuple[tuple[str, str], ...]) -> CatalogCheck:
    """The checksum of what was read, compared with the stored one, and what each rule caught."""
    counts = ", ".join(f"count(*) FILTER (WHERE _c{i})" for i in range(len(CLEARS)))
    row = con.execute(f"SELECT count(*), coalesce(sum(_h::HUGEINT), 0), {counts} FROM staged").fetchone()
    assert row is not None  # aggregates always return one row
    rows, total, cleared = int(row[0]), int(row[1]), row[2:]
    check = CatalogCheck(path, rows, format_checksum(rows, total), stored_checksum(con, path), (), ignored)
    if check.stored is not None and check.stored.startswith(f"{SCHEME}:") and not check.verified:
        raise CatalogError(
            f"{path} is damaged: its contents no longer match the checksum written with it; "
            "import or generate it again (or restore a backup)"
        )
    return CatalogCheck(**{**vars(check), "problems": _problems(con, cleared)})


def stored_checksum(con: duckdb.DuckDBPyConnection, path: Path) -> str | None:
    """The checksum its writer stored in the file's footer, if any: read without reading any row."""
    rows = con.execute(
        "SELECT value FROM parquet_kv_metadata(?) WHERE key = ?", [literal(path), CHECKSUM_KEY.encode()]
    ).fetchall()
    return bytes(rows[0][0]).decode("utf-8", "replace") if rows else None


def _problems(con: duckdb.DuckDBPyConnection, cleared: tuple[int, ...]) -> tuple[Problem, ...]:
    dropped = con.execute(
        f"SELECT _problem, count(*), list(id)[1:{_EXAMPLES}] FROM staged WHERE _problem IS NOT NULL "
        "GROUP BY _problem ORDER BY 2 DESC, 1"
    ).fetchall()
    found = [Problem(str(r), int(n), True, tuple(map(str, ids))) for r, n, ids in dropped]
    for i, (rule, n) in enumerate(zip(CLEARS, cleared, strict=True)):
        if n:
            ids = con.execute(f"SELECT list(id)[1:{_EXAMPLES}] FROM staged WHERE _c{i}").fetchone()
            found.append(Problem(rule.reason, int(n), False, tuple(map(str, ids[0] if ids else ()))))
    return tuple(found)


def _keep_good_rows(con: duckdb.DuckDBPyConnection, left_out: int) -> None:
    """`staged` becomes `products`: renamed when nothing is left out or folded (the usual case, and
    free), else copied densely, since the text index reads products in batches of row ids."""
    kept = "_problem IS NULL"
    row = con.execute(f"SELECT count(*), count(DISTINCT _listing) FROM staged WHERE {kept}").fetchone()
    if row and row[1] < row[0]:  # only catalogs with identical listings pay for folding them
        con.execute(f"CREATE TABLE products AS {_FOLDED}")
        con.execute("DROP TABLE staged")
        return
    if left_out:
        columns = ", ".join(COLUMNS)
        con.execute(f"CREATE TABLE products AS SELECT {columns}, _copies FROM staged WHERE {kept}")
        con.execute("DROP TABLE staged")
        return
    for column in ("_h", "_problem", "_listing", *(f"_c{i}" for i in range(len(CLEARS)))):
        con.execute(f"ALTER TABLE staged DROP COLUMN {column}")
    con.execute("ALTER TABLE staged RENAME TO products")


# Each group of identical listings: its first row stands for the others (`_copies` of them), which are
# left out at open (a filter on every search cost a third of a keyword search's time at 100k rows).
_FOLDED = (
    f"SELECT {', '.join(COLUMNS)}, _n::INTEGER AS _copies FROM (SELECT *, rowid AS _r, "
    "count(*) OVER (PARTITION BY _listing) AS _n, "
    "row_number() OVER (PARTITION BY _listing ORDER BY rowid) AS _k FROM staged WHERE _problem IS NULL) "
    "WHERE _k = 1 ORDER BY _r"
)


def _refuse_duplicate_ids(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    row = con.execute("SELECT id, count(*) FROM products GROUP BY id HAVING count(*) > 1 LIMIT 1").fetchone()
    if row:
        raise CatalogError(
            f"{path} has {row[1]} products with the id {row[0]!r}; ids must be unique: fix the file, or "
            "import it with `shop catalog import`, which keeps the first of each"
        )


def reason(error: Exception) -> str:
    """DuckDB's message, first line, without its "Invalid Input Error:" style prefix."""
    line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    head, sep, tail = line.partition("Error: ")
    return (tail if sep and len(head) < 30 else line)[:160]
