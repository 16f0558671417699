"""A brief reply to a line that is not about shopping ("hi", "thanks", "what's the weather?"): it
steers back to the catalog, shows no products, and leaves the conversation's context as it was."""

from __future__ import annotations

import re

GREETING = re.compile(r"^(?:hi|hello|hey|yo|good morning|good evening)\b|你好|您好|嗨", re.I)


def reply(line: str, language: str, listed: bool) -> str:
    """What to say; `listed`: products are on screen, so suggest talking about them."""
    thanks, greeting = bool(re.search(r"thank|谢", line, re.I)), bool(GREETING.search(line))
    if language == "zh":
        head = "不客气！" if thanks else "您好！" if greeting else "这个我帮不上忙，我只能帮您挑选商品。"
        tail = "也可以问问列出的商品，比如“第二个怎么样？”。" if listed else "您想找什么？比如“红色连衣裙”。"
        return head + tail
    head = "You're welcome!" if thanks else "Hello!" if greeting else (
        "I can't help with that; I can help you choose products from this catalog.")  # fmt: skip
    tail = ('Ask about the products listed, e.g. "tell me more about 2", or say what to change.' if listed
            else 'What are you looking for? For example "running shoes under 150".')  # fmt: skip
    return f"{head} {tail}"
