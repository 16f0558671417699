"""Value cleaning as vectorised DuckDB SQL: prices, ratings, counts, text, tags.

Cleaned, not guessed: a value that does not parse becomes NULL (or drops the row, for price),
never an invented number. Rules:
- price: the first number, read by numbers.py ("1e3", "1 299,00", "1'299.00", "1_000"; a lone
  "1.299" as its column writes decimals) or dropped with its reason (unreadable, out of range,
  ambiguous separators, not positive); "$12.99 - $15.99" keeps the low end. The currency is read
  apart from the number (currency.MARKS: "$", "₹", "€", "¥", "EUR", "Rs." ...); bare numbers are in
  the row's currency column, the header's currency ("Price (INR)") or the catalog's. Prices stay in
  the catalog's currency; one marked with another is converted at the configured rates
  (`in_currency`), and a currency without a rate drops the row.
- rating: "4.5", "4,5", "4.5 out of 5 stars", "9/10" (scaled to 5); outside 1..5 -> NULL.
- review_count: "1,234", "1,234 ratings", "1.2K", "(56)"; free text -> NULL.
- stock: "12", "Only 3 left in stock"; "Out of stock"/"缺货" -> 0; "In stock" -> NULL.
- brand: empty, "N/A", "Generic", "Unbranded" -> NULL; "Visit the Anker Store" -> "Anker".
"""

from __future__ import annotations

from shopcli.ingest.currency import MARKS
from shopcli.ingest.numbers import MACROS as NUMBER_MACROS
from shopcli.ingest.numbers import NUMBER
from shopcli.ingest.source import sql_str
from shopcli.money import Rates

_RANGE = NUMBER + r"\s*(?:-|–|—|~|～|to|至)\s*[^\d]{0,6}?" + NUMBER
_RATING = r"(?i)^\s*(\d+(?:[.,]\d+)?)\s*(?:(?:out\s+of|of|/)\s*(\d+(?:[.,]\d+)?))?\s*(?:stars?|星|分)?\s*$"
_COUNT = (
    r"(?i)^\s*\(?\s*(\d+(?:[.,]\d+)*)\s*([km万]?)\+?\s*\)?\s*(?:global\s+)?"
    r"(?:ratings?|reviews?|评价|评论|条)?\s*$"
)
_STOCK = r"(?i)^\s*(?:only\s+)?(\d[\d,]*)\s*(?:units?|pcs|件|个)?\s*(?:left)?\s*(?:in\s+stock|available)?\s*$"
_WHOLE_NUMBER = r"\d{1,3}([.,]\d{3})+|\d+"  # "1,234", "1.234" or "1234": never "4.5"
_OUT_OF_STOCK = r"(?i)out\s+of\s+stock|sold\s+out|unavailable|缺货|无货|售罄"
_JUNK = (
    r"[[:cntrl:]\s\x{200B}-\x{200F}\x{202A}-\x{202E}\x{2060}-\x{2064}\x{2066}-\x{2069}\x{FEFF}"
    r"\x{2028}\x{2029}\x{E0000}-\x{E007F}]+"
)
# junk, or spacing that squash changes
_NEEDS_SQUASH = _JUNK[:-1].replace(r"\s", "") + r"|\s\s|[^ \S]|^\s|\s$"
_PLACEHOLDER = r"(?i)\s*(nan|null|none|n/a|#n/a|-|--|undefined)?\s*"
_NO_BRAND = (
    r"(?i)\s*(nan|null|none|n/a|#n/a|-|--|undefined|na|unknown|generic|unbranded|no brand|not available"
    r"|无|无品牌)?\s*"
)

