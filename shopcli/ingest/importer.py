"""`shop catalog import`: turn a CSV/TSV/JSON/JSON Lines/Parquet export into a contract catalog.

The pipeline, each step in its own module:
    make_plan        planner: readable text, format and columns, which column is which field and why
                     (headers, then values), the catalog's currency and why -> plan.ImportPlan
    load_raw         load: the source as VARCHAR columns, rows counted independently
    clean_tables     tables: clean (SQL value cleaning, prices in the catalog's currency) + labels
                     (colours, categories from paths or derived from names, audiences)
    _write_atomic    Parquet written beside `out` with the checksum of its contents (integrity.py)
                     in its key-value metadata, fsynced, then os.replace'd over it
The report's numbers always add up: rows_read = rows_imported + sum(dropped); it gives every
column's reason, the currency's evidence, and how categories were derived when the source had none.

Everything an import writes besides `out` lives in one folder beside it, `.OUT.PID-XXXX.tmp/` (the
catalog being written, DuckDB's spill files, a UTF-8 copy of a GBK source): removed when the import
ends, however it ends, and by the next import in that folder when a kill -9 left it
(state.remove_stale: its pid is gone).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from shopcli.errors import ImportError_, UsageError
from shopcli.ingest.derive import Derived
from shopcli.ingest.info import CatalogProfile, profile_catalog
from shopcli.ingest.load import load_raw
from shopcli.ingest.plan import ImportPlan
from shopcli.ingest.planner import check_currency, make_plan
from shopcli.ingest.report import DropReport
from shopcli.ingest.source import first_line, interrupts_as_keyboard, quiet_connection, source_stem, sql_str
from shopcli.ingest.specs import add_specs
from shopcli.ingest.tables import clean_tables, drop_counts, usage_counts
from shopcli.integrity import checksum_query, cleared_sql, format_checksum, kv_metadata
from shopcli.money import Rates
from shopcli.schema import COLUMNS
from shopcli.state import remove_stale, temp_prefix

# progress(stage description, stage number from 1, number of stages)
Progress = Callable[[str, int, int], None]
STAGES = ("reading the header", "reading rows", "cleaning values", "writing the catalog", "profiling")
MEMORY_LIMIT = "512MB"  # DuckDB spills to a temp folder beyond it: a 1M-row import peaks near 0.75 GB RSS


@dataclass(frozen=True)
class ImportReport(DropReport):
    source: str
    out: str
    format: str
    rows_read: int
    rows_imported: int
    dropped: tuple[tuple[str, int], ...]  # (reason, rows), largest first
    mapping: tuple[tuple[str, str], ...]
    ignored: tuple[str, ...]
    price_ranges: int  # imported prices given as a range, low end kept
    currency: str  # the catalog's (ISO 4217)
    currency_reason: str  # the evidence for it
    currency_assumed: bool  # weak or no evidence: --currency changes it
    converted: tuple[tuple[str, int], ...]  # (currency, prices converted from it into `currency`)
    notes: tuple[str, ...]
    profile: CatalogProfile
    seconds: float
    reasons: tuple[tuple[str, str], ...] = ()  # (source column, why it is used or left out)
    derived: tuple[tuple[str, int], ...] = ()  # (rule, names it gave a category) when none came with the file
    derived_top: tuple[tuple[str, int], ...] = ()  # the biggest derived categories

    def to_dict(self) -> dict[str, Any]:
        return self.report_dict(
            ignored=list(self.ignored),
            converted=dict(self.converted),
            notes=list(self.notes),
            profile=self.profile.to_dict(),
            reasons=dict(self.reasons),
            derived=dict(self.derived),
            derived_top=dict(self.derived_top),
        )


def default_out(source: Path) -> Path:
    """Where `import` writes without --out: `products.csv.gz` -> `products.catalog.parquet` beside it."""
    return source.with_name(source_stem(source) + ".catalog.parquet")


def check_out(out: Path, *, force: bool, source: Path | None = None) -> None:
    """UsageError/ImportError_ before any work when `out` cannot (or should not) be written."""
    if out.is_dir():
        raise ImportError_(f"--out {out} is a folder: give a file name such as {out / 'catalog.parquet'}")
    if not out.parent.is_dir():
        raise ImportError_(f"folder {out.parent} does not exist: create it or pass another --out")
    if source is not None and _same_file(source, out):
        raise UsageError(
            f"--out {out} is the source file itself: pass another --out (the source stays as it is)"
        )
    if out.exists() and not force:
        raise UsageError(
            f"{out} already exists: pass --force to replace it (it is kept until the new one is complete)"
        )
    try:  # the only sure test of a folder's write permission (ACLs, read-only mounts) is to write
        fd, probe = tempfile.mkstemp(prefix=temp_prefix(out), suffix=".tmp", dir=out.parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ImportError_(
            f"cannot write to {out.parent} ({exc.strerror or exc}): pass an --out in a folder you can write"
        ) from exc


def _same_file(source: Path, out: Path) -> bool:
    try:
        return out.exists() and os.path.samefile(source, out)
    except OSError:
        return False


# Named like every other temp file (`.NAME.PID-...tmp`) so the next run can tell a killed plan's from a
# running one's.
PLAN_SCRATCH = Path("shopcli-plan")


def plan_import(
    source: Path, mapping: dict[str, str] | None = None, currency: str | None = None
) -> ImportPlan:
    """Detect the source's format, which column becomes which field and the currency, without importing."""
    flag = check_currency(currency)
    temp = Path(tempfile.gettempdir())
    remove_stale(temp, PLAN_SCRATCH.name)  # what plans killed before they finished left in the temp folder
    with tempfile.TemporaryDirectory(prefix=temp_prefix(PLAN_SCRATCH), suffix=".tmp", dir=temp) as scratch:
        with interrupts_as_keyboard(), quiet_connection() as con:
            return make_plan(con, source, mapping, flag, Path(scratch))


