"""Reading a bring-your-own catalog file: what format it is, its columns, and SQL that reads it.

Nothing here trusts DuckDB's CSV sniffer: on a ragged file it has been seen to pick `|` as the
delimiter, read one column and silently lose the header. The dialect is decided here from the
header line (the delimiter that splits it into the most fields), DuckDB then parses strictly with
`auto_detect=false`, and Python's csv module counts the physical records independently.

A first line that is already a product (a number, a link or a long title among its cells, as in
JD's headerless crawls) is data, not a header: the columns are then named column1, column2...
and mapped by their content (profile.py).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from shopcli.errors import ImportError_
from shopcli.ingest.depth import TooDeep, check_depth
from shopcli.textutil import glob_escape

_EXTENSIONS = {
    ".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet",
}  # fmt: skip
_COMPRESSED = {".gz": "gzip", ".gzip": "gzip", ".zst": "zstd", ".zstd": "zstd"}
_MAGIC = {b"\x1f\x8b": "gzip", b"\x28\xb5\x2f\xfd": "zstd"}
_DELIMITERS = (",", ";", "\t", "|")
_HEAD_BYTES = 1 << 16
_LINE_DELIM = "\x01"  # can never occur in valid JSON, so a JSON line reads as one column
_MAX_LINE = 1 << 26
_SAMPLE_LINES = 20_000  # JSON Lines keys are read from this many lines
_CHUNK = 8 << 20


@dataclass(frozen=True)
class SourceInfo:
    """A source file as the importer will read it."""

    path: Path
    format: str  # "csv", "tsv", "json", "jsonl" or "parquet"
    compression: str  # "none", "gzip" or "zstd"
    columns: tuple[str, ...]  # unique names, in file order
    types: tuple[str, ...]  # DuckDB types; all VARCHAR for CSV/TSV
    delimiter: str = ","  # CSV/TSV only
    header: bool = True  # CSV/TSV only: False when the first line is already a record


@contextmanager
def interrupts_as_keyboard() -> Iterator[None]:
    """Ctrl-C inside a DuckDB query surfaces as RuntimeError('Query interrupted') or
    InterruptException; turn it back into KeyboardInterrupt so the CLI exits with 130."""
    try:
        yield
    except (RuntimeError, duckdb.Error, ImportError_) as exc:
        chain = (exc, exc.__context__, exc.__cause__)
        if any(isinstance(e, (KeyboardInterrupt, duckdb.InterruptException)) for e in chain):
            raise KeyboardInterrupt from exc
        raise


def quiet_connection() -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB without its progress bar, which prints into stdout (and --json)."""
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    return con