# Scalar macros, inlined by DuckDB: each runs vectorised over the whole column.
MACROS: tuple[str, ...] = (
    *NUMBER_MACROS,
    # regexp_replace and trim copy every string (~2 s per million descriptions); a regexp_matches
    # test first leaves the clean majority untouched, 5x faster
    f"CREATE OR REPLACE TEMP MACRO squash(x) AS CASE WHEN regexp_matches(x, '{_NEEDS_SQUASH}') "
    f"THEN nullif(trim(regexp_replace(x, '{_JUNK}', ' ', 'g')), '') ELSE nullif(x, '') END",
    f"CREATE OR REPLACE TEMP MACRO clean_text(x) AS "
    f"CASE WHEN regexp_full_match(x, '{_PLACEHOLDER}') THEN NULL ELSE squash(x) END",
    # "1.299,00" and "12,99" use a decimal comma; otherwise commas group thousands
    r"CREATE OR REPLACE TEMP MACRO num(s) AS TRY_CAST(CASE "
    r"WHEN regexp_full_match(s, '\d{1,3}(\.\d{3})+,\d{1,2}|\d+,\d{1,2}') "
    r"THEN replace(replace(s, '.', ''), ',', '.') ELSE replace(s, ',', '') END AS DOUBLE)",
    "CREATE OR REPLACE TEMP MACRO money_currency(x, dflt) AS CASE "
    + " ".join(f"WHEN regexp_matches(x, {sql_str(pattern)}) THEN '{code}'" for pattern, code in MARKS)
    + " ELSE dflt END",
    "CREATE OR REPLACE TEMP MACRO currency_code(x) AS CASE "
    + " ".join(f"WHEN regexp_matches(trim(x), {sql_str(pattern)}) THEN '{code}'" for pattern, code in MARKS)
    + " ELSE nullif(upper(trim(x)), '') END",
    f"CREATE OR REPLACE TEMP MACRO rating_of(x) AS "
    f"num(regexp_extract(x, '{_RATING}', 1)) * 5 / coalesce(num(regexp_extract(x, '{_RATING}', 2)), 5)",
    f"CREATE OR REPLACE TEMP MACRO count_of(x) AS CASE lower(regexp_extract(x, '{_COUNT}', 2)) "
    f"WHEN 'k' THEN num(regexp_extract(x, '{_COUNT}', 1)) * 1000 "
    f"WHEN 'm' THEN num(regexp_extract(x, '{_COUNT}', 1)) * 1000000 "
    f"WHEN '万' THEN num(regexp_extract(x, '{_COUNT}', 1)) * 10000 "
    f"ELSE TRY_CAST(CASE WHEN regexp_full_match(regexp_extract(x, '{_COUNT}', 1), '{_WHOLE_NUMBER}') "
    f"THEN regexp_replace(regexp_extract(x, '{_COUNT}', 1), '[.,]', '', 'g') END AS DOUBLE) END",
    f"CREATE OR REPLACE TEMP MACRO stock_of(x) AS CASE WHEN regexp_matches(x, '{_OUT_OF_STOCK}') THEN 0 "
    f"ELSE TRY_CAST(replace(regexp_extract(x, '{_STOCK}', 1), ',', '') AS INTEGER) END",
    "CREATE OR REPLACE TEMP MACRO brand_of(x) AS CASE "
    f"WHEN regexp_full_match(x, '{_NO_BRAND}') THEN NULL "
    r"WHEN regexp_matches(x, '(?i)^\s*(visit\s+the\s|brand\s*[:：])') THEN nullif(trim(regexp_replace("
    r"regexp_replace(squash(x), '(?i)^visit\s+the\s+(.+?)\s+store$', '\1'), "
    r"'(?i)^brand\s*[:：]\s*', '')), '') "
    "ELSE squash(x) END",
    "CREATE OR REPLACE TEMP MACRO tag_list(x) AS list_filter(list_transform(CASE "
    "WHEN x IS NULL THEN []::VARCHAR[] "
    "WHEN ltrim(x) LIKE '[%' AND json_valid(x) THEN from_json(x, '[\"VARCHAR\"]') "
    r"ELSE string_split_regex(x, '[,;|#]') END, t -> lower(squash(t))), t -> t IS NOT NULL)",
    # Shopify-style "Body (HTML)": tags become spaces, the common entities their characters
    "CREATE OR REPLACE TEMP MACRO strip_html(x) AS CASE WHEN regexp_matches(x, '<[a-zA-Z/!]|&[a-z#0-9]+;') "
    "THEN replace(replace(replace(replace(replace(replace(regexp_replace(x, '<[^>]*>', ' ', 'g'), "
    "'&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '\"'), '&#39;', ''''), '&amp;', '&') "
    "ELSE x END",
    "CREATE OR REPLACE TEMP MACRO dedupe(l) AS list_filter(l, (t, i) -> list_position(l, t) = i)",
)


