"""The Python API as the commands use it: an Advisor whose reports reach the screen.

The library warns through Python's `warnings`; a command shows the same reports as one line each on
stderr, and a spinner while the model loads, as it always has.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shopcli import api


def open_advisor(
    catalog: Path | None, *, no_llm: bool = True, no_profile: bool = True, **settings: Any
) -> api.Advisor:
    """An Advisor for one command: `--no-llm` is backend "none"; the profile unless `--no-profile`."""
    from shopcli import api

    backend = settings.pop("backend", None)
    backend = api.NO_MODEL if no_llm else backend
    return api.Advisor(catalog, backend=backend, profile=not no_profile, hooks=ScreenHooks(), **settings)


class ScreenHooks:
    """What the Advisor reports, shown as the command line always has: one line each on stderr."""

    def notices(self, warned: Sequence[str], notes: Sequence[str] = ()) -> None:
        from shopcli.ui import render

        render.notices(render.err_console(), warned, notes)

    def loading(self, model: str) -> AbstractContextManager[object]:
        from shopcli.ui import render

        return render.status(f"loading {model}...")
