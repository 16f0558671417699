"""Write query results as Parquet files that replace their targets only once all are complete."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb

from shopcli.errors import ImportError_
from shopcli.ingest.source import first_line, sql_str


def copy_atomic(con: duckdb.DuckDBPyConnection, outputs: list[tuple[str, Path]]) -> None:
    """COPY each (SELECT, path) to a temp file beside its path, fsync, then rename them all into place.

    Files that belong together (reviews and their aspects) are renamed one right after the other,
    after every one was written: a failure leaves the old set, never half a new one."""
    temps: list[Path] = []
    try:
        for select, out in outputs:
            fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
            os.close(fd)
            temps.append(Path(name))
            con.execute(
                f"COPY ({select}) TO {sql_str(name)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 8192)"
            )
            os.chmod(name, 0o644)  # mkstemp's 0600 would hide the reviews from other users of the catalog
            with open(name, "rb") as fh:
                os.fsync(fh.fileno())
        for temp, (_, out) in zip(temps, outputs, strict=True):
            os.replace(temp, out)
    except duckdb.Error as exc:
        raise ImportError_(f"cannot write {outputs[len(temps) - 1][1]} ({first_line(exc)}): "
                           "check free space and permissions") from exc  # fmt: skip
    except OSError as exc:
        raise ImportError_(
            f"cannot write beside {outputs[0][1]} ({exc.strerror}): check free space and permissions"
        ) from exc
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
