"""`shop profile show|set|forget`, `shop also`, `shop foryou`, `shop saved`: parse, call, render.

The profile lives only on this machine ($SHOPCLI_HOME/profile.json). It ranks results and never
hides them; `--no-profile` turns it off for one command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shopcli.config import load_settings
from shopcli.errors import UsageError
from shopcli.personal import profile as pr
from shopcli.textutil import json_dumps

profile_app = typer.Typer(
    help="Your private profile: sizes, budgets, brands and colours you like or avoid. It ranks, never hides.",
    no_args_is_help=True,
)
CatalogOpt = Annotated[
    Path | None,
    typer.Option("--catalog", help="Catalog file (default: ./catalog.parquet or $SHOPCLI_CATALOG)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout (for scripts).")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", min=1, max=100, help="How many products to show.")]
MethodOpt = Annotated[
    str | None, typer.Option("--method", help="Similarity: cosine (default, best on real data) or pearson.")
]
CategoryOpt = Annotated[
    str | None, typer.Option("--category", "-c", help="Only for this category, e.g. 'running shoes'.")
]


def load_profile(no_profile: bool) -> pr.Profile | None:
    """The stored profile, or None with --no-profile; problems with the file are warned about, once."""
    if no_profile:
        return None
    store = pr.ProfileStore()
    profile = store.load()
    _warn(store.warnings)
    return profile


def _warn(messages: tuple[str, ...]) -> None:
    if messages:
        from shopcli.ui.render import err_console, warning_line

        for message in messages:
            err_console().print(warning_line(message), soft_wrap=True)


@profile_app.command("show")
def show_command(as_json: JsonOpt = False, catalog: CatalogOpt = None) -> None:
    """Show your profile and how many products you liked, disliked, saved or bought.

    Example:

        shop profile show --json
    """
    from shopcli.ui import render_personal

    store = pr.ProfileStore()
    profile = store.load()
    _warn(store.warnings)
    where = load_settings(catalog=catalog).catalog.resolve()
    if as_json:
        print(json_dumps({"path": str(store.path), **profile.to_dict()}))
        return
    render_personal.console().print(render_personal.profile_view(profile, store.path, where))


@profile_app.command("set")
def set_command(
    key: Annotated[str, typer.Argument(help="size, budget, brands, avoid-brands, colors or avoid-colors.")],
    value: Annotated[str, typer.Argument(help="The value; brands and colours as a comma-separated list.")],
    category: CategoryOpt = None,
) -> None:
    """Set one preference. Brands and colours replace the list; sizes and budgets can be per category.

    Examples:

        shop profile set size 9

        shop profile set size M --category hoodies

        shop profile set brands "Hoka, On"

        shop profile set avoid-colors pink

        shop profile set budget 150 --category "running shoes"
    """
    name = pr.key_of(key)
    if name in pr.MARK_KINDS:
        raise UsageError(
            f"{key!r} is set in `shop chat` (/like N, /save N...); `shop profile forget {key}` clears it"
        )
    if category is not None and name not in ("size", "budget"):
        raise UsageError(f"--category applies to size and budget only, not {key}")
    values = [v for v in value.split(",") if v.strip()] if name in pr.LIST_KEYS else [value]
    store = pr.ProfileStore()
    store.update(lambda p: pr.with_value(p, name, values, category, add=False))
    _warn(store.warnings)
    typer.echo(
        f"Saved {key} = {value}" + (f" for {category}" if category else "") + f" in {store.path}", err=True
    )


@profile_app.command("forget")
def forget_command(
    key: Annotated[
        str | None, typer.Argument(help="What to forget: a key, or likes, dislikes, saved, bought.")
    ] = None,
    category: CategoryOpt = None,
    everything: Annotated[bool, typer.Option("--all", help="Delete the whole profile file.")] = False,
) -> None:
    """Forget one preference, one kind of mark, or (--all) everything, file included.

    Examples:

        shop profile forget size --category hoodies

        shop profile forget likes

        shop profile forget --all
    """
    store = pr.ProfileStore()
    if everything:
        if key is not None:
            raise UsageError("--all forgets everything: give no KEY with it")
        gone = store.erase()
        typer.echo(f"Deleted {store.path}" if gone else "There was no profile to delete.", err=True)
        return
    if key is None:
        raise UsageError("say what to forget, e.g. shop profile forget size, or --all for everything")
    name = pr.key_of(key)
    store.update(lambda p: pr.forget(p, name, category))
    _warn(store.warnings)
    typer.echo(f"Forgot {key}" + (f" for {category}" if category else ""), err=True)


def also_command(
    product_id: Annotated[str, typer.Argument(help="A product id, e.g. from `shop search --json`.")],
    as_json: JsonOpt = False,
    limit: LimitOpt = 10,
    method: MethodOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """People who chose this product also chose: neighbours from the interaction log, with scores.

    Example:

        shop also P000123 --json
    """
    from shopcli.personal.recommend import also
    from shopcli.store.catalog import Catalog
    from shopcli.ui import render_personal

    with Catalog.open(load_settings(catalog=catalog).catalog) as cat:
        result = also(cat, product_id.strip(), method=method, limit=limit)
    if as_json:
        print(json_dumps(result.to_dict()))
        return
    render_personal.console().print(render_personal.also_view(result))


def foryou_command(
    as_json: JsonOpt = False,
    limit: LimitOpt = 10,
    method: MethodOpt = None,
    catalog: CatalogOpt = None,
    no_profile: Annotated[bool, typer.Option("--no-profile", help="Ignore your likes and profile.")] = False,
) -> None:
    """Products for you, from your likes, saves and purchases here; popular ones when there are none.

    Like or save products in `shop chat` with /like N and /save N. Example:

        shop foryou --json
    """
    from shopcli.personal.recommend import for_you
    from shopcli.store.catalog import Catalog
    from shopcli.ui import render_personal

    profile = load_profile(no_profile)
    with Catalog.open(load_settings(catalog=catalog).catalog) as cat:
        result = for_you(cat, profile, method=method, limit=limit)
    if as_json:
        print(json_dumps(result.to_dict()))
        return
    render_personal.console().print(render_personal.foryou_view(result))


def saved_command(as_json: JsonOpt = False, catalog: CatalogOpt = None) -> None:
    """Your wishlist: the products you saved with /save N in `shop chat`, for this catalog.

    Example:

        shop saved --json
    """
    from shopcli.personal.saved import saved_list
    from shopcli.store.catalog import Catalog
    from shopcli.ui import render_personal

    profile = load_profile(False) or pr.Profile()
    with Catalog.open(load_settings(catalog=catalog).catalog) as cat:
        result = saved_list(cat, profile)
    if as_json:
        print(json_dumps(result.to_dict()))
        return
    render_personal.console().print(render_personal.saved_view(result))


def register(app: typer.Typer) -> None:
    """Add the profile group and the recommendation commands to `shop`."""
    app.add_typer(profile_app, name="profile")
    app.command("also")(also_command)
    app.command("foryou")(foryou_command)
    app.command("saved")(saved_command)
