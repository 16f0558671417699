"""`shop catalog import --interactions FILE`: an interaction log beside a catalog, and its neighbours.

    plan_interactions   source (format, columns) -> which column is user, product, event, value, time
    load_raw            the source as VARCHAR columns, rows counted independently (ingest/load.py)
    _clean              typed values and `why` a row drops; events mapped to view/cart/purchase/rating
    similarity.compute  item-item neighbours (cosine, Pearson) and popularity, in DuckDB
    files.write_all     three Parquet siblings of the catalog (siblings.py), replaced together
The report's numbers add up: rows_read = rows_imported + sum(dropped).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from shopcli.errors import CatalogError, ImportError_, UsageError
from shopcli.ingest.columns import plain_key
from shopcli.ingest.load import load_raw
from shopcli.ingest.plan import ImportPlan
from shopcli.ingest.report import DropReport
from shopcli.ingest.source import detect_source, interrupts_as_keyboard, quiet_connection, sql_str
from shopcli.ingest.tables import drop_counts
from shopcli.personal import similarity
from shopcli.personal.events import event_map, timestamp_sql
from shopcli.personal.files import write_all
from shopcli.store.siblings import sibling

Progress = Callable[[str, int, int], None]
STAGES = ("reading the header", "reading rows", "cleaning values", "computing neighbours", "writing files")
FIELDS = ("user_id", "product_id", "event", "value", "ts")
SYNONYMS: dict[str, tuple[str, ...]] = {
    field: tuple(names.split())
    for field, names in {
        "user_id": "userid user customerid customer customerno clientid client visitorid visitor householdid "
        "household memberid buyerid reviewerid 用户id 用户 会员id 客户id 买家id",
        "product_id": "productid itemid stockcode sku asin product item articleid goodsid pid "
        "商品id 商品编号 "
        "货号 商品",
        "event": "event eventtype type behavior behaviortype behaviour action interaction 行为 行为类型 事件",
        "value": "value rating quantity qty stars score 数量 评分",
        "ts": "ts timestamp time datetime eventtime invoicedate transactiontimestamp date createdat "
        "orderdate "
        "时间 日期 时间戳",
    }.items()
}
MEMORY_LIMIT = "1GB"  # the pair join spills beyond this; a 1M-event log stays well under it


@dataclass(frozen=True)
class InteractionsReport(DropReport):
    source: str
    catalog: str
    format: str
    rows_read: int
    rows_imported: int
    dropped: tuple[tuple[str, int], ...]  # (reason, rows), largest first
    mapping: tuple[tuple[str, str], ...]
    ignored: tuple[str, ...]
    users: int
    products: int  # distinct catalog products in the log
    events: tuple[tuple[str, int], ...]  # (event, rows)
    with_neighbours: int  # products that got at least one neighbour
    files: tuple[str, ...]
    notes: tuple[str, ...]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return self.report_dict(events=dict(self.events), ignored=list(self.ignored), files=list(self.files),
                                notes=list(self.notes))  # fmt: skip


def check_siblings(catalog: Path, *, force: bool) -> None:
    """Fail before any work when the catalog is missing or a log already sits beside it."""
    if not catalog.is_file():
        raise CatalogError(f"no catalog at {catalog}: import the products first, or pass --catalog FILE")
    existing = sibling(catalog, "interactions")
    if existing.exists() and not force:
        raise UsageError(f"{existing} already exists: pass --force to replace the interaction log")


def plan_interactions(source: Path, mapping: dict[str, str] | None = None) -> ImportPlan:
    """Detect the source's format and which column is which interaction field, without importing."""
    with interrupts_as_keyboard(), quiet_connection() as con:
        return _plan(con, source, mapping)


