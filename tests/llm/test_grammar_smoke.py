"""The intent schema, the reply validator, and a crash guard: the shipped grammar run in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import DEMO_CATALOG
from model_fixture import tiny_model  # noqa: F401  (fixture)

from shopcli.intent import SORTS
from shopcli.llm.grammar import grammar_safe, intent_schema, parse_json_reply, validate
from shopcli.schema import Vocabulary

# A catalog-sized vocabulary, with the awkward values real catalogs have.
BIG = Vocabulary(
    categories=tuple(f"category {i}" for i in range(40)) + ("running shoes",),
    subcategories=(),
    brands=tuple(f"Brand {i}" for i in range(150)) + ("小米", "Levi's", 'The "Best" Co', "A\\B", "L'Oréal"),
    colors=("red", "blue", "navy"),
    tags=tuple(f"tag-{i}" for i in range(120)),
    min_price=1.0,
    max_price=999.0,
)
GOOD = {
    "categories": ["running shoes"], "features": [], "colors": ["red"], "brands": ["小米"],
    "sort": "price_asc", "min_price": None, "max_price": 80, "keywords": ["trail"],
}  # fmt: skip


def test_schema_limits_values_to_the_vocabulary() -> None:
    schema = intent_schema(BIG)
    props = schema["properties"]
    assert props["categories"]["maxItems"] == 2 and props["features"]["maxItems"] == 4
    assert props["keywords"]["maxItems"] == 5
    assert props["sort"]["enum"] == list(SORTS)
    assert "小米" in props["brands"]["items"]["enum"] and "Levi's" in props["brands"]["items"]["enum"]
    assert schema["required"] == list(props) and schema["additionalProperties"] is False


def test_values_the_converter_would_break_are_left_out() -> None:
    brands = intent_schema(BIG)["properties"]["brands"]["items"]["enum"]
    assert 'The "Best" Co' not in brands and "A\\B" not in brands
    assert not grammar_safe("tab\there") and not grammar_safe("") and grammar_safe("L'Oréal")


def test_empty_vocabulary_lists_are_left_out_not_empty_enums() -> None:
    empty = Vocabulary((), (), (), (), (), 0.0, 0.0)
    assert set(intent_schema(empty)["properties"]) == {"sort", "min_price", "max_price", "keywords"}


def test_validate_accepts_a_good_reply_and_names_each_problem() -> None:
    schema = intent_schema(BIG)
    assert validate(GOOD, schema) == []
    bad = GOOD | {"colors": ["mauve"], "max_price": -3, "keywords": ["x"] * 6, "extra": 1}
    del bad["sort"]
    problems = " | ".join(validate(bad, schema))
    for expected in ("missing 'sort'", "unexpected key 'extra'", "'mauve'", "below 0", "more than 5"):
        assert expected in problems


def test_parse_json_reply_returns_empty_on_anything_invalid() -> None:
    schema = intent_schema(BIG)
    assert parse_json_reply(json.dumps(GOOD), schema) == GOOD
    for text in ("", "{", "[1, 2]", '"text"', json.dumps(GOOD | {"sort": "random"}), "[" * 100_000):
        assert parse_json_reply(text, schema) == {}


def test_converter_turns_the_schema_into_a_real_grammar_quickly() -> None:
    grammar = pytest.importorskip("llama_cpp.llama_grammar")
    started = time.perf_counter()
    gbnf = grammar.json_schema_to_gbnf(json.dumps(intent_schema(BIG)))
    elapsed = time.perf_counter() - started
    # Not the any-JSON fallback: the enums are rules of their own, with the catalog's values in them.
    assert "brands-item ::=" in gbnf and '"\\"Brand 149\\""' in gbnf and "price_desc" in gbnf
    assert gbnf != grammar.JSON_GBNF and elapsed < 1.0


SMOKE = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from shopcli.llm.backends.base import Message
    from shopcli.llm.backends.llama_cpp import LlamaCppBackend, LoadParams
    from shopcli.llm.grammar import intent_schema
    from test_grammar_smoke import BIG

    backend = LlamaCppBackend(LoadParams(Path(sys.argv[1]), n_ctx=1024))
    messages = [Message("system", "Fill in search filters as JSON."), Message("user", "red shoes under 80")]
    big = backend.complete_json(messages, intent_schema(BIG), max_tokens=300)
    # What shopcli itself ships: the open-fields schema of the demo catalog with the real prompt.
    from shopcli.store.catalog import Catalog
    from shopcli.llm.grammar import open_fields_schema
    from shopcli.llm.prompts import intent_messages
    with Catalog.open(Path(sys.argv[2])) as cat:
        shipped = open_fields_schema(cat.vocabulary())
    real = backend.complete_json(intent_messages("something warm for winter runs"), shipped, max_tokens=120)
    print(json.dumps({"big": big, "shipped": shipped, "real": real}))
    """
)


@pytest.mark.llm
def test_shipped_grammar_runs_in_llama_cpp_without_crashing(tiny_model: Path) -> None:  # noqa: F811
    # A subprocess, so a segfault in the sampler fails this test instead of killing the test run.
    here = os.pathsep.join(str(p) for p in (Path(__file__).parent, Path(__file__).parents[1]))  # + conftest
    proc = subprocess.run(
        [sys.executable, "-c", SMOKE, str(tiny_model), str(DEMO_CATALOG)], capture_output=True, text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": here},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr == ""  # llama.cpp's load chatter and exit-time tracebacks stay hidden
    out = json.loads(proc.stdout)
    assert out["big"] and validate(out["big"], intent_schema(BIG)) == [], proc.stdout
    # The tiny model may fail to finish the JSON in its token budget ({}); it must never crash or
    # return something outside the schema.
    assert out["real"] == {} or validate(out["real"], out["shipped"]) == [], proc.stdout
