"""The search index of a catalog: built once per catalog file, opened read-only by every later process.

One DuckDB database file (siblings.py names it `<catalog>.index.duckdb`) holds what a search reads:
`products` (the catalog as load.py reads it: contract types, the value rules applied, identical
listings folded, dense row ids), the BM25 tables textrank.py describes, and `index_meta`: the index
scheme, the catalog's checksum and what opening it found (CatalogCheck), its vocabulary, and the
identity of the catalog file it was read from (size, mtime, ctime, inode, device).

A process opens a catalog by attaching this file read-only to its locked connection, so nothing is
materialised in memory: DuckDB reads the pages a query touches, column by column and row group by
row group. The checksum is verified when the index is built (a full read of the catalog), and the
index is trusted only while the catalog file keeps the identity it had then and the checksum stored in
its footer is the one verified. The trade-off, chosen for a 10M-row catalog that takes a minute to
read: a catalog changed in place by something that also restores its size, mtime and ctime (a
filesystem corruption under the same inode, say) is not noticed until it changes again; every
ordinary change (a new import, a copy, an edit, `touch`) changes the identity and the index is read
again from the file, and a damaged catalog is then refused as before.

An index that is stale (the catalog changed) or damaged (unreadable, another scheme) is rebuilt, and
CatalogCheck.notes says so. It is written beside the catalog, else, when that folder is read-only,
under SHOPCLI_HOME/index/ keyed by the catalog's path; when neither can be written the catalog is
read into memory as before, with a note.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from shopcli.config import user_dir
from shopcli.errors import CatalogError
from shopcli.schema import Vocabulary
from shopcli.state import remove_stale, temp_prefix
from shopcli.store.load import MEMORY_LIMIT, CatalogCheck, Problem, load, reason, stored_checksum
from shopcli.store.siblings import sibling
from shopcli.store.textrank import MACROS, build_statements
from shopcli.store.vocabulary import read_vocabulary

SCHEME = "i2"  # bumped whenever what the file holds changes: an index of another scheme is rebuilt
ALIAS = "search_index"  # the attached database's name on the catalog's connection
_META = "index_meta"


@dataclass(frozen=True)
class Opened:
    """An index attached to a connection: what opening the catalog found, read from the index."""

    check: CatalogCheck
    vocabulary: Vocabulary


def locations(catalog: Path) -> tuple[Path, ...]:
    """Where an index may live: beside the catalog, else under SHOPCLI_HOME keyed by its path."""
    key = hashlib.sha256(str(catalog).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    cached = (user_dir() / "index").resolve() / f"{key}.duckdb"
    beside = sibling(catalog, "index")
    # DuckDB reads "?" in a database path as the start of options (it looks for "cat.wal?..."): such
    # a name, and glob characters with it, stay in the cache, whose names are plain hex.
    return (cached,) if any(ch in beside.name for ch in "?*[]{}") else (beside, cached)


def files(catalog: Path) -> tuple[Path, ...]:
    """Every file the catalog's connection may read for its index (DuckDB looks for a WAL too)."""
    return tuple(p for place in locations(catalog) for p in (place, place.with_name(place.name + ".wal")))


def identity(catalog: Path) -> list[int]:
    """What changes whenever the file's contents do, short of a forged ctime: read with one stat."""
    st = catalog.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def attach(con: duckdb.DuckDBPyConnection, catalog: Path) -> tuple[Opened | None, tuple[str, ...]]:
    """Attach a trustworthy index of `catalog`, building one if needed; (None, notes) when none can be
    written, and the caller reads the catalog into memory. CatalogError when the catalog is damaged."""
    stale: list[tuple[Path, str]] = []
    for place in locations(catalog):
        if place.is_file():
            opened, why = _try_attach(con, catalog, place)
            if opened is not None:
                return opened, ()
            stale.append((place, why))
    notes = [f"the search index of {catalog.name} is {why}: rebuilding it ({at})" for at, why in stale[:1]]
    if written := prepare(catalog):
        opened, why = _try_attach(con, catalog, written)
        if opened is not None:
            return opened, tuple(notes)
        raise CatalogError(f"the search index just written at {written} cannot be read ({why}): remove it")
    notes.append(
        f"no search index can be written beside {catalog} or under {user_dir()}: reading the whole "
        "catalog into memory (set SHOPCLI_HOME to a writable folder to search it faster)"
    )
    return None, tuple(notes)


def prepare(catalog: Path) -> Path | None:
    """Build the index of `catalog` at the first place that can be written; None when none can.

    `shop catalog import` calls it, so that the first search of a new catalog finds it ready."""
    for place in locations(catalog):
        try:
            build(catalog, place)
        except OSError:
            continue  # not writable here: try the next place
        return place
    return None


