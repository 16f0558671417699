"""`shop saved`: the wishlist, as rows of the catalog it was saved from.

A saved id the catalog no longer holds is listed by the name it had, and said to be gone, rather
than dropped without a word; saves made in other catalogs are counted, not mixed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shopcli.personal.profile import Mark, Profile
from shopcli.schema import Product
from shopcli.store.catalog import Catalog


@dataclass(frozen=True)
class SavedList:
    catalog: str
    products: tuple[Product, ...]  # newest save first
    missing: tuple[Mark, ...]  # saved here, no longer in the catalog
    elsewhere: int  # saves made in other catalogs

    def to_dict(self) -> dict[str, Any]:
        return {
            "catalog": self.catalog, "products": [p.to_dict() for p in self.products],
            "missing": [{"id": m.id, "name": m.name} for m in self.missing], "elsewhere": self.elsewhere,
        }  # fmt: skip


def saved_list(catalog: Catalog, profile: Profile) -> SavedList:
    """This catalog's saved products, newest first."""
    marks = tuple(reversed(profile.marked(catalog.path, "save")))
    found = {p.id: p for p in catalog.get([m.id for m in marks])}
    elsewhere = sum(1 for m in profile.marks if m.kind == "save") - len(marks)
    return SavedList(
        str(catalog.path),
        tuple(found[m.id] for m in marks if m.id in found),
        tuple(m for m in marks if m.id not in found),
        elsewhere,
    )
