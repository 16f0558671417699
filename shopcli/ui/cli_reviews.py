"""`shop reviews ID` and `shop policy QUESTION`, and the `--reviews`/`--policies` flags of
`shop catalog import`: parse, call one core function, render."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from shopcli.errors import UsageError

CatalogOpt = Annotated[
    Path | None,
    typer.Option("--catalog", help="Catalog file (default: ./catalog.parquet or $SHOPCLI_CATALOG)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout (for scripts).")]
LANGUAGES = ("en", "zh")


def reviews_command(
    product_id: Annotated[str, typer.Argument(help="Product id, as `shop search --json` shows it.")],
    as_json: JsonOpt = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of labels and quotes: en or zh.")] = "en",
    aspect: Annotated[
        str | None, typer.Option("--aspect", help="Focus on one aspect: battery, fit, sound, comfort...")
    ] = None,
    catalog: CatalogOpt = None,
) -> None:
    """What buyers say about one product: overall view, praised and criticised aspects with counts,
    and quotes copied word for word from real reviews (each with its review id).

    Examples:

      shop reviews P000123

      shop reviews P000123 --lang zh --aspect battery

      shop reviews P000123 --json
    """
    from shopcli.config import load_settings
    from shopcli.reviews.reply import templated
    from shopcli.reviews.summary import summary
    from shopcli.store.catalog import Catalog
    from shopcli.ui import render
    from shopcli.ui.render_reviews import review_view

    if lang not in LANGUAGES:
        raise UsageError(f"--lang {lang}: use en or zh")
    with Catalog.open(load_settings(catalog=catalog).catalog) as cat:
        result = summary(cat, product_id.strip(), lang, focus=aspect)
    if as_json:
        from shopcli.textutil import json_dumps

        print(json_dumps(result.to_dict() | {"text": templated(result)}))
        return
    render.console().print(review_view(result))


def policy_command(
    question: Annotated[list[str], typer.Argument(help="Your question, in English or Chinese.")],
    as_json: JsonOpt = False,
    catalog: CatalogOpt = None,
) -> None:
    """Answer a question from the store's policy, quoting the section that says it; when no
    section covers the question, say so (a policy is never made up).

    Examples:

      shop policy "can I return shoes after 30 days?"

      shop policy 怎么退货

      shop policy --json "do you ship to Canada?"
    """
    from shopcli.advisor import prepare_query
    from shopcli.config import load_settings
    from shopcli.policy.answer import answer, catalog_words, reply_text
    from shopcli.policy.document import load_policy
    from shopcli.store.catalog import Catalog
    from shopcli.ui import render
    from shopcli.ui.render_reviews import policy_view

    text = prepare_query(" ".join(question))
    path = load_settings(catalog=catalog).catalog
    doc = load_policy(path)
    with Catalog.open(path) as cat:
        known = catalog_words(cat.vocabulary())
    result = answer(doc, text, known=known)
    if as_json:
        from shopcli.textutil import json_dumps

        print(json_dumps(result.to_dict() | {"text": reply_text(result)}))
        return
    render.console().print(policy_view(result))


@dataclass(frozen=True)
class Siblings:
    """What `shop catalog import` brings beside the products, checked before the products are read."""

    reviews: Path | None
    review_map: dict[str, str]
    policies: Path | None


def plan_siblings(reviews: Path | None, policies: Path | None, review_map: dict[str, str]) -> Siblings:
    """Fail on an unreadable reviews file or policy now, before the catalog is replaced."""
    from shopcli.policy.document import read_policy
    from shopcli.reviews.importer import plan_reviews

    if review_map and reviews is None:
        raise UsageError("--review-map needs --reviews FILE")
    if reviews is not None:
        plan_reviews(reviews, review_map)
    if policies is not None:
        from shopcli.errors import ImportError_

        read_policy(policies, error=ImportError_)
    return Siblings(reviews, review_map, policies)


def import_siblings(catalog: Path, siblings: Siblings) -> dict[str, Any]:
    """Import the reviews and copy the policy beside the new catalog; their reports, for --json."""
    from shopcli.policy.document import install_policy
    from shopcli.reviews.importer import import_reviews
    from shopcli.ui import render

    out: dict[str, Any] = {}
    if siblings.reviews is not None:
        report = import_reviews(siblings.reviews, catalog, mapping=siblings.review_map)
        out["reviews"] = report.to_dict()
        dropped = ", ".join(f"{why}: {n:,}" for why, n in report.dropped) or "none"
        render.err_console().print(render.safe_text(
            f"Reviews: imported {report.rows_imported:,} of {report.rows_read:,} into {report.reviews_out} "
            f"(dropped: {dropped}); {report.aspect_mentions:,} aspect mentions"
        ), soft_wrap=True)  # fmt: skip
    if siblings.policies is not None:
        doc = install_policy(siblings.policies, catalog)
        out["policy"] = {"path": doc.path, "sections": [s.title for s in doc.sections]}
        render.err_console().print(render.safe_text(f"Policy: {len(doc.sections)} sections in {doc.path}"))
    return out
