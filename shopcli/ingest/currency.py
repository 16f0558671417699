"""Which currency a catalog is in, decided from evidence, strongest first, and said with the reason:

  1. --currency XXX (any ISO 4217 code)
  2. a currency column ("currency": INR)
  3. marks in the price values ("₹32,999", "89.0 EUR", "¥299"): the most common one
  4. the price header ("Price (INR)", "price_usd", "售价(元)")
  5. weak: the shop the links go to (flipkart.com, jd.com, amazon.in), money mentioned in the product
     texts ("Save Rs. 6/-"), names written in Chinese: the currency is *assumed*, and the report says
     which evidence, and that --currency changes it
  6. none: USD is assumed, and the report says so. Never silently.
One currency per catalog: rows whose prices carry another currency are converted to it at import with
the configured rates, and a note counts them (tables.py).
MARKS is also the SQL that reads a price's currency (clean.py), so the two never disagree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from shopcli.money import CURRENCIES

# (pattern, code), first match wins; RE2 and Python read them alike. Prefixed dollars before "$", the
# Chinese names of other currencies (日元, 美元) before 元; then any other code money.py knows.
_NAMED: tuple[tuple[str, str], ...] = (
    (r"(?i)\bHK\$|\bHKD\b", "HKD"), (r"(?i)\bNT\$|\bTWD\b", "TWD"), (r"(?i)\b(?:C|CA)\$|\bCAD\b", "CAD"),
    (r"(?i)\b(?:A|AU)\$|\bAUD\b", "AUD"), (r"(?i)\b(?:S|SG)\$|\bSGD\b", "SGD"),
    (r"(?i)\bNZ\$|\bNZD\b", "NZD"), (r"(?i)\bMX\$|\bMXN\b", "MXN"), (r"(?i)\bR\$|\bBRL\b", "BRL"),
    (r"(?i)JP¥|円|日元|\bJPY\b", "JPY"), (r"港元|港币", "HKD"), (r"美元|美金", "USD"), (r"欧元", "EUR"),
    (r"英镑", "GBP"), (r"卢比", "INR"), (r"韩元", "KRW"), (r"(?i)[¥￥元]|人民币|\bCNY\b|\bRMB\b", "CNY"),
    (r"(?i)₹|\bINR\b|\bRs\.?", "INR"), (r"(?i)€|\bEUR\b", "EUR"), (r"(?i)£|\bGBP\b", "GBP"),
    (r"(?i)₩|\bKRW\b", "KRW"), (r"(?i)₽|\bRUB\b", "RUB"), (r"(?i)\$|\bUSD\b", "USD"),
)  # fmt: skip
MARKS: tuple[tuple[str, str], ...] = _NAMED + tuple(
    (rf"\b{code}\b", code) for code in CURRENCIES if code not in {c for _, c in _NAMED}
)
_COMPILED = tuple((re.compile(p), code) for p, code in MARKS)
# Shops whose links say where they sell; then country domains.
_SHOPS = {"flipkart.com": "INR", "myntra.com": "INR", "bigbasket.com": "INR", "jd.com": "CNY",
          "taobao.com": "CNY", "tmall.com": "CNY", "amazon.in": "INR", "amazon.co.uk": "GBP",
          "amazon.co.jp": "JPY", "amazon.de": "EUR", "amazon.fr": "EUR", "amazon.it": "EUR",
          "amazon.es": "EUR", "amazon.com": "USD"}  # fmt: skip
_DOMAINS = {"in": "INR", "cn": "CNY", "uk": "GBP", "de": "EUR", "fr": "EUR", "it": "EUR", "es": "EUR",
            "nl": "EUR", "at": "EUR", "be": "EUR", "ie": "EUR", "pt": "EUR", "fi": "EUR", "jp": "JPY",
            "kr": "KRW", "au": "AUD", "ca": "CAD", "hk": "HKD", "sg": "SGD", "nz": "NZD"}  # fmt: skip
_HOST = re.compile(r"(?:https?:)?//([^/\s\"'?#]+)", re.IGNORECASE)
_MENTION = re.compile(r"(?:₹|\bRs\.?|\bINR|US\$|\$|€|£|¥|￥|\bEUR|\bUSD|\bGBP)\s?\d", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class CurrencyChoice:
    code: str
    reason: str  # the evidence, in words
    assumed: bool  # weak or no evidence: the report says how to change it


def mark_of(text: str | None) -> str | None:
    """The currency a price text is marked with ("₹32,999" -> INR), or None for a bare number."""
    return next((code for pattern, code in _COMPILED if pattern.search(text or "")), None)


def decide(
    *, flag: str | None, prices: Sequence[str | None], header: tuple[str, str] | None,
    codes: Sequence[str | None], links: Iterable[str | None], texts: Iterable[str | None],
    names: Sequence[str | None],
) -> CurrencyChoice:  # fmt: skip
    """The catalog's currency from the evidence (see the module docstring), with its reason."""
    if flag:
        return CurrencyChoice(flag, f"--currency {flag}", False)
    for found in (_column(codes), _marked(prices)):
        if found:
            return found
    if header:
        return CurrencyChoice(header[1], f"the header {header[0]!r} says {header[1]}", False)
    for found in (_linked(links), _mentioned(texts), _chinese(names)):
        if found:
            return found
    return CurrencyChoice("USD", "nothing in the file names a currency", True)


