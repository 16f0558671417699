"""Money as data: how prices are written, the rates table and its settings, and budgets in any currency.

The property at the end is issue 9's: a budget stated in any supported currency, on a catalog in any
currency, never shows a product above it once converted (unless relaxation says it dropped the budget).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from catalog_fixture import fixture_rows, write_catalog
from hypothesis import given, settings
from hypothesis import strategies as st

from shopcli.config import load_settings
from shopcli.errors import UsageError
from shopcli.money import Rates, format_price, parse_rates, plain_amount, yuan_rate
from shopcli.store.catalog import Catalog
from shopcli.understand.rules import parse

RATES = Rates.of()


def test_prices_are_written_with_their_currency() -> None:
    assert format_price(80, "USD") == "$80.00"
    assert format_price(1299, "INR") == "₹1,299.00"
    assert format_price(11100, "CNY") == "¥11,100.00"
    assert format_price(1500, "JPY") == "JP¥1,500"
    assert format_price(12.5, "XYZ") == "12.50 XYZ"  # a code without a known symbol follows the amount


def test_prices_keep_their_own_currency_and_symbol() -> None:
    assert plain_amount(1299, "USD") == "$1,299.00"
    assert plain_amount(12.5, "eur") == "€12.50"
    assert plain_amount(499, "INR") == "₹499.00"  # paise shown, as the currency table says
    assert plain_amount(12, "XYZ") == "12.00 XYZ"
    assert plain_amount(50, "USD", round_number=True) == "$50"


def test_chinese_answers_add_yuan_to_other_currencies_and_say_yuan_for_cny() -> None:
    assert format_price(26.99, "USD", "zh", cny_per_usd=7.2) == "$26.99（约194元）"
    assert format_price(299, "CNY", "zh") == "299元"
    assert format_price(299.5, "CNY", "zh") == "299.50元"
    assert format_price(26.99, "USD", "en") == "$26.99"
    assert format_price(10, "EUR", "zh") == "€10.00"  # no EUR rate is configured: no made-up yuan


def test_yuan_rate_is_known_for_cny_and_usd_only() -> None:
    assert yuan_rate("CNY", 7.2) == 1.0 and yuan_rate("usd", 7.0) == 7.0 and yuan_rate("INR", 7.2) is None


def test_rates_convert_through_the_dollar_and_say_how() -> None:
    assert RATES.convert(50, "USD", "INR") == pytest.approx(4150)
    assert RATES.convert(720, "CNY", "USD") == pytest.approx(100)
    assert RATES.convert(1, "USD", "XYZ") is None
    assert RATES.describe("USD", "INR") == "83 INR/USD"
    assert RATES.describe("CNY", "INR") == "7.2 CNY/USD, 83 INR/USD"


def test_rates_are_checked() -> None:
    assert parse_rates("INR=83.5, eur=0.9") == (("INR", 83.5), ("EUR", 0.9))
    assert parse_rates({"GBP": 0.8}) == (("GBP", 0.8),)
    for bad in ("INR", "INR=0", "INR=-1", "INR=nan", "RUPEE=83"):
        with pytest.raises(UsageError, match="SHOPCLI_RATES|ISO 4217|rates"):
            parse_rates(bad)
    with pytest.raises(UsageError, match="config.toml"):
        Rates.of({"INR": "lots"})  # type: ignore[dict-item]


def test_rates_come_from_config_then_env_and_the_yuan_rate_still_works(
    _isolated_user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (_isolated_user_dir / "config.toml").write_text("[rates]\nINR = 80\nEUR = 0.9\n", encoding="utf-8")
    rates = load_settings().exchange_rates()
    assert rates.rate("INR") == 80 and rates.rate("EUR") == 0.9 and rates.rate("CNY") == 7.2
    monkeypatch.setenv("SHOPCLI_RATES", "INR=84,CNY=7.0")
    monkeypatch.setenv("SHOPCLI_CNY_PER_USD", "7.1")
    rates = load_settings().exchange_rates()
    assert rates.rate("INR") == 84 and rates.rate("EUR") == 0.92 and rates.rate("CNY") == 7.1
    monkeypatch.setenv("SHOPCLI_RATES", "INR=zero")
    with pytest.raises(UsageError, match="SHOPCLI_RATES"):
        load_settings()


# --- budgets in any currency, on catalogs in any currency ---

CATALOG_CURRENCIES = ("USD", "CNY", "INR", "EUR")
# How shoppers write each currency (issue 9's list), as a word after the amount or a symbol before it.
AFTER: dict[str, tuple[str, ...]] = {
    "USD": ("dollars", "bucks", "usd", "美元"), "CNY": ("元", "块", "人民币", "rmb"),
    "INR": ("rupees", "rs", "inr", "卢比"), "EUR": ("euros", "eur", "欧元"), "GBP": ("gbp", "英镑"),
    "JPY": ("yen", "円", "日元"),
}  # fmt: skip
BEFORE: dict[str, tuple[str, ...]] = {"USD": ("$",), "CNY": ("¥",), "INR": ("₹", "Rs "), "EUR": ("€",),
                                      "GBP": ("£",)}  # fmt: skip


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Catalog]]:
    """The fixture catalog priced in each currency: its dollar prices times the currency's rate."""
    folder = tmp_path_factory.mktemp("currencies")
    opened = {}
    for code in CATALOG_CURRENCIES:
        rate = RATES.rate(code) or 1
        rows = [r | {"price": round(r["price"] * rate, 2), "currency": code} for r in fixture_rows()]
        opened[code] = Catalog.open(write_catalog(folder, name=f"{code}.parquet", rows=rows))
    yield opened
    for catalog in opened.values():
        catalog.close()


