"""The saved KV state of the shared prompt prefix, with the tiny real model (plumbing, never quality)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from clirun import shop
from model_fixture import tiny_model  # noqa: F401  (fixture)

from shopcli.intent import SORTS
from shopcli.llm import prompts
from shopcli.llm.backends import kvstate

pytestmark = pytest.mark.llm


@pytest.fixture(scope="module")
def backend(tiny_model: Path):  # noqa: F811
    """Its own context size, so emptying its cache never disturbs the session's tiny_backend."""
    from shopcli.llm.backends.llama_cpp import LlamaCppBackend, LoadParams

    return LlamaCppBackend(LoadParams(tiny_model, n_ctx=1536))


def forget(backend) -> None:  # type: ignore[no-untyped-def]
    """Empty the KV cache, as a fresh process starts."""
    import llama_cpp

    llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(backend.llama.ctx), True)
    backend.llama.reset()


def warm(backend, folder: Path) -> str:  # type: ignore[no-untyped-def]
    forget(backend)
    backend.prepare(prompts.prefix_probes(), folder, min_save_s=0)
    return str(backend.prefix.source)


def extract(backend) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """A short greedy reply (temperature 0): the same cells give the same answer."""
    schema = {"type": "object", "properties": {"sort": {"enum": list(SORTS)}}, "required": ["sort"]}
    return dict(backend.complete_json(prompts.intent_messages("the best rated one"), schema, max_tokens=40))


def test_saved_prefix_is_restored_and_answers_exactly_as_evaluated(backend, tmp_path: Path) -> None:
    import llama_cpp

    assert warm(backend, tmp_path) == "evaluated and saved"
    evaluated = extract(backend)
    assert evaluated  # a grammar-bound reply always parses
    (saved,) = tmp_path.glob("*.kv")
    assert saved.name.endswith(".ctx1536.kv") and not list(tmp_path.glob(".*"))  # written atomically
    assert warm(backend, tmp_path) == "restored"
    n_prefix = backend.prefix.tokens
    llama_cpp.llama_perf_context_reset(backend.llama.ctx)
    assert extract(backend) == evaluated  # greedy: the restored cells are the evaluated ones
    assert backend.stats.cached_tokens >= n_prefix > 300
    assert llama_cpp.llama_perf_context(backend.llama.ctx).n_p_eval == backend.stats.evaluated_tokens
    backend.prepare(prompts.prefix_probes(), tmp_path)  # the prefix is already there: nothing to do
    assert backend.prefix.source == "in memory"


@pytest.fixture(scope="module")
def good_state(backend, tmp_path_factory: pytest.TempPathFactory) -> bytes:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("kv")
    assert warm(backend, folder) == "evaluated and saved"
    return next(folder.glob("*.kv")).read_bytes()


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "stale"])
def test_damaged_or_stale_state_is_ignored_and_rebuilt(
    backend, good_state: bytes, tmp_path: Path, damage: str
) -> None:  # type: ignore[no-untyped-def]
    saved = kvstate.state_path(tmp_path, backend._params.path, backend.n_ctx)
    raw = good_state
    end = raw.index(b"\n", len(kvstate.MAGIC))
    if damage == "flip":  # a bit flipped in the cells themselves: only the checksum can tell
        raw = raw[:-100] + bytes(b ^ 0xFF for b in raw[-100:-99]) + raw[-99:]
    elif damage == "truncate":
        raw = raw[: len(raw) // 2]
    elif damage == "garbage":
        raw = b"\x00" * 4096
    elif damage == "stale":  # another llama-cpp-python version wrote it
        header = json.loads(raw[len(kvstate.MAGIC) : end])
        header["key"]["llama_cpp"] = "0.0.1"
        raw = kvstate.MAGIC + json.dumps(header).encode() + raw[end:]
    saved.write_bytes(raw)
    assert warm(backend, tmp_path) == "evaluated and saved"
    assert warm(backend, tmp_path) == "restored"


def test_llama_refusing_the_bytes_leaves_an_empty_cache_and_rebuilds(
    backend, good_state: bytes, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Bytes with a valid checksum that llama.cpp cannot use (say, another KV layout) are refused."""
    saved = kvstate.state_path(tmp_path, backend._params.path, backend.n_ctx)
    raw = good_state
    end = raw.index(b"\n", len(kvstate.MAGIC))
    header = json.loads(raw[len(kvstate.MAGIC) : end])
    payload = b"\x07" * 64
    header |= {"size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
    saved.write_bytes(kvstate.MAGIC + json.dumps(header).encode() + b"\n" + payload)
    assert warm(backend, tmp_path) == "evaluated and saved"
    assert extract(backend)  # the model still answers


def test_an_unwritable_state_dir_costs_speed_not_the_answer(backend, tmp_path: Path) -> None:
    blocker = tmp_path / "kv"
    blocker.write_text("a file where the folder should be")
    assert warm(backend, blocker) == "evaluated"
    assert extract(backend)


def test_a_fast_prefix_is_not_saved(backend, tmp_path: Path) -> None:
    forget(backend)
    backend.prepare(prompts.prefix_probes(), tmp_path, min_save_s=1e9)
    assert backend.prefix.source == "evaluated" and not list(tmp_path.iterdir())


@pytest.mark.slow
def test_shop_ask_saves_the_prefix_once_then_restores_it(tiny_model: Path) -> None:  # noqa: F811
    """Two whole processes; GPU layers given once as a flag and once from the environment (a CPU
    build ignores -1), so the setting reaches the model both ways and is part of the state's key."""
    args = ("ask", "--json", "--stats", "--model", str(tiny_model), "--limit", "3", "red dress under $80")
    runs = [
        shop(*args, "--gpu-layers", "-1", timeout=600),
        shop(*args, env={"SHOPCLI_GPU_LAYERS": "-1"}, timeout=600),
    ]
    assert all(r.code == 0 for r in runs), runs[0].err + runs[1].err
    first, second = (json.loads(r.out)["stats"] for r in runs)
    assert first["gpu_layers"] == second["gpu_layers"] == -1
    assert first["prefix"] in ("evaluated and saved", "evaluated") and first["prefix_tokens"] > 300
    if first["prefix"] == "evaluated and saved":  # on a fast machine the tiny model's prefix may not pay
        assert second["prefix"] == "restored" and second["reused_tokens"] >= second["prefix_tokens"]
    assert second["first_token_since_start_s"] > 0 and second["load_s"] >= 0
