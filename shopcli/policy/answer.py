"""Answer a customer-service question from the policy: the best section by BM25, a sentence, a quote.

Terms: English words (stop words out, plural and -ed/-ing endings off) and Chinese character
bigrams, plus a topic token for words that mean the same thing ("refund", "send back", "退货" all
add RETURN), so "can I send it back?" finds the Returns section without sharing a word with it.

"Not covered" is decided, not guessed: the policy covers a question only when some section matches
it and every content word of the question is known: the policy uses it, it is a topic word, a
number, or a product word of the catalog ("shoes", "跑鞋"). "Do you ship to Mars?" matches the
Shipping section on "ship", but the policy never mentions Mars, so the answer says it does not
cover that and names the nearest section instead of quoting it as an answer.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from shopcli.policy.document import PolicyDoc, Section
from shopcli.policy.terms import content_terms, index_terms, product_words, sentences, stem
from shopcli.schema import Vocabulary
from shopcli.understand.lexicon import CATEGORY_EN, SUBCATEGORY_EN
from shopcli.understand.lexicon_zh import CATEGORY_ZH, SUBCATEGORY_ZH
from shopcli.understand.text import CJK

K1, B = 1.2, 0.75
TITLE_TOPIC_BONUS = 2.0


@dataclass(frozen=True)
class PolicyAnswer:
    question: str
    language: str
    covered: bool
    answer: str | None  # the section's sentence that answers best, verbatim
    section: Section | None  # the section quoted in full (None when not covered)
    nearest: str | None  # when not covered: the closest section's title, as a pointer
    missing: tuple[str, ...]  # question words the policy never uses

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def answer(
    doc: PolicyDoc, question: str, language: str | None = None, *, known: frozenset[str] = frozenset()
) -> PolicyAnswer:
    """The policy's answer to `question`; `known`: product words that need no mention in the policy."""
    language = language or ("zh" if CJK.search(question) else "en")
    ranked = rank(doc, question, language)
    wanted = content_terms(question)
    vocabulary = {t for s in doc.sections for t in index_terms(f"{s.title} {s.text}")}
    missing = tuple(w for w in wanted.words if not _known(w, vocabulary, known))
    if not ranked or missing or not (wanted.words or wanted.topics):
        nearest = ranked[0][1].title if ranked else None
        return PolicyAnswer(question, language, False, None, None, nearest, missing)
    best = ranked[0][1]
    return PolicyAnswer(question, language, True, best_sentence(best, question), best, None, ())


def catalog_words(vocabulary: Vocabulary) -> frozenset[str]:
    """Product words of a catalog (and the parser's Chinese names for its categories), for `known`."""
    names = vocabulary.categories + vocabulary.subcategories + vocabulary.brands + vocabulary.tags
    chinese = [w for key, words in (*CATEGORY_ZH.items(), *SUBCATEGORY_ZH.items()) for w in words]
    english = [w for key, words in (*CATEGORY_EN.items(), *SUBCATEGORY_EN.items()) for w in (key, *words)]
    return product_words(names + tuple(english), tuple(chinese))


def rank(doc: PolicyDoc, question: str, language: str) -> list[tuple[float, Section]]:
    """Sections with a positive BM25 score, best first; sections in the question's language first."""
    query = set(index_terms(question))
    topics = set(content_terms(question).topics)
    docs = [Counter(index_terms(f"{s.title} {s.title} {s.text}")) for s in doc.sections]  # title twice
    if not docs or not query:
        return []
    average = sum(sum(d.values()) for d in docs) / len(docs)
    scored = []
    for section, terms in zip(doc.sections, docs, strict=True):
        length = sum(terms.values())
        score = sum(
            _idf(t, docs) * terms[t] * (K1 + 1) / (terms[t] + K1 * (1 - B + B * length / average))
            for t in query
            if terms[t]
        )
        if score > 0:  # a section titled for a topic the question asks about wins ("运费" -> 配送)
            scored.append((score + TITLE_TOPIC_BONUS * bool(topics & set(_title_topics(section))), section))
    return sorted(scored, key=lambda ss: (ss[1].language != language, -ss[0]))


def _title_topics(section: Section) -> tuple[str, ...]:
    return content_terms(section.title).topics


def _idf(term: str, docs: list[Counter[str]]) -> float:
    df = sum(1 for d in docs if d[term])
    return math.log(1 + (len(docs) - df + 0.5) / (df + 0.5))


def _known(word: str, vocabulary: set[str], known: frozenset[str]) -> bool:
    if stem(word) in vocabulary or stem(word) in known or word.isdigit():
        return True
    # a Chinese run: known when most of its bigrams are ("退货运费" = 退货 + 运费)
    grams = [word[i : i + 2] for i in range(len(word) - 1)]
    return (
        bool(grams)
        and CJK.match(word) is not None
        and sum(g in vocabulary or g in known for g in grams) * 2 > len(grams)
    )


def best_sentence(section: Section, question: str) -> str:
    """The sentence of `section` sharing the most terms with the question (the first on a tie)."""
    query = set(index_terms(question))
    parts = sentences(section.text)
    return max(parts, key=lambda s: (len(query & set(index_terms(s))), -parts.index(s)))


def reply_text(a: PolicyAnswer) -> str:
    """The answer in one or two sentences, in the question's language; the section is quoted apart."""
    zh = a.language == "zh"
    if a.covered and a.section is not None:
        return (
            f"根据店铺政策「{a.section.title}」：" if zh else f"From the store policy ({a.section.title}): "
        ) + (a.answer or "")
    missing = ("、" if zh else ", ").join(a.missing)
    if zh:
        text = "店铺政策没有涉及这个问题" + (f"（没有提到“{missing}”）" if missing else "") + "。"
        return text + (f"最相关的章节：{a.nearest}。" if a.nearest else "")
    text = (
        "The store policy does not cover that" + (f" (it never mentions {missing})" if missing else "") + "."
    )
    return text + (f" Nearest section: {a.nearest}." if a.nearest else "")
