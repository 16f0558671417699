"""The folder tree is the architecture: imports run one way, from the screen down to the core types.

    shopcli > __main__ > ui > api > chat > dialogue > advisor > {reviews, policy, personal}
    > {understand, store, ingest, llm} > core

Read from the source with `ast`. Imports inside functions count (a lazy import is still a dependency),
and so do those under `if TYPE_CHECKING:`: a type-only import back still ties two modules into a circle,
as ingest/importer.py and ingest/tables.py once were. The four middle packages are independent: today
none of them imports another. A capability built from several of them (personal: profile, interaction
import, neighbours) is a package of its own between advisor and the middle, and may import any of them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

SHOPCLI = Path(__file__).resolve().parents[1] / "shopcli"
# top-level modules under everything
CORE = (
    "intent", "schema", "errors", "textutil", "config", "state", "integrity", "money", "bilingual", "specs",
    "version",
)  # fmt: skip
MIDDLE = ("understand", "store", "ingest", "llm")
# Capabilities built on the middle packages, which the pipeline and the screen call: review insights
# (imported with ingest's readers, stored through store's locked connection), store policies, and the
# shopper's profile with collaborative filtering (they combine understanding, the store and ingest).
CAPABILITIES = ("reviews", "policy", "personal")
# dialogue/ (acts, references, answers from rows) sits under chat.py, the conversation's state machine.
# api.py, the Python API (shopcli.Advisor), sits between the screen and the conversation: its
# `conversation()` makes a ChatSession, and the commands of ui/ are thin callers of it. The package
# itself ("shopcli") is on top: its __init__ re-exports the API, lazily (module __getattr__).
RANK = {
    "package": 9, "main": 8, "ui": 7, "api": 6, "chat": 5, "dialogue": 4, "advisor": 3,
    **dict.fromkeys(CAPABILITIES, 2), **dict.fromkeys(MIDDLE, 1), "core": 0,
}  # fmt: skip
# Imports from one middle package into another, as (importer, imported). Each needs a reason written
# here; none is needed today (the catalog profile lives in ingest/, beside the DuckDB helpers it uses).
MIDDLE_EDGES: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Edge:
    source: str  # the importing module, e.g. "shopcli.chat"
    target: str  # the module the statement names, e.g. "shopcli.store.catalog"
    line: int

    def __str__(self) -> str:
        return f"{self.source} imports {self.target} (line {self.line})"


def layer(module: str) -> str:
    """The stage a shopcli module belongs to; KeyError for a module no stage claims."""
    parts = module.split(".")[1:]
    if not parts:
        return "package"  # `import shopcli`: the front door, which names the API (and loads it on use)
    if parts[0] in CORE:
        return "core"
    if parts[0] == "__main__":
        return "main"
    if parts[0] in RANK:
        return parts[0]
    raise KeyError(module)


@cache
def modules() -> dict[str, Path]:
    """Every module under shopcli/, by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(SHOPCLI.rglob("*.py")):
        parts = path.relative_to(SHOPCLI.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


@cache
def edges() -> tuple[Edge, ...]:
    """Every import of a shopcli module by a shopcli module, wherever the statement stands."""
    known = modules()
    return tuple(
        Edge(name, target, stmt.lineno)
        for name, path in known.items()
        for stmt in import_statements(path)
        for target in _targets(stmt, name, path.name == "__init__.py", known)
        if target != name
    )


def import_statements(path: Path) -> list[ast.Import | ast.ImportFrom]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]


def _targets(
    stmt: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: dict[str, Path]
) -> list[str]:
    """The modules an import names: `from shopcli.ui import render` names shopcli.ui.render,
    `from shopcli.store.catalog import Catalog` names shopcli.store.catalog."""
    if isinstance(stmt, ast.Import):
        return [alias.name for alias in stmt.names if _ours(alias.name)]
    base = stmt.module or ""
    if stmt.level:  # relative: from the module's package, one level up per extra dot
        package = module if is_package else module.rpartition(".")[0]
        for _ in range(stmt.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}".rstrip(".")
    if not _ours(base):
        return []
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in stmt.names]


