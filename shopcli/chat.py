"""One conversation: each line gets a dialogue act, then the act is carried out against the list
last shown. No I/O here: `repl.py` reads lines and renders; `shop chat --json` and tests call
`ChatSession.submit` (the turn, products first) and `reply` (its answer), or `say` for both.

A turn reads top to bottom: rules read the line (Intent and act); only a line the rules could not
place goes to the model, whose act is validated; references resolve in code; only `search` and
`refine` go to understanding and the catalog, so a question about the listed products can never
become a search for something else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from shopcli import advisor
from shopcli.dialogue import acts, clarify, model_acts, questions, replies, service, similar, steer
from shopcli.dialogue import refs as references
from shopcli.dialogue.turn import Act, Turn
from shopcli.dialogue.wording import Say
from shopcli.intent import Intent, Language
from shopcli.llm.backends.base import Backend
from shopcli.llm.grounding import CheckedSentence
from shopcli.money import Rates
from shopcli.personal.commands import HELP as PERSONAL_HELP
from shopcli.personal.commands import Personal
from shopcli.schema import Product
from shopcli.store.catalog import Catalog
from shopcli.store.query import describe_filters, has_structured_filters
from shopcli.understand.followup import is_comparative, refine
from shopcli.understand.rules import parse

HELP = """Ask for what you want, then refine ("in blue", "cheaper", "only Sony", "换成黑色的") or talk
about what is listed: "tell me more about 2", "compare 1 and 3", "is the second one waterproof?",
"more like 3", "第二个怎么样？", "哪个评分最高", "类似的"; what buyers say ("what do people say about
the first one?", "第二个评价怎么样") and the store's policy ("can I return shoes after 30 days?", "怎么退货").
  /filters  show the filters in force      /reset  start a new search
  /help     this text                      /quit   leave (or Ctrl-D)
Ctrl-C stops an answer that is being written; it does not end the session."""

# (query, vocabulary-aware parse) -> Intent; the hybrid understanding plugs in here.
Understand = Callable[[str], Intent]


@dataclass(frozen=True)
class Info:
    """What a slash command (or an empty line) answers: not a turn of the conversation."""

    kind: Literal["info", "quit", "empty"]
    message: str = ""


@dataclass(frozen=True)
class Pending:
    """What the last question back was about, so the answer continues it."""

    act: Act
    line: str = ""  # the line that asked ("is it waterproof?")
    intent: Intent = Intent()  # what a vague request said so far ("a gift under $50")


class ChatSession:
    """The state of a chat: the filters, the list last shown, the products last discussed."""

    def __init__(
        self, catalog: Catalog, *, understand: Understand, limit: int = 8, backend: Backend | None = None,
        cny_per_usd: float = 7.2, personal: Personal | None = None, rates: Rates | None = None,
    ) -> None:  # fmt: skip
        self.catalog, self.understand, self.limit = catalog, understand, limit
        self.backend = backend
        # budgets are converted with `rates`; the yuan shown beside prices comes from the same table
        self.rates = rates or Rates.of({"CNY": cny_per_usd})
        self.cny_per_usd = self.rates.rate("CNY") or cny_per_usd
        self.personal = personal  # the shopper's profile: ranks results, learns statements, /like N
        self.intent: Intent | None = None
        self.shown: tuple[Product, ...] = ()  # the numbered list references point into
        self.focus: tuple[int, ...] = ()  # positions last discussed: what "it" means
        self.recent: tuple[int, ...] = ()  # positions discussed one by one: "compare those two"
        self.pending: Pending | None = None
        self.last: Turn | None = None  # the previous turn
        self.asked = ""  # the last question asked: "and the fifth?" asks it again
        self.policies = service.Policies(catalog)  # read at the first policy question

    def say(self, line: str) -> Turn | Info:
        """One line, answered in full (no streaming): what `--json` and the library return."""
        turn = self.submit(line)
        if isinstance(turn, Info):
            return turn
        answer = advisor.Answer.collect(self.reply(turn))
        return turn.answered(answer.text, answer.citations, answer.removed)

    def submit(self, line: str) -> Turn | Info:
        """Handle one line: the turn's act and products, before any model writes."""
        text = line.strip()
        if not text:
            return Info("empty")
        if text.startswith("/"):
            return self._command(text)
        if self.personal and (learned := self.personal.learn(text)):
            return Info("info", learned)
        query = advisor.prepare_query(text)
        rules = parse(query, self.catalog.vocabulary(), rates=self.rates)
        last = self.last.act if self.last else None
        expecting = self.pending is not None and bool(self.pending.line)
        reading = acts.read(query, rules, shown=self.shown, focus=self.focus, current=self.intent,
                            last=last, expecting=expecting, recent=self.recent)  # fmt: skip
        reading, asked = self._continuing(reading)
        if not reading.sure and self.backend is not None:
            reading = model_acts.read(query, reading, backend=self.backend, shown=self.shown,
                                      current=self.intent, language=rules.language)  # fmt: skip
        if reading.elliptic and self.asked:
            asked = self.asked
        self.last = self._carry_out(line, query, reading, rules, asked or query)
        return self.last

    def reply(self, turn: Turn) -> Iterator[CheckedSentence]:
        """The answer's sentences: the model's (checked) or written from the rows."""
        terms = advisor.fact_terms(self.catalog.vocabulary())
        return replies.sentences(turn, self.backend, cny_per_usd=self.cny_per_usd, terms=terms)

    def _continuing(self, reading: acts.Reading) -> tuple[acts.Reading, str]:
        """A bare reference answering "Which one?" continues the act that asked it."""
        pending, self.pending = self.pending, None
        if pending and pending.line and reading.act == "details" and reading.refs.positions:
            return acts.Reading(pending.act, reading.refs), pending.line
        if pending and pending.act == "search" and reading.act in ("search", "refine", "clarify"):
            self.pending = pending
            return acts.Reading("search", reading.refs), ""
        return reading, ""

    def _carry_out(self, line: str, query: str, reading: acts.Reading, rules: Intent, asked: str) -> Turn:
        if reading.refs.problem:
            return self._ask(line, reading.act, reading.refs.problem, rules, asked)
        if reading.act in ("search", "refine"):
            return self._search(line, query, reading.act, rules)
        if reading.act in ("details", "compare"):
            return self._about(line, reading.act, reading.refs, rules, asked)
        if reading.act == "question":
            return self._question(line, asked, reading.refs, rules)
        if reading.act == "similar":
            return self._similar(line, query, reading.refs, rules)
        if reading.act == "reviews":
            return self._reviews(line, reading.refs, rules, asked)
        if reading.act == "policy":  # the list and what was discussed stay, as for "other"
            said = self.policies.answer(query, rules.language)
            return Turn(line, "policy", rules.language, answer=said.text, policy=said.policy)
        if reading.act == "clarify":
            return self._clarify(line, rules)
        return self._other(line, query, rules.language)

    def _search(self, line: str, query: str, act: Act, rules: Intent) -> Turn:
        pending, self.pending = self.pending, None
        new = self.understand(query) if act == "search" else rules
        if _words_only(new, query) and not self._anywhere((*new.must, *new.keywords)):
            # free words the catalog has nowhere ("what's your return policy?"): not a search; keep the list
            return self._other(line, query, new.language)
        if pending is not None:  # the answer to "What are you shopping for?"
            new = _filled(new, pending.intent)
            if not _searchable(new):
                return self._clarify(line, new)
        intent = refine(self.intent, new, query, self.shown) if act == "refine" else new
        profile = self.personal.profile() if self.personal else None
        outcome = advisor.ranked_search(query, intent, self.catalog, limit=self.limit, profile=profile)
        result = outcome.result
        self.intent, self.shown, self.focus, self.recent = intent, result.products, (), ()
        numbers = tuple(range(1, len(result.products) + 1))
        return Turn(line, act, intent.language, result.products, numbers, filters=result.filters,
                    relaxed=result.relaxed, notes=intent.notes, total=result.total,
                    outcome=outcome)  # fmt: skip

    def _other(self, line: str, query: str, language: Language) -> Turn:
        """Not about shopping: a brief reply; the filters, the list and what was discussed stay."""
        return Turn(line, "other", language, answer=steer.reply(query, language, bool(self.shown)))

    def _anywhere(self, words: tuple[str, ...]) -> bool:
        """Whether any product's text holds one of `words` (a keyword search alone needs a match)."""
        return bool(self.catalog.search(Intent(keywords=words), limit=1).products)

    def _about(self, line: str, act: Act, refs: references.Refs, rules: Intent, asked: str) -> Turn:
        positions = refs.positions or self.focus
        if act == "compare" and len(positions) == 1 and len(self.focus) == 1 and self.focus != positions:
            positions = self.focus + positions  # "compare it with 6", "和第六个比较一下"
        if act == "details" and len(positions) > 1:
            act = "compare"
        wanted = (1, 1) if act == "details" else (2, 4)
        if not wanted[0] <= len(positions) <= wanted[1]:
            problem = _which(act, len(self.shown), rules.language)
            return self._ask(line, act, problem, rules, asked)
        return self._listed(line, act, positions, rules.language)

    def _listed(
        self, line: str, act: Act, positions: tuple[int, ...], language: str, answer: str = ""
    ) -> Turn:
        self.focus = positions
        self.recent = tuple(n for n in self.recent if n not in positions)[-3:] + positions
        products = tuple(self.shown[n - 1] for n in positions)
        return Turn(line, act, language, products, positions, refers_to=tuple(p.id for p in products),  # type: ignore[arg-type]
                    answer=answer)  # fmt: skip

    def _question(self, line: str, asked: str, refs: references.Refs, rules: Intent) -> Turn:
        positions = refs.positions or self.focus or ((1,) if len(self.shown) == 1 else ())
        which = not refs.positions and bool(acts.WHICH.search(asked))
        if which:
            positions = tuple(range(1, len(self.shown) + 1))
        if not positions:
            problem = references.which_one(len(self.shown), rules.language)
            return self._ask(line, "question", problem, rules, asked)
        self.asked = asked
        targets = [(n, self.shown[n - 1]) for n in positions]
        found = questions.answer(asked, self._what_is_asked(asked), targets, rules.language,
                                 picked=refs.picked, cny_per_usd=self.cny_per_usd, which=which)  # fmt: skip
        shown = found.positions if found.known else positions
        return self._listed(line, "question", shown, rules.language, found.text if found.known else "")

    def _what_is_asked(self, asked: str) -> Intent:
        """The question read without its references: "the first one" must not read as a brand "Furst"."""
        spans = references.find(asked, self.shown, self.focus, loose=True).spans
        rest = "".join(" " if any(s <= i < e for s, e in spans) else ch for i, ch in enumerate(asked))
        return parse(rest, self.catalog.vocabulary(), rates=self.rates)

    def _reviews(self, line: str, refs: references.Refs, rules: Intent, asked: str) -> Turn:
        """What buyers say about the products referred to (or the one discussed): counts and quotes."""
        positions = (refs.positions or self.focus or ((1,) if len(self.shown) == 1 else ()))[: service.MOST]
        if not positions:
            problem = _which("reviews", len(self.shown), rules.language)
            return self._ask(line, "reviews", problem, rules, asked)
        said = service.reviews_answer(self.catalog, [(n, self.shown[n - 1]) for n in positions], asked,
                                      rules.language)  # fmt: skip
        return replace(
            self._listed(line, "reviews", positions, rules.language, said.text), reviews=said.reviews
        )

    def _similar(self, line: str, query: str, refs: references.Refs, rules: Intent) -> Turn:
        positions = refs.positions or self.focus[:1] or ((1,) if len(self.shown) == 1 else ())
        if refs.problem or not positions:
            problem = refs.problem or _which("similar", len(self.shown), rules.language)
            return self._ask(line, "similar", problem, rules, query)
        source = self.shown[positions[0] - 1]
        say = Say(rules.language, self.cny_per_usd)
        cheaper = is_comparative(query)  # "something like it but cheaper"
        found = similar.neighbours(source, self.catalog, say, limit=min(self.limit, 5), cheaper=cheaper)
        if found:
            self.shown, self.focus, self.recent = tuple(n.product for n in found), (), ()
        lines = [f"[{i}] {n.product.name}：{n.reason}。" if say.zh else f"[{i}] {n.product.name}: {n.reason}."
                 for i, n in enumerate(found, 1)]  # fmt: skip
        head = (f"和 {source.name} 类似的：" if say.zh else f"More like {source.name}:") if found else (
            "没有找到类似的商品。" if say.zh else f"I found nothing like {source.name}.")  # fmt: skip
        return Turn(line, "similar", rules.language, tuple(n.product for n in found),
                    tuple(range(1, len(found) + 1)), refers_to=(source.id,),
                    reasons=tuple(n.reason for n in found), answer=say.join([head, *lines]))  # fmt: skip

    def _clarify(self, line: str, partial: Intent) -> Turn:
        self.pending = Pending("search", intent=partial)
        text = clarify.question(self.catalog, partial, Say(partial.language, self.cny_per_usd))
        return Turn(line, "clarify", partial.language, answer=text)

    def _ask(self, line: str, act: Act, problem: str, rules: Intent, asked: str) -> Turn:
        """A question back ("Which one? 1–8"); the answer continues `act` on the line that asked."""
        self.pending = Pending(act, asked) if self.shown else None
        return Turn(line, "clarify", rules.language, answer=problem)

    def _command(self, text: str) -> Info:
        name = text.split()[0].lower()
        if name in ("/quit", "/exit", "/q"):
            return Info("quit")
        if name in ("/help", "/?"):
            return Info("info", HELP + ("\n" + PERSONAL_HELP if self.personal else ""))
        if name == "/reset":
            self.intent, self.shown, self.focus, self.recent, self.pending = None, (), (), (), None
            return Info("info", "Filters cleared. What are you looking for?")
        if name == "/filters":
            filters = describe_filters(self.intent) if self.intent else ()
            return Info("info", "Filters: " + (" · ".join(filters) if filters else "none"))
        language = self.intent.language if self.intent else "en"
        if self.personal and (reply := self.personal.command(text, self.shown, language=language)):
            if reply.products:  # /foryou, /saved: the new list that numbers refer to
                self.shown, self.focus, self.recent = reply.products, (), ()
            return Info("info", reply.message)
        return Info("info", f"unknown command {name}: try /help")


def _which(act: Act, count: int, language: str) -> str:
    if act != "compare" or count == 0:
        return references.which_one(count, language) if count else references.nothing_listed(language)
    span = f"1–{count}"
    if language == "zh":
        return f"比较哪几款？请说两到四个编号（{span}），比如“比较 1 和 2”。"
    return f'Which ones? Say two to four numbers ({span}), e.g. "compare 1 and 2".'


def _filled(new: Intent, partial: Intent) -> Intent:
    """The new request, with what the vague one already said (a budget, a colour) where it says nothing."""
    default, changes = Intent(), {}
    for field in ("brands", "colors", "features", "min_price", "max_price", "min_rating", "size", "audiences",
                  "on_sale", "min_discount", "in_stock", "specs", "age"):  # fmt: skip
        if getattr(new, field) == getattr(default, field) and getattr(partial, field) != getattr(
            default, field
        ):
            changes[field] = getattr(partial, field)
    return new.with_(**changes, notes=partial.notes + new.notes)


def _words_only(intent: Intent, query: str) -> bool:
    """Nothing but free words: no filter, no order, no "cheaper"."""
    structured = has_structured_filters(intent) or intent.sort != "relevance" or is_comparative(query)
    return bool(intent.keywords or intent.must) and not structured


def _searchable(intent: Intent) -> bool:
    return bool(
        intent.categories or intent.subcategories or intent.brands or intent.features or intent.keywords
        or intent.must
    )  # fmt: skip
