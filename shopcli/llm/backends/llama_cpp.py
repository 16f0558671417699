"""The in-process backend: a GGUF model run by llama-cpp-python, loaded once per process.

Prompts are rendered with the model's own chat template (read from the GGUF), tokenized here and
passed to `create_completion` as tokens. Owning the tokens lets us budget them against the context
window before calling, and predict what llama.cpp reuses: `Llama.generate` keeps the KV cache of
the longest common token prefix with the previous call, so a prompt that always starts with the
same system text, vocabulary and examples evaluates that prefix once per process, not every turn.

llama_cpp is imported lazily so the rest of shopcli works (rules only) without it.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shopcli.errors import ModelError
from shopcli.llm.backends import kvstate
from shopcli.llm.backends.base import Backend, CallStats, Message
from shopcli.llm.grammar import parse_json_reply
from shopcli.llm.models import check_gguf, resolve

if TYPE_CHECKING:
    from shopcli.config import Settings

log = logging.getLogger(__name__)
MIN_REPLY_TOKENS = 16  # a prompt leaving less room than this is refused, not silently truncated
INSTALL_HINT = "llama-cpp-python is not installed: pip install 'shopcli[llm]' (see README for the CUDA build)"


@dataclass(frozen=True)
class LoadParams:
    path: Path
    n_ctx: int = 2048  # Llama() itself defaults to 512, too small for our prompts
    n_gpu_layers: int = 0
    n_threads: int | None = None  # None: every core this process may use
    seed: int = 0


_LOADED: dict[LoadParams, Any] = {}  # one Llama per model and parameters, for the whole process
_GRAMMARS: dict[str, Any] = {}  # schema JSON -> checked LlamaGrammar


def _llama_cpp() -> Any:
    _share_libstdcxx()
    try:
        import llama_cpp
    except ImportError as exc:
        raise ModelError(INSTALL_HINT) from exc
    return llama_cpp


def _share_libstdcxx() -> None:
    """Put the system libstdc++ in the global symbol scope before llama.cpp's libraries load.

    llama-cpp-python loads its libraries RTLD_GLOBAL. A CUDA build's libggml-cuda.so carries its own
    copies of libstdc++ stream templates, with their own `locale::id` statics; libllama (and DuckDB,
    in either import order) then bound to those copies and crashed formatting a number (SIGSEGV in
    `ostream::_M_insert<long>`, right after llama.cpp logs `n_layer_all`; backtrace taken with
    cuda-gdb on an H200). With libstdc++ global first, every library binds to the one real copy.
    A no-op where the library is absent (macOS, musl) or already global."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL("libstdc++.so.6", mode=ctypes.RTLD_GLOBAL)
    except OSError:
        pass


@contextmanager
def quiet_fds() -> Iterator[None]:
    """Point C-level stdout/stderr at /dev/null: llama.cpp prints while loading even when not verbose."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved = [os.dup(1), os.dup(2)]
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, devnull):
            os.close(fd)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def load(params: LoadParams) -> Any:
    """The Llama for `params`, loaded on first use and kept for the life of the process."""
    if params in _LOADED:
        return _LOADED[params]
    llama_cpp = _llama_cpp()
    check_gguf(params.path)
    threads = params.n_threads or _cores()
    try:
        with quiet_fds():
            llama = llama_cpp.Llama(
                model_path=str(params.path), n_ctx=params.n_ctx, n_gpu_layers=params.n_gpu_layers,
                n_threads=threads, n_threads_batch=threads, seed=params.seed, use_mmap=True, verbose=False,
            )  # fmt: skip
    except (ValueError, RuntimeError) as exc:
        raise ModelError(
            f"cannot load {params.path} ({exc}): the file is truncated, corrupt or not a llama.cpp model; "
            "pull it again with `shop model pull NAME` or pass another --model"
        ) from exc
    if not _LOADED:
        atexit.register(close_all)
    _LOADED[params] = llama
    return llama


def close_all() -> None:
    """Free every loaded model. Runs at exit: Llama.__del__ during interpreter teardown finds
    llama_cpp's functions already gone and prints a TypeError traceback for each model."""
    while _LOADED:
        _, llama = _LOADED.popitem()
        llama.close()