def _column(codes: Sequence[str | None]) -> CurrencyChoice | None:
    found = Counter(c.strip().upper() for c in codes if c and c.strip())
    if not found:
        return None
    code, n = found.most_common(1)[0]
    code = mark_of(code) or code
    return CurrencyChoice(
        code, f"the currency column says {code} in {n} of {sum(found.values())} rows", False
    )


def _marked(prices: Sequence[str | None]) -> CurrencyChoice | None:
    filled = [p for p in prices if p and p.strip()]
    found = Counter(code for p in filled if (code := mark_of(p)))
    if not found:
        return None
    code, n = found.most_common(1)[0]
    example = next(p.strip() for p in filled if mark_of(p) == code)
    return CurrencyChoice(code, f"prices are written with {code} ({example!r}: {n} of {len(filled)})", False)


def _linked(links: Iterable[str | None]) -> CurrencyChoice | None:
    found: Counter[tuple[str, str]] = Counter()
    for link in links:
        if link and (m := _HOST.search(link)):
            host = m.group(1).lower().removeprefix("www.")
            shop = next((s for s in _SHOPS if host == s or host.endswith("." + s)), None)
            code = _SHOPS[shop] if shop else _DOMAINS.get(host.rsplit(".", 1)[-1])
            if code:
                found[(shop or host, code)] += 1
    if not found:
        return None
    (host, code), n = found.most_common(1)[0]
    return CurrencyChoice(code, f"assumed: the links go to {host} ({n} rows), which sells in {code}", True)


def _mentioned(texts: Iterable[str | None]) -> CurrencyChoice | None:
    found: Counter[str] = Counter()
    example: dict[str, str] = {}
    for text in texts:
        for m in _MENTION.finditer(text or ""):
            code = mark_of(m.group())
            if code:
                found[code] += 1
                example.setdefault(code, (text or "")[max(0, m.start() - 20) : m.end() + 10].strip())
    if not found:
        return None
    code, n = found.most_common(1)[0]
    return CurrencyChoice(code, f"assumed: product texts mention {code} {n} times (…{example[code]}…)", True)


def _chinese(names: Sequence[str | None]) -> CurrencyChoice | None:
    filled = [n for n in names if n]
    if filled and sum(1 for n in filled if _CJK.search(n)) / len(filled) > 0.5:
        return CurrencyChoice(
            "CNY", "assumed: the product names are Chinese and no price names a currency", True
        )
    return None
