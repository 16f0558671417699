"""Planning an import: make the file readable, sample it, choose its columns and decide its currency.

  1. text that is not UTF-8 but GBK/GB18030 is copied as UTF-8 into the import's temp folder (encoding.py);
  2. the format and columns are detected (source.py), a headerless CSV getting column1, column2...;
  3. the first rows are sampled and each column profiled (profile.py);
  4. headers, then values, decide which column is which field (mapping.py), each with its reason;
  5. the evidence for the catalog's currency is weighed (currency.py).
Nothing is imported here: `shop catalog import` shows this plan before it reads the whole file.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from shopcli.errors import UsageError
from shopcli.ingest import encoding
from shopcli.ingest.columns import header_currency, require_name_and_price
from shopcli.ingest.currency import CurrencyChoice, decide
from shopcli.ingest.mapping import choose_columns, mapping_of
from shopcli.ingest.plan import ImportPlan
from shopcli.ingest.profile import ColumnProfile, describe, sample_values
from shopcli.ingest.source import SourceInfo, detect_source
from shopcli.money import is_code

_CJK = re.compile(r"[\u4e00-\u9fff]")
_HEAD = 1 << 16


def check_currency(flag: str | None) -> str | None:
    """--currency as an ISO 4217 code ("rmb" -> CNY), or None when not given."""
    if flag is None or not flag.strip():
        return None
    code = flag.strip().upper()
    code = {"RMB": "CNY", "RS": "INR"}.get(code, code)
    if not is_code(code):
        raise UsageError(f"--currency {flag!r}: give an ISO 4217 code such as USD, CNY, INR, EUR or GBP")
    return code


def make_plan(
    con: duckdb.DuckDBPyConnection, source: Path, explicit: dict[str, str] | None, flag: str | None,
    scratch: Path,
) -> ImportPlan:  # fmt: skip
    """The plan for importing `source`; `scratch` is a private folder for a converted copy."""
    readable, notes = _readable(source, scratch)
    info = detect_source(readable, con)
    if not info.header:
        notes.append(f"the first line is already a product: columns named column1…column{len(info.columns)}")
    samples = sample_values(con, info)
    profiles = {c: describe(c, samples[c]) for c in info.columns}
    choices = choose_columns(info.columns, profiles, explicit)
    mapping = mapping_of(choices)
    require_name_and_price(info.columns, mapping, str(source))
    hints = tuple((c, cur) for c in mapping if (cur := header_currency(c)))
    names = samples[next(c for c, f in mapping.items() if f == "name")]
    chinese = sum(1 for n in names if n and _CJK.search(n)) > 0.5 * max(1, sum(1 for n in names if n))
    return ImportPlan(
        info, tuple(mapping.items()), tuple(c for c in info.columns if c not in mapping), hints,
        tuple((c, r) for c, (_, r) in choices.items()),
        _currency(flag, info, samples, mapping, profiles, dict(hints)), "zh" if chinese else "en",
        source if readable != source else None, tuple(notes),
    )  # fmt: skip


def _readable(source: Path, scratch: Path) -> tuple[Path, list[str]]:
    """`source`, or a UTF-8 copy of it when it is GBK text; and a note saying so."""
    if not source.is_file():  # opening a FIFO would wait forever: detect_source refuses it
        return source, []
    try:
        with source.open("rb") as fh:
            head = fh.read(_HEAD)
    except OSError:
        return source, []  # detect_source says what is wrong with it
    if head[:4] == b"PAR1" or head[:2] == b"\x1f\x8b" or encoding.sniff(head) != encoding.CHINESE:
        return source, []
    return encoding.to_utf8(source, scratch), ["read as Chinese GBK/GB18030 text, converted to UTF-8"]


def _currency(
    flag: str | None, info: SourceInfo, samples: dict[str, list[str | None]], mapping: dict[str, str],
    profiles: dict[str, ColumnProfile], hints: dict[str, str],
) -> CurrencyChoice:  # fmt: skip
    def values(*fields: str) -> list[str | None]:
        return [v for c, f in mapping.items() if f in fields for v in samples[c]]

    price = next(c for c, f in mapping.items() if f == "price")
    links = [v for c in info.columns if profiles[c].urls >= 0.5 for v in samples[c]]
    return decide(
        flag=flag, prices=values("price", "original_price"),
        header=(price, hints[price]) if price in hints else None, codes=values("currency"), links=links,
        texts=values("name", "description"), names=values("name"),
    )  # fmt: skip