def money_columns(prefix: str, source: str, default_currency: str) -> list[str]:
    """Stage-one columns for a money field: first number, range end, currency, sign, presence."""
    return [
        f"regexp_extract({source}, '{NUMBER}', 1) AS {prefix}_n1",
        f"nullif(regexp_extract({source}, '{_RANGE}', 2), '') AS {prefix}_n2",
        f"number_shape(regexp_extract({source}, '{NUMBER}', 1)) AS {prefix}_s1",
        f"number_shape(nullif(regexp_extract({source}, '{_RANGE}', 2), '')) AS {prefix}_s2",
        f"money_currency({source}, {default_currency}) AS {prefix}_cur",
        rf"coalesce(regexp_matches({source}, '^\s*[-−]\s*\D{{0,4}}\d'), false) AS {prefix}_neg",
        f"coalesce(trim({source}) <> '', false) AS {prefix}_has",
    ]


def money_values(prefix: str, convention: str) -> list[str]:
    """Between the stages: the amount of a money field (the low end of a range) and why there is none.

    `convention` is the column's way with decimals (numbers.column_convention), one of a fixed set."""
    conv = f"'{convention}'"
    first = f"number_value({prefix}_n1, {prefix}_s1, {conv})"
    end = f"number_value({prefix}_n2, {prefix}_s2, {conv})"
    return [
        f"CASE WHEN number_problem({prefix}_s1, {first}, {conv}) IS NULL THEN least({first}, "
        f"CASE WHEN number_problem({prefix}_s2, {end}, {conv}) IS NULL THEN {end} END) END AS {prefix}_v",
        f"coalesce(number_problem({prefix}_s1, {first}, {conv}), "
        f"CASE WHEN {prefix}_s1 IS NULL THEN 'unreadable' END) AS {prefix}_why",
    ]


def in_currency(prefix: str, target: str, rates: Rates) -> str:
    """Stage-two amount for a money field in the catalog's currency `target`: the low end of a range
    (money_values), converted at `rates` when the row's currency is another; NULL when a rate is missing."""
    table = ", ".join(f"'{code}': {rate!r}::DOUBLE" for code, rate in rates.per_usd)
    to = rates.rate(target)
    convert = f"round({prefix}_v / (MAP {{{table}}})[{prefix}_cur] * {to!r}, 2)" if to else "NULL"
    return f"CASE WHEN {prefix}_cur = '{target}' THEN round({prefix}_v, 2) ELSE {convert} END"


def drop_reason(price: str) -> str:
    """Why a row cannot be imported (NULL when it can), given the converted `price`; in this order."""
    return (
        "CASE WHEN NOT _ok THEN 'malformed row' WHEN name IS NULL THEN 'no name' "
        "WHEN NOT p_has THEN 'no price' "
        "WHEN p_why = 'unreadable' THEN 'unreadable price' "
        "WHEN p_why = 'ambiguous separators' THEN 'price with ambiguous separators' "
        "WHEN p_why IS NOT NULL THEN 'price ' || p_why "
        "WHEN p_neg OR p_v <= 0 THEN 'price not positive' "
        f"WHEN {price} IS NULL THEN 'price in ' || p_cur || ' (no exchange rate)' END"
    )


def valid_rating(expr: str) -> str:
    return f"CASE WHEN {expr} BETWEEN 1 AND 5 THEN round({expr}, 2) END"
