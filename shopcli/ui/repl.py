"""`shop chat`: a line editor with persistent history around a ChatSession, and `shop chat --json`.

Ctrl-C at the prompt clears the line; Ctrl-C while an answer streams cancels that answer and returns
to the prompt; Ctrl-D (or /quit) leaves. While a turn is worked on and its answer streams, the
terminal does not echo what is typed (it would be glued into the answer); the keys stay queued and
appear at the next prompt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from prompt_toolkit.history import History
from rich.console import Console
from rich.text import Text

from shopcli.chat import ChatSession, Info
from shopcli.dialogue.turn import Turn
from shopcli.errors import ShopError
from shopcli.llm.grounding import CheckedSentence
from shopcli.state import append_record, locked, read_json_safely, read_records, write_records
from shopcli.textutil import decode_bytes, json_dumps
from shopcli.ui import render, render_dialogue

MAX_HISTORY = 1000
PROMPT = "shop> "

ReadLine = Callable[[str], str]
# turn -> checked sentences of its answer (ChatSession.reply; tests script their own)
Replier = Callable[[Turn], Iterator[CheckedSentence] | None]


class AtomicHistory(History):
    """prompt_toolkit history kept as JSON Lines, one appended record per entry (see shopcli/state.py).

    Concurrent chats each append under a lock, so none loses another's lines; a start reads only the
    newest part of the file. An old `history.json` (a JSON list, rewritten whole on every line) beside
    `history.jsonl` is taken over once and renamed `history.json.migrated`."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        moved = _migrate(path.with_suffix(".json"), path) if path.suffix == ".jsonl" else None
        records, warning = read_records(path, MAX_HISTORY)
        self._entries: list[str] = [e for e in records if isinstance(e, str)]
        self.warning = "; ".join(w for w in (moved, warning) if w) or None
        self._writable = warning is None

    def load_history_strings(self) -> Iterable[str]:
        return list(reversed(self._entries))  # newest first, as prompt_toolkit expects

    def store_string(self, string: str) -> None:
        self._entries = (self._entries + [string])[-MAX_HISTORY:]
        if not self._writable:
            return  # the warning at start said so; the session keeps its history in memory
        try:
            append_record(self.path, string)
        except OSError:
            self._writable = False  # a full disk must not end the chat


def _migrate(old: Path, new: Path) -> str | None:
    """Move the entries of an old JSON-list history into the record file; a warning, or None."""
    if not (old.exists() or old.is_symlink()):
        return None
    with locked(new):
        if new.exists() or not (old.exists() or old.is_symlink()):
            return None  # another chat migrated it first
        entries, warning = read_json_safely(old, [])
        if warning:
            return warning
        strings = [e for e in entries if isinstance(e, str)] if isinstance(entries, list) else []
        write_records(new, strings[-MAX_HISTORY:])
        old.replace(old.with_name(old.name + ".migrated"))
    return None


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


def run_repl(session: ChatSession, read_line: ReadLine, out: Console, reply: Replier | None = None) -> int:
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
        with no_echo(sys.stdin):
            if not _handle(session, line, out, reply or session.reply):
                return 0


def _handle(session: ChatSession, line: str, out: Console, reply: Replier) -> bool:
    """One line; False when the user asked to leave."""
    try:
        turn = session.submit(line)
        if isinstance(turn, Info):
            if turn.kind == "info":
                out.print(render.safe_text(turn.message), soft_wrap=True)
            return turn.kind != "quit"
        render_dialogue.show_turn(out, turn, cny_per_usd=session.cny_per_usd)
        render.stream_reply(out, reply(turn))
    except ShopError as exc:  # a bad line or a failing model ends the turn, not the session
        out.print(render.error_line(str(exc)), soft_wrap=True)
    return True


@contextmanager
def no_echo(stream: TextIO) -> Iterator[None]:
    """Switch terminal echo off (and back on, also after Ctrl-C): keys typed meanwhile are not
    printed into the answer, and stay queued for the next prompt (canonical mode keeps them)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # a test's StringIO, a closed stream
        fd = -1
    if fd < 0 or not os.isatty(fd):
        yield
        return
    import termios

    saved = termios.tcgetattr(fd)
    quiet = termios.tcgetattr(fd)
    quiet[3] &= ~termios.ECHO  # lflags; ICANON and ISIG stay, so Ctrl-C still interrupts
    termios.tcsetattr(fd, termios.TCSANOW, quiet)  # TCSANOW, not TCSAFLUSH: typeahead is kept
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, saved)


def stdin_lines() -> Iterator[str]:
    """Lines of stdin, decoded at the boundary (invalid UTF-8 replaced, not fatal)."""
    for raw in sys.stdin.buffer:
        yield decode_bytes(raw)


def run_json(session: ChatSession, lines: Iterable[str], out: TextIO, err: Console) -> int:
    """`shop chat --json`: one JSON object per turn on `out`; messages and errors on `err`.

    A bad line is reported and skipped; the exit code is that of the first error (0 when none)."""
    code = 0
    for line in lines:
        try:
            turn = session.say(line.rstrip("\n"))
        except ShopError as exc:
            err.print(render.error_line(str(exc)), soft_wrap=True)
            code = code or int(exc.exit_code)
            continue
        if isinstance(turn, Info):
            if turn.kind == "quit":
                break
            if turn.kind == "info":
                err.print(render.safe_text(turn.message), soft_wrap=True)
            continue
        print(json_dumps(turn.to_dict()), file=out, flush=True)
    return code
