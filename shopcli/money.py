"""Prices as people read them: ONE helper renders every amount on screen and in prompts.

A product's price is shown in its own currency, with its symbol. A Chinese answer about a product
priced in another currency adds the approximate yuan ("$26.99（约194元）"), so templated replies,
prompts (which the model copies) and the card all follow one convention. Only the CNY/USD rate is
configured today; other currencies show no yuan rather than a made-up one.
"""

from __future__ import annotations

SYMBOLS: dict[str, str] = {"USD": "$", "EUR": "€", "GBP": "£", "INR": "₹", "JPY": "¥", "CNY": "¥"}


def yuan_rate(currency: str, cny_per_usd: float) -> float | None:
    """Yuan per unit of `currency`, when known."""
    code = currency.upper()
    return 1.0 if code == "CNY" else cny_per_usd if code == "USD" else None


def plain_amount(amount: float, currency: str, *, round_number: bool = False) -> str:
    """The amount in its own currency with its symbol: "$1,299.00", "€12.50", "₹499", "12.00 XYZ".

    `round_number`: a bound such as a budget band, written without cents when it has none ("$50")."""
    code = (currency or "USD").upper()
    whole = amount == int(amount) and (round_number or code in ("INR", "JPY"))
    digits = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    symbol = SYMBOLS.get(code)
    return f"{symbol}{digits}" if symbol else f"{digits} {code}"


def format_price(
    amount: float,
    currency: str,
    language: str = "en",
    *,
    cny_per_usd: float = 7.2,
    round_number: bool = False,
) -> str:
    """A price for an answer in `language`: Chinese answers say 元 for yuan and add it after others."""
    code = (currency or "USD").upper()
    if language != "zh":
        return plain_amount(amount, code, round_number=round_number)
    if code == "CNY":
        return f"{amount:,.0f}元" if amount == int(amount) else f"{amount:,.2f}元"
    rate = yuan_rate(code, cny_per_usd)
    shown = plain_amount(amount, code, round_number=round_number)
    return f"{shown}（约{amount * rate:,.0f}元）" if rate else shown
