"""Prompt templates as small pure functions, tested without a model.

Prompt processing on 2 CPU cores runs at ~20 tokens/s for the 1.5B model, so every token counts:
the system texts are fixed strings (a stable prefix llama.cpp's KV cache reuses across turns) and
the per-turn part is a compact product list, never the whole catalog or the whole conversation.
"""

from __future__ import annotations

from collections.abc import Sequence

from shopcli.schema import Product
from shopcli.textutil import terminal_safe

Message = dict[str, str]
MAX_PRODUCTS_IN_PROMPT = 5

REPLY_SYSTEM = (
    "You are a shopping assistant. Recommend products ONLY from the numbered list the user gives. "
    "Cite each product you mention by its number in square brackets, like [1]. "
    "Do not invent products, prices, features or ratings. Write 2 to 4 short sentences."
)
_LANG_LINE = {"en": "Answer in English.", "zh": "请用简体中文回答。"}

INTENT_SYSTEM = (
    "Extract a shopping request as JSON. Use only values from the allowed lists. "
    "Leave a field empty when the request does not say it. Never guess brands, colours or prices."
)
# Few-shot pairs: part of the fixed prefix, evaluated once per process.
INTENT_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("something to keep me warm while jogging",
     '{"categories":["jackets"],"features":["warm"],"keywords":["jogging"]}'),
    ("给我爸买个能听歌的东西，他喜欢跑步",
     '{"categories":["headphones"],"features":["sports"],"keywords":[]}'),
)  # fmt: skip


def product_line(n: int, p: Product) -> str:
    """One compact, factual line per product: the only facts the model may use."""
    bits = [f"[{n}] {p.name}"]
    if p.brand:
        bits.append(p.brand)
    if p.color:
        bits.append(p.color)
    bits.append(f"${p.price:,.2f}")
    if p.rating is not None:
        bits.append(f"{p.rating:.1f} stars")
    if p.tags:
        bits.append(", ".join(p.tags[:3]))
    return terminal_safe(" | ".join(bits)).replace("\n", " ")


def reply_messages(question: str, products: Sequence[Product], language: str) -> list[Message]:
    """Messages for the grounded recommendation; products are numbered as in the table."""
    listing = "\n".join(product_line(i, p) for i, p in enumerate(products[:MAX_PRODUCTS_IN_PROMPT], 1))
    # The language line goes last so the system text stays a byte-identical, cacheable prefix.
    user = f"Products:\n{listing}\n\nShopper: {question}\n{_LANG_LINE.get(language, _LANG_LINE['en'])}"
    return [{"role": "system", "content": REPLY_SYSTEM}, {"role": "user", "content": user}]


def intent_messages(question: str) -> list[Message]:
    """Messages for model-assisted understanding: fixed system + few-shot prefix, then the question."""
    messages: list[Message] = [{"role": "system", "content": INTENT_SYSTEM}]
    for q, a in INTENT_EXAMPLES:
        messages += [{"role": "user", "content": q}, {"role": "assistant", "content": a}]
    messages.append({"role": "user", "content": question})
    return messages
