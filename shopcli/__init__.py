"""shopcli: a local shopping advisor for the terminal, and the Python library under it.

    import shopcli

    with shopcli.Advisor(backend="none") as shop:
        for product in shop.search("red dress under $80").products:
            print(product.id, product.name, product.price)

The names below are imported on first use (PEP 562 module __getattr__), so `import shopcli`, and
with it every `shop` command, does not pay for DuckDB, the pipeline or the model until they are used.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; type checkers read it the same
if TYPE_CHECKING:
    from shopcli.advisor import SearchOutcome
    from shopcli.api import Advisor, Answer, AnswerStream, Comparison, Conversation, Hooks, Info, ShopWarning
    from shopcli.dialogue.turn import Turn
    from shopcli.errors import CatalogError, ExitCode, ImportError_, ModelError, ShopError, UsageError
    from shopcli.intent import Intent
    from shopcli.schema import Product

    __version__: str

__all__ = [
    "__version__", "Advisor", "Answer", "AnswerStream", "Comparison", "Conversation", "Hooks", "Info",
    "ShopWarning", "SearchOutcome", "Turn", "Product", "Intent",
    "ShopError", "UsageError", "CatalogError", "ModelError", "ImportError_", "ExitCode",
]  # fmt: skip
# public name -> the module that defines it (Info, the answer to a slash command, comes through api)
_EXPORTS = {
    **dict.fromkeys(__all__[1:9], "shopcli.api"),
    "SearchOutcome": "shopcli.advisor",
    "Turn": "shopcli.dialogue.turn",
    "Product": "shopcli.schema",
    "Intent": "shopcli.intent",
    **dict.fromkeys(__all__[13:], "shopcli.errors"),
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from shopcli.version import version

        value: object = version()
    elif name in _EXPORTS:
        from importlib import import_module

        value = getattr(import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module 'shopcli' has no attribute {name!r}")
    globals()[name] = value  # the next access is a plain attribute read
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
