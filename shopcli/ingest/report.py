"""What every import report shares (products, reviews, interaction logs): rows left out by reason,
the source-column mapping, and their JSON shape."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any


class DropReport:
    """Mixin for a frozen report dataclass with `dropped` ((reason, rows), largest first) and
    `mapping` ((source column, field)) fields."""

    dropped: tuple[tuple[str, int], ...]
    mapping: tuple[tuple[str, str], ...]

    @property
    def rows_dropped(self) -> int:
        return sum(n for _, n in self.dropped)

    def report_dict(self, **fields: Any) -> dict[str, Any]:
        """The report as JSON-ready data: pairs as objects, plus `fields` a report shapes its own way."""
        d = asdict(self)  # type: ignore[call-overload]  # a mixin: every report using it is a dataclass
        d.update(rows_dropped=self.rows_dropped, dropped=dict(self.dropped), mapping=dict(self.mapping))
        d.update(fields)
        return d
