"""Prompt templates as small pure functions, tested without a model.

Prompt processing on 2 CPU cores is the slow part (the 1.5B model evaluates a few hundred tokens per
second at best), so every task shares ONE fixed system message and worked example: llama.cpp keeps
the previous call's tokens in its KV cache and re-evaluates only what differs, so the shared prefix
is evaluated once per process, whichever task runs next. The per-turn part is a compact product
list, card or the line itself, never the whole catalog or conversation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from shopcli.llm.backends.base import Message
from shopcli.money import format_price
from shopcli.schema import Product
from shopcli.textutil import clip, terminal_safe

MAX_PRODUCTS_IN_PROMPT = 5
# Every catalog field is cut to this inside prompts: one 10,000-character name filled the context and
# failed every question that showed its product. The table and JSON still show it whole.
MAX_FIELD_CHARS = 100
# A question is cut to this many characters inside prompts (the rules still read all of it): a
# 2,000-character Chinese query is ~2,000 tokens, the whole context of the default n_ctx.
MAX_QUESTION_CHARS = 300
MAX_DESCRIPTION_CHARS = 160  # per card: the facts are the fields, the description adds a little

SYSTEM = """You are shopcli, a shopping assistant. You do one task, named in the user's message.
TASK extract: turn a shopping request into JSON. Use only allowed values. Leave a field empty when the \
request does not say it. Never guess brands, colours or prices. Examples:
request: something to keep me warm while jogging
{"categories":["jackets"],"features":["warm"],"keywords":["jogging"]}
request: 给我爸买个能听歌的东西，他喜欢跑步
{"categories":["headphones"],"features":["sports"],"keywords":[]}
TASK act: say what the shopper's line does, as JSON: search (a new request), refine (change the \
current filters), details (one listed product), compare (two to four listed products), question \
(a question about listed products), similar (more like one listed product), reviews (what buyers \
say about listed products), policy (shipping, returns, warranty, payment), clarify (too vague to \
search), other (not about shopping); refs are the listed numbers the line means.
TASK recommend, describe, compare or answer: use ONLY the numbered product lines given. Cite each \
product you mention by its number in square brackets, like [1]. Do not invent products, prices, \
features or ratings; when the lines do not say, say the catalog does not say. Write 2 to 3 short, \
natural sentences; never copy the lines."""

# One worked example, as a real user/assistant exchange: measured with the 1.5B model, rules alone
# in the system text made it paste the product lines back; an example inside the system text made
# it copy the example's sentences. Its products are invented sundials from invented brands, words
# no catalog or shopper uses, so a copied fact cannot pass for a real one (grounding withholds a
# sentence with any of them, and tests check that none leaks into a reply or an intent); its second
# sentence claims neither a feature nor a comparison ("…and also froths milk" was once seen pasted
# onto a dress, from an espresso example).
_EXAMPLE_ROWS = (
    Product("X1", "Marrowick Tidecaller Sundial", "Marrowick", "sundials", None, "gold", None, "bronze",
            149.0, None, "USD", 4.6, 88, 4, None, ("verdigris finish", "engraved gnomon")),
    Product("X2", "Quenby Fogline Pedestal Sundial", "Quenby", "sundials", None, "grey", None, "granite",
            89.5, None, "USD", 4.2, 41, 9, None, ("engraved gnomon",)),
    Product("X3", "Marrowick Harbourglass Sundial", "Marrowick", "sundials", None, "silver", None, "bronze",
            119.0, None, "USD", 4.4, 57, 2, None, ("verdigris finish",)),
)  # fmt: skip
_EXAMPLE_SHOPPER = "sundial for a small courtyard"
_EXAMPLE_REPLY = (
    "The Marrowick Tidecaller [1] is the best fit: a sundial with a verdigris finish, at $149.00 and "
    "4.6 stars. Another good option is the Marrowick Harbourglass [3] at $119.00 with 4.4 stars."
)

_LANG_LINE = {"en": "Answer in English.", "zh": "请用简体中文回答。"}


def product_line(n: int, p: Product, language: str = "en", cny_per_usd: float = 7.2) -> str:
    """One compact, factual line per product: the only facts the model may use.

    Prices are written as the answer should write them (money.format_price): for a Chinese answer the
    yuan too, since without it the model wrote "$26.99" as "26.99元", which grounding withheld."""
    bits = [f"[{n}] {clip(p.name, MAX_FIELD_CHARS)}"]
    if p.brand:
        bits.append(clip(p.brand, MAX_FIELD_CHARS // 2))
    if p.color:
        bits.append(clip(p.color, MAX_FIELD_CHARS // 2))
    bits.append(format_price(p.price, p.currency, language, cny_per_usd=cny_per_usd))
    if p.rating is not None:
        bits.append(f"{p.rating:.1f} stars")
    if p.tags:
        bits.append(clip(", ".join(clip(t, MAX_FIELD_CHARS // 4) for t in p.tags[:3]), MAX_FIELD_CHARS))
    return _one_line(" | ".join(bits))


def card_line(n: int, p: Product, language: str = "en", cny_per_usd: float = 7.2) -> str:
    """Every field of one product on one line, for describing, comparing and answering questions
    (each cut to MAX_FIELD_CHARS, the description to MAX_DESCRIPTION_CHARS)."""
    price = format_price(p.price, p.currency, language, cny_per_usd=cny_per_usd)
    if p.original_price and p.original_price > p.price:
        price += f", was {format_price(p.original_price, p.currency, language, cny_per_usd=cny_per_usd)}"
    tags = ", ".join(clip(t, MAX_FIELD_CHARS // 4) for t in p.tags)
    fields = [
        ("brand", p.brand), ("colour", p.color), ("size", p.size), ("material", p.material), ("price", price),
        ("rating", f"{p.rating:.1f} stars" if p.rating is not None else None),
        ("reviews", f"{p.review_count:,}" if p.review_count is not None else None),
        ("stock", f"{p.stock} in stock" if p.stock else "out of stock" if p.stock == 0 else None),
        ("features", clip(tags, MAX_FIELD_CHARS) or None),
        ("description", _cut(p.description or "", MAX_DESCRIPTION_CHARS) or None),
    ]  # fmt: skip
    cut = [(k, v if k == "description" else clip(v, MAX_FIELD_CHARS)) for k, v in fields if v]
    shown = " | ".join(f"{k}: {v}" for k, v in cut)
    return _one_line(f"[{n}] {clip(p.name, MAX_FIELD_CHARS)} | {shown}")


def reply_messages(
    question: str, products: Sequence[Product], language: str, cny_per_usd: float = 7.2
) -> list[Message]:
    """Messages for the grounded recommendation; products are numbered as in the table."""
    shown = products[:MAX_PRODUCTS_IN_PROMPT]
    listing = "\n".join(product_line(i, p, language, cny_per_usd) for i, p in enumerate(shown, 1))
    return _task("recommend", f"Products:\n{listing}\nShopper: {_trim(question)}", language)


def about_messages(
    task: str, question: str, numbered: Sequence[tuple[int, Product]], language: str, cny_per_usd: float = 7.2
) -> list[Message]:
    """Messages for `describe` (one product), `compare` (2-4) or `answer` (a question about some):
    full cards, numbered as on screen, so "[4]" in the reply is row 4 of the table."""
    cards = "\n".join(card_line(n, p, language, cny_per_usd) for n, p in numbered)
    head = "Product" if task == "describe" else "Products"
    ask = "Question" if task == "answer" else "Shopper"
    extra = "\nSay which suits whom." if task == "compare" else ""
    return _task(task, f"{head}:\n{cards}\n{ask}: {_trim(question)}{extra}", language)


def act_messages(line: str, names: Sequence[str]) -> list[Message]:
    """Messages for reading what a chat line does, given the names of the products listed."""
    listed = "\n".join(f"[{i}] {_cut(name, 48)}" for i, name in enumerate(names, 1)) or "(nothing yet)"
    return [*_prefix(), Message("user", f"TASK act\nListed:\n{_one_line(listed, keep_lines=True)}\n"
                                        f"Line: {_trim(line)}")]  # fmt: skip


def intent_messages(question: str) -> list[Message]:
    """Messages for model-assisted understanding of what the rules left open."""
    return [*_prefix(), Message("user", f"TASK extract\nrequest: {_trim(question)}")]


def prefix_probes() -> list[list[Message]]:
    """One prompt of each task: the tokens they start with are the prefix worth keeping evaluated."""
    return [intent_messages("?"), reply_messages("?", (), "en")]


def _task(task: str, body: str, language: str) -> list[Message]:
    lang = _LANG_LINE.get(language, _LANG_LINE["en"])
    return [*_prefix(), Message("user", f"TASK {task}\n{body}\n{lang}")]


def _trim(question: str) -> str:
    return question if len(question) <= MAX_QUESTION_CHARS else question[:MAX_QUESTION_CHARS] + "…"


def _cut(text: str, most: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _one_line(text: str, *, keep_lines: bool = False) -> str:
    safe = terminal_safe(text)
    return safe if keep_lines else safe.replace("\n", " ")


def _example_user() -> str:
    listing = "\n".join(product_line(i, p) for i, p in enumerate(_EXAMPLE_ROWS, 1))
    return f"TASK recommend\nProducts:\n{listing}\nShopper: {_EXAMPLE_SHOPPER}\n{_LANG_LINE['en']}"


@cache
def _prefix() -> tuple[Message, ...]:
    """The messages every prompt starts with, byte for byte: what the KV cache keeps."""
    return (Message("system", SYSTEM), Message("user", _example_user()), Message("assistant", _EXAMPLE_REPLY))


@cache
def example_words() -> frozenset[str]:
    """Words only the worked example uses (not the instructions, not the reply format): a reply or
    an intent holding one copied the example."""
    words = re.compile(r"[a-z]{4,}")
    example = " ".join((_example_user(), _EXAMPLE_REPLY)).lower()
    common = set(words.findall(SYSTEM.lower())) | {
        "another", "best", "good", "option", "products", "shopper", "small", "stars", "with", "answer",
        "english", "task", "recommend", "gold", "grey", "silver", "finish", "pedestal",
    }  # fmt: skip
    return frozenset(set(words.findall(example)) - common)
