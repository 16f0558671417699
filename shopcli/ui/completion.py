"""`shop --install-completion [SHELL]` and `shop --show-completion [SHELL]`: typer's scripts and
installer, with the shell found the way a user expects.

typer finds the shell only from the process tree (shellingham), ignores a shell named after the
option, and in CI, Docker or a script finds none ("Shell None is not supported") or the wrong one
(`--install-completion zsh` run from bash installed bash's). Here the shell is: the one named, else
the one `shop` runs in (the process tree, as typer does), else the login shell ($SHELL).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from shopcli.errors import UsageError

PROG = "shop"
COMPLETE_VAR = "_SHOP_COMPLETE"  # what the installed script sets when it asks `shop` for completions
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
OPTIONS = ("--install-completion", "--show-completion")


def wanted(argv: Sequence[str]) -> tuple[str, str | None] | None:
    """(option, shell named or None) when the command line asks for completion; else None."""
    if not argv or argv[0] not in OPTIONS:
        return None
    if len(argv) > 2:
        raise UsageError(f"{argv[0]} takes at most a shell name, e.g. shop {argv[0]} bash")
    return argv[0], argv[1] if len(argv) == 2 else None


def running_shell() -> str | None:
    """The shell among this process's parents, as typer finds it; None when there is none."""
    import shellingham  # typer's own dependency, so always installed with it

    try:
        name, _ = shellingham.detect_shell()
    except (shellingham.ShellDetectionFailure, OSError):
        return None
    return str(name).lower()


def shell_name(
    named: str | None,
    *,
    detect: Callable[[], str | None] = running_shell,
    env: Mapping[str, str] = os.environ,
) -> str:
    """The shell to complete for: the one named, else the one running `shop`, else $SHELL."""
    choices = ", ".join(SHELLS[:4])
    if named is not None:
        if named.lower() not in SHELLS:
            raise UsageError(f"no completion for shell {named!r}: use one of {choices}")
        return named.lower()
    for found in (detect(), Path(env.get("SHELL", "")).name.lower()):
        if found in SHELLS:
            return str(found)
    raise UsageError(
        f"cannot tell which shell this is: name it, e.g. shop --install-completion bash ({choices})"
    )


def run(option: str, named: str | None) -> int:
    """Print the completion script, or install it (the script, and the line in the rc file that loads it)."""
    from typer.completion import get_completion_script, install

    shell = shell_name(named)
    if option == "--show-completion":
        print(get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell))
        return 0
    shell, path = install(shell=shell, prog_name=PROG, complete_var=COMPLETE_VAR)
    print(f"{shell} completion installed in {path}; it works in new terminals.", file=sys.stderr)
    return 0