def import_catalog(
    source: Path,
    out: Path,
    *,
    mapping: dict[str, str] | None = None,
    currency: str | None = None,
    rates: Rates | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import `source` into a contract Parquet catalog at `out`, replacing it only on success."""
    started = time.monotonic()
    flag, rates = check_currency(currency), rates or Rates.of()
    check_out(out, force=True, source=source)
    remove_stale(out.parent, out.name)  # what imports killed before they finished left here
    _remove_old_spill_folders()
    step = _stepper(progress)
    with (
        interrupts_as_keyboard(),
        _out_of_memory(source),
        _workspace(out) as work,
        _connection(work / "spill") as con,
    ):
        scratch = work / "scratch"  # a UTF-8 copy of a GBK source
        scratch.mkdir()
        step()
        plan = make_plan(con, source, mapping, flag, scratch)
        step()
        loaded = load_raw(con, plan.source, dict(plan.mapping))
        step()
        labels = clean_tables(con, plan, rates)
        add_specs(con, scratch)  # "8G+128G" -> memory 8, storage 128 (specs.py)
        dropped = drop_counts(con, loaded.malformed)
        imported = loaded.rows_read - sum(n for _, n in dropped)
        if imported <= 0:
            raise ImportError_(_nothing_imported(source, loaded.rows_read, dropped))
        step()
        _write_atomic(con, work / "catalog.parquet", out)
        step()
        profile = profile_catalog(con, "(SELECT * FROM cleaned WHERE why IS NULL)", set(COLUMNS))
        ranges, converted = usage_counts(con, plan.currency_code)
    return _report(plan, source, out, loaded.rows_read, imported, dropped, ranges, converted, rates,
                   loaded.notes, labels.derived, profile, started)  # fmt: skip


@contextmanager
def _out_of_memory(source: Path) -> Iterator[None]:
    """DuckDB's out-of-memory error (a source thousands of columns wide, say) is one line with a fix,
    not its tuning guide: nothing was written, --out is untouched."""
    try:
        yield
    except duckdb.OutOfMemoryException as exc:
        raise ImportError_(
            f"{source} needs more than the import's {MEMORY_LIMIT} of memory to read "
            f"({str(exc).splitlines()[0][:120]}): keep only the columns you need, or split the file"
        ) from exc


def _report(
    plan: ImportPlan, source: Path, out: Path, read: int, imported: int, dropped: tuple[tuple[str, int], ...],
    ranges: int, converted: tuple[tuple[str, int], ...], rates: Rates, notes: tuple[str, ...],
    derived: Derived | None, profile: CatalogProfile, started: float,
) -> ImportReport:  # fmt: skip
    choice = plan.currency
    notes = plan.notes + notes + _conversion_notes(converted, choice.code, rates)
    return ImportReport(
        str(source), str(out), plan.source.format, read, imported, dropped, plan.mapping, plan.ignored,
        ranges, choice.code, choice.reason, choice.assumed, converted, notes, profile,
        round(time.monotonic() - started, 2), plan.reasons, derived.placed if derived else (),
        derived.top if derived else (),
    )  # fmt: skip


def _stepper(progress: Progress | None) -> Callable[[], None]:
    done = iter(range(1, len(STAGES) + 1))

    def step() -> None:
        n = next(done)
        if progress:
            progress(STAGES[n - 1], n, len(STAGES))

    return step


@contextmanager
def _workspace(out: Path) -> Iterator[Path]:
    """The import's one temp folder, beside `out` so the finished catalog moves into place atomically."""
    with tempfile.TemporaryDirectory(prefix=temp_prefix(out), suffix=".tmp", dir=out.parent) as work:
        yield Path(work)


@contextmanager
def _connection(spill: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A private in-memory DuckDB that spills to `spill` (DuckDB creates it only when it needs it)."""
    with quiet_connection() as con:
        con.execute(f"SET memory_limit = {sql_str(MEMORY_LIMIT)}")
        con.execute(f"SET temp_directory = {sql_str(str(spill))}")
        con.execute("SET preserve_insertion_order = true")
        yield con


def _remove_old_spill_folders() -> None:
    """Before spill files moved beside --out, each import made /tmp/shopcli-import-*; a kill -9 left
    them behind (empty, or holding spill files). Those an hour old are no running import's."""
    for folder in Path(tempfile.gettempdir()).glob("shopcli-import-*"):
        try:
            if folder.is_dir() and not folder.is_symlink() and time.time() - folder.stat().st_mtime > 3600:
                shutil.rmtree(folder)
        except OSError:
            continue


def _nothing_imported(source: Path, read: int, dropped: tuple[tuple[str, int], ...]) -> str:
    if not read:
        return f"{source} has no data rows: export the catalog again"
    reasons = ", ".join(f"{reason}: {n:,}" for reason, n in dropped)
    return (
        f"none of the {read:,} rows in {source} could be imported ({reasons}); check the columns with --map"
    )


def _conversion_notes(converted: tuple[tuple[str, int], ...], target: str, rates: Rates) -> tuple[str, ...]:
    """One catalog, one currency: rows priced in another were converted, and this says how many."""
    return tuple(
        f"{n:,} price{'s' if n != 1 else ''} converted from {code} to {target} "
        f"at {rates.describe(code, target)}"
        for code, n in converted
    )


def _write_atomic(con: duckdb.DuckDBPyConnection, tmp: Path, out: Path) -> None:
    """Write the imported rows to `tmp` (beside `out`) with their checksum, fsync, then replace `out`."""
    columns = ", ".join(f"CAST({name} AS {kind}) AS {name}" for name, kind in COLUMNS.items())
    ruled = ", ".join(f"{cleared_sql(name)} AS {name}" for name in COLUMNS)  # as every reader will
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW final AS SELECT {ruled}, _row FROM "
            f"(SELECT {columns}, _row FROM cleaned WHERE why IS NULL)"
        )
        rows, total = con.execute(checksum_query("final")).fetchone()  # type: ignore[misc]
        con.execute(
            f"COPY (SELECT * EXCLUDE (_row) FROM final ORDER BY _row) TO {sql_str(str(tmp))} "
            f"(FORMAT parquet, COMPRESSION zstd, {kv_metadata(format_checksum(rows, total))})"
        )
        os.chmod(tmp, _mode_for(out))  # what the replaced catalog had, or what the umask gives
        _fsync(tmp)
        os.replace(tmp, out)
        _fsync_dir(out.parent)
    except duckdb.Error as exc:
        raise ImportError_(
            f"cannot write {out} ({first_line(exc)}): check free space and permissions"
        ) from exc
    except OSError as exc:
        raise ImportError_(f"cannot write {out} ({exc.strerror}): check free space and permissions") from exc
    finally:
        tmp.unlink(missing_ok=True)


def _mode_for(out: Path) -> int:
    """The replaced catalog's permissions, or what the umask gives a new file."""
    if out.exists():
        return out.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some filesystems cannot open folders; the rename itself is still atomic
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
