"""The Python API: `shopcli.Advisor`, one object over the pipeline that `shop search`, `shop ask` and
`shop chat` call too (they are thin callers of this module; tests/ui/test_cli_api.py checks it).

    with shopcli.Advisor(backend="none") as shop:
        found = shop.search("red dress under $80")
        answer = shop.ask("wireless earbuds under $100")
        chat = shop.conversation()
        turn = chat.say("running shoes under 150")

The catalog is opened once per Advisor, on first use; the model is loaded once, and only when an
answer is asked for (a search uses it only for words the rules leave open). Settings resolve as for
the command line: defaults < config.toml < SHOPCLI_* variables < the arguments given here. Errors are
the ShopError tree (shopcli.errors), each with the exit code the command line would use. Nothing here
prints: what the screen would say on stderr (rows left out of the catalog, no model) goes to `hooks`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from shopcli import advisor
from shopcli.advisor import Overrides, SearchOutcome
from shopcli.chat import ChatSession, Info  # noqa: TID251 - the API sits above the conversation
from shopcli.config import SPEC, Settings, convert, load_settings
from shopcli.dialogue import cards, lookup
from shopcli.dialogue.turn import Turn
from shopcli.dialogue.wording import Say
from shopcli.errors import ModelError, UsageError
from shopcli.llm.backends.base import Backend
from shopcli.llm.grounding import CheckedSentence, close_quietly
from shopcli.personal.profile import Profile, ProfileStore
from shopcli.schema import Product
from shopcli.store.catalog import Catalog

NO_MODEL = "none"  # backend="none": rules only and templated answers, like --no-llm
CHAT_LIMIT = 8  # a conversation numbers at most this many products ("compare 2 and 7")


class ShopWarning(UserWarning):
    """What the command line prints as a warning line, raised as a Python warning by default."""


class Hooks(Protocol):
    """How an Advisor reports what is not a result: notices (what opening the catalog found, a missing
    model) and the wait while the model loads. The command line shows them on stderr and a spinner."""

    def notices(self, warned: Sequence[str], notes: Sequence[str] = ()) -> None: ...

    def loading(self, model: str) -> AbstractContextManager[object]: ...


class WarningHooks:
    """The library's default: each warning a Python warning (ShopWarning); notes and loading silent."""

    def notices(self, warned: Sequence[str], notes: Sequence[str] = ()) -> None:
        for message in warned:
            warnings.warn(message, ShopWarning, stacklevel=4)

    def loading(self, model: str) -> AbstractContextManager[object]:
        return nullcontext()


@dataclass(frozen=True)
class Answer:
    """A checked recommendation and the search it was written from."""

    outcome: SearchOutcome
    text: str
    citations: tuple[int, ...]  # numbers of the products the text cites ([1] is products[0])
    removed: tuple[str, ...]  # why sentences were withheld as unsupported by the rows

    @property
    def products(self) -> tuple[Product, ...]:
        return self.outcome.products

    def to_dict(self) -> dict[str, Any]:
        """Exactly what `shop ask --json` prints (without --stats)."""
        extra = {"answer": self.text, "citations": list(self.citations), "removed": list(self.removed)}
        return self.outcome.to_dict() | extra


class AnswerStream:
    """Products at once, the answer as it is written: iterate for text, `answer()` for the whole."""

    def __init__(self, outcome: SearchOutcome, sentences: Iterator[CheckedSentence]) -> None:
        self.outcome = outcome
        self._sentences = sentences
        self._seen: list[CheckedSentence] = []

    @property
    def products(self) -> tuple[Product, ...]:
        return self.outcome.products

    def sentences(self) -> Iterator[CheckedSentence]:
        """Every checked sentence, kept or withheld (`ok`), as it arrives: what a screen draws."""
        for sentence in self._sentences:
            self._seen.append(sentence)
            yield sentence

    def __iter__(self) -> Iterator[str]:
        """The text of the sentences kept, as they arrive (withheld ones are left out)."""
        return (s.text for s in self.sentences() if s.ok)

    def answer(self) -> Answer:
        """The whole checked answer (reads what is left of the stream)."""
        for _ in self.sentences():
            pass
        said = advisor.Answer.collect(self._seen)
        return Answer(self.outcome, said.text, said.citations, said.removed)

    def close(self) -> None:
        """Stop the model part-way (what Ctrl-C does on the command line)."""
        close_quietly(self._sentences)


