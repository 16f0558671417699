"""One conversation: slash commands, follow-ups that refine the current filters, reset.

No I/O here: `repl.py` reads lines and renders; tests drive `ChatSession.submit` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from shopcli import advisor
from shopcli.intent import Intent
from shopcli.personal.commands import HELP as PERSONAL_HELP
from shopcli.personal.commands import Personal
from shopcli.schema import Product
from shopcli.store.catalog import Catalog
from shopcli.store.query import describe_filters
from shopcli.understand.followup import refine

HELP = """Ask for what you want, then refine: "in blue", "cheaper", "only Sony", "换成黑色的", "再便宜一点".
  /filters  show the filters in force      /reset  start a new search
  /help     this text                      /quit   leave (or Ctrl-D)
Ctrl-C stops an answer that is being written; it does not end the session."""

Kind = Literal["search", "info", "quit", "empty"]
# (query, vocabulary-aware parse) -> Intent; the hybrid understanding plugs in here.
Understand = Callable[[str], Intent]


@dataclass(frozen=True)
class Turn:
    kind: Kind
    outcome: advisor.SearchOutcome | None = None
    message: str = ""


class ChatSession:
    """The state of a chat: the current Intent and the products last shown."""

    def __init__(
        self, catalog: Catalog, *, understand: Understand, limit: int = 8, personal: Personal | None = None
    ) -> None:
        self.catalog = catalog
        self.understand = understand
        self.limit = limit
        self.personal = personal  # the shopper's profile: ranks results, learns statements, /like N
        self.intent: Intent | None = None
        self.shown: tuple[Product, ...] = ()

    def submit(self, line: str) -> Turn:
        """Handle one line of input."""
        text = line.strip()
        if not text:
            return Turn("empty")
        if text.startswith("/"):
            return self._command(text)
        if self.personal and (learned := self.personal.learn(text)):
            return Turn("info", message=learned)
        query = advisor.prepare_query(text)
        intent = refine(self.intent, self.understand(query), query, self.shown)
        profile = self.personal.profile() if self.personal else None
        outcome = advisor.ranked_search(query, intent, self.catalog, limit=self.limit, profile=profile)
        self.intent, self.shown = intent, outcome.result.products
        return Turn("search", outcome)

    def _command(self, text: str) -> Turn:
        name = text.split()[0].lower()
        if name in ("/quit", "/exit", "/q"):
            return Turn("quit")
        if name in ("/help", "/?"):
            return Turn("info", message=HELP + ("\n" + PERSONAL_HELP if self.personal else ""))
        if name == "/reset":
            self.intent, self.shown = None, ()
            return Turn("info", message="Filters cleared. What are you looking for?")
        if name == "/filters":
            filters = describe_filters(self.intent) if self.intent else ()
            return Turn("info", message="Filters: " + (" · ".join(filters) if filters else "none"))
        language = self.intent.language if self.intent else "en"
        if self.personal and (reply := self.personal.command(text, self.shown, language=language)):
            self.shown = reply.products or self.shown
            return Turn("info", message=reply.message)
        return Turn("info", message=f"unknown command {name}: try /help")
