"""Columns judged by their values, where headers do not decide (or there is no header at all).

The first SAMPLE_ROWS rows are read and each column is described (ColumnProfile): how full it is,
how varied, how long its values are, and what share of them are numbers, money, links, dates,
yes/no flags, palette colours or audience words. Then, for the fields no header named:
  name       title-like text: long (12+ characters on average) and mostly distinct
  price      numbers carrying a currency mark or cents ("₹32,999", "27.00")
  id         short codes or numbers, every one different
  brand      short names repeated across rows, without digits, not shop names ("…旗舰店", "… Store")
  color      palette colour words ("Black", "KHAKI", "深蓝")
  audience   audience words ("Women", "Unisex", "女士")
  rating     numbers between 0 and 5 with decimals
and a header's choice is overruled when the values contradict it: a category column of numbers (a
taxonomy id), a colour column naming no colour shopcli knows ("schwarz"), an empty column. Links,
dates, flags, counts and ids are recognised and left alone. Every decision carries its reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import duckdb

from shopcli.ingest.labels import audience_of, palette_color
from shopcli.ingest.source import (
    SourceInfo,
    csv_reader,
    json_array_reader,
    json_object,
    line_reader,
    parquet_reader,
    sql_ident,
)

SAMPLE_ROWS = 2000
_NUMBER = re.compile(r"\s*[-+]?(?:[^\d\s]{0,4}\s?)?\d[\d,]*(?:\.\d+)?\s?[^\d\s]{0,5}\s*")
_MONEY = re.compile(r"[$¥￥₹€£₩]|(?i:\b(?:usd|cny|rmb|inr|rs\.?|eur|gbp|jpy)\b)|元")
_DECIMAL = re.compile(r"\d\.\d{1,2}(?!\d)")
_URL = re.compile(r"\s*(?:\[\s*\")?(?:https?:)?//\S+")
_DATE = re.compile(r"\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\s*\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")
_FLAG = frozenset({"true", "false", "yes", "no", "y", "n", "0", "1", "是", "否"})
_SHOP = re.compile(r"(?:店|旗舰店|专营店|专卖店|官方|store|shop|seller|mall)\s*$", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class ColumnProfile:
    column: str
    rows: int  # rows sampled
    filled: int  # non-empty values among them
    distinct: float  # distinct values / filled
    length: float  # average characters
    words: float  # average words (two Chinese characters count as one)
    numeric: float  # shares of filled values, 0..1
    money: float
    decimals: float
    urls: float
    dates: float
    flags: float
    palette: float
    audience: float
    digits: float
    shops: float
    low: float | None  # numeric range
    high: float | None

    def share(self) -> float:
        return self.filled / self.rows if self.rows else 0.0


def describe(column: str, values: list[str | None]) -> ColumnProfile:
    """The profile of one column's sampled values."""
    filled = [v.strip() for v in values if v is not None and v.strip()]
    n = len(filled) or 1

    def share(test: Callable[[str], object]) -> float:
        return sum(1 for v in filled if test(v)) / n

    numbers = [float(m.group().replace(",", "")) for v in filled if _NUMBER.fullmatch(v)
               and (m := re.search(r"\d[\d,]*(?:\.\d+)?", v))]  # fmt: skip
    return ColumnProfile(
        column, len(values), len(filled), len(set(filled)) / n, sum(map(len, filled)) / n,
        sum(_word_count(v) for v in filled) / n, len(numbers) / n,
        share(_MONEY.search), share(_DECIMAL.search), share(_URL.match), share(_DATE.match),
        share(lambda v: v.lower() in _FLAG), share(lambda v: len(v) <= 40 and palette_color(v)),
        share(lambda v: len(v) <= 40 and audience_of(v)),
        share(lambda v: any(c.isdigit() for c in v)), share(_SHOP.search),
        min(numbers, default=None), max(numbers, default=None),
    )  # fmt: skip


def _word_count(value: str) -> float:
    """Latin words, plus Chinese characters counted two to a word."""
    return sum(1 for w in value.split() if not _CJK.search(w)) + len(_CJK.findall(value)) / 2


def sample_values(con: duckdb.DuckDBPyConnection, info: SourceInfo) -> dict[str, list[str | None]]:
    """The first SAMPLE_ROWS rows of every column, as text (nested values as JSON)."""
    params: list[object] = []
    if info.format == "jsonl":
        reader = f"(SELECT line FROM {line_reader(info.path, info.compression)} WHERE {json_object('line')})"
        select = ", ".join("json_extract_string(line, ?)" for _ in info.columns)
        params = ["$." + json.dumps(c) for c in info.columns]  # a quoted key: any characters
    elif info.format in ("csv", "tsv"):
        reader = csv_reader(info, strict=False, rejects="sample_rejects")
    else:
        reader = (
            parquet_reader(info.path)
            if info.format == "parquet"
            else json_array_reader(info.path, info.compression, info.columns)
        )
    if not params:
        select = ", ".join(_text(c, t) for c, t in zip(info.columns, info.types, strict=True))
    rows = con.execute(f"SELECT {select} FROM {reader} LIMIT {SAMPLE_ROWS}", params).fetchall()
    return {c: [row[i] for row in rows] for i, c in enumerate(info.columns)}


