"""The `shop` command: parse flags, call one core function, render. The only place errors
become exit codes (see `main`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from shopcli.errors import ExitCode, ShopError, UsageError

if TYPE_CHECKING:
    from shopcli.config import Settings
    from shopcli.llm.backends.base import Backend
    from shopcli.llm.grounding import CheckedSentence

try:  # newer typer vendors click; its ClickException is what usage errors raise
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # pragma: no cover - older typer depends on click
    from click.exceptions import ClickException, NoArgsIsHelpError  # type: ignore[no-redef]
from typer import Abort

app = typer.Typer(
    name="shop",
    help="A shopping advisor that runs on your machine: ask in English or Chinese, get real products.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

CatalogOpt = Annotated[
    Path | None,
    typer.Option("--catalog", help="Catalog file (default: ./catalog.parquet or $SHOPCLI_CATALOG)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout (for scripts).")]
LimitOpt = Annotated[
    int | None, typer.Option("--limit", "-n", min=1, max=200, help="How many products to show.")
]
QueryArg = Annotated[
    list[str] | None, typer.Argument(help="What you want, in English or Chinese. '-' or a pipe reads stdin.")
]


ModelOpt = Annotated[
    str | None,
    typer.Option("--model", "-m", help="Model name (shop model list) or a .gguf path; $SHOPCLI_MODEL."),
]
GpuOpt = Annotated[
    int | None,
    typer.Option("--gpu-layers", help="Layers to offload to the GPU (-1: all); needs a CUDA build."),
]
NoLlmOpt = Annotated[bool, typer.Option("--no-llm", help="No model: rules only and a templated reply.")]


def read_query(words: list[str] | None) -> str:
    """Join the query words, or read stdin (decoded at the boundary) for '-' or a pipe."""
    if words == ["-"] or (not words and not sys.stdin.isatty()):
        from shopcli.textutil import decode_bytes

        return decode_bytes(sys.stdin.buffer.read(1 << 20))
    if not words:
        raise UsageError('no query: say what you are looking for, e.g. shop search "red dress under $80"')
    return " ".join(words)


@app.command()
def search(
    query: QueryArg = None,
    as_json: JsonOpt = False,
    no_llm: NoLlmOpt = False,
    limit: LimitOpt = None,
    catalog: CatalogOpt = None,
    model: ModelOpt = None,
    sort: Annotated[
        str | None, typer.Option(help="relevance, price_asc, price_desc, rating or popularity.")
    ] = None,
    category: Annotated[list[str] | None, typer.Option("--category", help="Only this category.")] = None,
    brand: Annotated[list[str] | None, typer.Option("--brand", help="Only this brand (repeatable).")] = None,
    color: Annotated[list[str] | None, typer.Option("--color", "--colour", help="Only this colour.")] = None,
    min_price: Annotated[
        float | None, typer.Option("--min-price", min=0, help="Lowest price, in the catalog's currency.")
    ] = None,
    max_price: Annotated[
        float | None, typer.Option("--max-price", min=0, help="Highest price, in the catalog's currency.")
    ] = None,
) -> None:
    """Find products matching a request, shown as a table (or JSON).

    Examples:

      shop search "red dress under $80"

      shop search --json "我想买一件红色的连衣裙"

      shop search --brand Sony --max-price 200 headphones

    The model is used only when the rules find no category, and only if it is installed;
    --no-llm keeps the search fully deterministic.
    """
    from shopcli import advisor
    from shopcli.config import load_settings
    from shopcli.store.catalog import Catalog
    from shopcli.ui import render

    settings = load_settings(catalog=catalog, limit=limit, model=model)
    overrides = advisor.Overrides(
        categories=tuple(category or ()), brands=tuple(brand or ()), colors=tuple(color or ()),
        min_price=min_price, max_price=max_price, sort=sort,
    )  # fmt: skip
    raw = read_query(query)
    with Catalog.open(settings.catalog) as cat:
        outcome = advisor.search(
            raw, cat, rates=settings.exchange_rates(), limit=settings.limit, overrides=overrides,
            backend=_backend(settings, no_llm, required=False),
        )  # fmt: skip
    if as_json:
        from shopcli.textutil import json_dumps

        print(json_dumps(outcome.to_dict()))
        return
    render.show_search(render.console(), outcome)


def _backend(settings: Settings, no_llm: bool, *, required: bool = True) -> Backend | None:
    """A model that loads on first use (so products show first), or None for --no-llm.

    When not `required` (shop search), a missing model means rules only, with a one-line warning."""
    if no_llm:
        return None
    from shopcli.errors import ModelError
    from shopcli.llm.backends.lazy import LazyBackend
    from shopcli.llm.models import resolve
    from shopcli.ui import render

    try:
        resolve(settings.model, settings.models_dir)  # fail now, with the fix, not after the table
    except ModelError as exc:
        if required:
            raise
        render.err_console().print(render.warning_line(f"{exc}; searching with rules only"), soft_wrap=True)
        return None

    def load() -> Backend:
        from shopcli.llm.backends.llama_cpp import from_settings

        with render.status(f"loading {settings.model}..."):
            return from_settings(settings)

    return LazyBackend(load)


@app.command()
def ask(
    query: QueryArg = None,
    as_json: JsonOpt = False,
    no_llm: NoLlmOpt = False,
    limit: LimitOpt = None,
    catalog: CatalogOpt = None,
    model: ModelOpt = None,
    gpu_layers: GpuOpt = None,
) -> None:
    """Show matching products, then a short recommendation from the local model that cites them.

    The table comes from the catalog; the model only phrases, and any sentence with a price or
    product number that is not in the table is withheld.

    Examples:

      shop ask "wireless earbuds for running under $100"

      shop ask "我想买一款适合运动的蓝牙耳机，预算300元以内"

      shop ask --json "best rated laptop over $2000"
    """
    from shopcli import advisor
    from shopcli.config import load_settings
    from shopcli.store.catalog import Catalog
    from shopcli.ui import render

    settings = load_settings(catalog=catalog, limit=limit, model=model, gpu_layers=gpu_layers)
    raw = read_query(query)
    backend = _backend(settings, no_llm)
    with Catalog.open(settings.catalog) as cat:
        outcome = advisor.search(
            raw, cat, rates=settings.exchange_rates(), limit=settings.limit, backend=backend
        )
    sentences = advisor.reply_for(outcome, backend, rates=settings.exchange_rates())
    if as_json:
        from shopcli.textutil import json_dumps

        answer = advisor.Answer.collect(sentences)
        extra = {"answer": answer.text, "citations": list(answer.citations), "removed": list(answer.removed)}
        print(json_dumps(outcome.to_dict() | extra))
        return
    out = render.console()
    render.show_search(out, outcome)
    render.stream_reply(out, sentences)


@app.command()
def chat(
    no_llm: NoLlmOpt = False,
    limit: LimitOpt = None,
    catalog: CatalogOpt = None,
    model: ModelOpt = None,
    gpu_layers: GpuOpt = None,
) -> None:
    """Talk to the advisor: ask, then refine ("in blue", "cheaper", "only Sony", "再便宜一点").

    History is kept in the shopcli user directory ($SHOPCLI_HOME). Ctrl-C stops an answer,
    Ctrl-D or /quit leaves. Example: shop chat
    """
    from shopcli import advisor
    from shopcli.chat import ChatSession, Turn
    from shopcli.config import load_settings, user_dir
    from shopcli.store.catalog import Catalog
    from shopcli.ui import render, repl

    settings = load_settings(catalog=catalog, limit=limit, model=model, gpu_layers=gpu_layers)
    backend = _backend(settings, no_llm)
    rates = settings.exchange_rates()
    with Catalog.open(settings.catalog) as cat:
        vocab = cat.vocabulary()
        session = ChatSession(
            cat, understand=lambda q: advisor.understand(q, vocab, rates=rates, backend=backend),
            limit=min(settings.limit, 8),
        )  # fmt: skip

        def reply(_line: str, turn: Turn) -> Iterator[CheckedSentence] | None:
            return advisor.reply_for(turn.outcome, backend, rates=rates) if turn.outcome else None

        out = render.console()
        repl.run_repl(session, repl.prompt_reader(user_dir() / "history.json", out), out, reply)


def _register_groups() -> None:
    """Command groups live in their own modules (one file per group)."""
    from shopcli.ui.cli_catalog import catalog_app
    from shopcli.ui.cli_model import model_app

    app.add_typer(model_app, name="model")
    app.add_typer(catalog_app, name="catalog")


_register_groups()


def _fail(message: str, code: ExitCode) -> int:
    from shopcli.ui import render

    render.err_console().print(render.error_line(message), soft_wrap=True)
    return int(code)


def main(argv: list[str] | None = None) -> int:
    """Entry point: every error becomes one line on stderr and an exit code from ExitCode."""
    try:
        rv = app(args=argv, prog_name="shop", standalone_mode=False)
        return int(rv) if isinstance(rv, int) else 0
    except ShopError as exc:
        return _fail(str(exc), exc.exit_code)
    except NoArgsIsHelpError as exc:
        exc.show()
        return int(ExitCode.USAGE)
    except ClickException as exc:
        hint = " (see --help)"
        return _fail(exc.format_message() + hint, ExitCode(exc.exit_code if exc.exit_code in (1, 2) else 2))
    except (Abort, KeyboardInterrupt):
        print(file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        # `shop search ... | head`: the reader went away; that is not an error worth a message
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return int(ExitCode.OK)
    except Exception as exc:  # noqa: BLE001 - last line of defence: one line, never a traceback
        if os.environ.get("SHOPCLI_DEBUG"):
            raise
        return _fail(f"internal error: {type(exc).__name__}: {exc} (rerun with SHOPCLI_DEBUG=1 "
                     "for the traceback, and please report it)", ExitCode.ERROR)  # fmt: skip


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