@dataclass(frozen=True)
class Comparison:
    """Two to four products side by side: one row per field, the best value marked, a verdict."""

    products: tuple[Product, ...]
    fields: tuple[cards.Row, ...]
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        """Exactly what `shop compare --json` prints."""
        rows = [
            {"field": r.label, "values": list(r.values), "differs": r.differs,
             "best": None if r.best is None else self.products[r.best].id}
            for r in self.fields
        ]  # fmt: skip
        return {"products": [p.to_dict() for p in self.products], "fields": rows, "verdict": self.verdict}


class Conversation:
    """A chat, a line at a time: `say(line)` returns the Turn (act, products, checked answer)."""

    def __init__(self, session: ChatSession) -> None:
        self.session = session  # the state machine the REPL drives (shopcli/chat.py)

    def say(self, line: str) -> Turn:
        """One line, answered in full. Slash commands go to `command`."""
        if not line.strip() or line.lstrip().startswith("/"):
            raise UsageError(f"{line.strip() or 'an empty line'!r} is not a request: say what you "
                             "want, e.g. conversation.say('running shoes under 150'); "
                             "slash commands go to conversation.command()")  # fmt: skip
        turn = self.session.say(line)
        assert isinstance(turn, Turn)  # only empty lines and slash commands give an Info
        return turn

    def command(self, line: str) -> Info:
        """A slash command ("/filters", "/reset", "/like 2"): its message."""
        if not line.lstrip().startswith("/"):
            raise UsageError(f"{line!r} is not a command: commands start with '/', e.g. '/filters'")
        info = self.session.say(line)
        assert isinstance(info, Info)
        return info


