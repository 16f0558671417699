"""Products by id for `shop show` and `shop compare`: unknown ids are a usage error with a hint."""

from __future__ import annotations

from collections.abc import Sequence

from shopcli.errors import UsageError
from shopcli.intent import Intent
from shopcli.schema import Product
from shopcli.store.catalog import Catalog


def by_ids(
    catalog: Catalog, ids: Sequence[str], *, least: int = 1, most: int = 1, command: str = "show"
) -> list[Product]:
    """The products with `ids`, in that order; between `least` and `most` distinct ids."""
    wanted = [i.strip() for i in ids if i.strip()]
    if len(set(wanted)) != len(wanted):
        raise UsageError(f"{command}: each product id once, please (got {', '.join(wanted)})")
    if not least <= len(wanted) <= most:
        many = f"{least}" if least == most else f"{least} to {most}"
        raise UsageError(f"{command} takes {many} product ids, got {len(wanted)}: e.g. shop {command} "
                         + " ".join(_example_ids(catalog, max(least, 1))))  # fmt: skip
    found = {p.id: p for p in catalog.get(wanted)}
    if missing := [i for i in wanted if i not in found]:
        example = _example_ids(catalog, 1)
        raise UsageError(
            f"no product {missing[0]!r} in {catalog.path.name}: ids look like {example[0]!r}; "
            'find them in the "id" field of `shop search --json ...`'
        )
    return [found[i] for i in wanted]


def _example_ids(catalog: Catalog, count: int) -> list[str]:
    return [p.id for p in catalog.search(Intent(), limit=count).products] or ["ID"]
