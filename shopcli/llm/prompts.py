"""Prompt templates as small pure functions, tested without a model.

Prompt processing on 2 CPU cores is the slow part (the 1.5B model evaluates a few hundred tokens per
second at best), so both tasks share ONE fixed system message: llama.cpp keeps the previous call's
tokens in its KV cache and re-evaluates only what differs, so the shared prefix (instructions and
few-shot examples) is evaluated once per process, whichever task runs next. The per-turn part is a
compact product list or the request itself, never the whole catalog or conversation.
"""

from __future__ import annotations

from collections.abc import Sequence

from shopcli.llm.backends.base import Message
from shopcli.money import Rates, format_price
from shopcli.schema import Product
from shopcli.textutil import terminal_safe

MAX_PRODUCTS_IN_PROMPT = 5
# A question is cut to this many characters inside prompts (the rules still read all of it): a
# 2,000-character Chinese query is ~2,000 tokens, the whole context of the default n_ctx.
MAX_QUESTION_CHARS = 300

SYSTEM = """You are shopcli, a shopping assistant. You do one of two tasks, named in the user's message.
TASK extract: turn a shopping request into JSON. Use only allowed values. Leave a field empty when the \
request does not say it. Never guess brands, colours or prices. Examples:
request: something to keep me warm while jogging
{"categories":["jackets"],"features":["warm"],"keywords":["jogging"]}
request: 给我爸买个能听歌的东西，他喜欢跑步
{"categories":["headphones"],"features":["sports"],"keywords":[]}
TASK recommend: recommend products ONLY from the numbered list given. Cite each product you mention by \
its number in square brackets, like [1]. Do not invent products, prices, features or ratings. \
Write 2 to 3 short, natural sentences; never copy the list lines."""

# One worked example, as a real user/assistant exchange: measured with the 1.5B model, rules alone
# in the system text made it paste the product lines back; an example inside the system text made
# it copy the example's sentences. A category no catalog query shares keeps its facts from leaking,
# and the second sentence claims neither a feature nor a comparison: "…and also froths milk" was
# seen pasted onto a dress, and "if you want to spend less" onto a pricier pick.
_EXAMPLE_USER = """TASK recommend
Products:
[1] Breville Bambino Espresso Machine | Breville | silver | $249.95 | 4.6 stars | compact, milk frother
[2] Nespresso Vertuo Pop Pod Coffee Maker | Nespresso | black | $99.00 | 4.3 stars | compact
[3] De'Longhi Dedica Espresso Machine | De'Longhi | grey | $179.99 | 4.4 stars | milk frother
Shopper: espresso machine for a small kitchen
Answer in English."""
_EXAMPLE_REPLY = (
    "The Breville Bambino [1] is the best fit: compact, with a milk frother, at $249.95 and 4.6 stars. "
    "Another good option is the De'Longhi Dedica [3] at $179.99 with 4.4 stars."
)

_LANG_LINE = {"en": "Answer in English.", "zh": "请用简体中文回答。"}


def product_line(n: int, p: Product, rates: Rates | None = None) -> str:
    """One compact, factual line per product: the only facts the model may use.

    With `rates` (a Chinese question) a price not in yuan is given in yuan too: without it the model
    wrote "$26.99" as "26.99元", which the grounding check then (rightly) withheld."""
    bits = [f"[{n}] {p.name}"]
    if p.brand:
        bits.append(p.brand)
    if p.color:
        bits.append(p.color)
    yuan = rates.convert(p.price, p.currency, "CNY") if rates and p.currency != "CNY" else None
    bits.append(format_price(p.price, p.currency) + (f" (约{yuan:,.0f}元)" if yuan is not None else ""))
    if p.rating is not None:
        bits.append(f"{p.rating:.1f} stars")
    if p.tags:
        bits.append(", ".join(p.tags[:3]))
    return terminal_safe(" | ".join(bits)).replace("\n", " ")


def reply_messages(
    question: str, products: Sequence[Product], language: str, rates: Rates | None = None
) -> list[Message]:
    """Messages for the grounded recommendation; products are numbered as in the table."""
    yuan = (rates or Rates.of()) if language == "zh" else None
    shown = products[:MAX_PRODUCTS_IN_PROMPT]
    listing = "\n".join(product_line(i, p, yuan) for i, p in enumerate(shown, 1))
    lang = _LANG_LINE.get(language, _LANG_LINE["en"])
    user = f"TASK recommend\nProducts:\n{listing}\nShopper: {_trim(question)}\n{lang}"
    return [*_prefix(), Message("user", user)]


def intent_messages(question: str) -> list[Message]:
    """Messages for model-assisted understanding of what the rules left open."""
    return [*_prefix(), Message("user", f"TASK extract\nrequest: {_trim(question)}")]


def _trim(question: str) -> str:
    return question if len(question) <= MAX_QUESTION_CHARS else question[:MAX_QUESTION_CHARS] + "…"


def _prefix() -> list[Message]:
    """The messages every prompt starts with, byte for byte: what the KV cache keeps."""
    return [Message("system", SYSTEM), Message("user", _EXAMPLE_USER), Message("assistant", _EXAMPLE_REPLY)]
