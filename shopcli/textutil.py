"""Text at the boundaries: decode untrusted bytes, drop what must never reach a terminal.

Catalog text and queries are data. Escape sequences (clear screen, window titles, OSC 52 clipboard,
hyperlinks), C0/C1 controls, bidi overrides and invisible tag characters are removed before anything
is parsed or printed, and the Unicode line and paragraph separators become spaces; lone surrogates
(from invalid UTF-8 in argv) are replaced because DuckDB and llama.cpp reject them. JSON keeps the
data whole but writes all of these as \\u escapes, so no reader of the JSON meets them raw.
"""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY_CHARS = 2000

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and 2-byte escapes.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, terminated or not
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]?"  # other 2-byte escapes, or a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC
)
# Unicode bidi and invisible formatting controls: they reorder or hide text on a terminal.
_BIDI = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# Tag characters (U+E0000-E007F) spell hidden text that some models read and no shopper sees.
_TAGS = "\U000e0000-\U000e007f"
# C0 except tab/newline, DEL, C1, the bidi set and tag characters.
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\ufff9-\ufffb{_TAGS}]")
_LINE_SEPARATORS = re.compile("[\u2028\u2029]")  # line breaks to a terminal or a JS parser, not to us
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def fix_surrogates(text: str) -> str:
    """Turn surrogate-escaped bytes (invalid UTF-8 in argv) and lone surrogates into U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape" if _only_escapes(text) else "surrogatepass")
        return raw.decode("utf-8", "replace")


def _only_escapes(text: str) -> bool:
    return all(not ("\ud800" <= ch <= "\udfff") or "\udc80" <= ch <= "\udcff" for ch in text)


def decode_bytes(data: bytes) -> str:
    """Decode bytes read from stdin or a file: UTF-8 (BOM tolerated), invalid bytes replaced."""
    return data.decode("utf-8-sig", "replace")


def strip_controls(text: str, *, keep_newlines: bool = False) -> str:
    """Remove escape sequences and control/bidi characters; optionally keep newlines."""
    text = _ANSI.sub("", fix_surrogates(text))
    text = _CONTROL.sub("", _LINE_SEPARATORS.sub(" ", text.replace("\t", " ")))
    return text if keep_newlines else text.replace("\r", " ").replace("\n", " ")


def clean_query(text: str) -> str:
    """Normalise a shopper's query: safe characters, NFKC, single spaces, stripped."""
    text = unicodedata.normalize("NFKC", strip_controls(text))
    return " ".join(text.split())


def numbers_in(text: str) -> set[float]:
    """The amounts written in `text` ("1,299", "80", "4.5"): what a shopper's words can support."""
    return {float(n.replace(",", "")) for n in _NUMBER.findall(text)}


def terminal_safe(text: str | None) -> str:
    """Catalog or model text about to be printed."""
    return "" if text is None else strip_controls(str(text), keep_newlines=True).replace("\r", "")


def glob_escape(path: str) -> str:
    """A path that glob patterns (Python's and DuckDB's readers) match literally: `a[1].csv` stays itself."""
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in path)


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, with "…" when something was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029{_TAGS}]")


def json_dumps(obj: object) -> str:
    """JSON for stdout: readable UTF-8, but with C1, bidi, tag characters and line separators
    \\u-escaped (json leaves them raw; tag characters become surrogate pairs, as JSON spells them)."""
    import json

    text = json.dumps(obj, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: json.dumps(m.group())[1:-1], text)