def _formatter(llama: Any) -> Any:
    """The GGUF's own Jinja chat template, or ChatML when the file carries none."""
    chat_format = _llama_cpp().llama_chat_format
    template = llama.metadata.get("tokenizer.chat_template")
    if not template:
        return chat_format.format_chatml
    eos, bos = llama.token_eos(), llama.token_bos()
    text = lambda tok: llama.detokenize([tok], special=True).decode("utf-8", "replace") if tok >= 0 else ""  # noqa: E731
    return chat_format.Jinja2ChatFormatter(template=template, eos_token=text(eos), bos_token=text(bos))


class _TokenCounter:
    """A stopping criterion that never stops: it counts sampled tokens and times the first one.

    llama-cpp-python calls it once per sampled token with the tokens so far, and once more after
    the loop with the same length as the last call; counting new lengths only skips that extra call.
    """

    def __init__(self) -> None:
        self.count = 0
        self.first_at = 0.0
        self._seen = -1

    def __call__(self, input_ids: Any, logits: Any) -> bool:
        if len(input_ids) > self._seen:
            self._seen = len(input_ids)
            self.first_at = self.first_at or time.perf_counter()
            self.count += 1
        return False


class LlamaCppBackend(Backend):
    name = "llama.cpp"

    def __init__(self, params: LoadParams, *, temperature: float = 0.2) -> None:
        started = time.perf_counter()
        self._llama = load(params)
        self.load_s = time.perf_counter() - started  # ~0 when the model was already loaded
        self._format = _formatter(self._llama)
        self._params = params
        self._seed = params.seed
        self._temperature = temperature
        self.stats = CallStats()
        self.prefix = kvstate.PrefixStats()

    @classmethod
    def from_settings(cls, settings: Settings) -> LlamaCppBackend:
        """Resolve the configured model and load it with the configured context, threads and GPU layers."""
        path = resolve(settings.model, settings.models_dir)
        return cls(LoadParams(path, settings.n_ctx, settings.gpu_layers, settings.threads))

    @property
    def llama(self) -> Any:
        """The underlying llama_cpp.Llama, for diagnostics (perf counters); shared per process."""
        return self._llama

    @property
    def n_ctx(self) -> int:
        return int(self._llama.n_ctx())

    def count_tokens(self, text: str) -> int:
        return len(self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def prepare(
        self, probes: Sequence[Sequence[Message]], state_dir: Path | None = None, *,
        min_save_s: float = kvstate.MIN_SAVE_S,
    ) -> None:  # fmt: skip
        """Put the tokens all `probes` start with into the KV cache: from a state saved in
        `state_dir` when one fits, else evaluated (and saved there when that took long enough)."""
        lists = [self.prompt_tokens(p)[0] for p in probes]
        tokens = lists[0][: min(kvstate.common_prefix(lists[0], other) for other in lists)]
        if len(tokens) < 2:
            return
        if kvstate.common_prefix(self._cached(), tokens) == len(tokens):
            self.prefix = kvstate.PrefixStats(len(tokens), "in memory")
            return
        p, version = self._params, _llama_cpp().__version__
        key = kvstate.state_key(p.path, tokens, n_ctx=self.n_ctx, version=version, gpu_layers=p.n_gpu_layers)
        path = kvstate.state_path(state_dir, p.path, self.n_ctx) if state_dir else None
        self.prefix = kvstate.warm(self._llama, _llama_cpp(), tokens, path, key, min_save_s=min_save_s)

    def _cached(self) -> list[int]:
        """The tokens whose KV cells are in the cache now."""
        return list(self._llama.input_ids[: self._llama.n_tokens].tolist())

    def report(self) -> dict[str, Any]:
        return super().report() | {
            "load_s": round(self.load_s, 3), "gpu_layers": self._params.n_gpu_layers,
            "prefix_tokens": self.prefix.tokens,
            "prefix": self.prefix.source, "prefix_s": round(self.prefix.seconds, 3),
        }  # fmt: skip

    def complete_json(
        self, messages: Sequence[Message], schema: dict[str, Any], *, max_tokens: int
    ) -> dict[str, Any]:
        grammar = self._grammar(schema)
        text = "".join(self._pieces(messages, max_tokens, (), grammar=grammar, temperature=0.0))
        return parse_json_reply(text, schema)

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int, stop: Sequence[str] | None = None
    ) -> Iterator[str]:
        extra = tuple(stop or ())
        return self._pieces(messages, max_tokens, extra, grammar=None, temperature=self._temperature)

    def prompt_tokens(self, messages: Sequence[Message]) -> tuple[list[int], list[str]]:
        """The prompt as the model sees it (template applied), and the template's stop strings."""
        rendered = self._format(messages=[{"role": m.role, "content": m.content} for m in messages])
        tokens = self._llama.tokenize(
            rendered.prompt.encode("utf-8"), add_bos=not rendered.added_special, special=True
        )
        stop = rendered.stop if isinstance(rendered.stop, list) else [rendered.stop] if rendered.stop else []
        return tokens, [s for s in stop if s]

    def _budget(self, n_prompt: int, max_tokens: int) -> int:
        room = self.n_ctx - n_prompt
        if room < MIN_REPLY_TOKENS:
            raise ModelError(
                f"the prompt takes {n_prompt} of the model's {self.n_ctx} context tokens, leaving no room "
                "for a reply: start a new conversation, or raise n_ctx (e.g. SHOPCLI_N_CTX=4096)"
            )
        return min(max_tokens, room)

    def _reusable(self, tokens: list[int]) -> int:
        """How many prompt tokens llama.cpp will keep from the KV cache (mirrors Llama.generate)."""
        common = kvstate.common_prefix(self._cached(), tokens)
        # A prompt entirely in the cache still re-evaluates its last token to refresh the logits.
        return common - 1 if common == len(tokens) and common > 0 else common

    def _pieces(
        self, messages: Sequence[Message], max_tokens: int, stop: tuple[str, ...], *, grammar: Any,
        temperature: float,
    ) -> Iterator[str]:  # fmt: skip
        tokens, template_stop = self.prompt_tokens(messages)
        budget = self._budget(len(tokens), max_tokens)
        return self._generate(tokens, budget, [*template_stop, *stop], grammar, temperature)

    def _generate(
        self, tokens: list[int], budget: int, stop: list[str], grammar: Any, temperature: float
    ) -> Iterator[str]:
        counter = _TokenCounter()
        cached = self._reusable(tokens)
        started = time.perf_counter()
        chunks = self._llama.create_completion(
            prompt=tokens, max_tokens=budget, stop=stop, stream=True, temperature=temperature,
            repeat_penalty=1.0 if grammar else 1.1, seed=self._seed, grammar=grammar,
            stopping_criteria=_llama_cpp().StoppingCriteriaList([counter]),
        )  # fmt: skip
        try:
            for chunk in chunks:
                if text := chunk["choices"][0]["text"]:
                    yield text
        except (RuntimeError, ValueError) as exc:
            msg = f"the model failed while generating ({exc}): try again, or use a smaller n_ctx"
            raise ModelError(msg) from exc
        finally:
            chunks.close()  # also on close() or Ctrl-C: leaves the Llama ready for the next call
            first = counter.first_at - started if counter.count else 0.0
            total = time.perf_counter() - started
            self.stats = CallStats(len(tokens), cached, counter.count, first, total, started_at=started)

    def _grammar(self, schema: dict[str, Any]) -> Any:
        """A LlamaGrammar made from `schema` by the library's converter, checked to parse in llama.cpp."""
        key = json.dumps(schema, sort_keys=True)
        if key not in _GRAMMARS:
            llama_cpp = _llama_cpp()
            try:
                gbnf = llama_cpp.llama_grammar.json_schema_to_gbnf(json.dumps(schema))
            except Exception as exc:  # the converter raises bare Exceptions and AssertionErrors
                msg = f"the reply schema cannot become a grammar ({exc}): a bug, please report it"
                raise ModelError(msg) from exc
            check_grammar(self._llama, gbnf)
            _GRAMMARS[key] = llama_cpp.llama_grammar.LlamaGrammar.from_string(gbnf, verbose=False)
        return _GRAMMARS[key]


def check_grammar(llama: Any, gbnf: str) -> None:
    """Parse `gbnf` in llama.cpp once: a grammar it rejects would crash the sampler, not raise."""
    llama_cpp = _llama_cpp()
    vocab = llama_cpp.llama_model_get_vocab(llama.model)
    with quiet_fds():
        sampler = llama_cpp.llama_sampler_init_grammar(vocab, gbnf.encode("utf-8"), b"root")
    if not sampler:
        raise ModelError("llama.cpp rejected the reply grammar: a bug, please report it with your catalog")
    llama_cpp.llama_sampler_free(sampler)


def from_settings(settings: Settings) -> LlamaCppBackend:
    """The backend for `settings` (the CLI's one entry point into this module)."""
    return LlamaCppBackend.from_settings(settings)
