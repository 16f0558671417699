"""How deeply a JSON file nests, measured before DuckDB parses it.

DuckDB's JSON reader recurses once per level: a file of 100,000 nested brackets (200 KB) kills the
process with a segfault, which no error handling can catch. Export files nest a handful of levels,
so anything deeper than MAX_DEPTH is refused before DuckDB sees it.

The scan streams the file in chunks and keeps Python's own work small: escaped backslashes and
quotes are dropped, then everything but quotes and brackets (`bytes.replace` and `bytes.translate`,
C-speed), then string contents; Python only counts the brackets left over, a few per record. In valid
JSON backslashes occur only inside strings, so this reads strings exactly as a parser does; a file
that is not valid JSON fails in DuckDB's parser, before anything recurses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_DEPTH = 128
_KEEP_QUOTES_AND_BRACKETS = bytes(b for b in range(256) if b not in b'"[]{}')
_STRING = re.compile(rb'"[^"]*"')  # once escapes are gone, a string is a quote, no quote, a quote
_OPENERS = frozenset(b"[{")


class TooDeep(ValueError):
    """Nested deeper than the limit."""


class DepthScanner:
    """Feed a JSON text in chunks; TooDeep as soon as it nests deeper than `limit`."""

    def __init__(self, limit: int = MAX_DEPTH) -> None:
        self.limit = limit
        self.depth = 0  # brackets open after what was fed so far
        self._in_string = False
        self._backslashes = b""  # a run of backslashes at a chunk's end, kept whole for the next

    def feed(self, chunk: bytes) -> None:
        chunk = self._backslashes + chunk
        whole = chunk.rstrip(b"\\")
        self._backslashes = chunk[len(whole) :]
        text = whole.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _KEEP_QUOTES_AND_BRACKETS)
        if self._in_string:
            end = text.find(b'"')
            if end < 0:
                return
            text, self._in_string = text[end + 1 :], False
        text = _STRING.sub(b"", text)
        if (start := text.find(b'"')) >= 0:  # a string runs on into the next chunk
            text, self._in_string = text[:start], True
        self._count(text)

    def _count(self, brackets: bytes) -> None:
        depth, limit = self.depth, self.limit
        for byte in brackets:
            if byte in _OPENERS:
                depth += 1
                if depth > limit:
                    raise TooDeep(f"nested more than {limit} levels deep")
            elif depth:
                depth -= 1
        self.depth = depth


def check_depth(chunks: Iterable[bytes], limit: int = MAX_DEPTH) -> None:
    """TooDeep if the JSON text in `chunks` nests deeper than `limit`."""
    scanner = DepthScanner(limit)
    for chunk in chunks:
        scanner.feed(chunk)
