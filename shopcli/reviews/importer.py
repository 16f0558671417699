"""`shop catalog import --reviews FILE`: reviews beside a catalog, with aspect sentiment computed once.

    plan_reviews     format and columns (ingest/source.py), which column is which field (columns.py)
    load_raw         the rows as VARCHAR (ingest/load.py, the same reader as products)
    _clean           SQL: values cleaned, `why` a row drops (unknown product id, no text...)
    _analyse         Python: each review's language and aspect mentions (analyse.py)
    _write           both sibling files (store/sidecar.py), each written beside itself and renamed
The report adds up like the product import's: rows_read = rows_imported + sum(dropped).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from shopcli.errors import ImportError_
from shopcli.ingest.clean import MACROS
from shopcli.ingest.load import load_raw
from shopcli.ingest.report import DropReport
from shopcli.ingest.source import SourceInfo, detect_source, interrupts_as_keyboard, quiet_connection, sql_str
from shopcli.reviews.analyse import analyse, detect_language
from shopcli.reviews.columns import SYNONYMS, require_fields, review_mapping
from shopcli.reviews.files import copy_atomic
from shopcli.store.siblings import sibling
from shopcli.store.sidecar import ASPECT_COLUMNS, REVIEW_COLUMNS

_DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%d-%b-%y", "%d-%b-%Y", "%m/%d/%Y", "%B %d, %Y", "%Y年%m月%d日", "%Y.%m.%d",
)  # fmt: skip
# A date in the common export spellings, Unix seconds (Amazon's unixReviewTime) or ISO timestamps.
_DATE_MACRO = (
    "CREATE OR REPLACE TEMP MACRO date_of(d) AS CASE WHEN regexp_full_match(trim(d), '\\d{9,10}') "
    "THEN to_timestamp(trim(d)::BIGINT) ELSE coalesce("
    + ", ".join(f"try_strptime(trim(d), {sql_str(f)})" for f in _DATE_FORMATS)
    + ", TRY_CAST(trim(d) AS TIMESTAMP)) END::DATE"
)
_CLEANED = (
    "SELECT r.rowid AS _row, _ok, coalesce(clean_text(r.id), 'row-' || (r.rowid + 1)) AS id, "
    "clean_text(product_id) AS product_id, "
    "CASE WHEN rating_of(rating) BETWEEN 1 AND 5 THEN round(rating_of(rating), 2) END AS rating, "
    "clean_text(title) AS title, clean_text(text) AS text, date_of(date) AS date, "
    "TRY_CAST(count_of(helpful) AS INTEGER) AS helpful, lower(trim(language)) AS language FROM raw AS r"
)
# Why a review cannot be imported (NULL when it can), checked in this order.
_WHY = (
    "CASE WHEN NOT _ok THEN 'malformed row' WHEN product_id IS NULL THEN 'no product id' "
    "WHEN product_id NOT IN (SELECT id FROM known) THEN 'unknown product id' "
    "WHEN text IS NULL THEN 'no text' END"
)
_LANGUAGES = {"english": "en", "chinese": "zh", "中文": "zh", "英文": "en", "英语": "en"}


@dataclass(frozen=True)
class ReviewReport(DropReport):
    source: str
    reviews_out: str
    aspects_out: str
    format: str
    rows_read: int
    rows_imported: int
    dropped: tuple[tuple[str, int], ...]  # (reason, rows), largest first
    mapping: tuple[tuple[str, str], ...]
    languages: tuple[tuple[str, int], ...]  # (language, reviews), most first
    products_reviewed: int
    aspect_mentions: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return self.report_dict(languages=dict(self.languages))


@dataclass(frozen=True)
class ReviewPlan:
    source: SourceInfo
    mapping: tuple[tuple[str, str], ...]


def plan_reviews(source: Path, mapping: dict[str, str] | None = None) -> ReviewPlan:
    """Detect format and columns before anything is written: a bad file fails before the products do."""
    with interrupts_as_keyboard(), quiet_connection() as con:
        info = detect_source(source, con)
    resolved = review_mapping(info.columns, mapping)
    require_fields(info.columns, resolved, str(source))
    return ReviewPlan(info, tuple(resolved.items()))


def import_reviews(source: Path, catalog: Path, *, mapping: dict[str, str] | None = None) -> ReviewReport:
    """Import `source` as the reviews of `catalog`, replacing its review siblings only on success."""
    started = time.monotonic()
    plan = plan_reviews(source, mapping)
    with interrupts_as_keyboard(), quiet_connection() as con, tempfile.TemporaryDirectory() as tmp:
        con.execute("SET preserve_insertion_order = true")
        loaded = load_raw(con, plan.source, dict(plan.mapping))
        _clean(con, catalog, {f for _, f in plan.mapping})
        dropped = _drop_counts(con, loaded.malformed)
        imported = loaded.rows_read - sum(n for _, n in dropped)
        if imported <= 0:
            reasons = ", ".join(f"{why}: {n:,}" for why, n in dropped) or "no data rows"
            raise ImportError_(
                f"none of the {loaded.rows_read:,} reviews in {source} could be imported ({reasons}): "
                "check that their product ids are the catalog's ids"
            )
        languages, mentions = _analyse(con, Path(tmp))
        products = _write(con, catalog)
    return ReviewReport(
        str(source), str(sibling(catalog, "reviews")), str(sibling(catalog, "aspects")), plan.source.format,
        loaded.rows_read, imported, dropped, plan.mapping, tuple(languages.most_common()), products, mentions,
        round(time.monotonic() - started, 2),
    )  # fmt: skip


def _clean(con: duckdb.DuckDBPyConnection, catalog: Path, mapped: set[str]) -> None:
    """`cleaned`: review fields as contract values, and `why` (NULL for rows that are imported)."""
    for field in set(SYNONYMS) - mapped:
        con.execute(f"ALTER TABLE raw ADD COLUMN {field} VARCHAR")
    for macro in (*MACROS, _DATE_MACRO):
        con.execute(macro)
    try:
        con.execute(
            "CREATE TABLE known AS SELECT DISTINCT CAST(id AS VARCHAR) AS id "
            f"FROM read_parquet({sql_str(str(catalog))})"
        )
    except duckdb.Error as exc:
        raise ImportError_(
            f"cannot read the catalog {catalog} to match review product ids: import the products first"
        ) from exc
    con.execute(f"CREATE TABLE cleaned AS SELECT *, {_WHY} AS why FROM ({_CLEANED})")
    con.execute(
        "UPDATE cleaned SET why = 'duplicate review id' WHERE _row IN (SELECT _row FROM (SELECT _row, "
        "row_number() OVER (PARTITION BY id ORDER BY _row) AS n FROM cleaned WHERE why IS NULL) WHERE n > 1)"
    )


def _drop_counts(con: duckdb.DuckDBPyConnection, malformed: int) -> tuple[tuple[str, int], ...]:
    counts = Counter(
        dict(con.execute("SELECT why, count(*) FROM cleaned WHERE why IS NOT NULL GROUP BY why").fetchall())
    )
    counts["malformed row"] += malformed
    return tuple(sorted(((str(k), int(v)) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0])))


def language_of(given: str | None, text: str) -> str:
    """An ISO 639-1 code: the source's ('zh-CN' -> 'zh', 'English' -> 'en'), else detected."""
    if given:
        code = _LANGUAGES.get(given, given.replace("_", "-").split("-")[0])
        if code.isalpha() and 2 <= len(code) <= 3:
            return code
    return detect_language(text)


