"""Money as data: ISO 4217 currency codes, how a price is written, and the rates that convert a budget.

A catalog has one currency and keeps its prices in it; a shopper may state a budget in another, which
understanding converts with the rates below. The rates are units of a currency per US dollar: fixed,
documented approximations (early 2024), not live quotes, because shopcli never goes online. Change
them in $SHOPCLI_HOME/config.toml

    [rates]
    INR = 83.5
    EUR = 0.91

or with SHOPCLI_RATES="INR=83.5,EUR=0.91"; SHOPCLI_CNY_PER_USD still sets the yuan rate.

ONE helper, `format_price`, renders every amount on screen and in prompts: a product's price in its own
currency with its symbol; a Chinese answer about a product priced in dollars adds the approximate yuan
("$26.99（约194元）"), so templated replies, prompts (which the model copies) and cards agree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from shopcli.errors import UsageError

# code -> (symbol written before the amount, decimals shown). "¥" is the yuan's: the yen is "JP¥".
CURRENCIES: dict[str, tuple[str, int]] = {
    "USD": ("$", 2), "CNY": ("¥", 2), "INR": ("₹", 2), "EUR": ("€", 2), "GBP": ("£", 2),
    "JPY": ("JP¥", 0), "KRW": ("₩", 0), "HKD": ("HK$", 2), "TWD": ("NT$", 0), "SGD": ("S$", 2),
    "AUD": ("A$", 2), "CAD": ("C$", 2), "NZD": ("NZ$", 2), "CHF": ("CHF ", 2), "RUB": ("₽", 2),
    "BRL": ("R$", 2), "MXN": ("MX$", 2), "THB": ("฿", 2), "VND": ("₫", 0), "IDR": ("Rp", 0),
    "MYR": ("RM", 2), "PHP": ("₱", 2), "AED": ("AED ", 2), "SAR": ("SAR ", 2), "SEK": ("SEK ", 2),
    "NOK": ("NOK ", 2), "DKK": ("DKK ", 2), "PLN": ("zł", 2), "TRY": ("₺", 2), "ZAR": ("R", 2),
}  # fmt: skip
# Units per US dollar (early 2024), rounded: a budget converted with them is a guide, and says so.
DEFAULT_RATES: dict[str, float] = {
    "USD": 1.0, "CNY": 7.2, "INR": 83.0, "EUR": 0.92, "GBP": 0.79, "JPY": 150.0, "KRW": 1330.0,
    "HKD": 7.8, "TWD": 31.5, "SGD": 1.34, "AUD": 1.52, "CAD": 1.35, "NZD": 1.63, "CHF": 0.88,
    "RUB": 91.0, "BRL": 4.97, "MXN": 17.1, "THB": 35.8, "VND": 24500.0, "IDR": 15600.0, "MYR": 4.7,
    "PHP": 56.0, "AED": 3.67, "SAR": 3.75, "SEK": 10.4, "NOK": 10.6, "DKK": 6.9, "PLN": 4.0,
    "TRY": 31.0, "ZAR": 18.8,
}  # fmt: skip
_CODE = re.compile(r"[A-Z]{3}")


def is_code(code: str) -> bool:
    """Whether `code` is shaped like an ISO 4217 code ("INR"); any three capital letters are accepted."""
    return bool(_CODE.fullmatch(code))


def symbol(currency: str) -> str:
    """ "₹" for INR; a code without a known symbol is written after the amount instead."""
    return CURRENCIES.get(currency, ("", 2))[0]


def plain_amount(amount: float, currency: str, *, round_number: bool = False) -> str:
    """The amount in its own currency: "$80.00", "₹1,299.00", "¥11,100.00", "JP¥1,500", "12.50 XYZ".

    `round_number`: a bound such as a budget band, written without cents when it has none ("$50")."""
    code = (currency or "USD").upper()
    sign, decimals = CURRENCIES.get(code, ("", 2))
    if round_number and amount == int(amount):
        decimals = 0
    number = f"{abs(amount):,.{decimals}f}"
    minus = "-" if amount < 0 else ""
    return f"{minus}{sign}{number}" if sign else f"{minus}{number} {code}"


def yuan_rate(currency: str, cny_per_usd: float) -> float | None:
    """Yuan per unit of `currency` for a Chinese answer: the configured dollar rate, or None."""
    code = currency.upper()
    return 1.0 if code == "CNY" else cny_per_usd if code == "USD" else None


def format_price(
    amount: float,
    currency: str,
    language: str = "en",
    *,
    cny_per_usd: float = 7.2,
    round_number: bool = False,
) -> str:
    """A price as a shopper reads it; a Chinese answer says 元 for yuan and adds it after dollars."""
    code = (currency or "USD").upper()
    if language != "zh":
        return plain_amount(amount, code, round_number=round_number)
    if code == "CNY":
        return f"{amount:,.0f}元" if amount == int(amount) else f"{amount:,.2f}元"
    rate = yuan_rate(code, cny_per_usd)
    shown = plain_amount(amount, code, round_number=round_number)
    return f"{shown}（约{amount * rate:,.0f}元）" if rate else shown


def format_amount(value: float) -> str:
    """A bound as people write it, without padding zeros: 80, 6.25, 41.67, 1000."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Rates:
    """Units of each currency per US dollar; use `convert` rather than reading them."""

    per_usd: tuple[tuple[str, float], ...]

    @classmethod
    def of(cls, overrides: Mapping[str, float] | None = None) -> Rates:
        """The default table with `overrides` ({"INR": 83.5}) applied and checked."""
        table = dict(DEFAULT_RATES)
        for code, value in (overrides or {}).items():
            table[_checked_code(code)] = _checked_rate(code.upper(), value)
        return cls(tuple(sorted(table.items())))

    def rate(self, currency: str) -> float | None:
        """Units of `currency` per US dollar, or None when the table has no rate for it."""
        return dict(self.per_usd).get(currency)

    def convert(self, amount: float, source: str, target: str) -> float | None:
        """`amount` in `source` expressed in `target`; None when either rate is unknown."""
        if source == target:
            return amount
        a, b = self.rate(source), self.rate(target)
        return None if a is None or b is None else amount / a * b

    def describe(self, source: str, target: str) -> str:
        """How a conversion was made, for notes: "83 INR/USD", "7.2 CNY/USD, 83 INR/USD"."""
        used = [c for c in dict.fromkeys((source, target)) if c != "USD"]
        return ", ".join(f"{self.rate(c):g} {c}/USD" for c in used) or "1 USD/USD"


