"""Text that is not UTF-8: Chinese shops' exports are often GBK (GB2312/GB18030), which DuckDB cannot read
without an extension shopcli will not download. Such a file is recognised from its first bytes and
copied as UTF-8 into the import's private temp folder; everything after reads the copy.

A file is taken as GB18030 (a superset of GBK and GB2312) only when its start is not valid UTF-8,
decodes as GB18030 without a single error, and what it decodes to is mostly ordinary Chinese: Latin-1
or Windows-1252 bytes also decode as GB18030, into rare characters, and are left to the UTF-8 error.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from shopcli.errors import ImportError_

CHINESE = "gb18030"
_COMMON_HAN = re.compile(r"[\u4e00-\u9fa5]")  # the GB2312 range holds the everyday characters
_HEAD = 1 << 16
_CHUNK = 1 << 20


def sniff(head: bytes) -> str:
    """ "utf-8" or CHINESE for the first bytes of a text file."""
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(head) - 4:
            return "utf-8"  # a character cut at the end of the sample
    text = _gb_text(head)
    if text is None:
        return "utf-8"
    wide = [ch for ch in text if ord(ch) > 0x7F]
    han = sum(1 for ch in wide if _COMMON_HAN.match(ch))
    return CHINESE if wide and han / len(wide) >= 0.6 else "utf-8"


def _gb_text(head: bytes) -> str | None:
    decoder = codecs.getincrementaldecoder(CHINESE)("strict")
    try:
        return decoder.decode(head[:_HEAD], final=False)  # a cut character at the end is fine
    except UnicodeDecodeError:
        return None


def to_utf8(source: Path, folder: Path) -> Path:
    """A UTF-8 copy of the GB18030 file `source` in `folder` (same name), written in chunks."""
    target = folder / source.name
    decoder = codecs.getincrementaldecoder(CHINESE)("replace")
    try:
        with source.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
            while chunk := src.read(_CHUNK):
                dst.write(decoder.decode(chunk))
            dst.write(decoder.decode(b"", final=True))
    except OSError as exc:
        raise ImportError_(
            f"cannot convert {source} from GBK to UTF-8 ({exc.strerror}): check free space"
        ) from exc
    return target
