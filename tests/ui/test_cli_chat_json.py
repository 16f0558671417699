"""`shop chat --json`, `shop show` and `shop compare`: the real command, real exit codes."""

from __future__ import annotations

import json

from clirun import shop


def turns(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_chat_json_prints_one_object_per_turn() -> None:
    r = shop("chat", "--json", "--no-llm", stdin=b"running shoes under 150\ncompare 1 and 2\n")
    assert r.code == 0, r.err
    first, second = turns(r.out)
    assert (first["act"], second["act"]) == ("search", "compare")
    assert second["refers_to"] == [p["id"] for p in first["products"][:2]]
    assert [p["id"] for p in second["products"]] == second["refers_to"] and second["answer"]
    assert set(first) == {"input", "act", "refers_to", "filters", "relaxed", "products", "answer",
                          "citations", "removed"}  # fmt: skip


def test_chat_json_in_chinese_with_clarify_and_other() -> None:
    lines = "推荐点东西\n我想买一件红色的连衣裙\n第二个怎么样？\n谢谢\n\n/reset\n"
    r = shop("chat", "--json", "--no-llm", stdin=lines.encode())
    assert r.code == 0, r.err
    acts = turns(r.out)
    assert [t["act"] for t in acts] == ["clarify", "search", "details", "other"]
    assert acts[0]["products"] == [] and "？" in acts[0]["answer"]
    assert acts[2]["products"] == acts[1]["products"][1:2] and "元" in acts[2]["answer"]
    assert acts[3]["products"] == [] and acts[3]["answer"]
    assert "Filters cleared" in r.err  # slash commands answer on stderr, not as turns


def test_a_bad_line_is_reported_and_the_session_goes_on() -> None:
    r = shop("chat", "--json", "--no-llm", stdin=("x" * 9000 + "\nheadphones\n").encode())
    assert r.code == 2 and "Error:" in r.err and "Traceback" not in r.err
    assert [t["act"] for t in turns(r.out)] == ["search"]


def test_show_prints_every_field_and_json() -> None:
    r = shop("show", "P001131")
    assert r.code == 0 and "Hoka Speedgoat 5" in r.out and "description" in r.out and "stock" in r.out
    data = json.loads(shop("show", "--json", "P001131").out)
    assert data["id"] == "P001131" and data["tags"]


def test_unknown_ids_exit_2_with_a_hint() -> None:
    r = shop("show", "P999999")
    assert (
        r.code == 2
        and "no product 'P999999'" in r.err
        and "ids look like" in r.err
        and "shop search --json" in r.err
    )
    assert shop("compare", "P001131").code == 2
    assert shop("compare", "P001131", "P001131").code == 2
    assert shop("compare", "P001131", "nope").code == 2


def test_compare_marks_differences_and_gives_a_verdict() -> None:
    r = shop("compare", "P001131", "P001132")
    assert r.code == 0 and "≠" in r.out and "✓" in r.out and "Cheapest: [2]" in r.out
    data = json.loads(shop("compare", "--json", "P001131", "P001132").out)
    assert [p["id"] for p in data["products"]] == ["P001131", "P001132"] and data["verdict"]
    price = next(f for f in data["fields"] if f["field"] == "price")
    assert price["differs"] and price["best"] == "P001132"


def test_new_commands_have_help_with_an_example() -> None:
    for command in ("show", "compare", "chat"):
        r = shop(command, "--help")
        assert r.code == 0 and "Example" in r.out
