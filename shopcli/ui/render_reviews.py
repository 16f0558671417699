"""Rich views of a review summary and a policy answer. Review and policy text is data: it reaches
rich only through `safe_text` (no markup, no escape sequences)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from shopcli.policy.answer import PolicyAnswer, reply_text
from shopcli.reviews.reply import templated
from shopcli.reviews.summary import ReviewSummary
from shopcli.ui.render import safe_text


def review_view(s: ReviewSummary) -> RenderableType:
    """Headline and counts, a table of the aspects reviews mention, then the verbatim quotes."""
    zh = s.language == "zh"
    parts: list[RenderableType] = [
        safe_text(f"{s.product_name} ({s.product_id})", "bold"),
        safe_text(templated(s)),
    ]
    if s.aspects:
        parts.append(aspect_table(s, Text("评价提到的方面" if zh else "What reviews mention")))
    parts.append(star_line(s))
    return Group(*parts)


def aspect_table(s: ReviewSummary, title: Text) -> Table:
    """One row per aspect the reviews mention: how many praise, criticise, mention it."""
    zh = s.language == "zh"
    table = Table(title=title, title_justify="left")
    for name, justify in (
        ("方面" if zh else "Aspect", "left"),
        ("称赞" if zh else "Praised", "right"),
        ("批评" if zh else "Criticised", "right"),
        ("提到" if zh else "Mentioned", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for a in s.aspects:
        table.add_row(safe_text(a.label), str(a.praised), str(a.criticised), str(a.mentioned))
    return table


def star_line(s: ReviewSummary) -> Text:
    return Text(" · ".join(f"{5 - i}★ {n}" for i, n in enumerate(s.stars)), style="dim")


def policy_view(a: PolicyAnswer) -> RenderableType:
    """The short answer, then the section it comes from, quoted as the store wrote it."""
    parts: list[RenderableType] = [safe_text(reply_text(a), "bold")]
    if a.section is not None:
        parts.append(section_quote(a))
    return Group(*parts)


def section_quote(a: PolicyAnswer) -> Text:
    """The policy section an answer comes from, as the store wrote it."""
    assert a.section is not None
    quote = Text("> ", style="dim")
    quote.append_text(safe_text(f"## {a.section.title}\n{a.section.text}"))
    return quote
