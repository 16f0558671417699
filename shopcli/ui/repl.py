"""`shop chat`: a line editor with persistent history around a ChatSession.

Ctrl-C at the prompt clears the line; Ctrl-C while an answer streams cancels that answer and returns
to the prompt; Ctrl-D (or /quit) leaves.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from prompt_toolkit.history import History
from rich.console import Console
from rich.text import Text

from shopcli.chat import ChatSession, Turn
from shopcli.llm.grounding import CheckedSentence
from shopcli.state import read_json, write_json
from shopcli.ui import render

MAX_HISTORY = 1000
PROMPT = "shop> "

ReadLine = Callable[[str], str]
# (question, turn) -> checked sentences of the reply, or None for no reply
Replier = Callable[[str, Turn], Iterator[CheckedSentence] | None]


class AtomicHistory(History):
    """prompt_toolkit history kept as a JSON list, rewritten atomically on every entry."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        entries, self.warning = read_json(path, [])
        self._entries: list[str] = (
            [e for e in entries if isinstance(e, str)] if isinstance(entries, list) else []
        )

    def load_history_strings(self) -> Iterable[str]:
        return list(reversed(self._entries))  # newest first, as prompt_toolkit expects

    def store_string(self, string: str) -> None:
        self._entries = (self._entries + [string])[-MAX_HISTORY:]
        write_json(self.path, self._entries)


def prompt_reader(history_path: Path, out: Console) -> ReadLine:
    """A prompt_toolkit line reader with persistent history; plain lines when stdin is a pipe."""
    if not sys.stdin.isatty():
        return _pipe_reader
    from prompt_toolkit import PromptSession

    history = AtomicHistory(history_path)
    if history.warning:
        out.print(render.warning_line(history.warning), soft_wrap=True)
    session: PromptSession[str] = PromptSession(history=history)
    return lambda prompt: session.prompt(prompt)


def _pipe_reader(_prompt: str) -> str:
    """`printf 'red dress\nin blue\n' | shop chat`: one turn per line, EOF ends the session."""
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")


def run_repl(session: ChatSession, read_line: ReadLine, out: Console, reply: Replier) -> int:
    """The loop. Returns the exit code (0)."""
    out.print(
        Text("shopcli chat — ask in English or Chinese. /help for commands, Ctrl-D to leave.", style="dim")
    )
    while True:
        try:
            line = read_line(PROMPT)
        except KeyboardInterrupt:
            continue  # Ctrl-C at the prompt: drop the line, stay in the session
        except EOFError:
            out.print()
            return 0
        if not _handle(session, line, out, reply):
            return 0


def _handle(session: ChatSession, line: str, out: Console, reply: Replier) -> bool:
    """One line; False when the user asked to leave."""
    from shopcli.errors import ShopError

    try:
        turn = session.submit(line)
    except ShopError as exc:
        out.print(render.error_line(str(exc)), soft_wrap=True)
        return True
    if turn.kind == "quit":
        return False
    if turn.kind == "info":
        out.print(render.safe_text(turn.message), soft_wrap=True)
    elif turn.kind == "search" and turn.outcome is not None:
        render.show_search(out, turn.outcome)
        render.stream_reply(out, reply(line, turn))
    return True
