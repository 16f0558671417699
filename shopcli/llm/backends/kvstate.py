"""The KV state of the shared prompt prefix: evaluated once per model, saved, restored at start-up.

Every prompt starts with the same few hundred tokens (instructions and examples). On 2 CPU cores,
evaluating them is most of a one-shot `shop ask`'s wait for its first word; reading their KV cells
back from disk takes a few hundredths of a second. The file is keyed by everything that shapes those
cells: the model file, the prefix tokens (its text through the model's own template), n_ctx, the
llama-cpp-python version and the GPU layers. A different key, a torn or altered file, or llama.cpp
refusing the bytes means the file is ignored and rebuilt, never trusted.

Format: MAGIC, one JSON header line (key, tokens, payload size and SHA-256, what evaluating cost),
then llama.cpp's own bytes for sequence 0 (`llama_state_seq_get_data`: the KV cells only).
`Llama.save_state()` is not used: it also copies the logits rows of every prompt token, hundreds
of MB for a 152k-token vocabulary, and cannot restore more rows than one batch holds.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shopcli.llm.models import CHUNK, REGISTRY, is_verified
from shopcli.state import atomic_write

log = logging.getLogger(__name__)
MAGIC = b"SHOPCLI-KV 1\n"
# A prefix evaluated faster than this (a GPU, a tiny model) is not worth a file of ~10 MB to read.
MIN_SAVE_S = 0.15


@dataclass(frozen=True)
class PrefixStats:
    """How the shared prefix got into the KV cache at start-up."""

    tokens: int = 0
    source: str = "none"  # "restored", "evaluated", "evaluated and saved", "in memory", "none"
    seconds: float = 0.0


def state_key(model: Path, tokens: list[int], *, n_ctx: int, version: str, gpu_layers: int) -> dict[str, Any]:
    """Everything the saved cells depend on; the prefix is hashed as tokens, i.e. as its text
    rendered by this model's own chat template and tokenizer."""
    prefix = hashlib.sha256(json.dumps(tokens).encode()).hexdigest()
    return {"model": model_identity(model), "prefix": prefix, "n_ctx": n_ctx, "llama_cpp": version,
            "gpu_layers": gpu_layers}  # fmt: skip


def model_identity(path: Path) -> str:
    """A name that changes whenever the model file does: the registry SHA-256 of a verified model,
    else its size, mtime and a hash of its first MiB (GGUF header and metadata), not a full rehash."""
    for spec in REGISTRY.values():
        if path.name == spec.filename and is_verified(spec, path):
            return spec.sha256
    st = path.stat()
    with path.open("rb") as fh:
        head = hashlib.sha256(fh.read(CHUNK)).hexdigest()
    return f"{st.st_size}-{st.st_mtime_ns}-{head}"


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    """How many leading tokens `a` and `b` share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def state_path(folder: Path, model: Path, n_ctx: int) -> Path:
    """One file per model file and context size (a new key overwrites it)."""
    return folder / f"{model.stem}.ctx{n_ctx}.kv"


def warm(llama: Any, lib: Any, tokens: list[int], path: Path | None, key: dict[str, Any], *,
         min_save_s: float = MIN_SAVE_S) -> PrefixStats:  # fmt: skip
    """Put `tokens` into `llama`'s KV cache: restored from `path` when it holds them under `key`,
    else evaluated, and saved there when evaluating took long enough to be worth a file."""
    started = time.perf_counter()
    header = _restore(llama, lib, tokens, path, key) if path else None
    if header is not None:
        took = time.perf_counter() - started
        if path and took > float(header.get("eval_s", 0)):  # no longer pays here (a GPU, a slow disk)
            path.unlink(missing_ok=True)
        return PrefixStats(len(tokens), "restored", took)
    llama.reset()
    llama.eval(tokens)
    eval_s = time.perf_counter() - started
    if path is None or eval_s < min_save_s:
        return PrefixStats(len(tokens), "evaluated", eval_s)
    try:
        _save(llama, lib, tokens, path, key, eval_s)
    except OSError as exc:  # a read-only data dir costs the next start its speed, nothing else
        log.warning("could not save the prompt prefix state to %s: %s", path, exc)
        return PrefixStats(len(tokens), "evaluated", eval_s)
    return PrefixStats(len(tokens), "evaluated and saved", eval_s)


def _save(llama: Any, lib: Any, tokens: list[int], path: Path, key: dict[str, Any], eval_s: float) -> None:
    size = lib.llama_state_seq_get_size(llama.ctx, 0)
    buf = (ctypes.c_uint8 * size)()
    n = lib.llama_state_seq_get_data(llama.ctx, buf, size, 0)
    if not 0 < n <= size:
        log.warning("llama.cpp gave no state for the prompt prefix; not saving it")
        return
    payload = memoryview(buf).cast("B")[:n]
    header = {"key": key, "tokens": tokens, "size": n, "sha256": hashlib.sha256(payload).hexdigest(),
              "eval_s": round(eval_s, 4)}  # fmt: skip
    atomic_write(path, b"".join((MAGIC, json.dumps(header).encode(), b"\n", payload)))


def _restore(
    llama: Any, lib: Any, tokens: list[int], path: Path, key: dict[str, Any]
) -> dict[str, Any] | None:
    """The file's header once its cells are in the cache, or None (cache left empty) when unusable."""
    found = read(path, key, tokens)
    if found is None:
        return None
    header, payload = found
    buf = (ctypes.c_uint8 * len(payload)).from_buffer_copy(payload)
    llama.reset()
    if lib.llama_state_seq_set_data(llama.ctx, buf, len(payload), 0) == 0:
        log.info("llama.cpp refused the saved prefix state %s; evaluating it again", path)
        lib.llama_memory_clear(lib.llama_get_memory(llama.ctx), True)
        return None
    llama.input_ids[: len(tokens)] = tokens
    llama.n_tokens = len(tokens)  # Llama.generate now reuses these cells like its own
    return header


def read(path: Path, key: dict[str, Any], tokens: list[int]) -> tuple[dict[str, Any], memoryview] | None:
    """(header, payload) of a state file written for exactly `key` and `tokens`, else None."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        end = raw.index(b"\n", len(MAGIC))
        header = json.loads(raw[len(MAGIC) : end]) if raw.startswith(MAGIC) else None
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("key") != key or header.get("tokens") != tokens:
        log.info("prefix state %s is stale or unreadable; rebuilding it", path)
        return None
    payload = memoryview(raw)[end + 1 :]
    if len(payload) != header.get("size") or hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        log.info("prefix state %s is damaged; rebuilding it", path)
        return None
    return header, payload
