"""Exit codes and the typed errors that core code raises.

Every message says what went wrong *and* how to fix it; `cli.py` is the only place
that turns these into exit codes and one-line messages on stderr.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1  # unexpected failure (a bug: please report it)
    USAGE = 2  # bad arguments or query; same code typer/click uses
    CATALOG = 3  # catalog missing, unreadable or not following the contract
    MODEL = 4  # model missing, corrupt, or llama-cpp-python not installed
    IMPORT = 5  # `shop catalog import` could not read or write
    INTERRUPTED = 130  # Ctrl-C, as shells expect


class ShopError(Exception):
    """Base of every error the user can act on."""

    exit_code: ExitCode = ExitCode.ERROR


class UsageError(ShopError):
    exit_code = ExitCode.USAGE


class CatalogError(ShopError):
    exit_code = ExitCode.CATALOG


class ModelError(ShopError):
    exit_code = ExitCode.MODEL


class ImportError_(ShopError):
    """Raised by `shop catalog import` (named with a trailing _ to keep the builtin usable)."""

    exit_code = ExitCode.IMPORT
