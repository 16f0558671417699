"""Files that live beside a catalog and belong to it, and the one rule that names them.

`catalog.parquet` -> `catalog.<kind>.<ext>`; `shoes.catalog.parquet` -> `shoes.catalog.<kind>.<ext>`.
A sibling is data about the catalog's products (reviews, an interaction log, item neighbours, the
shop's policies), so it travels with the catalog file and is found without configuration. Each kind
is named here once; the locked catalog connection may read exactly the Parquet ones and nothing else.
"""

from __future__ import annotations

from pathlib import Path

# kind -> (extension, what the file holds); kinds are lower-case words, never a path
KINDS: dict[str, tuple[str, str]] = {
    "reviews": ("parquet", "one row per review, as imported (store/sidecar.py has the contract)"),
    "aspects": ("parquet", "one row per (review, aspect it mentions), computed at import"),
    "policy": ("md", "the shop's policies as Markdown sections (policy/document.py)"),
    "interactions": ("parquet", "the imported interaction log: user_id, product_id, event, value, ts"),
    "neighbours": ("parquet", "item-item similarity: top-k neighbours per product and method, from import"),
    "popularity": ("parquet", "per-product counts of users and purchases in the interaction log"),
    "index": ("duckdb", "the search index: checked products and BM25 tables, rebuilt from the catalog"),
}


def sibling(catalog: Path, kind: str) -> Path:
    """The path of the `kind` file that belongs to `catalog` (which need not exist)."""
    if kind not in KINDS:
        raise ValueError(f"unknown sibling kind {kind!r}")
    stem = catalog.name[: -len(".parquet")] if catalog.name.lower().endswith(".parquet") else catalog.name
    return catalog.with_name(f"{stem}.{kind}.{KINDS[kind][0]}")


def all_siblings(catalog: Path) -> tuple[Path, ...]:
    """Every Parquet sibling a catalog may have, for the connection's allow-list."""
    return tuple(sibling(catalog, kind) for kind, (ext, _) in KINDS.items() if ext == "parquet")