@st.composite
def budgets(draw: st.DrawFn) -> tuple[str, str, float]:
    """(catalog currency, query, the budget in the query's currency)."""
    catalog = draw(st.sampled_from(CATALOG_CURRENCIES))
    currency = draw(st.sampled_from(sorted(AFTER)))
    amount = draw(st.integers(min_value=1, max_value=200_000))
    what = draw(st.sampled_from(("dress", "headphones", "jackets")))
    if currency in BEFORE and draw(st.booleans()):
        query = f"{what} under {draw(st.sampled_from(BEFORE[currency]))}{amount}"
    else:
        word = draw(st.sampled_from(AFTER[currency]))
        query = f"{amount}{word}以内的{what}" if not word.isascii() else f"{what} under {amount} {word}"
    return catalog, query, float(amount) if currency == catalog else _converted(amount, currency, catalog)


def _converted(amount: float, source: str, target: str) -> float:
    value = RATES.convert(amount, source, target)
    assert value is not None
    return value


@settings(max_examples=120, deadline=None)
@given(budgets())
def test_a_budget_in_any_currency_is_never_exceeded(catalogs: dict[str, Catalog], case: tuple) -> None:
    code, query, cap = case
    catalog = catalogs[code]
    intent = parse(query, catalog.vocabulary(), rates=RATES)
    assert intent.currency == code and intent.max_price == pytest.approx(cap, abs=0.005), query
    result = catalog.search(intent)
    if not any(step.startswith("price") for step in result.relaxed):  # a dropped budget is said
        assert all(p.price <= cap + 0.005 for p in result.products), (query, cap)
        assert all(p.currency == code for p in result.products)


def test_a_converted_budget_finds_what_fits_and_says_how(catalogs: dict[str, Catalog]) -> None:
    catalog = catalogs["INR"]
    intent = parse("headphones under $100", catalog.vocabulary(), rates=RATES)
    assert intent.max_price == 8300 and intent.notes == ("100 USD ≈ 8,300 INR at 83 INR/USD",)
    shown = catalog.search(intent).products
    assert shown and all(p.price <= 8300 and p.category == "headphones" for p in shown)
    bare = parse("300以内的耳机", catalogs["CNY"].vocabulary(), rates=RATES)
    assert bare.max_price == 300 and bare.notes == ()  # no currency word: the catalog's own
