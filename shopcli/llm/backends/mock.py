"""A scripted backend for tests: each call takes the next reply from a queue.

Replies go through the same checks as a real model's (`parse_json_reply` for JSON), so a test can
script an invalid reply and see the caller fall back, exactly as with a misbehaving model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from shopcli.errors import ModelError
from shopcli.llm.backends.base import Backend, CallStats, Message
from shopcli.llm.grammar import parse_json_reply


class MockBackend(Backend):
    """Answers with `replies` in order; records every call's messages in `calls`."""

    name = "mock"

    def __init__(self, replies: Sequence[str | dict[str, Any]] = (), *, n_ctx: int = 2048) -> None:
        self.replies: list[str | dict[str, Any]] = list(replies)
        self.calls: list[tuple[Message, ...]] = []
        self._n_ctx = n_ctx
        self.stats = CallStats()

    @property
    def n_ctx(self) -> int:
        return self._n_ctx

    def count_tokens(self, text: str) -> int:
        return len(text.split())  # a stand-in: tests only need something monotonic

    def _next(self, messages: Sequence[Message]) -> str | dict[str, Any]:
        self.calls.append(tuple(messages))
        if not self.replies:
            raise ModelError("MockBackend has no scripted replies left: add more replies to the test")
        return self.replies.pop(0)

    def complete_json(
        self, messages: Sequence[Message], schema: dict[str, Any], *, max_tokens: int
    ) -> dict[str, Any]:
        reply = self._next(messages)
        text = reply if isinstance(reply, str) else json.dumps(reply)
        self.stats = CallStats(generated_tokens=self.count_tokens(text))
        return parse_json_reply(text, schema)

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int, stop: Sequence[str] | None = None
    ) -> Iterator[str]:
        reply = self._next(messages)
        text = reply if isinstance(reply, str) else json.dumps(reply)
        for s in stop or ():
            text = text.split(s, 1)[0]
        return self._pieces(text)

    def _pieces(self, text: str) -> Iterator[str]:
        """Word by word, like a model's tokens, so tests can close the stream part-way."""
        words = text.split(" ")
        sent = 0
        try:
            for i, word in enumerate(words):
                sent += 1
                yield word if i == 0 else " " + word
        finally:
            self.stats = CallStats(generated_tokens=sent)
