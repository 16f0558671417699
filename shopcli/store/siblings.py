"""Files that live beside a catalog and belong to it, and the one rule that names them.

`catalog.parquet` -> `catalog.<kind>.parquet`; `shoes.catalog.parquet` -> `shoes.catalog.<kind>.parquet`.
A sibling is derived data about the catalog's products (an interaction log, item neighbours), so
it travels with the catalog file and is found without configuration. Each kind is named here once;
other features add theirs to KINDS (reviews, aspects, a text index), and the locked catalog
connection may read exactly these files and nothing else.
"""

from __future__ import annotations

from pathlib import Path

# kind -> what the file holds (kinds are lower-case words, never a path)
KINDS: dict[str, str] = {
    "interactions": "the imported interaction log: user_id, product_id, event, value, ts",
    "neighbours": "item-item similarity, top-k neighbours per product and method, computed at import",
    "popularity": "per-product counts of users and purchases in the interaction log",
}


def sibling(catalog: Path, kind: str) -> Path:
    """The path of the `kind` file that belongs to `catalog` (which need not exist)."""
    if kind not in KINDS:
        raise ValueError(f"unknown sibling kind {kind!r}")
    stem = catalog.name[: -len(".parquet")] if catalog.name.lower().endswith(".parquet") else catalog.name
    return catalog.with_name(f"{stem}.{kind}.parquet")


def all_siblings(catalog: Path) -> tuple[Path, ...]:
    """Every sibling path a catalog may have, for the connection's allow-list."""
    return tuple(sibling(catalog, kind) for kind in KINDS)
