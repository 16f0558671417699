"""The chat's personal commands and statements, as functions a conversation calls.

    /like N  /dislike N  /save N  /bought N   mark product N of the last table
    /profile                                   what the profile holds
    /foryou                                    recommendations from the marks
and statements ("I wear size 9", "我不喜欢粉色"), learned and confirmed (statements.py). Every reply
is plain text; the chat decides how to show it. Nothing here reads a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shopcli.personal import profile as pr
from shopcli.personal.describe import profile_lines
from shopcli.personal.recommend import ForYou, for_you
from shopcli.personal.statements import parse_statement
from shopcli.schema import Product
from shopcli.store.catalog import Catalog

HELP = """  /like N   /dislike N   /save N   /bought N   mark product N of the last table
  /profile  what your profile holds          /foryou  picks from your likes and saves
  Say "I wear size 9" or "我不喜欢粉色" and it is remembered (ranking only, never hiding)."""
MARKS = {"/like": "like", "/dislike": "dislike", "/save": "save", "/bought": "bought"}
COMMANDS = (*MARKS, "/profile", "/foryou")
_DONE = {"like": "Liked", "dislike": "Disliked", "save": "Saved", "bought": "Noted that you bought"}
_DONE_ZH = {"like": "已喜欢", "dislike": "已标记不喜欢", "save": "已收藏", "bought": "已记下你买了"}


@dataclass(frozen=True)
class Reply:
    message: str
    products: tuple[Product, ...] = ()  # what /foryou showed, so /like N can refer to it next


class Personal:
    """A chat's access to the profile: the store it writes and the catalog it marks products in."""

    def __init__(self, store: pr.ProfileStore, catalog: Catalog) -> None:
        self.store = store
        self.catalog = catalog

    def profile(self) -> pr.Profile:
        return self.store.load()

    def command(self, text: str, shown: Sequence[Product], *, language: str = "en") -> Reply | None:
        """Run a personal slash command; None when `text` is not one."""
        name, _, arg = text.strip().partition(" ")
        name = name.lower()
        if name in MARKS:
            return Reply(self._mark(MARKS[name], arg.strip(), shown, language))
        if name == "/profile":
            return Reply(_profile_text(self.profile(), self.catalog, self.store))
        if name == "/foryou":
            result = for_you(self.catalog, self.profile(), limit=8, language=language)
            return Reply(foryou_text(result), tuple(p.product for p in result.picks))
        return None

    def learn(self, line: str) -> str | None:
        """Learn a statement about the shopper; the confirmation to show, or None."""
        change = parse_statement(line, self.catalog.vocabulary())
        if change is None:
            return None
        self.store.update(change.apply)
        return change.confirmation()

    def _mark(self, kind: str, arg: str, shown: Sequence[Product], language: str) -> str:
        if not shown:
            return "Nothing is shown yet: search first, then /like N marks product N of the table."
        if not arg.isdigit() or not 1 <= int(arg) <= len(shown):
            return f"Give a product number from the table, 1 to {len(shown)}: e.g. /{kind} 1"
        product = shown[int(arg) - 1]
        self.store.update(lambda p: pr.add_mark(p, kind, product.id, product.name, self.catalog.path))
        done = _DONE_ZH[kind] if language == "zh" else _DONE[kind]
        return f"{done}: [{arg}] {product.name} ({product.id}). /foryou shows picks from your likes."


def _profile_text(profile: pr.Profile, catalog: Catalog, store: pr.ProfileStore) -> str:
    return "\n".join([f"Your profile ({store.path}):", *profile_lines(profile, catalog.path)])


def foryou_text(result: ForYou) -> str:
    """`/foryou` as numbered lines: name, price and the reasons."""
    lines = [result.note]
    for n, pick in enumerate(result.picks, start=1):
        p = pick.product
        lines.append(f"  {n}. {p.name} — ${p.price:,.2f} ({'; '.join(pick.reasons)})")
    return "\n".join(lines)
