"""From `raw` (VARCHAR columns named by field) to `cleaned`: contract values plus `why` a row drops.

Two stages of SQL: the first pulls numbers and currency marks out of the text, the second turns
them into values and decides `why` (NULL for rows that are imported). Colours and category paths
are mapped in Python over their distinct values (see labels.py) and joined back.
"""

from __future__ import annotations

import duckdb

from shopcli.ingest.clean import MACROS, drop_reason, money_columns, money_values, usd, valid_rating
from shopcli.ingest.labels import category_path, palette_color
from shopcli.ingest.numbers import column_convention
from shopcli.ingest.plan import ImportPlan
from shopcli.ingest.source import sql_str
from shopcli.schema import COLUMNS

_TEXT_FIELDS = ("name", "size", "material")


def clean_tables(con: duckdb.DuckDBPyConnection, plan: ImportPlan, currency: str, cny_per_usd: float) -> None:
    """Create `cleaned` from `raw`; then `raw` is dropped to free memory."""
    mapped = {field for _, field in plan.mapping}
    for column in set(COLUMNS) - mapped:
        con.execute(f"ALTER TABLE raw ADD COLUMN {column} VARCHAR")
    for macro in MACROS:
        con.execute(macro)
    _color_map(con)
    _category_map(con, has_subcategory_column="subcategory" in mapped)
    hints = dict(plan.currency_hints)
    price_default = _default(plan.column_for("price"), hints, currency)
    original_default = _default(plan.column_for("original_price"), hints, currency)
    # how each money column writes decimals decides what a lone "1.299" means: one pass over each
    conventions: dict[str, str] = {
        f: column_convention(con, "raw", f) for f in ("price", "original_price") if f in mapped
    }
    sql = _cleaned_sql(price_default, original_default, cny_per_usd, conventions)
    con.execute(f"CREATE OR REPLACE TABLE cleaned AS {sql}")
    con.execute("DROP TABLE raw")
    _mark_duplicate_ids(con)


def _mark_duplicate_ids(con: duckdb.DuckDBPyConnection) -> None:
    """Keep the first row of each id; later ones drop as 'duplicate id'."""
    row = con.execute("SELECT count(*) - count(DISTINCT id) FROM cleaned WHERE why IS NULL").fetchone()
    if not row or not row[0]:
        return  # the usual case, and a window over a million rows is not free
    con.execute(
        "UPDATE cleaned SET why = 'duplicate id' WHERE _row IN (SELECT _row FROM (SELECT _row, "
        "row_number() OVER (PARTITION BY id ORDER BY _row) AS n FROM cleaned WHERE why IS NULL) WHERE n > 1)"
    )


def _default(column: str | None, hints: dict[str, str], currency: str) -> str:
    """The currency of bare numbers: the row's currency column, else the header's, else --currency."""
    fallback = sql_str(hints.get(column or "", currency))
    return f"coalesce(currency_code(currency), {fallback})"


def _color_map(con: duckdb.DuckDBPyConnection) -> None:
    values = [v for (v,) in con.execute("SELECT DISTINCT color FROM raw WHERE color IS NOT NULL").fetchall()]
    con.execute("CREATE OR REPLACE TEMP TABLE color_map (raw VARCHAR, color VARCHAR)")
    rows = [(v, c) for v in values if (c := palette_color(v))]
    if rows:
        con.executemany("INSERT INTO color_map VALUES (?, ?)", rows)


def _category_map(con: duckdb.DuckDBPyConnection, *, has_subcategory_column: bool) -> None:
    values = [
        v for (v,) in con.execute("SELECT DISTINCT category FROM raw WHERE category IS NOT NULL").fetchall()
    ]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE category_map (raw VARCHAR, cat VARCHAR, sub VARCHAR, upper VARCHAR[])"
    )
    rows = []
    for value in values:
        path = category_path(value, has_subcategory_column=has_subcategory_column)
        if path.category:
            rows.append((value, path.category, path.subcategory, list(path.upper)))
    if rows:
        con.executemany("INSERT INTO category_map VALUES (?, ?, ?, ?)", rows)


def _cleaned_sql(price_default: str, original_default: str, rate: float, conventions: dict[str, str]) -> str:
    stage_one = ", ".join(
        [
            "r.rowid AS _row", "_ok", "clean_text(id) AS src_id", "brand_of(brand) AS brand",
            *(f"clean_text({f}) AS {f}" for f in _TEXT_FIELDS),
            "clean_text(strip_html(description)) AS description",
            "cm.cat AS category",
            "coalesce(lower(clean_text(r.subcategory)), cm.sub) AS subcategory",
            "col.color AS color", "rating_of(rating) AS rating", "count_of(review_count) AS reviews",
            "stock_of(stock) AS stock",
            "dedupe(list_concat(tag_list(tags), coalesce(cm.upper, []::VARCHAR[]))) AS tags",
            *money_columns("p", "price", price_default),
            *money_columns("o", "original_price", original_default),
        ]
    )  # fmt: skip
    one = (
        f"SELECT {stage_one} FROM raw AS r LEFT JOIN color_map AS col ON r.color = col.raw "
        "LEFT JOIN category_map AS cm ON r.category = cm.raw"
    )
    amounts = ", ".join(
        money_values("p", conventions.get("price", "none"))
        + money_values("o", conventions.get("original_price", "none"))
    )
    two = (
        f"SELECT *, {usd('p', rate)} AS price, {usd('o', rate)} AS original_price, "
        f"coalesce(src_id, 'row-' || (_row + 1)) AS id, {drop_reason()} AS reason "
        f"FROM (SELECT *, {amounts} FROM ({one}))"
    )
    return (
        "SELECT id, name, brand, category, subcategory, color, size, material, price, original_price, "
        f"'USD' AS currency, {valid_rating('rating')} AS rating, "
        "CASE WHEN reviews BETWEEN 0 AND 2147483647 THEN reviews::INTEGER END AS review_count, "
        "CASE WHEN stock >= 0 THEN stock END AS stock, description, tags, "
        f"_row, p_n2, p_cur, reason AS why FROM ({two})"
    )


def drop_counts(con: duckdb.DuckDBPyConnection, malformed: int) -> tuple[tuple[str, int], ...]:
    """Dropped rows by reason, largest first; rows that never reached `raw` are malformed."""
    counts = dict(
        con.execute("SELECT why, count(*) FROM cleaned WHERE why IS NOT NULL GROUP BY why").fetchall()
    )
    if malformed:
        counts["malformed row"] = counts.get("malformed row", 0) + malformed
    return tuple(sorted(((str(k), int(v)) for k, v in counts.items()), key=lambda kv: (-kv[1], kv[0])))


def usage_counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(prices given as a range, prices converted from CNY) among imported rows."""
    row = con.execute(
        "SELECT count(*) FILTER (WHERE p_n2 IS NOT NULL), count(*) FILTER (WHERE p_cur = 'CNY') "
        "FROM cleaned WHERE why IS NULL"
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)
