"""Specs from product text: "Redmi K70 8G+128G" -> memory 8 GB, storage 128 GB; "Amul Butter 500 g" ->
weight 500 g. Used at import (importer.py, through a DuckDB function) and for the demo catalog.

Names are read first; a description only adds attributes the name lacks, and never a size it gives
for something else ("fits a 15-inch laptop" on a backpack). Precision matters more than coverage: a
filter on a wrong spec hides the right product, so an ambiguous figure is left out, not guessed.
The rules for figures in GB or a bare G, which may be memory, storage or (g) grams:
- a pair ("8G+128G", "8GB/256GB", "8+256GB", "8 GB/512 GB SSD"): the smaller is memory, the larger storage;
- a word beside it decides: RAM, memory, 内存, 运存 -> memory; ROM, storage, SSD, HDD, eMMC, 存储, 硬盘 ->
  storage;
- alone: "GB" or "TB" of 32 GB or more is storage ("128GB"); a smaller one says nothing;
  an upper-case bare "G" is storage when it is a power of two of 32 or more ("128G"), otherwise it,
  and every lower-case "g", is grams ("500g", "500G" rice);
- "2G" to "5G" alone is a network ("5G手机"), never a size.
Ages: "ages 8+", "8+ years", "ages 3-6", "3-6岁", "3岁以上" -> age_min_y (and age_max_y).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb

from shopcli.specs import Measure, gigabytes_kind, measures, pairs

# a size given for something else: "fits a 15-inch laptop", "适合15寸笔记本"
_OTHER = re.compile(r"(?:fits?|for|holds?|up to|适合|可放|容纳)\W{0,3}(?:\w+\W){0,2}$", re.IGNORECASE)
_OTHER_AFTER = re.compile(r"\W{0,2}(?:\w+\W){0,1}(?:laptops?|tablets?|笔记本|电脑|平板)", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_RANGE_BEFORE = re.compile(r"\d\s*(?:-|–|~|to|至|到|x|×|\*)\s*$", re.IGNORECASE)
_RANGE_AFTER = re.compile(r"\s*(?:-|–|~|to|至|到)\s*\d", re.IGNORECASE)  # "250ml*2" is a pack of two
_SUPPORTS = re.compile(
    r"(?:up\s?to|upto|supports?|expandable|compatible|最大支持|最高支持|扩展)\W{0,3}$", re.IGNORECASE
)
_SCREEN = re.compile(
    r"\b(?:screen|display|tv|television|monitor|laptop|notebook|phone|smartphone|tablet|smartwatch|led|lcd"
    r"|oled|qled|ultrabook|chromebook|ipad|kindle|e-reader)s?\b|屏|电视|显示器|笔记本|手机|平板",
    re.IGNORECASE,
)
# bags, cases and stands name the size of what they hold: "15.6 Inch Laptop Compartment"
_CARRIER = re.compile(
    r"\b(?:bag|backpack|sleeve|case|cover|compartment|stand|holder|mount|protector|tempered|guard|strap)s?\b"
    r"|包|保护套|手机壳|膜|支架",
    re.IGNORECASE,
)
_PET = re.compile(r"\b(?:cat|dog|puppy|kitten|pet|bird|fish)s?\b|猫|狗|宠物", re.IGNORECASE)
_AGE_WORD = re.compile(r"age|year|yrs|岁", re.IGNORECASE)
_AGE_RANGE = re.compile(
    r"(?:ages?\s*)?(\d{1,2})\s*(?:-|–|~|to|至|到)\s*(\d{1,2})\s*(?:years?|yrs?|岁|周岁)", re.IGNORECASE
)
_AGE_RANGE_EN = re.compile(r"\bages?\s*(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\b", re.IGNORECASE)
_AGE_MIN = re.compile(
    r"\bages?\s*(\d{1,2})\s*(?:\+|and up|and over)|\b(\d{1,2})\s*\+\s*(?:years?|yrs?)"
    r"|(\d{1,2})\s*(?:周岁|岁)\s*(?:以上|\+)",
    re.IGNORECASE,
)


# What any figure this module reads starts with, for DuckDB to pick the rows worth reading in Python: a
# digit, then a unit's first letter, a quote, "+", or a Chinese unit; or "ages N". A superset by design.
_BATCH = 10_000
MAY_STATE = r"[0-9]\s?-?\s?([gtmlkwiyGTMLKWIY\"+″”]|寸|英寸|毫|升|克|公斤|千克|斤|瓦|岁|周岁)|[Aa]ges? ?[0-9]"


def add_specs(con: duckdb.DuckDBPyConnection, scratch: Path, table: str = "cleaned") -> None:
    """Give `table` (the importer's rows: `_row`, name, description) a `specs` column read from them.

    Only rows whose text may state a figure with a unit (MAY_STATE) are read in Python, in batches; the
    specs go back through a JSON-lines file in `scratch`, since a Python function returning a map costs
    milliseconds a row inside DuckDB and reading a file costs microseconds."""
    found = scratch / "specs.jsonl"
    cursor = con.execute(
        f"SELECT _row, name, description FROM {table} "
        "WHERE regexp_matches(coalesce(name, '') || ' ' || coalesce(description, ''), ?)",
        [MAY_STATE],
    )
    with found.open("w", encoding="utf-8") as out:
        while batch := cursor.fetchmany(_BATCH):
            out.writelines(
                json.dumps({"_row": row, "specs": specs}) + "\n"
                for row, name, description in batch
                if (specs := extract_specs(name, description))
            )
    con.execute(f"ALTER TABLE {table} ADD COLUMN specs MAP(VARCHAR, DOUBLE)")
    if found.stat().st_size:
        con.execute(
            f"UPDATE {table} SET specs = s.specs FROM read_json(?, format = 'newline_delimited', "
            "columns = {'_row': 'BIGINT', 'specs': 'MAP(VARCHAR, DOUBLE)'}) AS s "
            f"WHERE {table}._row = s._row",
            [str(found)],
        )


def extract_specs(name: str | None, description: str | None = None) -> dict[str, float]:
    """The specs a product's name (then description) states, canonical units (shopcli/specs.py)."""
    found = _from_text(name or "", described=False)
    for key, value in _from_text(description or "", described=True).items():
        found.setdefault(key, value)
    return found


def _from_text(text: str, *, described: bool) -> dict[str, float]:
    if not _DIGIT.search(text):  # most descriptions: no figure, nothing to read (and 1M rows to read)
        return {}
    out: dict[str, float] = {}
    taken: list[tuple[int, int]] = []
    for memory, storage, span in pairs(text):
        out.setdefault("memory_gb", memory)
        out.setdefault("storage_gb", storage)
        taken.append(span)
    for m in measures(text):
        if any(a <= m.start < b for a, b in taken) or _not_its_own(text, m, described):
            continue
        kind = m.kind if m.kind not in ("gb", "g?") else gigabytes_kind(text, m)
        if kind is not None:
            out.setdefault(kind, m.value)
    out.update((k, v) for k, v in _ages(text).items() if k not in out)
    return out


def _not_its_own(text: str, m: Measure, described: bool) -> bool:
    """A figure that is not the product's own spec: a range it fits ("7-12 Kg" pants), a dimension
    ("16 x 24 Inches"), what it supports ("up to 128 GB"), a size for something else ("fits a 15-inch
    laptop"), inches on anything without a screen (pillows, boots, umbrellas)."""
    before, after = text[max(0, m.start - 24) : m.start], text[m.end : m.end + 24]
    if _RANGE_BEFORE.search(before) or _RANGE_AFTER.match(after) or _SUPPORTS.search(before):
        return True
    if m.kind == "screen_in" and (not _SCREEN.search(text) or _CARRIER.search(text)):
        return True
    return described and bool(_OTHER.search(before) or _OTHER_AFTER.match(after))


def _ages(text: str) -> dict[str, float]:
    if not _AGE_WORD.search(text) or _PET.search(text):  # "Adult (1+ Year) Cat Food" is no child's age
        return {}
    for pattern in (_AGE_RANGE, _AGE_RANGE_EN):
        if (r := pattern.search(text)) and int(r.group(1)) < int(r.group(2)) <= 18:
            return {"age_min_y": float(r.group(1)), "age_max_y": float(r.group(2))}
    if (low := _AGE_MIN.search(text)) and int(value := next(g for g in low.groups() if g)) <= 18:
        return {"age_min_y": float(value)}
    return {}
