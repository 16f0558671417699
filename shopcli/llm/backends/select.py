"""Which backend answers: the model in this process (`local`) or an OpenAI-compatible server."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from shopcli.config import BACKENDS, DEFAULT_MODEL, user_dir
from shopcli.errors import UsageError
from shopcli.llm import prompts
from shopcli.llm.backends.base import Backend
from shopcli.llm.models import resolve

if TYPE_CHECKING:
    from shopcli.config import Settings
    from shopcli.llm.backends.openai import OpenAIBackend


def open_backend(settings: Settings) -> Callable[[], Backend]:
    """Check now what fails fast (the model file; the server and its model), then return the loader
    that makes the backend on first use, so products reach the screen before the model loads."""
    if settings.backend == "local":
        path = resolve(settings.model, settings.models_dir)
        return lambda: load_local(settings, path)
    if settings.backend == "openai":
        server = openai_backend(settings)
        server.check()
        return lambda: server
    raise UsageError(f"unknown backend {settings.backend!r}: use one of {', '.join(BACKENDS)} (--backend)")


def load_local(settings: Settings, path: Path) -> Backend:
    """Load the GGUF once, with its shared prompt prefix restored from (or saved to) the user dir."""
    from shopcli.llm.backends.llama_cpp import LlamaCppBackend, LoadParams

    backend = LlamaCppBackend(LoadParams(path, settings.n_ctx, settings.gpu_layers, settings.threads))
    backend.prepare(prompts.prefix_probes(), kv_dir())
    return backend


def kv_dir() -> Path:
    """Where saved prefix states live: the user's data dir, beside config and history."""
    return user_dir() / "kv"


def openai_backend(settings: Settings) -> OpenAIBackend:
    """The server backend for `settings`; the local default model name means "whatever it serves"."""
    from shopcli.llm.backends.openai import OpenAIBackend, ServerParams
    from shopcli.llm.backends.serverapi import read_api_key

    params = ServerParams(
        settings.base_url, "" if settings.model == DEFAULT_MODEL else settings.model,
        api_key=read_api_key(dict(os.environ), settings.api_key_env), api_key_env=settings.api_key_env,
        timeout=settings.timeout, n_ctx=settings.n_ctx,
    )  # fmt: skip
    return OpenAIBackend(params)
