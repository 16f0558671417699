"""A review summary in words, English or Chinese, built from its facts alone (no model needed).

`templated` is what `shop reviews` prints and what the chat shows when there is no model (or when
every model sentence was withheld); `facts_text` is the compact fact list a model prompt carries.
"""

from __future__ import annotations

from shopcli.reviews.lexicon import BY_KEY
from shopcli.reviews.summary import AspectLine, ReviewSummary

_OVERALL = {
    "en": {"positive": "mostly positive", "mixed": "mixed", "negative": "mostly negative"},
    "zh": {"positive": "总体好评", "mixed": "褒贬不一", "negative": "总体差评"},
}


def _counts(lines: tuple[AspectLine, ...], key: str, total: int, zh: bool) -> str:
    if zh:
        return "、".join(f"{a.label}（{getattr(a, key)}/{total} 条）" for a in lines)
    return ", ".join(f"{a.label} ({getattr(a, key)} of {total})" for a in lines)


def templated(s: ReviewSummary) -> str:
    """Overall view, the top praised and criticised aspects with counts, then the quotes with review ids."""
    zh = s.language == "zh"
    if not s.reviews:
        return "这件商品还没有评价。" if zh else "This product has no reviews yet."
    parts = [_headline(s, zh)]
    if s.focus is not None:
        parts.append(_focus(s, zh))
    else:
        if s.praised:
            parts.append(
                ("好评集中在：" if zh else "Praised: ")
                + _counts(s.praised, "praised", s.reviews, zh)
                + _end(zh)
            )
        if s.criticised:
            parts.append(
                ("差评集中在：" if zh else "Criticised: ")
                + _counts(s.criticised, "criticised", s.reviews, zh)
                + _end(zh)
            )
    parts.extend(
        (f"「{q.text}」（评价 {q.review_id}）" if zh else f"“{q.text}” (review {q.review_id})")
        for q in s.quotes
    )
    return ("" if zh else " ").join(parts)


def _headline(s: ReviewSummary, zh: bool) -> str:
    mood = _OVERALL["zh" if zh else "en"].get(s.overall, s.overall)
    if zh:
        avg = f"，平均 {s.average:.1f} 星" if s.average is not None else ""
        return f"共 {s.reviews} 条评价{avg}，{mood}。"
    avg = f", average {s.average:.1f} stars" if s.average is not None else ""
    return f"{s.reviews} review{'' if s.reviews == 1 else 's'}{avg}: {mood}."


def _focus(s: ReviewSummary, zh: bool) -> str:
    assert s.focus is not None
    line = next((a for a in s.aspects if a.aspect == s.focus), None)
    label = BY_KEY[s.focus].label(s.language)
    if line is None:
        return f"没有评价提到{label}。" if zh else f"No review mentions {label}."
    if zh:
        return f"{line.mentioned} 条评价提到{label}：{line.praised} 条称赞，{line.criticised} 条批评。"
    return (
        f"{label.capitalize()}: mentioned in {line.mentioned} reviews, praised in {line.praised}, "
        f"criticised in {line.criticised}."
    )


def _end(zh: bool) -> str:
    return "。" if zh else "."


def facts_text(s: ReviewSummary) -> str:
    """The summary as short fact lines for a prompt: the model may phrase these and nothing else."""
    lines = [f"reviews: {s.reviews}", f"overall: {s.overall}"]
    if s.average is not None:
        lines.append(f"average stars: {s.average:.1f}")
    lines += [
        f"{a.label}: praised {a.praised}, criticised {a.criticised}, of {s.reviews}" for a in s.aspects[:6]
    ]
    lines += [f'quote (review {q.review_id}): "{q.text}"' for q in s.quotes]
    return "\n".join(lines)
