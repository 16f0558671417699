"""The Python API (shopcli.Advisor): the same results as the commands, typed and frozen, the same errors,
the catalog opened once and the model loaded only when an answer needs it."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

import shopcli
from shopcli import api
from shopcli.errors import CatalogError, ExitCode, ModelError, UsageError
from shopcli.llm.backends.mock import MockBackend

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def shop() -> api.Advisor:
    with shopcli.Advisor(REPO / "catalog.parquet", backend="none") as advisor:
        yield advisor


def test_import_shopcli_loads_nothing_until_a_name_is_used() -> None:
    code = (
        "import sys, shopcli; before = sorted(m for m in sys.modules if m.startswith('shopcli'));"
        "shopcli.Advisor; after = 'shopcli.api' in sys.modules;"
        "import json; print(json.dumps([before, after, shopcli.__version__]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    before, after, version = json.loads(out)
    assert before == ["shopcli"] and after is True
    assert version == shopcli.__version__ != "0+unknown"


def test_every_public_name_resolves_and_unknown_names_fail() -> None:
    for name in shopcli.__all__:
        assert getattr(shopcli, name) is not None
    assert set(shopcli.__all__) <= set(dir(shopcli))
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        shopcli.Nope  # noqa: B018
    assert (Path(shopcli.__file__).parent / "py.typed").is_file()


def test_search_is_what_shop_search_json_prints(shop: api.Advisor) -> None:
    found = shop.search("red dress under $80", limit=3)
    assert isinstance(found, shopcli.SearchOutcome) and len(found.products) == 3
    assert all(p.category == "dresses" and p.color == "red" and p.price <= 80 for p in found.products)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.query = "x"  # type: ignore[misc]
    command = [sys.executable, "-m", "shopcli", "search", "--json", "--no-llm", "-n3", "red dress under $80"]
    cli = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=True)
    assert json.loads(cli.stdout) == json.loads(json.dumps(found.to_dict()))


def test_search_filters_win_over_the_words(shop: api.Advisor) -> None:
    found = shop.search("headphones", brand=["sony"], max_price=200, sort="price_asc")
    prices = [p.price for p in found.products]
    assert found.products and {p.brand for p in found.products} == {"Sony"} and prices == sorted(prices)


def test_ask_without_a_model_is_the_templated_answer(shop: api.Advisor) -> None:
    answer = shop.ask("wireless earbuds under $100")
    assert answer.text.startswith("Top pick: [1]") and 1 in answer.citations
    assert answer.products == answer.outcome.products and answer.removed == ()
    assert set(answer.to_dict()) >= {"products", "answer", "citations", "removed", "intent"}


def test_ask_stream_gives_products_first_then_checked_text() -> None:
    reply = "The [1] is a good pick. It costs $1.00."  # the price is not in the rows: withheld
    backend = MockBackend([reply])
    with shopcli.Advisor(REPO / "catalog.parquet", backend=backend) as shop:
        stream = shop.ask_stream("wireless earbuds under $100")
        assert stream.products  # known before any text is read
        pieces = list(stream)
        answer = stream.answer()
    assert pieces == [answer.text] and "[1]" in answer.text and "$1.00" not in answer.text
    assert answer.removed and answer.citations == (1,)


def test_a_search_the_rules_can_read_never_asks_the_model() -> None:
    backend = MockBackend([])  # any call would fail: no replies scripted
    with shopcli.Advisor(REPO / "catalog.parquet", backend=backend) as shop:
        assert shop.search("running shoes under 150").products
    assert backend.calls == []


def test_a_conversation_carries_acts_and_references(shop: api.Advisor) -> None:
    chat = shop.conversation()
    first = chat.say("running shoes under 150")
    assert first.act == "search" and first.products and first.answer
    compared = chat.say("compare 1 and 2")
    assert compared.act == "compare" and compared.refers_to == tuple(p.id for p in first.products[:2])
    assert chat.command("/filters").message.startswith("Filters: ")
    with pytest.raises(UsageError, match="command"):
        chat.say("/filters")
    with pytest.raises(UsageError):
        chat.command("compare 1 and 2")


def test_show_and_compare_match_the_commands(shop: api.Advisor) -> None:
    ids = [p.id for p in shop.search("red dress", limit=2).products]
    assert shop.show(ids[0]).id == ids[0]
    compared = shop.compare(ids)
    cli = subprocess.run([sys.executable, "-m", "shopcli", "compare", "--json", *ids],
                         capture_output=True, text=True, cwd=REPO, check=True)  # fmt: skip
    assert json.loads(cli.stdout) == json.loads(json.dumps(compared.to_dict()))
    assert shopcli.Advisor(REPO / "catalog.parquet", backend="none", language="zh").compare(ids).verdict
    with pytest.raises(UsageError, match="no product 'NOPE'") as caught:
        shop.show("NOPE")
    assert caught.value.exit_code == ExitCode.USAGE


def test_errors_are_the_command_lines(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as caught:
        shopcli.Advisor(tmp_path / "missing.parquet", backend="none").search("red dress")
    assert caught.value.exit_code == ExitCode.CATALOG == 3
    with pytest.raises(UsageError):
        shopcli.Advisor(backend="none").search("   ")
    with pytest.raises(UsageError, match="limit must be a whole number from 1 to 200"):
        shopcli.Advisor(backend="none").search("red dress", limit=0)
    with pytest.raises(UsageError, match="language must be 'en' or 'zh'"):
        shopcli.Advisor(backend="none", language="fr")  # type: ignore[arg-type]
    missing = shopcli.Advisor(model=tmp_path / "missing.gguf")
    with pytest.warns(shopcli.ShopWarning, match="searching with rules only"):
        assert missing.search("running shoes").products  # a search goes on with rules
    with pytest.raises(ModelError) as model_error:
        missing.ask("running shoes")  # an answer needs the model
    assert model_error.value.exit_code == ExitCode.MODEL == 4


def test_the_catalog_opens_once_and_closes(shop: api.Advisor) -> None:
    first = shop.catalog
    shop.search("red dress")
    shop.ask("red dress")
    assert shop.catalog is first
    shop.close()
    assert shop.catalog is not first  # reopened on the next use
