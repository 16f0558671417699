"""The `shop` command: parse flags, call one core function, render. The only place errors
become exit codes (see `main`)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from shopcli.config import SPEC
from shopcli.errors import ExitCode, ShopError, UsageError
from shopcli.ui import completion
from shopcli.ui.screen import open_advisor

if TYPE_CHECKING:
    from shopcli import api

try:  # newer typer vendors click; its ClickException is what usage errors raise
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # pragma: no cover - older typer depends on click
    from click.exceptions import ClickException, NoArgsIsHelpError  # type: ignore[no-redef,assignment]
from typer import Abort

_STARTED = time.perf_counter()  # `--stats` measures from here (Python's own start-up comes before)

app = typer.Typer(
    name="shop",
    help="A shopping advisor that runs on your machine: ask in English or Chinese, get real products.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (the shell is found in completion.py)
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from shopcli.version import version

        print(f"shop {version()}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", "-V", callback=_print_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    # no docstring: the help text is the Typer's own (a docstring here would replace it)
    pass


CatalogOpt = Annotated[
    Path | None,
    typer.Option("--catalog", help="Catalog file (default: ./catalog.parquet or $SHOPCLI_CATALOG)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout (for scripts).")]
LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit", "-n", min=SPEC["limit"].low, max=SPEC["limit"].high, help="How many products to show."
    ),
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
    typer.Option(
        "--gpu-layers",
        min=SPEC["gpu_layers"].low,
        max=SPEC["gpu_layers"].high,
        help="Layers to offload to the GPU (-1: all); needs a CUDA build.",
    ),
]
NoLlmOpt = Annotated[bool, typer.Option("--no-llm", help="No model: rules only and a templated reply.")]
InStockOpt = Annotated[bool, typer.Option("--in-stock", help="Only products the catalog says are in stock.")]
BackendOpt = Annotated[
    str | None,
    typer.Option("--backend", help="local (llama.cpp in this process) or openai (a server)."),
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option("--base-url", help="OpenAI-compatible server URL, e.g. http://127.0.0.1:8080/v1."),
]
NoProfileOpt = Annotated[
    bool, typer.Option("--no-profile", help="Ignore your profile (shop profile show) for this command.")
]


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
    backend_name: BackendOpt = None,
    base_url: BaseUrlOpt = None,
    sort: Annotated[
        str | None, typer.Option(help="relevance, price_asc, price_desc, rating, popularity or discount.")
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
    no_profile: NoProfileOpt = False,
    in_stock: InStockOpt = False,
) -> None:
    """Find products matching a request, shown as a table (or JSON).

    Examples:

      shop search "red dress under $80"

      shop search --json "我想买一件红色的连衣裙"

      shop search --brand Sony --max-price 200 headphones

    The model is used only when the rules find no category, and only if it is installed;
    --no-llm keeps the search fully deterministic. Your profile (shop profile) ranks the
    matches and says why in a Why column; it never hides any.
    """
    from shopcli.ui import render

    raw = read_query(query)
    with open_advisor(catalog, model=model, backend=backend_name, base_url=base_url, no_llm=no_llm,
                      limit=limit, no_profile=no_profile) as shop:  # fmt: skip
        outcome = shop.search(raw, category=category or (), brand=brand or (), color=color or (),
                              min_price=min_price, max_price=max_price, sort=sort,
                              in_stock=in_stock)  # fmt: skip
    if as_json:
        from shopcli.textutil import json_dumps

        print(json_dumps(outcome.to_dict()))
        return
    render.show_search(render.console(), outcome)


@app.command()
def ask(
    query: QueryArg = None,
    as_json: JsonOpt = False,
    no_llm: NoLlmOpt = False,
    limit: LimitOpt = None,
    catalog: CatalogOpt = None,
    model: ModelOpt = None,
    gpu_layers: GpuOpt = None,
    backend_name: BackendOpt = None,
    base_url: BaseUrlOpt = None,
    stats: Annotated[
        bool, typer.Option("--stats", help="Also report model timings (stderr; a 'stats' key with --json).")
    ] = False,
    no_profile: NoProfileOpt = False,
    in_stock: InStockOpt = False,
) -> None:
    """Show matching products, then a short recommendation from the local model that cites them.

    The table comes from the catalog; the model only phrases, and any sentence with a price or
    product number that is not in the table is withheld.

    Examples:

      shop ask "wireless earbuds for running under $100"

      shop ask "我想买一款适合运动的蓝牙耳机，预算300元以内"

      shop ask --json "best rated laptop over $2000"

      shop ask --backend openai --base-url http://127.0.0.1:8080/v1 "red dress under $80"
    """
    from shopcli.ui import render

    raw = read_query(query)
    with open_advisor(catalog, model=model, backend=backend_name, base_url=base_url, no_llm=no_llm,
                      limit=limit, gpu_layers=gpu_layers, no_profile=no_profile) as shop:  # fmt: skip
        if as_json:
            from shopcli.textutil import json_dumps

            answer = shop.ask(raw, in_stock=in_stock).to_dict()
            print(json_dumps(answer | ({"stats": _stats(shop)} if stats else {})))
            return
        stream = shop.ask_stream(raw, in_stock=in_stock)
        out = render.console()
        render.show_search(out, stream.outcome)
        render.stream_reply(out, stream.sentences())
        if stats:
            render.err_console().print(render.stats_line(_stats(shop)), soft_wrap=True)


def _stats(shop: api.Advisor) -> dict[str, object]:
    """The model's timings, with the first token placed on this process's clock."""
    report = shop.model_report()
    at = report.pop("first_token_at", 0.0)
    if at and report.get("generated_tokens"):
        report["first_token_since_start_s"] = round(float(at) - _STARTED, 3)
    return report


@app.command()
def chat(
    as_json: Annotated[
        bool, typer.Option("--json", help="Read lines from stdin, print one JSON object per turn.")
    ] = False,
    no_llm: NoLlmOpt = False,
    limit: LimitOpt = None,
    catalog: CatalogOpt = None,
    model: ModelOpt = None,
    gpu_layers: GpuOpt = None,
    backend_name: BackendOpt = None,
    base_url: BaseUrlOpt = None,
    no_profile: NoProfileOpt = False,
) -> int:
    """Talk to the advisor: ask, refine, and talk about what is listed.

    Refine: "in blue", "cheaper", "only Sony", "再便宜一点". About the list: "tell me more about
    the first one", "compare 2 and 4", "is the second one waterproof?", "more like 3",
    "第二个怎么样？", "哪个评分最高". /like N, /save N and statements such as "I wear size 9" go
    to your profile (shop profile). Ctrl-C stops an answer, Ctrl-D or /quit leaves; history is
    kept in $SHOPCLI_HOME.

    Examples:

      shop chat

      printf 'running shoes under 150\ncompare 1 and 2\n' | shop chat --json --no-llm
    """
    from shopcli.config import user_dir
    from shopcli.ui import render, repl

    with open_advisor(catalog, model=model, backend=backend_name, base_url=base_url, no_llm=no_llm,
                      limit=limit, gpu_layers=gpu_layers, no_profile=no_profile) as shop:  # fmt: skip
        shop.model()  # a missing model fails now, before the first line is read
        session = shop.conversation().session
        if as_json:
            return repl.run_json(session, repl.stdin_lines(), sys.stdout, render.err_console())
        out = render.console()
        return repl.run_repl(session, repl.prompt_reader(user_dir() / "history.jsonl", out), out)


def _register_groups() -> None:
    """Command groups live in their own modules (one file per group)."""
    from shopcli.ui import cli_personal
    from shopcli.ui.cli_catalog import catalog_app
    from shopcli.ui.cli_model import model_app
    from shopcli.ui.cli_products import compare, show
    from shopcli.ui.cli_reviews import policy_command, reviews_command

    app.add_typer(model_app, name="model")
    app.add_typer(catalog_app, name="catalog")
    app.command()(show)
    app.command()(compare)
    app.command("reviews")(reviews_command)
    app.command("policy")(policy_command)
    cli_personal.register(app)


_register_groups()


def _fail(message: str, code: ExitCode) -> int:
    from shopcli.ui import render

    render.err_console().print(render.error_line(message), soft_wrap=True)
    return int(code)


def main(argv: list[str] | None = None) -> int:
    """Entry point: every error becomes one line on stderr and an exit code from ExitCode."""
    try:
        if asked := completion.wanted(sys.argv[1:] if argv is None else argv):
            return completion.run(*asked)
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