def _ours(name: str) -> bool:
    return name == "shopcli" or name.startswith("shopcli.")


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a path that ends where it starts, or [] when there is none."""
    done: set[str] = set()
    for start in sorted(graph):
        path = [start]
        stack = [(start, iter(sorted(graph.get(start, ()))))]
        while stack:
            node, nexts = stack[-1]
            step = next(nexts, None)
            if step is None:
                stack.pop()
                path.pop()
                done.add(node)
            elif step in path:
                return path[path.index(step) :] + [step]
            elif step not in done:
                stack.append((step, iter(sorted(graph.get(step, ())))))
                path.append(step)
    return []


def test_the_reader_sees_every_kind_of_import() -> None:
    found = {(e.source, e.target) for e in edges()}
    assert ("shopcli.ui.cli", "shopcli.ui.cli_catalog") in found  # inside a function
    assert ("shopcli.chat", "shopcli.advisor") in found  # `from shopcli import advisor`
    assert ("shopcli.ui.render", "shopcli.advisor") in found  # under `if TYPE_CHECKING:`
    assert ("shopcli.ingest.tables", "shopcli.ingest.plan") in found  # `from ... import ImportPlan`


def test_every_module_belongs_to_a_stage() -> None:
    unplaced = []
    for module in modules():
        try:
            layer(module)
        except KeyError:
            unplaced.append(module)
    assert not unplaced, f"{unplaced}: put new modules in a package of this test's RANK, or name them in CORE"


def test_nothing_under_the_screen_imports_ui_or_chat() -> None:
    # who may import them: the screen both; the Python API (api.py) the conversation it hands out
    allowed = {"ui": {"package", "main", "ui"}, "chat": {"package", "main", "ui", "api"}}
    wrong = [
        str(e) for e in edges() if layer(e.source) not in allowed.get(layer(e.target), {layer(e.source)})
    ]
    assert not wrong, "only ui/ (and __main__) may import shopcli.ui, and api.py shopcli.chat:\n" + "\n".join(
        wrong
    )


def test_imports_run_downwards() -> None:
    wrong = []
    for e in edges():
        source, target = layer(e.source), layer(e.target)
        if source == target or (source, target) in MIDDLE_EDGES:
            continue
        if RANK[target] >= RANK[source]:
            wrong.append(f"{e}: {source} may not import {target}")
    assert not wrong, "\n".join(wrong)


def test_there_is_no_import_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for e in edges():
        graph.setdefault(e.source, set()).add(e.target)
    cycle = find_cycle(graph)
    assert not cycle, "import cycle (move what both need into a module of its own): " + " -> ".join(cycle)


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b", "c"}, "b": {"c"}, "c": {"b"}}, ["b", "c", "b"]),
        ({"a": {"a"}}, ["a", "a"]),
    ],
)
def test_find_cycle(graph: dict[str, set[str]], cycle: list[str]) -> None:
    assert find_cycle(graph) == cycle


def test_package_inits_import_nothing() -> None:
    # Importing shopcli.ui.cli must not drag in every module beside it: `shop --help` stays fast.
    eager = [
        f"{path.relative_to(SHOPCLI.parent)}:{stmt.lineno}"
        for name, path in modules().items()
        if path.name == "__init__.py" and name != "shopcli"
        for stmt in import_statements(path)
        if not (isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__")
    ]
    assert not eager, f"package __init__ files import nothing: {eager}"


def test_the_package_imports_only_when_a_name_is_used() -> None:
    # shopcli/__init__.py names the API for type checkers (under TYPE_CHECKING) and imports it in
    # its module __getattr__, on first use; nothing it imports runs when `import shopcli` does.
    tree = ast.parse((SHOPCLI / "__init__.py").read_text(encoding="utf-8"))
    eager = [
        stmt.lineno
        for stmt in tree.body
        if isinstance(stmt, (ast.Import, ast.ImportFrom)) and stmt.module != "__future__"
    ]
    guarded = [s for s in tree.body if isinstance(s, ast.If)]
    assert not eager, f"shopcli/__init__.py imports at import time (lines {eager}): import in __getattr__"
    assert all(isinstance(s.test, ast.Name) and s.test.id == "TYPE_CHECKING" for s in guarded)
