"""The OpenAI-compatible backend against real servers on loopback (plumbing with the tiny model).

llama-cpp-python's own server answers the happy paths, cancellation and a kill mid-answer; a few
lines of http.server play the servers that stall or fail. Nothing here is mocked."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from model_fixture import tiny_model  # noqa: F401  (fixture)
from server_fixture import (
    ALIAS,
    API_KEY,
    free_port,
    llama_server,  # noqa: F401  (fixture)
    misbehaving_server,
    start_llama_server,
    wait_for,
)

from shopcli.errors import ModelError, UsageError
from shopcli.llm.backends.base import Message
from shopcli.llm.backends.openai import OpenAIBackend, ServerParams
from shopcli.llm.backends.serverapi import read_api_key, sse_data
from shopcli.llm.grammar import intent_schema, validate
from shopcli.schema import Vocabulary

VOCAB = Vocabulary(
    categories=("running shoes", "headphones", "dresses"), subcategories=(),
    brands=("Nike", "Sony", "Zara"), colors=("red", "blue", "black"), tags=("waterproof", "wireless"),
    min_price=5.0, max_price=500.0,
)  # fmt: skip
STORY = [
    Message("system", "You are a storyteller."),
    Message("user", "Write a very long story about a shoe shop."),
]


def backend(
    url: str, *, model: str = ALIAS, key: str | None = API_KEY, timeout: float = 120
) -> OpenAIBackend:
    return OpenAIBackend(
        ServerParams(url, model, api_key=key, api_key_env="SHOPCLI_API_KEY", timeout=timeout)
    )


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert "\n" not in text and API_KEY not in text and "Traceback" not in text
    return text


# --- the tiny model behind llama-cpp-python's server ----------------------------------------------

llm = pytest.mark.llm


@llm
def test_streaming_reply_arrives_in_pieces(llama_server) -> None:  # noqa: F811
    b = backend(llama_server.url)
    pieces = list(b.stream(STORY, max_tokens=24))
    assert len(pieces) > 1 and "".join(pieces).strip()
    assert 1 < b.stats.generated_tokens <= 24 and b.stats.total_s >= b.stats.first_token_s > 0
    assert b.name == f"openai:{ALIAS}"


@llm
def test_structured_output_uses_the_schema_form_the_server_takes(llama_server) -> None:  # noqa: F811
    b = backend(llama_server.url)
    schema = intent_schema(VOCAB)
    reply = b.complete_json([Message("user", "red nike running shoes under $80")], schema, max_tokens=200)
    assert reply and validate(reply, schema) == []
    # llama-cpp-python's server refuses OpenAI's json_schema form (422) and takes json_object + schema
    assert b.structured_form == "json_object+schema"
    assert b.complete_json([Message("user", "blue zara dress")], schema, max_tokens=200) is not None


@llm
def test_closing_the_stream_disconnects_and_the_server_stays_usable(llama_server) -> None:  # noqa: F811
    b = backend(llama_server.url)
    stream = b.stream(STORY, max_tokens=400)
    first = [next(stream) for _ in range(3)]
    stream.close()  # what Ctrl-C does through close_quietly
    assert len(first) == 3 and b.stats.generated_tokens == 3
    # the server notices the closed connection and stops generating (its own log says so)
    assert wait_for(lambda: "Disconnected from client" in llama_server.log_text(), timeout=120)
    assert list(b.stream([Message("user", "Say hi.")], max_tokens=4))


@llm
def test_tokens_and_context_come_from_the_server_or_a_safe_bound(llama_server) -> None:  # noqa: F811
    b = backend(llama_server.url)
    assert 0 < b.count_tokens("red running shoes") < len("red running shoes")  # /extras/tokenize/count
    assert b.n_ctx == 2048  # llama-cpp-python's server does not say: the configured n_ctx


@llm
def test_unknown_model_name_lists_what_the_server_has(llama_server) -> None:  # noqa: F811
    with pytest.raises(ModelError) as err:
        backend(llama_server.url, model="no-such-model").check()
    assert (
        "no-such-model" in one_line(err.value)
        and repr(ALIAS) in str(err.value)
        and "--model" in str(err.value)
    )
    assert backend(llama_server.url, model="").check() == ALIAS  # no name: the one model it serves


@llm
def test_wrong_api_key_is_refused_without_showing_any_key(llama_server) -> None:  # noqa: F811
    with pytest.raises(ModelError, match=r"refused the API key \(HTTP 401\).*SHOPCLI_API_KEY") as err:
        backend(llama_server.url, key="sk-wrong-key-0000").check()
    assert "sk-wrong-key-0000" not in one_line(err.value)


@llm
@pytest.mark.slow
def test_server_killed_mid_answer_is_one_line_error(tiny_model: Path, tmp_path: Path) -> None:  # noqa: F811
    server = start_llama_server(tiny_model, tmp_path / "server.log")
    try:
        stream = backend(server.url).stream(STORY, max_tokens=400)
        assert next(stream) and next(stream)
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait(timeout=30)
        with pytest.raises(ModelError, match="stopped answering|ended the reply early") as err:
            for _ in stream:
                pass
        one_line(err.value)
    finally:
        server.stop()


# --- servers that are down, slow or broken ---------------------------------------------------------


def test_no_server_names_the_fix() -> None:
    with pytest.raises(ModelError, match=r"no server at http://127\.0\.0\.1:\d+/v1 .*--backend local") as err:
        backend(f"http://127.0.0.1:{free_port()}/v1").check()
    one_line(err.value)


def test_a_silent_server_times_out() -> None:
    with misbehaving_server("stall") as url:
        b = backend(url, timeout=1)
        assert b.check() == ALIAS
        with pytest.raises(ModelError, match=r"sent nothing for 1 s") as err:
            list(b.stream(STORY, max_tokens=8))
        one_line(err.value)
        with pytest.raises(ModelError, match=r"sent nothing for 1 s"):
            b.complete_json(STORY, {"type": "object"}, max_tokens=8)


def test_a_server_that_stalls_mid_stream_times_out_after_the_first_piece() -> None:
    with misbehaving_server("stall-mid-stream") as url:
        stream = backend(url, timeout=1).stream(STORY, max_tokens=8)
        assert next(stream) == "Hello"
        with pytest.raises(ModelError, match="sent nothing for 1 s"):
            next(stream)


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (
            401,
            '{"error": {"message": "Incorrect API key provided: %s"}}',
            r"refused the API key \(HTTP 401\)",
        ),
        (
            500,
            '{"error": {"message": "boom with key %s inside"}}',
            r"HTTP 500 \(boom with key \*\*\* inside\)",
        ),
        (404, '{"error": {"message": "model \'x\' not found"}}', "has no such model"),
        (
            400,
            '{"error": {"message": "maximum context length exceeded"}}',
            "may not fit the server's context",
        ),
    ],
)
def test_server_errors_are_one_line_and_never_echo_the_key(status: int, body: str, expected: str) -> None:
    with misbehaving_server("status", status=status, body=body.replace("%s", API_KEY)) as url:
        with pytest.raises(ModelError, match=expected) as err:
            list(backend(url).stream(STORY, max_tokens=8))
    one_line(err.value)


def test_a_key_no_header_can_carry_is_refused_unshown() -> None:
    with pytest.raises(ModelError, match=r"\$K holds characters") as err:
        read_api_key({"K": "sk-abc\ndef"}, "K")
    assert "sk-abc" not in str(err.value)
    assert read_api_key({"K": "  sk-abc  "}, "K") == "sk-abc" and read_api_key({}, "K") is None


@pytest.mark.parametrize("url", ["ftp://host/v1", "not a url", "http://"])
def test_bad_base_url_is_a_usage_error(url: str) -> None:
    with pytest.raises(UsageError, match="base_url"):
        backend(url)


def test_server_sent_events_are_parsed_like_the_spec() -> None:
    lines = [": ping", 'data: {"a": 1}', "", "event: x", "data: line1", "data:line2", "", "data: [DONE]"]
    assert list(sse_data(lines)) == ['{"a": 1}', "line1\nline2", "[DONE]"]