def sql_str(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def sql_ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def source_stem(path: Path) -> str:
    """`products.csv.gz` -> `products`: the name without format and compression suffixes."""
    name = path.name
    for _ in range(2):
        suffix = Path(name).suffix.lower()
        if suffix in _COMPRESSED or suffix in _EXTENSIONS:
            name = name[: -len(suffix)]
    return name or path.name


def detect_source(path: Path, con: duckdb.DuckDBPyConnection) -> SourceInfo:
    """Work out format, compression and columns; ImportError_ when the file cannot be a catalog."""
    raw = _read_start(path)
    compression = _MAGIC.get(raw[:2]) or _MAGIC.get(raw[:4]) or "none"
    if compression == "none" and raw[:4] == b"PAR1":
        return SourceInfo(path, "parquet", "none", *_describe(con, parquet_reader(path)))
    head = _decompressed_head(path, compression, raw)
    _check_text(path, head)
    fmt = _format_of(path, head)
    if fmt == "parquet":
        raise ImportError_(
            f"{path} is named like Parquet but is not a Parquet file: check the file or rename it"
        )
    text = head.decode("utf-8-sig", "ignore")
    if fmt in ("csv", "tsv"):
        delimiter = "\t" if fmt == "tsv" else _pick_delimiter(text)
        columns, header = _csv_header(path, text, delimiter)
        return SourceInfo(path, fmt, compression, columns, ("VARCHAR",) * len(columns), delimiter, header)
    _check_depth(path, compression)  # DuckDB's JSON reader segfaults on deep nesting: never let it see it
    if fmt == "jsonl" or text.lstrip().startswith("{"):  # a .json file may hold one object per line
        keys = _jsonl_keys(con, path, compression)
        return SourceInfo(path, "jsonl", compression, keys, ("VARCHAR",) * len(keys))
    return SourceInfo(path, fmt, compression, *_describe(con, json_array_reader(path, compression)))


_DEPTH_CHECKED: set[tuple[str, int, int]] = set()  # the plan and the import both detect the source


def _check_depth(path: Path, compression: str) -> None:
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key in _DEPTH_CHECKED:
        return
    try:
        check_depth(_raw_chunks(path, compression))
    except TooDeep as exc:
        raise ImportError_(
            f"{path} is JSON {exc}: no product export nests like that, so it is not read (check the file)"
        ) from None
    except (OSError, EOFError, duckdb.Error) as exc:
        raise ImportError_(f"cannot read {path} ({first_line(exc)}): check the file") from exc
    _DEPTH_CHECKED.add(key)


def _raw_chunks(path: Path, compression: str) -> Iterator[bytes]:
    """The file's bytes, decompressed, in chunks of about 8 MB."""
    if compression == "zstd":  # no zstd in the 3.11 stdlib; DuckDB's line reader parses no JSON
        with quiet_connection() as con:
            result = con.execute(f"SELECT line FROM {line_reader(path, 'zstd')}")
            while batch := result.fetchmany(50_000):
                yield "\n".join(line or "" for (line,) in batch).encode() + b"\n"
        return
    with gzip.open(path, "rb") if compression == "gzip" else path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            yield chunk


def _read_start(path: Path) -> bytes:
    if not path.exists():
        raise ImportError_(f"no file at {path}: check the path")
    if not path.is_file():
        raise ImportError_(f"{path} is not a regular file: pass a CSV, TSV, JSON, JSON Lines or Parquet file")
    try:
        with path.open("rb") as fh:
            raw = fh.read(_HEAD_BYTES)
    except OSError as exc:
        raise ImportError_(f"cannot read {path} ({exc.strerror}): check its permissions") from exc
    if not raw:
        raise ImportError_(f"{path} is empty (0 bytes): export the catalog again")
    return raw


def _decompressed_head(path: Path, compression: str, raw: bytes) -> bytes:
    if compression == "none":
        return raw
    try:
        if compression == "gzip":
            with gzip.open(path, "rb") as fh:
                return fh.read(_HEAD_BYTES)
        with quiet_connection() as con:  # no zstd in the 3.11 stdlib; DuckDB decompresses it
            lines = con.sql(f"SELECT line FROM {line_reader(path, 'zstd')} LIMIT 500").fetchall()
        return "\n".join(line or "" for (line,) in lines).encode()
    except (OSError, EOFError, duckdb.Error) as exc:
        raise ImportError_(f"{path} is not a valid {compression} file ({exc}): check the download") from exc


def _check_text(path: Path, head: bytes) -> None:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ImportError_(f"{path} is UTF-16 text: re-save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)")
    if b"\x00" in head:
        raise ImportError_(
            f"{path} looks binary, not text: pass a CSV, TSV, JSON, JSON Lines or Parquet export"
        )
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut = exc.reason == "unexpected end of data" and len(head) >= _HEAD_BYTES  # the sample's end
        if not cut:
            raise ImportError_(
                f"{path} is not UTF-8 (bad byte at offset {exc.start}): re-save it as UTF-8, "
                "e.g. iconv -f GBK -t UTF-8 in.csv > out.csv"
            ) from exc


def _format_of(path: Path, head: bytes) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in _COMPRESSED:
        suffixes.pop()
    if suffixes and suffixes[-1] in _EXTENSIONS:
        return _EXTENSIONS[suffixes[-1]]
    first = head.decode("utf-8-sig", "ignore").lstrip()[:1]
    return {"[": "json", "{": "jsonl"}.get(first, "csv")


def _pick_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: len(next(csv.reader([header], delimiter=d), [])) for d in _DELIMITERS}
    return max(_DELIMITERS, key=lambda d: (counts[d], -_DELIMITERS.index(d)))


def _csv_header(path: Path, text: str, delimiter: str) -> tuple[tuple[str, ...], bool]:
    """The column names, and whether the first line is a header at all."""
    header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    if not any(name.strip() for name in header):
        raise ImportError_(f"{path} has no header line: the first line must name the columns")
    if _looks_like_data(header):
        return tuple(f"column{i}" for i in range(1, len(header) + 1)), False
    return unique_names(header), True


_DATA_CELL = re.compile(r"\s*-?\d[\d,]*(?:\.\d+)?\s*|\s*(?:https?:)?//\S+\s*")


