"""Backends: the scripted mock, and llama.cpp plumbing with the tiny real model (never its quality)."""

from __future__ import annotations

import sys
from contextlib import closing
from pathlib import Path

import pytest
from model_fixture import tiny_backend, tiny_model  # noqa: F401  (fixtures)

from shopcli.errors import ModelError
from shopcli.intent import SORTS
from shopcli.llm.backends.base import CallStats, Message
from shopcli.llm.backends.mock import MockBackend
from shopcli.llm.grammar import intent_schema, validate
from shopcli.schema import Vocabulary

VOCAB = Vocabulary(
    categories=("running shoes", "headphones", "dresses"), subcategories=(),
    brands=("Nike", "Sony", "Zara"), colors=("red", "blue", "black"), tags=("waterproof", "wireless"),
    min_price=5.0, max_price=500.0,
)  # fmt: skip
SYSTEM = Message("system", "You turn shopping requests into JSON search filters. " * 5)


def ask(text: str) -> list[Message]:
    return [SYSTEM, Message("user", text)]


# --- mock ---------------------------------------------------------------------------------------


def test_mock_replies_in_order_and_records_calls() -> None:
    mock = MockBackend([{"sort": "rating"}, "hello there friend"])
    schema = {"type": "object", "properties": {"sort": {"enum": ["rating"]}}}
    assert mock.complete_json(ask("best"), schema, max_tokens=10) == {"sort": "rating"}
    assert list(mock.stream(ask("hi"), max_tokens=10)) == ["hello", " there", " friend"]
    assert [call[-1].content for call in mock.calls] == ["best", "hi"]
    assert mock.stats == CallStats(generated_tokens=3)


def test_mock_validates_json_like_a_real_model() -> None:
    mock = MockBackend(["not json", {"sort": "cheapest"}])
    schema = intent_schema(VOCAB)
    assert mock.complete_json(ask("a"), schema, max_tokens=10) == {}
    assert mock.complete_json(ask("b"), schema, max_tokens=10) == {}


def test_mock_stream_can_be_closed_and_runs_out_loudly() -> None:
    mock = MockBackend(["one two three four"])
    pieces = mock.stream(ask("x"), max_tokens=10, stop=[" four"])
    assert next(pieces) == "one"
    pieces.close()  # type: ignore[attr-defined]
    assert mock.stats.generated_tokens == 1
    with pytest.raises(ModelError, match="no scripted replies left"):
        mock.stream(ask("y"), max_tokens=10)


def test_missing_llama_cpp_is_a_model_error_with_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    from shopcli.llm.backends import llama_cpp as backend

    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # makes `import llama_cpp` raise ImportError
    with pytest.raises(ModelError, match=r"pip install 'shopcli\[llm\]'"):
        backend.load(backend.LoadParams(Path("/nonexistent.gguf")))


# --- llama.cpp with the tiny model ----------------------------------------------------------------

llm = pytest.mark.llm


@llm
def test_grammar_constrained_json_parses_and_validates(tiny_backend) -> None:  # noqa: F811
    schema = intent_schema(VOCAB)
    reply = tiny_backend.complete_json(ask("red nike running shoes under $80"), schema, max_tokens=400)
    assert reply and validate(reply, schema) == []
    assert set(reply) == set(schema["properties"])


@llm
def test_stream_yields_pieces_and_counts_tokens(tiny_backend) -> None:  # noqa: F811
    pieces = list(tiny_backend.stream(ask("Describe a good pair of running shoes."), max_tokens=24))
    assert len(pieces) > 1 and "".join(pieces).strip()
    stats = tiny_backend.stats
    assert 1 < stats.generated_tokens <= 24 and stats.prompt_tokens > 50
    assert stats.total_s >= stats.first_token_s > 0


@llm
def test_closing_a_stream_midway_leaves_the_model_usable(tiny_backend) -> None:  # noqa: F811
    stream = tiny_backend.stream(ask("Write a long story about shoes."), max_tokens=200)
    first = [next(stream) for _ in range(3)]
    stream.close()
    assert len(first) == 3 and tiny_backend.stats.generated_tokens == 3
    schema = {"type": "object", "properties": {"sort": {"enum": list(SORTS)}}, "required": ["sort"]}
    assert tiny_backend.complete_json(ask("blue dress"), schema, max_tokens=50)["sort"] in SORTS