def _plan(con: duckdb.DuckDBPyConnection, source: Path, explicit: dict[str, str] | None) -> ImportPlan:
    info = detect_source(source, con)
    mapping = resolve_fields(info.columns, explicit or {})
    missing = [f for f in ("user_id", "product_id") if f not in mapping.values()]
    if missing:
        seen = ", ".join(repr(c) for c in info.columns[:40])
        raise ImportError_(
            f"no {' and '.join(missing)} column found in {source}; columns seen: {seen}. "
            f"Say which column holds it with --map COLUMN={missing[0]}"
        )
    return ImportPlan(info, tuple(mapping.items()), tuple(c for c in info.columns if c not in mapping))


def resolve_fields(columns: tuple[str, ...], explicit: dict[str, str]) -> dict[str, str]:
    """Source column -> interaction field: known header names, then `--map COLUMN=FIELD` on top."""
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(plain_key(column), column)
    mapping: dict[str, str] = {}
    for name, names in SYNONYMS.items():
        found = next((by_norm[n] for n in names if n in by_norm and by_norm[n] not in mapping), None)
        if found:
            mapping[found] = name
    for wanted, field in explicit.items():
        match = next((c for c in columns if plain_key(c) == plain_key(wanted)), None)
        if match is None:
            raise UsageError(f"--map: the source has no column {wanted!r}; its columns are: {list(columns)}")
        if field not in (*FIELDS, "-"):
            raise UsageError(f"--map: {field!r} is not an interaction field; use one of {', '.join(FIELDS)}")
        mapping = {c: f for c, f in mapping.items() if c != match and f != field}
        if field != "-":
            mapping[match] = field
    return {c: mapping[c] for c in columns if c in mapping}


def import_interactions(
    source: Path, catalog: Path, *, mapping: dict[str, str] | None = None, progress: Progress | None = None
) -> InteractionsReport:
    """Import `source` as the interaction log of `catalog` and compute its neighbours."""
    started = time.monotonic()
    stages = iter(range(1, len(STAGES) + 1))

    def step() -> None:
        n = next(stages)
        if progress:
            progress(STAGES[n - 1], n, len(STAGES))

    with interrupts_as_keyboard(), _connection() as con:
        step()
        plan = _plan(con, source, mapping)
        step()
        loaded = load_raw(con, plan.source, dict(plan.mapping))
        step()
        notes = _clean(con, plan, catalog)
        dropped = drop_counts(con, loaded.malformed)
        _keep(con)
        imported = loaded.rows_read - sum(n for _, n in dropped)
        if imported <= 0:
            reasons = ", ".join(f"{r}: {n:,}" for r, n in dropped) or "no data rows"
            raise ImportError_(
                f"none of the {loaded.rows_read:,} rows in {source} could be imported ({reasons})"
            )
        step()
        similarity.compute(con)
        step()
        files = _write(con, catalog)
        counts = _counts(con)
    return InteractionsReport(
        str(source), str(catalog), plan.source.format, loaded.rows_read, imported, dropped, plan.mapping,
        plan.ignored, *counts, files, loaded.notes + notes, round(time.monotonic() - started, 2),
    )  # fmt: skip


class _connection:
    """A private in-memory DuckDB in UTC (timestamps with offsets convert to it) with a memory cap."""

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        self.con = quiet_connection()
        self.con.execute("SET TimeZone = 'UTC'")
        self.con.execute(f"SET memory_limit = {sql_str(MEMORY_LIMIT)}")
        self.con.execute("SET preserve_insertion_order = true")
        return self.con

    def __exit__(self, *exc: object) -> None:
        self.con.close()


