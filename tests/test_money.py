from __future__ import annotations

from shopcli.money import format_price, plain_amount, yuan_rate


def test_prices_keep_their_own_currency_and_symbol() -> None:
    assert plain_amount(1299, "USD") == "$1,299.00"
    assert plain_amount(12.5, "eur") == "€12.50"
    assert plain_amount(499, "INR") == "₹499"
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
