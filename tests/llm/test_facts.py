"""Grounding of every kind of fact: each sentence is checked against the rows it is about."""

from __future__ import annotations

import pytest

from shopcli.advisor import fact_terms
from shopcli.llm.claims import Terms
from shopcli.llm.grounding import Grounds, check_sentence, checked_stream
from shopcli.llm.prompts import example_words
from shopcli.schema import Product, Vocabulary


def shoe(pid: str, name: str, brand: str, color: str, price: float, rating: float, reviews: int,
         stock: int | None, tags: tuple[str, ...], *, size: str | None = None,
         material: str | None = None) -> Product:  # fmt: skip
    return Product(pid, name, brand, "running shoes", "road", color, size, material, price, None, "USD",
                   rating, reviews, stock, f"The {name} is a road running shoe.", tags)  # fmt: skip


ROWS = (
    shoe("A", "Nike Pegasus 41, Black", "Nike", "black", 129.99, 4.3, 812, 12, ("sports", "breathable")),
    shoe(
        "B",
        "Asics Gel-Nimbus 26, White",
        "Asics",
        "white",
        149.99,
        4.1,
        300,
        0,
        ("sports", "waterproof"),
        size="10",
        material="mesh",
    ),  # fmt: skip
    shoe("C", "Hoka Clifton 9, Red", "Hoka", "red", 139.00, 4.8, 109, 5, ("lightweight",)),
)
VOCAB = Vocabulary(("running shoes",), ("road",), ("Asics", "Hoka", "Nike"), ("black", "red", "white"),
                   ("breathable", "lightweight", "sports", "waterproof"), 50.0, 200.0)  # fmt: skip


def grounds(language: str = "en", question: str = "running shoes under 150") -> Grounds:
    return Grounds.of(ROWS, question=question, language=language, terms=fact_terms(VOCAB))


def kinds(sentence: str, language: str = "en") -> tuple[str, ...]:
    return check_sentence(sentence, grounds(language)).kinds


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Both the Nike [1] and the Asics [2] are rated 4.3 stars.", ("rating",)),  # seen: one was 4.1
        ("The Nike [1] is rated 4.3 stars and the Asics [2] 4.1 stars.", ()),
        ("The Hoka [3] has a 4.8-star rating from 109 reviews.", ()),
        ("The Hoka [3] has over 100 reviews.", ()),
        ("The Hoka [3] has 1,090 reviews.", ("reviews",)),
        ("The Nike [1] has 12 left in stock.", ()),
        ("The Asics [2] is out of stock, so consider the Hoka [3], which is in stock.", ()),
        ("The Hoka [3] is out of stock.", ("stock",)),
        ("The Asics [2] comes in size 10.", ()),
        ("The Nike [1] comes in size 10.", ("size",)),
        ("The Hoka Clifton 9 [3] comes in red.", ()),
        ("The Nike [1] comes in red.", ("colour",)),
        ("The Asics [2] has a mesh upper.", ()),
        ("The Nike [1] has a leather upper.", ("material",)),
        ("The Asics [2] is waterproof.", ()),
        ("The Nike Pegasus [1] is waterproof.", ("feature",)),  # "waterproof" must be in the cited row
        ("The Nike [1] is not waterproof, unlike the Asics [2].", ()),
        ("The Nike [1] is cheaper than the Asics [2].", ()),
        ("The Asics [2] is cheaper than the Nike [1].", ("comparative",)),
        ("The Hoka [3] is better rated than the Nike [1].", ()),
        ("The Hoka [3] is lighter than the Asics [2].", ()),
        ("The Nike [1] is lighter than the Hoka [3].", ("comparative",)),
        ("[1] is the cheapest at $129.99.", ()),
        ("[2] is the cheapest option.", ("superlative",)),
        ("The Hoka [3] is the best rated.", ()),
        ("[2] costs $99.", ("price",)),
    ],
)
def test_each_kind_of_fact_is_checked_against_its_row(sentence: str, expected: tuple[str, ...]) -> None:
    assert kinds(sentence) == expected


