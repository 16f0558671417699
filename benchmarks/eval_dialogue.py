"""Per-act accuracy on the scripted conversations: rules only vs hybrid (the model reads the lines the
rules cannot place, and understands searches the rules could not), with the default model.

A turn counts as right when its act is the expected one and it refers to exactly the expected products
(tests/data/conversations.jsonl; shopcli/dialogue/evaluate.py). Not a test: hybrid takes minutes.

    .venv/bin/python benchmarks/eval_dialogue.py [--model qwen2.5-coder-1.5b] [--suite PATH] [--misses]
        [--threads N]   (on a busy machine, 1: llama.cpp with every core collapses under contention)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from shopcli import advisor  # noqa: E402
from shopcli.chat import ChatSession  # noqa: E402
from shopcli.dialogue import evaluate  # noqa: E402
from shopcli.llm.backends.base import Backend  # noqa: E402
from shopcli.llm.backends.llama_cpp import LlamaCppBackend, LoadParams  # noqa: E402
from shopcli.llm.models import resolve  # noqa: E402
from shopcli.money import Rates  # noqa: E402
from shopcli.store.catalog import Catalog  # noqa: E402

SUITES = tuple(REPO / "tests/data" / f"conversations{s}.jsonl" for s in ("", "_heldout", "_freeform"))


class Counting(Backend):
    """Counts the model calls a mode makes (act readings and hybrid understanding)."""

    def __init__(self, inner: LlamaCppBackend) -> None:
        self.inner, self.calls, self.name = inner, 0, inner.name

    def complete_json(self, messages, schema, *, max_tokens):  # type: ignore[no-untyped-def]
        self.calls += 1
        return self.inner.complete_json(messages, schema, max_tokens=max_tokens)

    def stream(self, messages, *, max_tokens, stop=None):  # type: ignore[no-untyped-def]
        self.calls += 1
        return self.inner.stream(messages, max_tokens=max_tokens, stop=stop)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    @property
    def n_ctx(self) -> int:
        return self.inner.n_ctx


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="qwen2.5-coder-1.5b")
    ap.add_argument("--suite", type=Path, action="append", help="JSONL suite (default: both committed)")
    ap.add_argument("--misses", action="store_true", help="list the turns each mode got wrong")
    ap.add_argument("--threads", type=int, default=None, help="llama.cpp threads (default: every core)")
    args = ap.parse_args()
    conversations = [c for path in (args.suite or SUITES) for c in evaluate.load(path)]
    params = LoadParams(resolve(args.model, REPO / "models"), n_ctx=2048, n_threads=args.threads)
    backend = Counting(LlamaCppBackend(params))
    with Catalog.open(REPO / "catalog.parquet") as cat:
        vocab = cat.vocabulary()

        def session(model: Backend | None) -> ChatSession:
            def understand(q: str):  # type: ignore[no-untyped-def]
                return advisor.understand(q, vocab, rates=Rates.of(), backend=model)

            return ChatSession(cat, understand=understand, backend=model)

        scores, seconds = {}, {}
        for mode, model in (("rules", None), ("hybrid", backend)):
            started = time.perf_counter()
            scores[mode] = evaluate.run(conversations, lambda m=model: session(m))  # type: ignore[misc]
            seconds[mode] = time.perf_counter() - started
    turns = sum(scores["rules"].turns.values())
    zh = sum(c.lang == "zh" for c in conversations)
    print(f"{len(conversations)} conversations ({zh} Chinese), {turns} turns; model {args.model}\n")
    print(evaluate.table(scores))
    print(f"\nmodel calls in hybrid: {backend.calls}; wall time rules {seconds['rules']:.1f} s, "
          f"hybrid {seconds['hybrid']:.1f} s")  # fmt: skip
    if args.misses:
        for mode, score in scores.items():
            print(f"\n{mode} misses:\n  " + "\n  ".join(score.misses or ["none"]))


if __name__ == "__main__":
    main()
