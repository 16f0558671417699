"""The model's reading of a line the rules could not place, through a grammar of acts and listed
numbers, and validated: it never resolves a reference on its own (the rules do, or shopcli asks),
a search it proposes needs words to search for, and a policy question a word of a policy topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from shopcli.dialogue import refs as references
from shopcli.dialogue.acts import Reading
from shopcli.dialogue.turn import ACTS, Act
from shopcli.intent import Intent
from shopcli.llm import grammar, prompts
from shopcli.llm.backends.base import Backend
from shopcli.policy.terms import content_terms
from shopcli.schema import Product

ACT_MAX_TOKENS = 24  # {"act":"question","refs":[2,4]} is about 15 tokens
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|[\u4e00-\u9fff]", re.I)
_ABOUT_LISTED = ("details", "compare", "question", "similar", "reviews")


def read(
    text: str, rules: Reading, *, backend: Backend, shown: Sequence[Product], current: Intent | None,
    language: str,
) -> Reading:  # fmt: skip
    """The model's act for `text`, kept only when it is consistent with the line and the state."""
    raw = backend.complete_json(
        prompts.act_messages(text, [p.name for p in shown]), grammar.act_schema(ACTS, len(shown)),
        max_tokens=ACT_MAX_TOKENS,
    )  # fmt: skip
    if raw.get("act") not in ACTS:
        return rules  # no valid reply: the rules' guess stands
    act = cast(Act, raw["act"])
    if act == "refine" and current is None:
        act = "search"
    if act == "search" and len(_WORD.findall(text)) < 2:
        return Reading("clarify", rules.refs)
    if act == "policy" and not content_terms(text).topics:
        return Reading("other", rules.refs)  # no word of a policy topic: nothing to look up
    if act in _ABOUT_LISTED:
        return _about_listed(act, rules, shown, language)
    return Reading(act, rules.refs)


def _about_listed(act: Act, rules: Reading, shown: Sequence[Product], language: str) -> Reading:
    """An act about listed products keeps only the references the rules resolved; without any,
    shopcli asks which one (a question may still be about every listed product)."""
    if rules.refs.found or (act == "question" and shown):
        return Reading(act, rules.refs)
    problem = references.which_one(len(shown), language) if shown else references.nothing_listed(language)
    return Reading(act, references.Refs(kind="model", problem=problem))