def test_a_sentence_without_a_citation_is_about_the_rows_the_previous_one_cited() -> None:
    out = list(checked_stream(["The Asics [2] is a solid pick. It is rated 4.8 stars."], grounds()))
    assert [s.kinds for s in out] == [(), ("rating",)]


def test_both_in_a_sentence_without_citations_means_both_rows_the_previous_one_cited() -> None:
    text = "The Nike [1] and the Hoka [3] are both under $150. Both shoes have 4.3 stars."  # seen, 1.5B model
    assert [s.kinds for s in checked_stream([text], grounds())] == [(), ("rating",)]


def test_comparative_without_a_second_citation_compares_with_the_previous_sentence() -> None:
    text = "The Asics [2] is the top pick. The Nike [1] is cheaper. The Hoka [3] is cheaper still."
    assert [s.kinds for s in checked_stream([text], grounds())] == [(), (), ("comparative",)]


def test_chinese_facts_are_checked_too() -> None:
    assert kinds("Nike Pegasus 41 [1] 评分4.3分，价格$129.99（约936元）。", "zh") == ()
    assert kinds("[1]是防水的。", "zh") == ("feature",)
    assert kinds("[2]比[1]更贵，而且防水。", "zh") == ()
    assert kinds("[1]比[2]更贵。", "zh") == ("comparative",)
    assert kinds("[3]有1090条评价。", "zh") == ("reviews",)


def test_sentences_in_another_language_or_script_are_withheld() -> None:
    assert kinds("这款鞋非常适合跑步。") == ("language",)
    assert kinds("The Nike [1] is a good choice.", "zh") == ("language",)
    assert kinds("Nike Pegasus 41 [1] 是很好的选择。", "zh") == ()  # names are not the language
    gibberish = (
        "geographic vezesßerutive.side(errors Dubai Thời Cloud景德镇 Scotch*N transportedえる(IEnumerable spa"
    )
    assert check_sentence(gibberish, grounds()).problems


def test_code_like_debris_is_withheld() -> None:
    assert "garbled" in kinds("The stdClass(and.readFileSync protection Lid_Request is here.")


def test_sentences_without_words_are_dropped_not_shown() -> None:
    assert [s.text for s in checked_stream(["1. ", "[2].", " Good [1]."], grounds())] == ["Good [1]."]


def test_words_from_the_prompt_example_cannot_pass() -> None:
    leaked = "The Marrowick Tidecaller [1] is the best fit, with a verdigris finish."
    terms = fact_terms(VOCAB)
    assert terms.example == example_words()
    assert "example" in check_sentence(leaked, Grounds.of(ROWS, terms=terms)).kinds


def test_shoppers_numbers_may_be_repeated_but_facts_may_not() -> None:
    g = Grounds.of(ROWS, question="shoes rated 4 stars or more", terms=Terms())
    assert check_sentence("All of these are rated above 4 stars.", g).ok


def test_templated_words_checked_without_terms_still_catch_prices() -> None:
    assert not check_sentence("[1] costs $1.", ROWS).ok


def test_a_feature_a_row_can_have_is_a_fact_not_advice() -> None:
    # bench_grounding kept "a portable blender with 4.5 stars and programmable features" about a
    # blender tagged only portable and compact: "programmable" was listed as advice, like "travel".
    blender = Product("K", "Ninja Fit Personal Blender, Silver", "Ninja", "blenders", None, "silver", None,
                      None, 79.99, None, "USD", 4.5, 120, 4, "A personal blender.",
                      ("portable", "compact"))  # fmt: skip
    vocab = Vocabulary(("blenders", "coffee makers"), (), ("Ninja",), ("silver",),
                       ("compact", "portable", "programmable"), 20.0, 300.0)  # fmt: skip
    g = Grounds.of((blender,), terms=fact_terms(vocab))
    said = "The Ninja Fit Personal Blender [1] is a portable blender with programmable features."
    assert "feature" in check_sentence(said, g).kinds
