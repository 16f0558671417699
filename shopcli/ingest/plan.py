"""What an import will do, decided before any row is read: the source and which column is which field."""

from __future__ import annotations

from dataclasses import dataclass

from shopcli.ingest.source import SourceInfo


@dataclass(frozen=True)
class ImportPlan:
    source: SourceInfo
    mapping: tuple[tuple[str, str], ...]  # (source column, contract field), in file order
    ignored: tuple[str, ...]  # source columns no field uses
    currency_hints: tuple[tuple[str, str], ...] = ()  # (column, currency its header names)

    def column_for(self, field: str) -> str | None:
        return next((c for c, f in self.mapping if f == field), None)
