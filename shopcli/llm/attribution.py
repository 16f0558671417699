"""Which rows a fact in a sentence is about, so "both rated 4.3 stars" is checked against both.

A fact belongs to the nearest citation before it ("[2] costs $79.99"), else the nearest after it
("At $79.99, [2] ..."); with "both", "all" or 都 it must hold for every row the sentence cites; a
sentence citing nothing is about the rows the previous sentence cited, else any listed row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from shopcli.schema import Product

CITATION = re.compile(r"\[(\d{1,3})\]")
_PLURAL = re.compile(r"\b(both|all|each|either|neither)\b|都|均|两款|两者|二者|这两", re.I)
_RESPECTIVELY = re.compile(r"\brespectively\b|分别", re.I)
# A citation right after "than" / 比 is what a row is compared with, not what the sentence is about.
_OBJECT = re.compile(r"(?:\bthan|\bcompared (?:to|with)|\bversus|\bvs\.?|比)\s*[^\[\]]{0,30}$", re.I)


@dataclass(frozen=True)
class Subjects:
    rows: tuple[Product, ...]
    every: bool  # the fact must hold for every row (else for at least one)

    def hold(self, test: object) -> bool:
        checks = [bool(test(p)) for p in self.rows]  # type: ignore[operator]
        return bool(checks) and (all(checks) if self.every else any(checks))


@dataclass(frozen=True)
class Attribution:
    cites: tuple[tuple[int, int, Product, bool], ...]  # (start, end, row, compared-with) per citation
    fallback: tuple[Product, ...]  # rows for a sentence that cites none
    previous: tuple[Product, ...]  # rows the previous sentence was about
    plural: bool
    respectively: bool

    @classmethod
    def of(
        cls,
        text: str,
        numbered: Mapping[int, Product],
        previous: Sequence[Product],
        listed: Sequence[Product],
    ) -> Attribution:
        cites = tuple(
            (m.start(), m.end(), numbered[int(m.group(1))], bool(_OBJECT.search(text[: m.start()])))
            for m in CITATION.finditer(text)
            if int(m.group(1)) in numbered
        )
        fallback = tuple(previous) or tuple(listed) or tuple(numbered.values())
        plural, respectively = bool(_PLURAL.search(text)), bool(_RESPECTIVELY.search(text))
        return cls(cites, fallback, tuple(previous), plural, respectively)

    @property
    def cited(self) -> tuple[Product, ...]:
        return tuple(dict.fromkeys(row for _, _, row, _ in self.cites))

    def about(self, start: int, end: int) -> Subjects:
        """The rows a fact found at text[start:end] must be true of."""
        if not self.cites:  # "Both have 4.3 stars." after a sentence citing [2] and [4]: both must
            return Subjects(self.fallback, every=self.plural and bool(self.previous))
        cited = self.cited
        if (self.plural and len(cited) > 1) or len(cited) == 1:
            return Subjects(cited, every=self.plural)
        if self.respectively:
            return Subjects(cited, every=False)
        subjects = [c for c in self.cites if not c[3]] or list(self.cites)
        before = [row for s, _, row, _ in subjects if s < start]
        after = [row for s, _, row, _ in subjects if s >= end]
        return Subjects((before[-1] if before else after[0],), every=True)

    def nearest_before(self, pos: int) -> Product | None:
        before = [row for s, _, row, _ in self.cites if s < pos]
        return before[-1] if before else None

    def nearest_after(self, pos: int) -> Product | None:
        after = [row for s, _, row, _ in self.cites if s >= pos]
        return after[0] if after else None
