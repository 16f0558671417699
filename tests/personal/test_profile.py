"""The private profile: stored only under SHOPCLI_HOME, atomically, read back whatever happened to it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from shopcli.errors import UsageError
from shopcli.personal import profile as pr

CATALOG = Path("/shop/catalog.parquet")


def test_the_file_lives_in_the_user_dir_and_round_trips(_isolated_user_dir: Path) -> None:
    store = pr.ProfileStore()
    assert store.path == _isolated_user_dir / "profile.json"
    assert store.load() == pr.Profile() and store.warnings == ()
    store.update(lambda p: pr.with_value(p, "size", ["9"], None, add=False))
    store.update(lambda p: pr.with_value(p, "brands", ["Hoka", "On"], None, add=False))
    store.update(lambda p: pr.add_mark(p, "like", "P000001", "Shoe", CATALOG))
    again = pr.ProfileStore().load()
    assert again.size_for("running shoes") == "9" and again.brands == ("Hoka", "On")
    assert [m.id for m in again.marked(CATALOG, "like")] == ["P000001"]
    assert os.stat(store.path).st_mode & 0o077 == 0  # private to the user, like any mkstemp file
    assert not list(_isolated_user_dir.glob(".profile.json.*"))  # no temp file left behind


def test_a_corrupt_file_is_moved_aside_with_a_warning(_isolated_user_dir: Path) -> None:
    path = _isolated_user_dir / "profile.json"
    path.write_text("{not json", encoding="utf-8")
    store = pr.ProfileStore()
    assert store.load() == pr.Profile()
    assert store.warnings and "moved it to" in store.warnings[0]
    assert list(_isolated_user_dir.glob("profile.json.corrupt-*"))


def test_entries_of_the_wrong_shape_are_skipped_and_named(_isolated_user_dir: Path) -> None:
    data = {"sizes": {"": "9"}, "budgets": {"x": "lots"}, "brands": "Hoka", "marks": [{"kind": "like"}, 3]}
    (_isolated_user_dir / "profile.json").write_text(json.dumps(data), encoding="utf-8")
    store = pr.ProfileStore()
    profile = store.load()
    assert profile.sizes == (("", "9"),) and profile.budgets == () and profile.brands == ()
    assert len(store.warnings) == 4


def test_liking_a_brand_stops_avoiding_it_and_back() -> None:
    p = pr.with_value(pr.Profile(), "avoid_brands", ["Nike", "Puma"], None, add=True)
    p = pr.with_value(p, "brands", ["nike"], None, add=True)
    assert p.brands == ("nike",) and p.avoid_brands == ("Puma",)
    p = pr.with_value(p, "avoid_brands", ["Nike"], None, add=True)
    assert p.brands == () and p.avoid_brands == ("Puma", "Nike")


def test_sizes_and_budgets_per_category_fall_back_to_any() -> None:
    p = pr.with_value(pr.Profile(), "size", ["size 9"], None, add=False)
    p = pr.with_value(p, "size", ["m"], "Hoodies", add=False)
    p = pr.with_value(p, "budget", ["$150"], "running shoes", add=False)
    assert p.size_for("hoodies") == "M" and p.size_for("boots") == "9" and p.size_for(None) == "9"
    assert p.budget_for("running shoes") == 150 and p.budget_for("boots") is None
    assert pr.forget(p, "size", "hoodies").size_for("hoodies") == "9"
    assert pr.forget(p, "size", None).sizes == ()


def test_marks_belong_to_a_catalog_and_like_replaces_dislike() -> None:
    p = pr.add_mark(pr.Profile(), "dislike", "P1", "A", CATALOG)
    p = pr.add_mark(p, "like", "P1", "A", CATALOG)
    p = pr.add_mark(p, "save", "P1", "A", CATALOG)
    p = pr.add_mark(p, "like", "P1", "A", Path("/other.parquet"))
    assert sorted(m.kind for m in p.marked(CATALOG)) == ["like", "save"]
    assert len(p.marked(Path("/other.parquet"))) == 1
    assert pr.forget(p, "like", None).marked(CATALOG, "like") == ()


@pytest.mark.parametrize(
    ("call", "raw"),
    [(pr.normal_size, ""), (pr.normal_size, "much too long"), (pr.amount, "cheap"), (pr.amount, "-5"),
     (pr.amount, "nan"), (pr.normal_color, "ultraviolet"), (pr.key_of, "shoe-size")],
)  # fmt: skip
def test_bad_values_are_usage_errors_that_say_what_works(call, raw) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="e.g.|use|like"):
        call(raw)


def test_colours_are_read_in_english_and_chinese() -> None:
    assert pr.normal_color("Navy Blue") == "navy" and pr.normal_color("粉色") == "pink"
    assert pr.key_of("avoid-colours") == "avoid_colors" and pr.key_of("saved") == "save"
