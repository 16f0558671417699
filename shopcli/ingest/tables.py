"""From `raw` (VARCHAR columns named by field) to `cleaned`: contract values plus `why` a row drops.

Two stages of SQL: the first pulls numbers and currency marks out of the text, the second turns
them into values in the catalog's currency and decides `why` (NULL for rows that are imported).
Colours, category paths (or categories derived from names) and audiences are mapped in Python over
their distinct values (labels.py, categories.py) and joined back; without an audience column, the
audience a name states is read in SQL (labels.AUDIENCE_FROM_NAME).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from shopcli.ingest.categories import Labels, label_tables
from shopcli.ingest.clean import MACROS, drop_reason, in_currency, money_columns, money_values, valid_rating
from shopcli.ingest.labels import AUDIENCE_FROM_NAME, NAME_COLOR, palette_color
from shopcli.ingest.numbers import column_convention
from shopcli.ingest.plan import ImportPlan
from shopcli.ingest.source import sql_str
from shopcli.money import Rates
from shopcli.schema import COLUMNS

_TEXT_FIELDS = ("name", "size", "material")
_TEXT_AUDIENCE = "coalesce(name_audience(r.name), name_audience(r.category))"
# Without a colour column: the name's colour, else a slug id's ("sophie-top-black", Shopify handles).
_TEXT_COLOR = (
    "coalesce(name_color(r.name), CASE WHEN regexp_full_match(r.id, '[a-z0-9]+(-[a-z0-9]+)+') "
    "THEN name_color(replace(r.id, '-', ' ')) END)"
)


def clean_tables(con: duckdb.DuckDBPyConnection, plan: ImportPlan, rates: Rates) -> Labels:
    """Create `cleaned` from `raw`, prices in the plan's currency; then `raw` is dropped to free memory."""
    mapped = {field for _, field in plan.mapping}
    for column in set(COLUMNS) - mapped:
        con.execute(f"ALTER TABLE raw ADD COLUMN {column} VARCHAR")
    for macro in MACROS:
        con.execute(macro)
    con.execute(f"CREATE OR REPLACE TEMP MACRO name_audience(x) AS {AUDIENCE_FROM_NAME}")
    con.execute(f"CREATE OR REPLACE TEMP MACRO name_color(x) AS {NAME_COLOR}")
    _color_map(con)
    labels = label_tables(con, mapped=mapped, chinese=plan.language == "zh")
    hints, target = dict(plan.currency_hints), plan.currency_code
    price_default = _default(plan.column_for("price"), hints, target)
    original_default = _default(plan.column_for("original_price"), hints, target)
    derived = {
        # without an audience column: the name says it, else the category path ("Women's Footwear")
        "audience": "am.a_value" if "audience" in mapped else _TEXT_AUDIENCE,
        "color": "col.color" if "color" in mapped else _TEXT_COLOR,
    }
    # how each money column writes decimals decides what a lone "1.299" means: one pass over each
    conventions: dict[str, str] = {
        f: column_convention(con, "raw", f) for f in ("price", "original_price") if f in mapped
    }
    sql = _cleaned_sql(price_default, original_default, _Money(target, rates, conventions), derived)
    con.execute(f"CREATE OR REPLACE TABLE cleaned AS {sql}")
    con.execute("DROP TABLE raw")
    _mark_duplicate_ids(con)
    return labels


@dataclass(frozen=True)
class _Money:
    currency: str  # the catalog's
    rates: Rates
    conventions: dict[str, str]  # money field -> how its column writes decimals (numbers.py)


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
    """The currency of bare numbers: the row's currency column, else the header's, else the catalog's."""
    fallback = sql_str(hints.get(column or "", currency))
    return f"coalesce(currency_code(currency), {fallback})"


def _color_map(con: duckdb.DuckDBPyConnection) -> None:
    values = [v for (v,) in con.execute("SELECT DISTINCT color FROM raw WHERE color IS NOT NULL").fetchall()]
    con.execute("CREATE OR REPLACE TEMP TABLE color_map (raw VARCHAR, color VARCHAR)")
    rows = [(v, c) for v in values if (c := palette_color(v))]
    if rows:
        con.executemany("INSERT INTO color_map VALUES (?, ?)", rows)


def _cleaned_sql(price_default: str, original_default: str, money: _Money, derived: dict[str, str]) -> str:
    stage_one = ", ".join(
        [
            "r.rowid AS _row", "_ok", "clean_text(id) AS src_id", "brand_of(brand) AS brand",
            *(f"clean_text({f}) AS {f}" for f in _TEXT_FIELDS),
            "clean_text(strip_html(description)) AS description",
            "coalesce(cm.cat, dm.d_cat) AS category",
            "coalesce(lower(clean_text(r.subcategory)), cm.sub) AS subcategory",
            f"{derived['color']} AS color", "rating_of(rating) AS rating",
            "count_of(review_count) AS reviews",
            "stock_of(stock) AS stock", f"{derived['audience']} AS audience",
            "dedupe(list_concat(tag_list(tags), coalesce(cm.upper, []::VARCHAR[]))) AS tags",
            *money_columns("p", "price", price_default),
            *money_columns("o", "original_price", original_default),
        ]
    )  # fmt: skip
    one = (
        f"SELECT {stage_one} FROM raw AS r LEFT JOIN color_map AS col ON r.color = col.raw "
        "LEFT JOIN category_map AS cm ON r.category = cm.raw "
        "LEFT JOIN derived_map AS dm ON r.name = dm.d_name AND r.brand IS NOT DISTINCT FROM dm.d_brand "
        "LEFT JOIN audience_map AS am ON r.audience = am.a_raw"
    )
    amounts = ", ".join(
        money_values("p", money.conventions.get("price", "none"))
        + money_values("o", money.conventions.get("original_price", "none"))
    )
    price = in_currency("p", money.currency, money.rates)
    two = (
        f"SELECT *, {price} AS price, {in_currency('o', money.currency, money.rates)} AS original_price, "
        f"coalesce(src_id, 'row-' || (_row + 1)) AS id, {drop_reason(price)} AS reason "
        f"FROM (SELECT *, {amounts} FROM ({one}))"
    )
    return (
        "SELECT id, name, brand, category, subcategory, color, size, material, price, original_price, "
        f"{sql_str(money.currency)} AS currency, {valid_rating('rating')} AS rating, "
        "CASE WHEN reviews BETWEEN 0 AND 2147483647 THEN reviews::INTEGER END AS review_count, "
        "CASE WHEN stock >= 0 THEN stock END AS stock, description, tags, audience, "
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


def usage_counts(con: duckdb.DuckDBPyConnection, currency: str) -> tuple[int, tuple[tuple[str, int], ...]]:
    """(prices given as a range, (currency, prices converted from it)) among imported rows."""
    row = con.execute(
        "SELECT count(*) FILTER (WHERE p_n2 IS NOT NULL) FROM cleaned WHERE why IS NULL"
    ).fetchone()
    converted = con.execute(
        "SELECT p_cur, count(*) FROM cleaned WHERE why IS NULL AND p_cur <> ? "
        "GROUP BY p_cur ORDER BY 2 DESC, 1",
        [currency],
    ).fetchall()
    return (int(row[0]) if row else 0), tuple((str(c), int(n)) for c, n in converted)