def _text(column: str, kind: str) -> str:
    nested = any(t in kind for t in ("[]", "STRUCT", "MAP", "UNION"))
    return f"to_json({sql_ident(column)})::VARCHAR" if nested else f"CAST({sql_ident(column)} AS VARCHAR)"


@dataclass(frozen=True)
class Decision:
    field: str  # a contract field, or "-" when the column is left out
    reason: str


def vetoed(field: str, p: ColumnProfile) -> str | None:
    """Why a header's choice of `field` for this column does not fit its values, if it does not."""
    if not p.rows:
        return None  # a file with no rows: the header alone decides (and the import says so)
    if not p.filled:
        return "no values in the first rows"
    if field == "category" and p.numeric >= 0.9:
        return "numbers, not category names (a taxonomy id?)"
    if field == "color" and p.palette < 0.3:
        return f"its values seldom name a colour shopcli knows ({p.palette:.0%})"
    if field == "audience" and p.audience < 0.3:
        return "its values name no audience (women, men, kids, unisex)"
    return None


def brand_like(p: ColumnProfile) -> bool:
    """Short names repeated across rows, without digits, that are not shop names."""
    return bool(
        p.filled and p.length <= 30 and p.words <= 4 and p.digits < 0.2 and p.urls == 0 and p.numeric < 0.2
        and p.distinct <= 0.5 and p.shops < 0.3 and p.palette < 0.5 and p.audience < 0.5 and p.flags < 0.5
    )  # fmt: skip


def by_content(field: str, profiles: Mapping[str, ColumnProfile]) -> tuple[str, str] | None:
    """(column, reason) for the column whose values best fit `field`, if one fits."""
    fits = [(found, c) for c, p in profiles.items() if (found := _FITS[field](p))]
    if not fits:
        return None
    (_, reason), column = max(fits, key=lambda f: f[0][0])
    return column, reason


def _name(p: ColumnProfile) -> tuple[float, str] | None:
    if p.share() < 0.5 or p.numeric > 0.3 or p.urls > 0.3 or not 12 <= p.length <= 300 or p.distinct < 0.5:
        return None
    return p.distinct * min(p.length, 120), f"titles: long, mostly distinct text ({p.length:.0f} characters)"


def _price(p: ColumnProfile) -> tuple[float, str] | None:
    if p.numeric < 0.9 or (p.low is not None and p.low < 0) or max(p.money, p.decimals) < 0.5:
        return None
    what = "currency marks" if p.money >= 0.5 else "cents"
    return p.money + p.decimals, f"amounts: numbers with {what}"


def _id(p: ColumnProfile) -> tuple[float, str] | None:
    if p.share() < 0.95 or p.distinct < 0.98 or p.length > 40 or p.words > 1.5 or p.urls or p.decimals > 0.1:
        return None
    return 1.0 - p.length / 100, "codes, every one different"


def _brand(p: ColumnProfile) -> tuple[float, str] | None:
    if not brand_like(p) or p.share() < 0.3:
        return None
    return 1.0 - p.distinct, "short names repeated across rows"


def _short_words(p: ColumnProfile) -> bool:
    """Values of a word or three, not links or sentences that happen to hold one."""
    return p.length <= 40 and p.urls < 0.1


def _color(p: ColumnProfile) -> tuple[float, str] | None:
    return (p.palette, "colour words") if p.palette >= 0.6 and _short_words(p) else None


def _audience(p: ColumnProfile) -> tuple[float, str] | None:
    fits = p.audience >= 0.6 and _short_words(p)
    return (p.audience, "audience words (women, men, kids…)") if fits else None


def _rating(p: ColumnProfile) -> tuple[float, str] | None:
    ok = p.numeric >= 0.9 and p.low is not None and p.high is not None and 0 <= p.low and p.high <= 5
    return (p.decimals, "numbers between 0 and 5") if ok and p.decimals >= 0.3 else None


_FITS = {"name": _name, "price": _price, "id": _id, "brand": _brand, "color": _color,
         "audience": _audience, "rating": _rating}  # fmt: skip
CONTENT_FIELDS = tuple(_FITS)


def left_alone(p: ColumnProfile) -> str:
    """Why a column no field uses is left out, in a few words."""
    for test, reason in (
        (not p.filled, "no values in the first rows"), (p.urls >= 0.8, "links"), (p.dates >= 0.8, "dates"),
        (p.flags >= 0.9, "yes/no flags"), (p.distinct * p.filled <= 1, "the same value in every row"),
        (p.numeric >= 0.9 and p.distinct >= 0.98, "ids or numbers, every one different"),
        (p.numeric >= 0.9, "counts or measures"), (p.shops >= 0.5, "shop names, not brands"),
    ):  # fmt: skip
        if test:
            return reason
    return "no catalog field fits"