@llm
def test_ctrl_c_while_streaming_leaves_the_model_usable(tiny_backend) -> None:  # noqa: F811
    with pytest.raises(KeyboardInterrupt):
        with closing(tiny_backend.stream(ask("Write a long story about hats."), max_tokens=200)) as pieces:
            for i, _ in enumerate(pieces):
                if i == 2:
                    raise KeyboardInterrupt
    assert len(list(tiny_backend.stream(ask("Say hi."), max_tokens=8))) >= 1


@llm
def test_fixed_prefix_is_evaluated_once(tiny_backend) -> None:  # noqa: F811
    import llama_cpp

    schema = {"type": "object", "properties": {"sort": {"enum": list(SORTS)}}, "required": ["sort"]}
    system = Message("system", "Read the shopper's request and fill in the search filters. " * 20)
    evaluated = []
    for question in ("wireless sony headphones", "black zara dress, cheapest first"):
        llama_cpp.llama_perf_context_reset(tiny_backend.llama.ctx)
        tiny_backend.complete_json([system, Message("user", question)], schema, max_tokens=50)
        measured = llama_cpp.llama_perf_context(tiny_backend.llama.ctx).n_p_eval  # llama.cpp's own count
        assert measured == tiny_backend.stats.evaluated_tokens
        evaluated.append(measured)
    assert tiny_backend.stats.cached_tokens > tiny_backend.stats.prompt_tokens - 20
    assert evaluated[1] < evaluated[0] / 5


@llm
def test_over_long_prompt_is_a_clean_model_error(tiny_backend) -> None:  # noqa: F811
    huge = ask("shoes " * 3000)
    with pytest.raises(ModelError, match="context tokens.*SHOPCLI_N_CTX"):
        tiny_backend.stream(huge, max_tokens=50)
    with pytest.raises(ModelError, match="context tokens"):
        tiny_backend.complete_json(huge, intent_schema(VOCAB), max_tokens=50)
    assert list(tiny_backend.stream(ask("Say hi."), max_tokens=4))


@llm
def test_reply_budget_is_trimmed_to_the_context_left(tiny_model: Path) -> None:  # noqa: F811
    from shopcli.llm.backends.llama_cpp import LlamaCppBackend, LoadParams

    small = LlamaCppBackend(LoadParams(tiny_model, n_ctx=512))  # a short context keeps this test fast

    def room_left(prompt: list[Message]) -> int:
        return int(small.n_ctx - len(small.prompt_tokens(prompt)[0]))

    words = 480
    while room_left(ask("shoes " * words)) < 16:
        words -= 10
    prompt = ask("shoes " * words)
    room = room_left(prompt)
    assert room < 100
    list(small.stream(prompt, max_tokens=1000))
    assert small.stats.generated_tokens <= room


@llm
def test_model_is_loaded_once_per_process_quietly(tiny_model: Path, tiny_backend, capfd) -> None:  # noqa: F811
    from shopcli.llm.backends.llama_cpp import LlamaCppBackend, LoadParams

    again = LlamaCppBackend(LoadParams(tiny_model, n_ctx=2048))
    assert again.llama is tiny_backend.llama
    LlamaCppBackend(LoadParams(tiny_model, n_ctx=512))  # a real second load
    assert capfd.readouterr().err == ""
    assert tiny_backend.count_tokens("red running shoes") > 0 and tiny_backend.n_ctx == 2048


@llm
@pytest.mark.parametrize("keep", [0, 5_000_000])
def test_unloadable_gguf_is_a_model_error(tiny_model: Path, tmp_path: Path, keep: int) -> None:  # noqa: F811
    from shopcli.llm.backends.llama_cpp import LlamaCppBackend, LoadParams

    bad = tmp_path / "bad.gguf"
    bad.write_bytes(tiny_model.read_bytes()[:keep] if keep else b"GGUF" + b"\x00\xff" * 500)
    with pytest.raises(ModelError, match="cannot load .*truncated, corrupt"):
        LlamaCppBackend(LoadParams(bad))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc dynamic-linker behaviour")
def test_libstdcxx_is_global_before_llama_cpp_loads() -> None:
    """A CUDA build's libggml-cuda.so carries its own libstdc++ stream templates; unless the system
    libstdc++ is in the global scope first, libllama binds to those copies and crashes at model load."""
    import ctypes

    from shopcli.llm.backends import llama_cpp as backend

    backend._share_libstdcxx()
    everything = ctypes.CDLL(None)  # the global scope, as the dynamic linker searches it
    assert hasattr(everything, "_ZNSo9_M_insertIlEERSoT_")  # std::ostream::_M_insert<long>
