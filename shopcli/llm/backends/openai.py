"""A model behind an OpenAI-compatible server: llama.cpp's llama-server, llama-cpp-python's server,
vLLM, Ollama, LM Studio. One GPU box can then answer many terminals, or run a bigger model.

Replies stream as server-sent events from `/chat/completions`. Structured output sends the JSON
schema the in-process backend turns into a grammar, in the first form the server accepts (servers
differ: see STRUCTURED), and every reply is validated exactly as the local model's is: the server is
trusted for nothing. The API key is read from the environment variable that `api_key_env` names; it
goes into the Authorization header and nowhere else (never a message, a log line or a repr).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from shopcli.llm.backends.base import Backend, CallStats, Message
from shopcli.llm.backends.serverapi import ServerApi
from shopcli.llm.grammar import parse_json_reply

# The JSON schema, in the forms servers accept, tried in this order until one is not refused:
# OpenAI, vLLM, Ollama >= 0.5, LM Studio and llama-server take `json_schema`; llama-cpp-python's
# server takes only `json_object` with a `schema` (it answers 500 to `json_schema`); plain JSON mode
# and finally no format at all still get the reply validated, so an older server degrades, not fails.
STRUCTURED: tuple[str, ...] = ("json_schema", "json_object+schema", "json_object", "none")


def _format_fields(form: str, schema: dict[str, Any]) -> dict[str, Any]:
    if form == "json_schema":
        return {"response_format": {"type": "json_schema", "json_schema": _named(schema)}}
    if form == "json_object+schema":
        return {"response_format": {"type": "json_object", "schema": schema}}
    if form == "json_object":
        return {"response_format": {"type": "json_object"}}
    return {}


def _named(schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": "reply", "schema": schema}


@dataclass(frozen=True)
class ServerParams:
    base_url: str
    model: str  # the server's name for the model; see ServerApi.pick_model
    api_key: str | None = field(default=None, repr=False)
    api_key_env: str = ""  # the variable's name, for messages
    timeout: float = 60.0
    n_ctx: int = 2048  # assumed when the server does not say
    seed: int = 0


class OpenAIBackend(Backend):
    """Chat completions from a server; cheap to create, it connects on first use."""

    name = "openai"

    def __init__(self, params: ServerParams, *, temperature: float = 0.2) -> None:
        self._api = ServerApi(params.base_url, params.api_key, params.timeout, key_env=params.api_key_env)
        self._params = params
        self._temperature = temperature
        self._model: str | None = None
        self._form = 0  # index into STRUCTURED of the first form this server did not refuse
        self.stats = CallStats()

    def check(self) -> str:
        """Reach the server and find the model now (exit 4 with the fix when either fails)."""
        if self._model is None:
            self._model = self._api.pick_model(self._params.model)
            self.name = f"openai:{self._model}"
        return self._model

    @property
    def structured_form(self) -> str:
        """The schema form this server accepted (after the first complete_json)."""
        return STRUCTURED[self._form]

    @property
    def n_ctx(self) -> int:
        return self._api.context_size() or self._params.n_ctx

    def count_tokens(self, text: str) -> int:
        counted = self._api.count_tokens(text)
        # Without a tokenize endpoint: UTF-8 bytes, an upper bound for byte-level BPE vocabularies,
        # so a prompt is never believed to fit when it does not.
        return counted if counted is not None else len(text.encode("utf-8")) + 1

    def _body(self, messages: Sequence[Message], max_tokens: int, **extra: Any) -> dict[str, Any]:
        model = self.check()
        body = {"messages": [{"role": m.role, "content": m.content} for m in messages],
                "max_tokens": max_tokens, "seed": self._params.seed, **extra}  # fmt: skip
        return {"model": model, **body} if model else body

    def complete_json(
        self, messages: Sequence[Message], schema: dict[str, Any], *, max_tokens: int
    ) -> dict[str, Any]:
        body = self._body(messages, max_tokens, temperature=0.0)
        started = time.perf_counter()
        while True:
            fields = body | _format_fields(self.structured_form, schema)
            last = self._form == len(STRUCTURED) - 1
            reply = self._api.post_json("/chat/completions", fields, refusable=not last)
            if reply is not None:
                break
            self._form += 1  # the server refused this form of the schema: try the next
        elapsed = time.perf_counter() - started
        self.stats = _stats(reply.get("usage"), 1, started, elapsed, elapsed)
        return parse_json_reply(_message_text(reply), schema)

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int, stop: Sequence[str] | None = None
    ) -> Iterator[str]:
        extra: dict[str, Any] = {"temperature": self._temperature, "stream": True}
        if stop:
            extra["stop"] = list(stop)
        return self._pieces(self._body(messages, max_tokens, **extra))

    def _pieces(self, body: dict[str, Any]) -> Iterator[str]:
        """Text deltas as they arrive; closing this iterator closes the HTTP response, which tells the
        server to stop generating (llama.cpp's servers check for a gone client after every token)."""
        started, first, count, usage = time.perf_counter(), 0.0, 0, None
        try:
            for chunk in self._api.stream_events("/chat/completions", body):
                usage = chunk.get("usage") or usage
                if text := _delta_text(chunk):
                    first = first or time.perf_counter() - started
                    count += 1
                    yield text
        finally:
            self.stats = _stats(usage, count, started, first, time.perf_counter() - started)


def _message_text(reply: dict[str, Any]) -> str:
    try:
        content = reply["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return ""
    return content if isinstance(content, str) else ""


def _delta_text(chunk: dict[str, Any]) -> str:
    try:
        content = chunk["choices"][0]["delta"].get("content")
    except (KeyError, IndexError, TypeError, AttributeError):
        return ""
    return content if isinstance(content, str) else ""


def _stats(usage: Any, chunks: int, started: float, first_s: float, total_s: float) -> CallStats:
    """What the server reported, where it did; each streamed chunk counts as one token otherwise."""
    usage = usage if isinstance(usage, dict) else {}
    details = usage.get("prompt_tokens_details") or {}
    return CallStats(
        prompt_tokens=int(usage.get("prompt_tokens") or 0),
        cached_tokens=int(details.get("cached_tokens") or 0) if isinstance(details, dict) else 0,
        generated_tokens=int(usage.get("completion_tokens") or chunks),
        first_token_s=first_s, total_s=total_s, started_at=started,
    )  # fmt: skip