def _try_attach(con: duckdb.DuckDBPyConnection, catalog: Path, place: Path) -> tuple[Opened | None, str]:
    """(the index at `place`, attached), or (None, why it cannot be trusted), detached again."""
    try:
        con.execute(f"ATTACH {_quoted(place)} AS {ALIAS} (READ_ONLY)")
    except duckdb.Error as e:
        return None, f"damaged ({reason(e)})"
    try:
        meta = dict(con.execute(f"SELECT key, value FROM {ALIAS}.{_META}").fetchall())
        why = _stale(con, catalog, meta)
        if why is None:
            con.execute(f"SET search_path = 'memory.main,{ALIAS}.main'")
            return Opened(_check_from(meta["check"], catalog), _vocabulary_from(meta["vocabulary"])), ""
    except (duckdb.Error, KeyError, ValueError, TypeError) as e:
        why = f"damaged ({reason(e)})"
    con.execute(f"DETACH {ALIAS}")
    return None, why


def _stale(con: duckdb.DuckDBPyConnection, catalog: Path, meta: dict[str, str]) -> str | None:
    """Why the index does not describe the catalog as it is now, or None when it does."""
    if meta.get("scheme") != SCHEME:
        return f"of another version ({meta.get('scheme')})"
    if json.loads(meta["identity"]) != identity(catalog):
        return "older than the catalog"
    if json.loads(meta["check"])["stored"] != stored_checksum(con, catalog):
        return "for other contents (the checksums differ)"
    return None


def build(catalog: Path, place: Path) -> None:
    """Read and verify `catalog` into a new index file at `place`, replacing it only once complete.

    OSError when `place` cannot be written; CatalogError when the catalog is damaged or unusable."""
    place.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(place.parent, place.name, suffix="")  # what builds killed before they finished left
    tmp = place.with_name(f"{temp_prefix(place)}index")
    before = identity(catalog)
    try:
        with _file_connection(tmp) as con:
            check = load(con, catalog)
            _index_text(con, catalog)
            meta = {
                "scheme": SCHEME,
                "identity": json.dumps(before),
                "check": _check_to(check),
                "vocabulary": json.dumps(dataclasses.asdict(read_vocabulary(con)), ensure_ascii=False),
            }
            con.execute(f"CREATE TABLE {_META} (key VARCHAR, value VARCHAR)")
            con.executemany(f"INSERT INTO {_META} VALUES (?, ?)", list(meta.items()))
            con.execute("CHECKPOINT")
        if identity(catalog) != before:  # written while we read it: do not vouch for either version
            raise CatalogError(f"{catalog} changed while it was being indexed: run the command again")
        os.replace(tmp, place)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        shutil.rmtree(tmp.with_name(tmp.name + ".tmp"), ignore_errors=True)  # DuckDB's spill folder


@contextlib.contextmanager
def _file_connection(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a new database file; OSError when the folder cannot be written."""
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as e:  # DuckDB reports an unwritable folder as its own IOException
        raise OSError(f"cannot write {path}: {reason(e)}") from e
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        yield con
    finally:
        con.close()


def _index_text(con: duckdb.DuckDBPyConnection, catalog: Path) -> None:
    """The BM25 tables of textrank.py, in the index file; its macros stay in this connection only."""
    try:
        for statement in MACROS:
            con.execute(statement.replace("CREATE MACRO", "CREATE TEMP MACRO", 1))
        rows = con.execute("SELECT count(*) FROM products").fetchone()[0]  # type: ignore[index]
        for sql, params in build_statements(int(rows)):
            con.execute(sql, params)
    except duckdb.InterruptException as e:  # Ctrl-C as DuckDB reports it: exit 130, not 3
        raise KeyboardInterrupt from e
    except duckdb.Error as e:
        raise CatalogError(
            f"cannot index the text of {catalog} for keyword search ({reason(e)}): import a smaller "
            f"catalog (indexing may use {MEMORY_LIMIT} of memory)"
        ) from e


def _check_to(check: CatalogCheck) -> str:
    fields = dataclasses.asdict(check)
    fields.pop("path")
    fields.pop("index_notes")
    return json.dumps(fields, ensure_ascii=False)


def _check_from(text: str, catalog: Path) -> CatalogCheck:
    fields = json.loads(text)
    problems = tuple(
        Problem(p["reason"], int(p["rows"]), bool(p["drops_row"]), tuple(p["examples"]))
        for p in fields.pop("problems")
    )
    ignored = tuple((str(c), str(t)) for c, t in fields.pop("ignored_columns"))
    return CatalogCheck(path=catalog, problems=problems, ignored_columns=ignored, **fields)


def _vocabulary_from(text: str) -> Vocabulary:
    fields = json.loads(text)
    nested = tuple((str(c), tuple(subs)) for c, subs in fields.pop("subcategories_of"))
    lists = {k: tuple(v) for k, v in fields.items() if isinstance(v, list)}
    return Vocabulary(**{**fields, **lists, "subcategories_of": nested})


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