def _looks_like_data(cells: list[str]) -> bool:
    """A line no header would be: a number or a link among its cells, or mostly title-length text."""
    long = sum(1 for c in cells if len(c.strip()) > 60)
    return any(_DATA_CELL.fullmatch(c) for c in cells) or long > len(cells) / 2


def unique_names(names: list[str]) -> tuple[str, ...]:
    """Column names DuckDB accepts: blanks named columnN, duplicates suffixed _2, _3..."""
    seen: set[str] = set()
    out: list[str] = []
    for i, raw in enumerate(names, start=1):
        base = " ".join(raw.split()) or f"column{i}"
        name, n = base, 1
        while name.lower() in seen:
            n += 1
            name = f"{base}_{n}"
        seen.add(name.lower())
        out.append(name)
    return tuple(out)


def _describe(con: duckdb.DuckDBPyConnection, reader: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    try:
        rows = con.sql(f"DESCRIBE SELECT * FROM {reader}").fetchall()
    except duckdb.Error as exc:
        raise ImportError_(
            f"cannot read the file ({first_line(exc)}): check that it is a valid export"
        ) from exc
    return tuple(str(row[0]) for row in rows), tuple(str(row[1]) for row in rows)


def first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def duck_compression(compression: str) -> str:
    """The compression option as every DuckDB reader spells it (read_json rejects 'none')."""
    return sql_str("uncompressed" if compression == "none" else compression)


def duck_path(path: Path) -> str:
    """`path` as a SQL literal that DuckDB's readers take literally: they expand glob patterns, so
    `shop catalog import 'data[1].csv'` read `data1.csv` before its brackets were escaped."""
    return sql_str(glob_escape(str(path)))


def parquet_reader(path: Path) -> str:
    return f"read_parquet({duck_path(path)})"


def line_reader(path: Path, compression: str) -> str:
    """Each physical line as a row `line`, no quoting: for JSON Lines and zstd text."""
    return (
        f"read_csv({duck_path(path)}, header=false, auto_detect=false, columns={{'line': 'VARCHAR'}}, "
        f"delim={sql_str(_LINE_DELIM)}, quote='', escape='', strict_mode=false, "
        f"compression={duck_compression(compression)})"
    )


def json_array_reader(path: Path, compression: str, columns: tuple[str, ...] = ()) -> str:
    """read_json of a top-level array of objects; with `columns`, every one read as VARCHAR."""
    struct = ", ".join(f"{sql_str(c)}: 'VARCHAR'" for c in columns)
    return (
        f"read_json({duck_path(path)}, format='array', records=true, "
        f"compression={duck_compression(compression)}, maximum_object_size={_MAX_LINE}"
        + (f", columns={{{struct}}})" if columns else ")")
    )


def json_object(line: str) -> str:
    """SQL: is `line` a JSON object (invalid JSON is not, and never reaches json_type)?"""
    return f"CASE WHEN json_valid({line}) THEN json_type({line}) = 'OBJECT' ELSE false END"


def _jsonl_keys(con: duckdb.DuckDBPyConnection, path: Path, compression: str) -> tuple[str, ...]:
    """Keys of the first objects in a JSON Lines file, in order of first appearance."""
    sample = f"SELECT line FROM {line_reader(path, compression)} LIMIT {_SAMPLE_LINES}"
    try:
        found = con.execute(f"SELECT json_keys(line) FROM ({sample}) WHERE {json_object('line')}").fetchall()
    except duckdb.Error as exc:
        raise ImportError_(f"cannot read {path} ({first_line(exc)}): check that it is JSON Lines") from exc
    keys = dict.fromkeys(key for (row,) in found for key in row)
    if not keys:
        raise ImportError_(f"{path} holds no JSON objects in its first lines: export one object per line")
    return tuple(keys)


def csv_reader(info: SourceInfo, *, strict: bool, rejects: str) -> str:
    """Strict, sniffer-free read_csv of every column as VARCHAR; bad rows go to the rejects table."""
    columns = ", ".join(f"{sql_str(c)}: 'VARCHAR'" for c in info.columns)
    return (
        f"read_csv({duck_path(info.path)}, header={str(info.header).lower()}, auto_detect=false, "
        f"columns={{{columns}}}, "
        f"delim={sql_str(info.delimiter)}, quote='\"', escape='\"', strict_mode={str(strict).lower()}, "
        f"store_rejects=true, rejects_table={sql_str(rejects)}, rejects_scan={sql_str(rejects + '_scan')}, "
        f"compression={duck_compression(info.compression)})"
    )
