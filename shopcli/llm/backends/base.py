"""The model seam: what the advisor needs from a language model, whatever runs it.

A backend turns chat messages into either one JSON object that follows a schema (reading a
request) or a stream of text pieces (phrasing a reply). `stats` describes the last call, so the
CLI can show speed and tests can check that the fixed prompt prefix is not evaluated twice.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class Message:
    role: Role
    content: str


@dataclass(frozen=True)
class CallStats:
    """What the last call cost."""

    prompt_tokens: int = 0  # tokens in the whole prompt
    cached_tokens: int = 0  # of those, reused from the previous call's KV cache, not evaluated
    generated_tokens: int = 0  # tokens sampled, counted by the backend (stream chunks carry no counts)
    first_token_s: float = 0.0  # seconds until the first generated token: mostly prompt evaluation
    total_s: float = 0.0
    started_at: float = 0.0  # time.perf_counter() when the call began, to place it in a whole run

    @property
    def evaluated_tokens(self) -> int:
        return self.prompt_tokens - self.cached_tokens

    @property
    def prompt_tps(self) -> float:
        """Prompt tokens evaluated per second (0 when nothing was timed)."""
        return self.evaluated_tokens / self.first_token_s if self.first_token_s > 0 else 0.0

    @property
    def gen_tps(self) -> float:
        """Generated tokens per second after the first one."""
        gen_s = self.total_s - self.first_token_s
        return (self.generated_tokens - 1) / gen_s if self.generated_tokens > 1 and gen_s > 0 else 0.0


class Backend(ABC):
    """A language model the advisor can ask for structured JSON or streamed text."""

    name: str = "backend"
    can_stream: bool = True  # pieces arrive as they are generated
    supports_schema: bool = True  # output is constrained to the schema while generating
    stats: CallStats = CallStats()

    @abstractmethod
    def complete_json(
        self, messages: Sequence[Message], schema: dict[str, Any], *, max_tokens: int
    ) -> dict[str, Any]:
        """One JSON object that validates against `schema`, or {} when the model's reply does not."""

    @abstractmethod
    def stream(
        self, messages: Sequence[Message], *, max_tokens: int, stop: Sequence[str] | None = None
    ) -> Iterator[str]:
        """Text pieces of the reply; close() the iterator to stop generating early (Ctrl-C)."""

    @abstractmethod
    def count_tokens(self, text: str) -> int:
        """How many tokens `text` takes in this model's vocabulary."""

    @property
    @abstractmethod
    def n_ctx(self) -> int:
        """The context window in tokens: prompt plus reply must fit in it."""

    def prepare(self, probes: Sequence[Sequence[Message]], state_dir: Path | None = None) -> None:  # noqa: B027
        """Get the start that every prompt like `probes` shares ready before the first call, where
        that pays (the in-process model restores its saved KV state); by default nothing."""

    def report(self) -> dict[str, Any]:
        """What loading and the last call cost, for `shop ask --stats` (times in seconds)."""
        s = self.stats
        return {
            "backend": self.name, "prompt_tokens": s.prompt_tokens, "reused_tokens": s.cached_tokens,
            "generated_tokens": s.generated_tokens, "first_token_s": round(s.first_token_s, 3),
            "gen_tps": round(s.gen_tps, 1), "first_token_at": s.started_at + s.first_token_s,
        }  # fmt: skip
