"""The profile and recommendation commands end to end: the issue's acceptance lines, JSON, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import messy_fixtures as mf
from clirun import shop
from conftest import DEMO_CATALOG

from shopcli.store.siblings import sibling


def search_json(*args: str) -> dict:
    r = shop("search", "--json", "--no-llm", *args)
    assert r.code == 0, r.err
    return json.loads(r.out)


def test_a_size_in_the_profile_ranks_those_shoes_up_with_the_reason() -> None:
    plain = search_json("running shoes")
    assert "profile" not in plain
    r = shop("profile", "set", "size", "9")
    assert r.code == 0 and r.out == "" and "size = 9" in r.err
    ranked = search_json("running shoes")
    sizes = [p["size"] for p in ranked["products"]]
    assert sizes[0] == "9" and sizes.count("9") > [p["size"] for p in plain["products"]].count("9")
    assert ranked["profile"]["reordered"] and ranked["profile"]["uses"] == ["size 9"]
    first = ranked["products"][0]["id"]
    assert ranked["profile"]["reasons"][first] == ["size 9 in stock"]
    assert ranked["total"] == plain["total"]  # nothing filtered: the same matches, another order
    assert search_json("--no-profile", "running shoes") == plain
    table = shop("search", "--no-llm", "running shoes")
    assert "Profile: size 9" in table.out and "Why" in table.out and "size 9 in stock" in table.out
    asked = json.loads(shop("ask", "--json", "--no-llm", "running shoes").out)
    assert asked["products"][0]["size"] == "9" and asked["profile"]["reordered"]
    zh = search_json("跑鞋")
    assert "9 码有货" in zh["profile"]["reasons"][zh["products"][0]["id"]]


def test_an_asked_for_order_is_kept_and_only_marked() -> None:
    shop("profile", "set", "size", "9")
    plain = search_json("--no-profile", "cheapest running shoes")
    ranked = search_json("cheapest running shoes")
    assert [p["id"] for p in ranked["products"]] == [p["id"] for p in plain["products"]]
    assert not ranked["profile"]["reordered"]


def test_also_json_gives_neighbours_with_scores() -> None:
    r = shop("also", "P001272", "--json", "--limit", "5")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["product"]["id"] == "P001272" and data["method"] == "cosine"
    assert len(data["neighbours"]) == 5 and all(0 < n["score"] <= 1 for n in data["neighbours"])
    human = shop("also", "P001272")
    assert "People who chose this also chose" in human.out and "chose both" in human.out


def test_foryou_after_two_likes_in_a_chat() -> None:
    before = json.loads(shop("foryou", "--json").out)
    assert before["basis"] == "popular" and "no likes, saves or purchases" in before["note"]
    chat = shop("chat", "--no-llm", stdin=b"running shoes\n/like 1\n/like 2\n/save 3\n")
    assert chat.code == 0, chat.err
    assert chat.out.count("Liked: [") == 2 and "Saved: [3]" in chat.out
    r = shop("foryou", "--json")
    data = json.loads(r.out)
    assert data["basis"] == "history" and len(data["seeds"]) == 3
    reasons = [p["reasons"][0] for p in data["products"] if p["kind"] == "similar"]
    assert reasons and all(reason.startswith("because you") for reason in reasons)
    assert "running shoes" in {p["product"]["category"] for p in data["products"]}
    saved = json.loads(shop("saved", "--json").out)
    assert len(saved["products"]) == 1 and saved["missing"] == []


def test_chat_learns_statements_and_shows_the_profile() -> None:
    chat = shop("chat", "--no-llm", stdin="I wear size 9\n我不喜欢粉色\n/profile\n".encode())
    assert "Noted: you wear size 9" in chat.out and "已记住：你不喜欢粉色" in chat.out
    assert "size    9 (any category)" in chat.out and "avoids  pink" in chat.out
    profile = json.loads(shop("profile", "show", "--json").out)
    assert profile["sizes"] == {"": "9"} and profile["avoid_colors"] == ["pink"]


def test_profile_set_show_and_forget() -> None:
    assert shop("profile", "set", "brands", "Hoka, On").code == 0
    assert shop("profile", "set", "budget", "$150", "--category", "running shoes").code == 0
    shown = json.loads(shop("profile", "show", "--json").out)
    assert shown["brands"] == ["Hoka", "On"] and shown["budgets"] == {"running shoes": 150.0}
    assert shop("profile", "forget", "brands").code == 0
    assert json.loads(shop("profile", "show", "--json").out)["brands"] == []
    assert shop("profile", "forget", "--all").code == 0
    assert not (Path(json.loads(shop("profile", "show", "--json").out)["path"])).exists()


def test_mistakes_are_one_line_errors_with_exit_codes() -> None:
    for args, code, text in [
        (("profile", "set", "shoesize", "9"), 2, "unknown profile key"),
        (("profile", "set", "brands", "Hoka", "--category", "boots"), 2, "size and budget only"),
        (("profile", "set", "budget", "cheap"), 2, "not a budget"),
        (("profile", "forget"), 2, "say what to forget"),
        (("also", "P999999"), 2, "no product"),
        (("also", "P000001", "--method", "jaccard"), 2, "cosine or pearson"),
    ]:
        r = shop(*args)
        assert r.code == code and text in r.err and len(r.err.strip().splitlines()) == 1, (args, r.err)
        assert "Traceback" not in r.err


def test_import_interactions_beside_a_catalog(tmp_path: Path) -> None:
    catalog = tmp_path / "shop.parquet"
    shutil.copy(DEMO_CATALOG, catalog)
    log = tmp_path / "events.csv"
    log.write_text("visitorid,itemid,event,timestamp\n1,P000001,view,1433221332117\n"
                   "1,P000002,addtocart,1433221332118\n2,P000001,transaction,1433221332119\n"
                   "2,X,view,1433221332120\n", encoding="utf-8")  # fmt: skip
    r = shop("catalog", "import", "--interactions", str(log), "--catalog", str(catalog), "--json")
    assert r.code == 0, r.err
    report = json.loads(r.out)
    assert (report["rows_read"], report["rows_imported"]) == (4, 3)
    assert report["dropped"] == {"product not in the catalog": 1}
    assert sibling(catalog, "neighbours").is_file()
    again = shop("catalog", "import", "--interactions", str(log), "--catalog", str(catalog))
    assert again.code == 2 and "--force" in again.err
    text = shop("catalog", "import", "--interactions", str(log), "--catalog", str(catalog), "--force")
    assert text.code == 0 and "Imported 3 of 4 interactions" in text.out and "Dropped rows" in text.out
    none = shop("catalog", "import")
    assert none.code == 2 and "--interactions" in none.err


def test_import_a_catalog_and_its_log_together(tmp_path: Path) -> None:
    source = mf.amazon_csv(tmp_path)
    log = tmp_path / "log.csv"
    log.write_text("user,item,event\nu1,A1,purchase\nu1,A4,purchase\nu2,A1,purchase\n", encoding="utf-8")
    out = tmp_path / "amazon.parquet"
    r = shop("catalog", "import", str(source), "--out", str(out), "--interactions", str(log), "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["rows_imported"] == 6 and data["interactions"]["rows_imported"] == 3  # one from EUR (issue 9)
    also = json.loads(shop("also", "A1", "--json", "--catalog", str(out)).out)
    assert [n["product"]["id"] for n in also["neighbours"]] == ["A4"]
