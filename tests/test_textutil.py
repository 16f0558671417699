from __future__ import annotations

import json

import pytest

from shopcli.textutil import clean_query, decode_bytes, fix_surrogates, json_dumps, terminal_safe

NASTY = [
    "\x1b[2J\x1b[H",  # clear screen
    "\x1b]0;owned\x07",  # window title
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52 clipboard
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",  # hyperlink
    "\x9b31m",  # 8-bit CSI
    "\x9d0;t\x9c",  # 8-bit OSC
    "\u202etxt.exe",  # bidi override
    "\u2066iso\u2069",
    "a\x00b\x07c\x7f",
]


@pytest.mark.parametrize("bad", NASTY)
def test_terminal_safe_removes_escapes_and_controls(bad: str) -> None:
    out = terminal_safe(bad)
    assert "\x1b" not in out and "\x07" not in out
    assert not any(0x80 <= ord(c) <= 0x9F for c in out)
    assert not any(c in out for c in "\u202e\u2066\u2069\x00\x7f")


def test_clean_query_normalises() -> None:
    assert clean_query("  ｒｅｄ  dress\tunder ＄８０\n") == "red dress under $80"
    assert clean_query("\x1b[31mred\x1b[0m dress") == "red dress"


def test_surrogates_from_invalid_utf8_argv_become_replacement_chars() -> None:
    broken = b"red \xff dress".decode("utf-8", "surrogateescape")
    fixed = fix_surrogates(broken)
    fixed.encode("utf-8")  # must not raise
    assert fixed == "red \ufffd dress"
    assert fix_surrogates("a\ud800b").encode("utf-8")


def test_decode_bytes_tolerates_bom_and_garbage() -> None:
    assert decode_bytes(b"\xef\xbb\xbfred\xff") == "red\ufffd"


def test_json_dumps_escapes_c1_and_bidi_but_stays_valid() -> None:
    text = json_dumps({"name": "x\u202ey\x9bz\x1b", "zh": "连衣裙"})
    assert "\u202e" not in text and "\x9b" not in text and "\x1b" not in text
    assert "连衣裙" in text
    assert json.loads(text) == {"name": "x\u202ey\x9bz\x1b", "zh": "连衣裙"}


HIDDEN = "widget\U000e0041\U000e0042\U000e007f\u2028line\u2029para"


def test_tag_characters_and_line_separators_never_reach_a_terminal() -> None:
    for out in (terminal_safe(HIDDEN), clean_query(HIDDEN)):
        assert not any(0xE0000 <= ord(c) <= 0xE007F or c in "\u2028\u2029" for c in out)
    assert terminal_safe(HIDDEN) == "widget line para"  # separators become spaces, words stay apart


def test_json_escapes_tag_characters_and_line_separators_and_keeps_the_data() -> None:
    text = json_dumps({"name": HIDDEN})
    assert not any(0xE0000 <= ord(c) <= 0xE007F or c in "\u2028\u2029" for c in text)
    assert "\\udb40\\udc41" in text and "\\u2028" in text  # JSON's own spelling: a surrogate pair
    assert json.loads(text) == {"name": HIDDEN}


def test_clip() -> None:
    from shopcli.textutil import clip

    assert clip("short", 10) == "short"
    assert clip("a" * 50, 10) == "a" * 9 + "…"
    assert len(clip("word " * 100, 30)) <= 30
