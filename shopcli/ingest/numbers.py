"""Numbers in exported text, as vectorised DuckDB SQL: text without its currency -> a number, or a reason.

Read correctly or dropped with a reason, never a wrong number. The first run of digits and separators
(NUMBER) is classified by its whole shape (number_shape), then turned into a number (number_value):
- plain "1299", "12.99"; scientific "1e3", "2.5E+2";
- thousands grouped by a comma, dot, space (also no-break, thin and narrow no-break), apostrophe
  ("1'299", "1’299") or underscore ("1_000"), groups of exactly three digits: "1 299,00",
  "1.299.000", "1'299.00"; and Indian lakhs and crores, "1,10,990" and "1,00,00,000.50";
- a decimal point or a decimal comma: "1,299.00" and "1.299,00" are both 1299, "12,99" is 12.99;
- one separator before exactly three digits ("1,299", "1.299") is ambiguous: the column decides
  (column_convention). Where it writes decimal commas elsewhere ("12,99"), "1.299" is 1299 and
  "1,299" is 1.299; with decimal points, the reverse; where it writes neither, both are 1299
  (prices with three decimals are rarer than thousands); where it writes both, it is dropped.
Anything else ("1.2.3", "5 10", "1_0", "12,34,56") is unreadable, and a value that is not finite or
is above MAX_NUMBER ("1e309", 40 digits) is out of range. Currency marks are the caller's business:
the extraction starts at the first digit, and signs are read by the caller too.
"""

from __future__ import annotations

import duckdb

MAX_NUMBER = 1e12  # above any price in any currency (a trillion dong is ~40 million USD)
# A no-break space, a thin space, a narrow no-break space; \x27 is the apostrophe (SQL-safe), \x{2019} ’.
_SPACES = (" ", r"\x{00A0}", r"\x{2009}", r"\x{202F}")
_GROUPERS = (",", r"\.", r"\x27", r"\x{2019}", "_", *_SPACES)
# The first run of digits and separators that ends in a digit, with an exponent: group 1.
NUMBER = r"(\d(?:[\d.,\x27\x{2019}_ \x{00A0}\x{2009}\x{202F}]*\d)?(?:[eE][+-]?\d{1,4})?)"
CONVENTIONS = ("point", "comma", "none", "mixed")


def _grouped(separator: str, at_least: int = 1) -> str:
    return rf"\d{{1,3}}(?:{separator}\d{{3}}){{{at_least},}}"


# One separator before three digits could group thousands or start decimals: "1,299", "1.299".
_AMBIGUOUS = r"\d{1,3}[.,]\d{3}"
# Whole numbers with thousands: one group is enough for spaces, apostrophes and underscores, which
# are never decimal marks; two for commas and dots ("1,299,000"), since one is _AMBIGUOUS.
# Indian grouping: three digits at the end, pairs before them (1,10,990 is 110990).
_INDIAN = r"\d{1,2}(?:,\d{2})+,\d{3}"
_WHOLE = "|".join([_grouped(s, 2 if s in (",", r"\.") else 1) for s in _GROUPERS] + [_INDIAN])
_POINT = "|".join(
    [r"\d+\.\d+", _INDIAN + r"\.\d+", *(_grouped(s) + r"\.\d+" for s in _GROUPERS if s != r"\.")]
)
_COMMA = "|".join([r"\d+,\d+", *(_grouped(s) + r",\d+" for s in _GROUPERS if s != ",")])
_SCIENTIFIC = r"\d+(?:\.\d+)?[eE][+-]?\d{1,4}"

MACROS: tuple[str, ...] = (
    # 'int', 'point' (decimal point), 'comma' (decimal comma), 'sci', 'ambiguous', or 'bad'; NULL for none
    "CREATE OR REPLACE TEMP MACRO number_shape(t) AS CASE "
    "WHEN t IS NULL OR t = '' THEN NULL "
    r"WHEN regexp_full_match(t, '\d+') THEN 'int' "
    f"WHEN regexp_full_match(t, '{_AMBIGUOUS}') THEN 'ambiguous' "
    f"WHEN regexp_full_match(t, '{_WHOLE}') THEN 'int' "
    f"WHEN regexp_full_match(t, '{_POINT}') THEN 'point' "
    f"WHEN regexp_full_match(t, '{_COMMA}') THEN 'comma' "
    f"WHEN regexp_full_match(t, '{_SCIENTIFIC}') THEN 'sci' "
    "ELSE 'bad' END",
    # the number a classified run stands for, or NULL; `conv` is the column's convention
    "CREATE OR REPLACE TEMP MACRO number_value(t, shape, conv) AS TRY_CAST(CASE shape "
    r"WHEN 'int' THEN regexp_replace(t, '\D', '', 'g') "
    r"WHEN 'point' THEN regexp_replace(t, '[^\d.]', '', 'g') "
    r"WHEN 'comma' THEN replace(regexp_replace(t, '[^\d,]', '', 'g'), ',', '.') "
    "WHEN 'sci' THEN t "
    "WHEN 'ambiguous' THEN CASE WHEN conv = 'mixed' THEN NULL "
    "WHEN (conv = 'point' AND contains(t, '.')) OR (conv = 'comma' AND contains(t, ',')) "
    "THEN replace(t, ',', '.') ELSE regexp_replace(t, '[.,]', '') END "
    "END AS DOUBLE)",
    # why a classified run gives no number: NULL when it does
    "CREATE OR REPLACE TEMP MACRO number_problem(shape, value, conv) AS CASE "
    "WHEN shape IS NULL THEN NULL "
    "WHEN shape = 'bad' THEN 'unreadable' "
    "WHEN shape = 'ambiguous' AND conv = 'mixed' THEN 'ambiguous separators' "
    f"WHEN value IS NULL OR NOT isfinite(value) OR abs(value) > {MAX_NUMBER} THEN 'out of range' END",
)


def first_number(source: str) -> str:
    """SQL: the first number-like run in the text `source` (a column or expression), '' when none."""
    return f"regexp_extract({source}, '{NUMBER}', 1)"


def column_convention(con: duckdb.DuckDBPyConnection, table: str, column: str) -> str:
    """How `table.column` writes decimals: 'point', 'comma', 'mixed' (both) or 'none' (no evidence).

    Needs MACROS on `con`; one vectorised pass over the column."""
    row = con.execute(
        f"SELECT count(*) FILTER (WHERE s = 'point'), count(*) FILTER (WHERE s = 'comma') "
        f"FROM (SELECT number_shape({first_number(column)}) AS s FROM {table})"
    ).fetchone()
    points, commas = (int(row[0]), int(row[1])) if row else (0, 0)
    if points and commas:
        return "mixed"
    return "point" if points else "comma" if commas else "none"