def _clean(con: duckdb.DuckDBPyConnection, plan: ImportPlan, catalog: Path) -> tuple[str, ...]:
    """`cleaned`: typed rows and `why` each dropped one drops; returns notes for the report."""
    fields = {f for _, f in plan.mapping}
    for field in set(FIELDS) - fields:
        con.execute(f"ALTER TABLE raw ADD COLUMN {field} VARCHAR")
    default_event = (
        "rating" if plain_key(plan.column_for("value") or "") in ("rating", "stars", "评分") else "purchase"
    )
    notes = [] if "event" in fields else [f"no event column: every row counts as a {default_event}"]
    unknown = event_map(con)
    try:
        con.execute(
            "CREATE TABLE catalog_ids AS SELECT DISTINCT CAST(id AS VARCHAR) AS id"
            f" FROM read_parquet({sql_str(str(catalog))})"
        )
    except duckdb.Error as exc:
        raise CatalogError(f"{catalog} is not a readable catalog ({exc}): rebuild or re-import it") from exc
    con.execute(_CLEANED_SQL.format(default=sql_str(default_event), ts=timestamp_sql("r.ts")))
    if unknown:
        notes.append("events not understood (dropped): " + ", ".join(repr(v) for v in unknown[:8]))
    return tuple(notes)


_CLEANED_SQL = """
CREATE TABLE cleaned AS SELECT *, CASE
    WHEN NOT _ok THEN 'malformed row'
    WHEN user_id IS NULL THEN 'no user id'
    WHEN product_id IS NULL THEN 'no product id'
    WHEN event IS NULL THEN 'event not understood'
    WHEN value_text IS NOT NULL AND value IS NULL THEN 'value is not a number'
    WHEN event IN ('purchase', 'cart') AND value <= 0 THEN 'returned or cancelled (quantity 0 or less)'
    WHEN event = 'rating' AND NOT coalesce(value BETWEEN 1 AND 5, false) THEN 'rating not between 1 and 5'
    WHEN ts_text IS NOT NULL AND ts IS NULL THEN 'unreadable time'
    WHEN NOT in_catalog THEN 'product not in the catalog'
END AS why FROM (
    SELECT r.rowid AS _row, r._ok, nullif(trim(r.user_id), '') AS user_id,
        nullif(trim(r.product_id), '') AS product_id,
        CASE WHEN nullif(trim(r.event), '') IS NULL THEN {default} ELSE em.event END AS event,
        nullif(trim(r.value), '') AS value_text, TRY_CAST(replace(trim(r.value), ',', '') AS DOUBLE) AS value,
        nullif(trim(r.ts), '') AS ts_text, {ts} AS ts, c.id IS NOT NULL AS in_catalog
    FROM raw AS r LEFT JOIN event_map AS em ON em.raw = r.event
    LEFT JOIN catalog_ids AS c ON c.id = trim(r.product_id))
"""


def _keep(con: duckdb.DuckDBPyConnection) -> None:
    """`interactions`: the rows that passed, typed, in file order (a missing value counts as 1)."""
    con.execute(
        "CREATE TABLE interactions AS SELECT user_id, product_id, event, coalesce(value, 1) AS value, ts"
        " FROM cleaned WHERE why IS NULL ORDER BY _row"
    )


def _write(con: duckdb.DuckDBPyConnection, catalog: Path) -> tuple[str, ...]:
    outputs = {
        sibling(
            catalog, "interactions"
        ): "SELECT * FROM interactions ORDER BY user_id, ts NULLS FIRST, product_id",
        sibling(catalog, "neighbours"): "SELECT * FROM neighbours ORDER BY method, product_id, rank",
        sibling(catalog, "popularity"): "SELECT * FROM popularity ORDER BY product_id",
    }
    write_all(con, outputs)
    return tuple(str(p) for p in outputs)


def _counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int, tuple[tuple[str, int], ...], int]:
    """(users, products, events by type, products with neighbours) of what was imported."""
    row = con.execute(
        "SELECT count(DISTINCT user_id), count(DISTINCT product_id),"
        " (SELECT count(DISTINCT product_id) FROM neighbours) FROM interactions"
    ).fetchone()
    users, products, with_neighbours = row if row else (0, 0, 0)
    events = con.execute("SELECT event, count(*) FROM interactions GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    return int(users), int(products), tuple((str(e), int(n)) for e, n in events), int(with_neighbours)
