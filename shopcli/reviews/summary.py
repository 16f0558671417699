"""What people say about one product: star mix, praised and criticised aspects with counts, quotes.

Everything here is read from the review tables (store/reviewdb.py): counts are counts of reviews,
and a quote is a clause cut from a review's own text, kept only if it is still a verbatim substring
of that review (quotes.py). The chat's "what do people say about #2?" and `shop reviews ID` both
call `summary()`; the model, when there is one, phrases from these facts only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from shopcli.errors import UsageError
from shopcli.reviews.analyse import detect_language
from shopcli.reviews.lexicon import BY_KEY, find_aspects
from shopcli.reviews.quotes import Quote, pick_quotes
from shopcli.store.catalog import Catalog
from shopcli.store.reviewdb import AspectCount, ReviewStats

TOP = 3  # aspects listed as praised, and as criticised


@dataclass(frozen=True)
class AspectLine:
    aspect: str
    label: str  # in the summary's language
    praised: int
    criticised: int
    mentioned: int


@dataclass(frozen=True)
class ReviewSummary:
    product_id: str
    product_name: str
    language: str
    reviews: int
    average: float | None  # mean stars of the rated reviews
    stars: tuple[int, int, int, int, int]  # reviews with 5, 4, 3, 2, 1 stars
    overall: str  # "positive", "mixed", "negative", or "none" without reviews
    praised: tuple[AspectLine, ...]  # most praised first
    criticised: tuple[AspectLine, ...]  # most criticised first
    aspects: tuple[AspectLine, ...]  # every aspect mentioned, most mentioned first
    quotes: tuple[Quote, ...]
    focus: str | None = None  # the aspect the question asked about, if any

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def summary(
    catalog: Catalog, product_id: str, language: str = "en", *, focus: str | None = None
) -> ReviewSummary:
    """The review summary of one product, labelled and quoted in `language` where reviews allow."""
    products = catalog.get([product_id])
    if not products:
        raise UsageError(f"no product {product_id!r} in {catalog.path}: take an id from `shop search --json`")
    if focus is not None and focus not in BY_KEY:
        raise UsageError(f"unknown aspect {focus!r}: use one of {', '.join(BY_KEY)}")
    tables = catalog.reviews()
    stats = tables.stats(product_id)
    lines = tuple(_line(c, language) for c in tables.aspects([product_id]).get(product_id, ()))
    lines = tuple(sorted(lines, key=lambda a: (-a.mentioned, a.aspect)))
    praised = tuple(sorted((a for a in lines if a.praised), key=lambda a: (-a.praised, a.aspect)))[:TOP]
    criticised = tuple(sorted((a for a in lines if a.criticised), key=lambda a: (-a.criticised, a.aspect)))[
        :TOP
    ]
    wanted = _quote_plan(focus, praised, criticised)
    quotes = pick_quotes(tables, product_id, wanted, language)
    return ReviewSummary(
        product_id, products[0].name, language, stats.reviews, stats.average, stats.stars,
        _overall(stats, lines), praised, criticised, lines, quotes, focus,
    )  # fmt: skip


def focus_of(question: str) -> str | None:
    """The aspect a review question asks about ("续航怎么样" -> battery), or None for a general one."""
    found = find_aspects(question, detect_language(question))
    return found[0] if found else None


def _line(count: AspectCount, language: str) -> AspectLine:
    label = BY_KEY[count.aspect].label(language) if count.aspect in BY_KEY else count.aspect
    return AspectLine(count.aspect, label, count.praised, count.criticised, count.mentioned)


def _quote_plan(
    focus: str | None, praised: tuple[AspectLine, ...], criticised: tuple[AspectLine, ...]
) -> list[tuple[str | None, int]]:
    """Which (aspect, polarity) to quote: the asked aspect both ways, else the top praise and complaint."""
    if focus is not None:
        return [(focus, 1), (focus, -1)]
    plan: list[tuple[str | None, int]] = []
    if praised:
        plan.append((praised[0].aspect, 1))
    if criticised:
        plan.append((criticised[0].aspect, -1))
    return plan or [(None, 0)]  # nothing said about any aspect: quote the most helpful review


def _overall(stats: ReviewStats, lines: tuple[AspectLine, ...]) -> str:
    """From the stars when reviews have them, else from what the aspect clauses say."""
    if not stats.reviews:
        return "none"
    if stats.rated:
        good, bad = (
            (stats.stars[0] + stats.stars[1]) / stats.rated,
            (stats.stars[3] + stats.stars[4]) / stats.rated,
        )
    else:
        total = sum(a.praised + a.criticised for a in lines) or 1
        good, bad = sum(a.praised for a in lines) / total, sum(a.criticised for a in lines) / total
    return "positive" if good >= 0.65 and bad < 0.2 else "negative" if bad >= 0.4 else "mixed"
