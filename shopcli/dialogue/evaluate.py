"""Scripted conversations with the expected act and referenced products per turn, and per-act
accuracy over them (tests/data/conversations.jsonl; benchmarks/eval_dialogue.py prints the table).

A turn's expected `refs` name products in the list shown before it: positions (1, 2; -1 is the
last), computed picks ("cheapest", "best rated"), "brand:Hoka" (the one listed product of that
brand) or "tag:waterproof" (every listed product with the tag, for "which ones are ...?").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from shopcli.dialogue.picks import PICKS, pick
from shopcli.dialogue.turn import ACTS, Turn
from shopcli.schema import Product

Ref = int | str


class Talker(Protocol):
    shown: tuple[Product, ...]

    def submit(self, line: str) -> Any: ...


@dataclass(frozen=True)
class Step:
    say: str
    act: str
    refs: tuple[Ref, ...] | None = None  # None: not checked


@dataclass(frozen=True)
class Conversation:
    id: str
    lang: str
    steps: tuple[Step, ...]


@dataclass
class Score:
    turns: dict[str, int] = field(default_factory=dict)  # expected act -> turns
    acts: dict[str, int] = field(default_factory=dict)  # ... -> act right
    right: dict[str, int] = field(default_factory=dict)  # ... -> act and products right
    misses: list[str] = field(default_factory=list)

    def add(self, act: str, act_ok: bool, refs_ok: bool, note: str) -> None:
        self.turns[act] = self.turns.get(act, 0) + 1
        self.acts[act] = self.acts.get(act, 0) + act_ok
        self.right[act] = self.right.get(act, 0) + (act_ok and refs_ok)
        if not (act_ok and refs_ok):
            self.misses.append(note)

    def accuracy(self, act: str | None = None) -> float:
        keys = [act] if act else list(self.turns)
        total = sum(self.turns.get(k, 0) for k in keys)
        return sum(self.right.get(k, 0) for k in keys) / total if total else 1.0


def load(path: Path) -> list[Conversation]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            steps = tuple(
                Step(t["say"], t["act"], tuple(t["refs"]) if "refs" in t else None) for t in raw["turns"]
            )
            out.append(Conversation(raw["id"], raw["lang"], steps))
    return out


def expected_ids(refs: Sequence[Ref], shown: Sequence[Product]) -> tuple[str, ...] | None:
    """The ids the expected references name in the list `shown`; None when it does not hold them
    (an earlier turn went wrong and another list is showing)."""
    try:
        return _ids(refs, shown)
    except (IndexError, ValueError):
        return None


def _ids(refs: Sequence[Ref], shown: Sequence[Product]) -> tuple[str, ...]:
    ids: list[str] = []
    names = {name for name, _ in PICKS}
    for ref in refs:
        if isinstance(ref, int):
            ids.append(shown[ref - 1 if ref > 0 else ref].id)
        elif ref in names:
            ids.append(shown[pick(ref, shown) - 1].id)
        elif ref.startswith("brand:"):
            (only,) = [p for p in shown if p.brand == ref[6:]]  # the conversation names a unique brand
            ids.append(only.id)
        elif ref.startswith("tag:"):
            ids += [p.id for p in shown if ref[4:] in p.tags]
        else:
            raise ValueError(f"unknown expected reference {ref!r}")
    return tuple(dict.fromkeys(ids))


def run(conversations: Iterable[Conversation], new_session: Callable[[], Talker]) -> Score:
    """Play every conversation in a fresh session and score each turn."""
    score = Score()
    for conv in conversations:
        session = new_session()
        for step in conv.steps:
            before = tuple(session.shown)
            turn = session.submit(step.say)
            act = turn.act if isinstance(turn, Turn) else "command"
            refs_ok = True
            if step.refs is not None and isinstance(turn, Turn):
                refs_ok = turn.refers_to == expected_ids(step.refs, before)
            elif step.act == "clarify" and isinstance(turn, Turn):
                refs_ok = not turn.products
            got = f"{act} {getattr(turn, 'refers_to', '')}"
            note = f"{conv.id} {step.say!r}: expected {step.act} {step.refs or ''}, got {got}"
            score.add(step.act, act == step.act, refs_ok, note)
    return score


def table(scores: dict[str, Score]) -> str:
    """Per-act accuracy (act and products right) for each mode, as a text table."""
    modes = list(scores)
    lines = [f"{'act':<10}{'turns':>7}" + "".join(f"{m:>14}" for m in modes)]
    first = scores[modes[0]]
    for act in [a for a in ACTS if a in first.turns]:
        cells = "".join(f"{scores[m].accuracy(act):>14.1%}" for m in modes)
        lines.append(f"{act:<10}{first.turns[act]:>7}" + cells)
    total = sum(first.turns.values())
    lines.append(f"{'all':<10}{total:>7}" + "".join(f"{scores[m].accuracy():>14.1%}" for m in modes))
    return "\n".join(lines)