def _checked_code(code: str) -> str:
    upper = str(code).strip().upper()
    if not is_code(upper):
        raise UsageError(f"rates: {code!r} is not a currency code: use ISO 4217 codes such as INR or EUR")
    return upper


def _checked_rate(code: str, value: object) -> float:
    try:
        rate = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        rate = math.nan
    if not (math.isfinite(rate) and rate > 0) or isinstance(value, bool):
        fix = "SHOPCLI_CNY_PER_USD" if code == "CNY" else f"[rates] {code} in config.toml or SHOPCLI_RATES"
        raise UsageError(
            f"the {code}/USD rate must be a positive number of {code} per US dollar, not {value!r}: fix {fix}"
        )
    return rate


def parse_rates(value: object) -> tuple[tuple[str, float], ...]:
    """A [rates] table ({"INR": 83.5}) or SHOPCLI_RATES text ("INR=83.5,EUR=0.91") as checked pairs."""
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, str):
        items = []
        for part in filter(None, (p.strip() for p in re.split(r"[,;\s]+", value))):
            code, sep, rate = part.partition("=")
            if not sep:
                raise UsageError(f"rates: {part!r} is not CODE=RATE, e.g. INR=83.5: fix SHOPCLI_RATES")
            items.append((code, rate))
    else:
        raise UsageError("rates must be a table of CODE = units per US dollar: fix [rates] in config.toml")
    return tuple((_checked_code(c), _checked_rate(str(c).upper(), r)) for c, r in items)
