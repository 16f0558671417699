"""Labelled review and policy questions (85, 47% Chinese): which aspect a review question asks about,
and which policy section answers a policy question (None: the policy does not cover it).

    .venv/bin/python -m pytest tests/test_questions_labelled.py -s    # prints the accuracy table
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from shopcli.policy.answer import answer, catalog_words
from shopcli.policy.document import load_policy
from shopcli.reviews.summary import focus_of
from shopcli.store.catalog import Catalog

ROOT = Path(__file__).resolve().parent.parent
CASES = [json.loads(line) for line in (ROOT / "tests/data/labelled_review_policy_questions.jsonl").open()]


@pytest.fixture(scope="module")
def policy_answers() -> dict[str, str | None]:
    doc = load_policy(ROOT / "catalog.parquet")
    with Catalog.open(ROOT / "catalog.parquet") as cat:
        known = catalog_words(cat.vocabulary())
    found = {}
    for case in CASES:
        if case["kind"] == "policy":
            result = answer(doc, case["q"], known=known)
            found[case["q"]] = result.section.title if result.section else None
    return found


def test_the_set_is_big_enough_and_mostly_chinese_enough() -> None:
    chinese = sum(bool(re.search("[\u4e00-\u9fff]", c["q"])) for c in CASES)
    assert len(CASES) >= 80 and chinese / len(CASES) >= 0.4


def test_accuracy(policy_answers: dict[str, str | None]) -> None:
    rows = []
    for kind, language in (("review", "en"), ("review", "zh"), ("policy", "en"), ("policy", "zh")):
        cases = [
            c
            for c in CASES
            if c["kind"] == kind and bool(re.search("[\u4e00-\u9fff]", c["q"])) == (language == "zh")
        ]
        got = [focus_of(c["q"]) if kind == "review" else policy_answers[c["q"]] for c in cases]
        right = sum(g == c["expect"] for g, c in zip(got, cases, strict=True))
        misses = [(c["q"], g) for g, c in zip(got, cases, strict=True) if g != c["expect"]]
        rows.append((kind, language, len(cases), right / len(cases), misses))
    print("\n| kind | language | cases | accuracy |\n|---|---|---|---|")
    for kind, language, n, accuracy, misses in rows:
        print(f"| {kind} | {language} | {n} | {accuracy:.2f} |" + (f" misses: {misses}" if misses else ""))
    assert all(accuracy >= 0.85 for *_, accuracy, _ in rows), rows


def test_not_covered_is_never_answered_with_a_section(policy_answers: dict[str, str | None]) -> None:
    # the costly mistake is a made-up answer: a question the policy does not cover must never get one
    wrong = [
        c["q"] for c in CASES if c["kind"] == "policy" and c["expect"] is None and policy_answers[c["q"]]
    ]
    assert not wrong