def _analyse(con: duckdb.DuckDBPyConnection, folder: Path) -> tuple[Counter[str], int]:
    """Language and aspect mentions of every imported review, loaded back as `langs` and `mentions`."""
    languages: Counter[str] = Counter()
    mentions = 0
    langs, found = folder / "langs.jsonl", folder / "mentions.jsonl"
    result = con.execute("SELECT id, product_id, text, language FROM cleaned WHERE why IS NULL ORDER BY _row")
    with langs.open("w", encoding="utf-8") as lf, found.open("w", encoding="utf-8") as mf:
        while batch := result.fetchmany(5000):
            for rid, pid, text, given in batch:
                language = language_of(given, text)
                languages[language] += 1
                lf.write(json.dumps({"id": rid, "language": language}) + "\n")
                for m in analyse(text, language) if language in ("en", "zh") else ():
                    row = {"review_id": rid, "product_id": pid, "aspect": m.aspect, "polarity": m.polarity,
                           "start": m.start, "stop": m.stop}  # fmt: skip
                    mf.write(json.dumps(row) + "\n")
                    mentions += 1
    _load_json_rows(con, "langs", langs, {"id": "VARCHAR", "language": "VARCHAR"})
    _load_json_rows(con, "mentions", found, ASPECT_COLUMNS)
    return languages, mentions


def _load_json_rows(con: duckdb.DuckDBPyConnection, table: str, path: Path, columns: dict[str, str]) -> None:
    """A table from a JSON Lines file: DuckDB reads a file in ms, where bound rows take seconds."""
    types = "{" + ", ".join(f"{sql_str(n)}: {sql_str(k)}" for n, k in columns.items()) + "}"
    con.execute(
        f"CREATE TABLE {table} AS SELECT * FROM read_json({sql_str(str(path))}, "
        f"format = 'newline_delimited', columns = {types})"
    )


def _write(con: duckdb.DuckDBPyConnection, catalog: Path) -> int:
    """Write both siblings sorted by product id (so one product's rows sit together); products reviewed."""
    review_cols = ", ".join(
        f"CAST(c.{n} AS {k}) AS {n}" if n != "language" else "l.language" for n, k in REVIEW_COLUMNS.items()
    )
    copy_atomic(con, [
        (f"SELECT {review_cols} FROM cleaned AS c JOIN langs AS l ON l.id = c.id WHERE c.why IS NULL"
         " ORDER BY c.product_id, c.id", sibling(catalog, "reviews")),
        ("SELECT * FROM mentions ORDER BY product_id, review_id, start, aspect", sibling(catalog, "aspects")),
    ])  # fmt: skip
    row = con.execute("SELECT count(DISTINCT product_id) FROM cleaned WHERE why IS NULL").fetchone()
    return int(row[0]) if row else 0
