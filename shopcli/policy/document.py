"""A store's policy document: Markdown, one section per topic, English and/or Chinese.

The document sits beside its catalog (`catalog.policy.md` for `catalog.parquet`, see
store/siblings.py); `shop catalog import --policies FILE` puts it there. Every heading starts a
section; a section is its heading and the text up to the next heading. Sections are quoted as
written, so what the shopper reads is the store's own wording.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from shopcli.errors import CatalogError, ImportError_
from shopcli.store.siblings import sibling
from shopcli.understand.text import CJK

MAX_BYTES = 1 << 20  # a policy is a page or two; a bigger file is not one
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class Section:
    title: str
    text: str  # the body, verbatim, without the heading line
    language: str  # "en" or "zh"


@dataclass(frozen=True)
class PolicyDoc:
    path: str
    sections: tuple[Section, ...]


def parse(text: str, path: str = "<policy>") -> PolicyDoc:
    """Sections of a Markdown policy; headings without body text (a document title) are skipped."""
    sections: list[Section] = []
    title: str | None = None
    body: list[str] = []
    for line in [*text.splitlines(), "# end"]:
        heading = _HEADING.match(line)
        if not heading:
            body.append(line)
            continue
        if title is not None and (content := _unwrap("\n".join(body).strip())):
            sections.append(Section(title, content, "zh" if CJK.search(f"{title} {content}") else "en"))
        title, body = heading.group(2), []
    return PolicyDoc(path, tuple(sections))


def _unwrap(text: str) -> str:
    """Paragraphs as Markdown reads them: a line break inside one is a space, or nothing between two
    Chinese characters; blank lines between paragraphs stay."""

    def join(match: re.Match[str]) -> str:
        both_cjk = CJK.match(match.group(1)) and CJK.match(match.group(2))
        return match.group(1) + ("" if both_cjk else " ") + match.group(2)

    return re.sub(r"(\S)[ \t]*\n[ \t]*(?=(\S))", lambda m: join(m)[:-1], text)


def read_policy(path: Path, *, error: type[CatalogError] | type[ImportError_] = CatalogError) -> PolicyDoc:
    """Read and parse a policy file; `error` with the fix when it is not a usable one."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read the policy {path} ({exc.strerror}): check the path") from exc
    if len(raw) > MAX_BYTES:
        raise error(f"{path} is {len(raw):,} bytes: a policy document is at most {MAX_BYTES:,}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{path} is not UTF-8 text: save it as UTF-8 Markdown") from exc
    doc = parse(text, str(path))
    if not doc.sections:
        raise error(f"{path} has no sections: give each topic a Markdown heading, e.g. '## Returns'")
    return doc


def load_policy(catalog: Path) -> PolicyDoc:
    """The policy beside `catalog`; CatalogError with the fix when there is none."""
    path = sibling(catalog, "policy")
    if not path.is_file():
        raise CatalogError(
            f"no store policy beside {catalog} (looked for {path}): "
            "add one with `shop catalog import PRODUCTS --policies FILE.md`"
        )
    return read_policy(path)


def install_policy(source: Path, catalog: Path) -> PolicyDoc:
    """Check `source` is a policy and copy it beside `catalog`, replacing the old one only when complete."""
    doc = read_policy(source, error=ImportError_)
    target = sibling(catalog, "policy")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(source.read_bytes())
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(name, 0o644)
        os.replace(name, target)
    except OSError as exc:
        raise ImportError_(
            f"cannot write {target} ({exc.strerror}): check free space and permissions"
        ) from exc
    finally:
        Path(name).unlink(missing_ok=True)
    return PolicyDoc(str(target), doc.sections)
