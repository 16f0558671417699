"""What an import will do, decided before any row is read in full: the source, which column is which
field and why, and the catalog's currency and why."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shopcli.ingest.currency import CurrencyChoice
from shopcli.ingest.source import SourceInfo


@dataclass(frozen=True)
class ImportPlan:
    source: SourceInfo
    mapping: tuple[tuple[str, str], ...]  # (source column, contract field), in file order
    ignored: tuple[str, ...]  # source columns no field uses
    currency_hints: tuple[tuple[str, str], ...] = ()  # (column, currency its header names)
    reasons: tuple[tuple[str, str], ...] = ()  # (source column, why it is used or left out), every column
    currency: CurrencyChoice = CurrencyChoice("USD", "nothing in the file names a currency", True)
    language: str = "en"  # "zh" when most sampled names are Chinese
    origin: Path | None = None  # the file as the user named it, when `source` reads a converted copy
    notes: tuple[str, ...] = ()

    @property
    def currency_code(self) -> str:
        return self.currency.code

    def column_for(self, field: str) -> str | None:
        return next((c for c, f in self.mapping if f == field), None)

    def shown_path(self) -> Path:
        return self.origin or self.source.path
