"""What an exported event or time looks like, and what it means here.

Shops name their events in many ways ("pv", "addtocart", "buy", "购买"); they all become one of
view / cart / purchase / rating, decided in Python over the distinct values (a log has a handful)
and joined back. Anything else is dropped with its name in the report, never guessed.
"""

from __future__ import annotations

import duckdb

from shopcli.ingest.columns import plain_key

EVENT_WORDS: dict[str, tuple[str, ...]] = {
    event: tuple(words.split())
    for event, words in {
        "view": "view views viewed pv pageview click clicks detail detailview impression browse visit "
        "浏览 点击 查看",
        "cart": "cart addtocart addtobasket addedtocart basket fav favorite favourite wishlist save saved "
        "like 加购 收藏 加入购物车",
        "purchase": "purchase purchased buy bought order ordered transaction sale checkout "
        "购买 下单 成交 支付",
        "rating": "rating rate rated review stars 评分 评价",
    }.items()
}
_BY_WORD = {word: event for event, words in EVENT_WORDS.items() for word in words}


def event_of(raw: str) -> str | None:
    """'add_to_cart' -> 'cart', 'PV' -> 'view', '购买' -> 'purchase'; None when not understood."""
    return _BY_WORD.get(plain_key(raw))


def event_map(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create `event_map(raw, event)` from the distinct events in `raw`; return the unknown ones,
    most frequent first."""
    values = con.execute(
        "SELECT event, count(*) FROM raw WHERE nullif(trim(event), '') IS NOT NULL"
        " GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    con.execute("CREATE OR REPLACE TEMP TABLE event_map (raw VARCHAR, event VARCHAR)")
    known = [(v, e) for v, _ in values if (e := event_of(v))]
    if known:
        con.executemany("INSERT INTO event_map VALUES (?, ?)", known)
    return [str(v) for v, _ in values if not event_of(v)]


def timestamp_sql(column: str) -> str:
    """SQL turning a text time into a UTC TIMESTAMP (NULL when unreadable): ISO 8601 with or
    without an offset, Unix seconds or milliseconds, and the month/day/year spreadsheets write.
    The connection must be in UTC, so text without an offset is read as UTC."""
    text = f"trim({column})"
    epoch = f"TRY_CAST({text} AS DOUBLE)"
    seconds, millis = r"'\d{9,10}(\.\d+)?'", r"'\d{12,13}'"
    return (
        f"CASE WHEN regexp_full_match({text}, {seconds}) THEN to_timestamp({epoch}) AT TIME ZONE 'UTC'"
        f" WHEN regexp_full_match({text}, {millis}) THEN to_timestamp({epoch} / 1000) AT TIME ZONE 'UTC'"
        f" ELSE coalesce(TRY_CAST({text} AS TIMESTAMPTZ) AT TIME ZONE 'UTC',"
        f" try_strptime({text}, ['%m/%d/%Y %H:%M', '%m/%d/%Y %H:%M:%S', '%m/%d/%Y'])) END"
    )