class Advisor:
    """The shopping advisor over one catalog: search, ask, converse, show and compare products."""

    def __init__(
        self, catalog: str | Path | None = None, *, model: str | Path | None = None,
        backend: str | Backend | None = None, base_url: str | None = None,
        language: Literal["en", "zh"] | None = None, limit: int | None = None,
        gpu_layers: int | None = None, profile: bool = False, hooks: Hooks | None = None,
    ) -> None:  # fmt: skip
        """`catalog`: a .parquet path (default ./catalog.parquet or $SHOPCLI_CATALOG). `model`: a name
        from `shop model list` or a .gguf path. `backend`: "local", "openai", "none" (no model), or a
        Backend object. `language`: of what is written without a question to follow (a comparison's
        verdict); default English. `profile`: rank with your profile (shop profile), as the CLI does."""
        given = backend if isinstance(backend, str) and backend != NO_MODEL else None
        self.settings: Settings = load_settings(
            catalog=catalog, model=None if model is None else str(model), backend=given,
            base_url=base_url, limit=limit, gpu_layers=gpu_layers,
        )  # fmt: skip
        if language not in (None, "en", "zh"):
            raise UsageError(f"language must be 'en' or 'zh' (or None for English), not {language!r}")
        self.language: Literal["en", "zh"] = language or "en"
        self.hooks: Hooks = hooks or WarningHooks()
        self._use_profile = profile
        self._backend: Backend | None = backend if isinstance(backend, Backend) else None
        self._model_checked = self._backend is not None or backend == NO_MODEL
        self._model_error: ModelError | None = None  # why there is no model, kept for the next ask
        self._catalog: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        """The catalog, opened (and checked) on first use; what opening found goes to the hooks."""
        if self._catalog is None:
            self._catalog = Catalog.open(self.settings.catalog)
            self.hooks.notices(self._catalog.check.warnings, self._catalog.check.notes)
        return self._catalog

    def model(self, *, required: bool = True) -> Backend | None:
        """The model backend, checked now and loaded on first use; None with backend="none".

        Not `required` (a search): a missing model means rules only, reported once to the hooks."""
        if not self._model_checked:
            self._model_checked = True
            try:
                self._backend = _lazy(self.settings, self.hooks)
            except ModelError as exc:
                self._model_error = exc
                if not required:
                    self.hooks.notices((f"{exc}; searching with rules only",))
        if self._model_error is not None and required:
            raise self._model_error
        return self._backend

    def search(
        self, text: str, *, limit: int | None = None, sort: str | None = None,
        category: Iterable[str] = (), brand: Iterable[str] = (), color: Iterable[str] = (),
        min_price: float | None = None, max_price: float | None = None, in_stock: bool = False,
    ) -> SearchOutcome:  # fmt: skip
        """Products for `text` (English or Chinese); explicit filters win over what the words say.
        `in_stock=True` keeps only products the catalog says are in stock, as the words "in stock" do."""
        overrides = Overrides(categories=tuple(category), brands=tuple(brand), colors=tuple(color),
                              min_price=min_price, max_price=max_price, sort=sort,
                              in_stock=in_stock)  # fmt: skip
        self.catalog  # noqa: B018 - opened before the model is checked: its notices come first
        return self._search(text, limit, overrides, self.model(required=False))

    def ask(self, text: str, *, limit: int | None = None, in_stock: bool = False) -> Answer:
        """Products and a short recommendation citing them, checked against the rows."""
        return self.ask_stream(text, limit=limit, in_stock=in_stock).answer()

    def ask_stream(self, text: str, *, limit: int | None = None, in_stock: bool = False) -> AnswerStream:
        """As `ask`, but the products are ready now and the answer streams as it is written."""
        backend = self.model()
        outcome = self._search(text, limit, Overrides(in_stock=in_stock), backend)
        sentences = advisor.reply_for(outcome, backend, cny_per_usd=self.settings.yuan_per_usd())
        return AnswerStream(outcome, sentences)

    def conversation(self, *, limit: int | None = None) -> Conversation:
        """A new chat over this catalog and model: refine, ask about what is listed, compare."""
        from shopcli.personal.commands import Personal

        backend, cat, rates = self.model(), self.catalog, self.settings.exchange_rates()
        vocab = cat.vocabulary()
        session = ChatSession(
            cat, understand=lambda q: advisor.understand(q, vocab, rates=rates, backend=backend),
            limit=min(self._limit(limit), CHAT_LIMIT), backend=backend, rates=rates,
            personal=Personal(ProfileStore(), cat) if self._use_profile else None,
        )  # fmt: skip
        return Conversation(session)

    def show(self, product_id: str) -> Product:
        """One product by id (the "id" of a search result)."""
        (product,) = lookup.by_ids(self.catalog, [product_id])
        return product

    def compare(self, product_ids: Sequence[str]) -> Comparison:
        """Two to four products by id, side by side, with a verdict in this Advisor's language."""
        products = tuple(lookup.by_ids(self.catalog, product_ids, least=2, most=4, command="compare"))
        say = self.say()
        numbered = list(zip(range(1, len(products) + 1), products, strict=True))
        return Comparison(products, tuple(cards.comparison(products, say)), cards.verdict_text(numbered, say))

    def say(self) -> Say:
        """How prices and fields are written for this Advisor (its language, the yuan rate)."""
        return Say(self.language, self.settings.yuan_per_usd())

    def model_report(self) -> dict[str, Any]:
        """What loading the model and its last call cost (for `shop ask --stats`); {} without one."""
        return self._backend.report() if self._backend is not None else {}

    def close(self) -> None:
        """Close the catalog. The model stays loaded for the process (llama_cpp.py keeps it)."""
        if self._catalog is not None:
            self._catalog.close()
            self._catalog = None

    def __enter__(self) -> Advisor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _search(
        self, text: str, limit: int | None, overrides: Overrides, backend: Backend | None
    ) -> SearchOutcome:
        cat = self.catalog
        return advisor.search(
            text, cat, rates=self.settings.exchange_rates(), limit=self._limit(limit),
            overrides=overrides, backend=backend, profile=self._profile(),
        )  # fmt: skip

    def _limit(self, limit: int | None) -> int:
        """How many products: the argument, checked as --limit is (1 to 200), else the setting."""
        return self.settings.limit if limit is None else int(convert(SPEC["limit"], limit, "limit"))

    def _profile(self) -> Profile | None:
        if not self._use_profile:
            return None
        store = ProfileStore()
        profile = store.load()
        self.hooks.notices(store.warnings)
        return profile


def _lazy(settings: Settings, hooks: Hooks) -> Backend:
    """A backend that checks now what fails fast (the model file, the server) and loads on first use."""
    from shopcli.llm.backends.lazy import LazyBackend
    from shopcli.llm.backends.select import open_backend

    loader = open_backend(settings)

    def load() -> Backend:
        with hooks.loading(settings.model):
            return loader()

    return LazyBackend(load)
