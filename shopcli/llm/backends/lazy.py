"""A backend that loads its model on first use, so products reach the screen before the
1-2 s model load, and a rules-only turn never loads a model at all."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from shopcli.llm.backends.base import Backend, CallStats, Message


class LazyBackend(Backend):
    def __init__(self, load: Callable[[], Backend]) -> None:
        self._load = load
        self._backend: Backend | None = None

    @property
    def loaded(self) -> bool:
        return self._backend is not None

    def get(self) -> Backend:
        if self._backend is None:
            self._backend = self._load()
            self.name = self._backend.name
        return self._backend

    @property
    def stats(self) -> CallStats:  # type: ignore[override]
        return self._backend.stats if self._backend else CallStats()

    def complete_json(
        self, messages: Sequence[Message], schema: dict[str, Any], *, max_tokens: int
    ) -> dict[str, Any]:
        return self.get().complete_json(messages, schema, max_tokens=max_tokens)

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int, stop: Sequence[str] | None = None
    ) -> Iterator[str]:
        return self.get().stream(messages, max_tokens=max_tokens, stop=stop)

    def count_tokens(self, text: str) -> int:
        return self.get().count_tokens(text)

    @property
    def n_ctx(self) -> int:
        return self.get().n_ctx

    def report(self) -> dict[str, Any]:
        return self._backend.report() if self._backend else {}
