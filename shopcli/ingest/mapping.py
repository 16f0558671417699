"""Which column becomes which field: headers first (columns.py), then values (profile.py), `--map` over both.

  1. `--map COLUMN=FIELD` decides its columns and fields outright;
  2. a header naming a field decides, unless the values contradict it (profile.vetoed); a shop-name
     column is the brand only when its values read like brands;
  3. fields still missing (name, price, id, audience, colour, brand, rating) go to the unclaimed column
     whose values fit best (profile.by_content);
  4. every other column is left out, with what it holds in a few words (links, dates, counts...).
Every column gets its reason, for the plan and the report.
"""

from __future__ import annotations

from collections.abc import Mapping

from shopcli.ingest.columns import IGNORE, SHOP, check_overrides, header_choices
from shopcli.ingest.profile import CONTENT_FIELDS, ColumnProfile, brand_like, by_content, left_alone, vetoed

Choice = tuple[str, str]  # (field or "-", reason)


def choose_columns(
    columns: tuple[str, ...], profiles: Mapping[str, ColumnProfile], explicit: dict[str, str] | None
) -> dict[str, Choice]:
    """Column -> (field, reason) for every column; field "-" when it is left out."""
    overrides = check_overrides(columns, explicit)
    chosen: dict[str, Choice] = {c: (f, "--map") for c, f in overrides.items()}
    given = {field for field, _ in chosen.values() if field != IGNORE}
    for column, (field, reason) in header_choices(columns).items():
        if column in chosen or (field in given and field != "category"):
            continue
        chosen[column] = _judged(field, reason, profiles[column], taken=_fields(chosen))
    for field in CONTENT_FIELDS:
        if field in _fields(chosen):
            continue
        # unclaimed: no choice yet, or left out by a header the values contradicted (never by --map)
        free = {
            c: p for c, p in profiles.items() if c not in overrides and chosen.get(c, (IGNORE,))[0] == IGNORE
        }
        if found := by_content(field, free):
            column, why = found
            chosen[column] = (field, f"the values are {why}")
    for column in columns:
        chosen.setdefault(column, (IGNORE, f"left out: {left_alone(profiles[column])}"))
    return {c: chosen[c] for c in columns}


def _fields(chosen: Mapping[str, Choice]) -> set[str]:
    return {f for f, _ in chosen.values() if f != IGNORE}


def _judged(field: str, reason: str, profile: ColumnProfile, *, taken: set[str]) -> Choice:
    if field == SHOP:
        if "brand" not in taken and brand_like(profile):
            return "brand", f"{reason}, and the values read like brands"
        return IGNORE, f"left out: {reason}, not brands ({left_alone(profile)})"
    if field in taken and field != "category":
        return IGNORE, f"left out: {reason}, but another column already gives the {field}"
    if why := vetoed(field, profile):
        return IGNORE, f"left out: {reason}, but {why}"
    return field, reason


def mapping_of(choices: Mapping[str, Choice]) -> dict[str, str]:
    """Column -> field for the columns that are used, in file order."""
    return {c: f for c, (f, _) in choices.items() if f != IGNORE}
