"""Shell completion: `shop --install-completion` writes the script and the line that loads it, for bash
and zsh, without a terminal; `--show-completion` prints it; the script's callback completes commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import shop

from shopcli.errors import UsageError
from shopcli.ui import completion


def _env(home: Path, shell: str) -> dict[str, str]:
    return {"HOME": str(home), "SHELL": f"/bin/{shell}"}


def test_install_for_bash(tmp_path: Path) -> None:
    run = shop("--install-completion", "bash", env=_env(tmp_path, "bash"))
    script = tmp_path / ".bash_completions" / "shop.sh"
    assert run.code == 0 and str(script) in run.err, run.err
    assert "_SHOP_COMPLETE=complete_bash" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()
    again = shop("--install-completion", "bash", env=_env(tmp_path, "bash"))
    assert again.code == 0 and (tmp_path / ".bashrc").read_text().count("source") == 1  # idempotent


def test_install_for_zsh(tmp_path: Path) -> None:
    (tmp_path / ".zshrc").write_text("export EDITOR=vi\n")
    run = shop("--install-completion", "zsh", env=_env(tmp_path, "zsh"))
    assert run.code == 0, run.err
    assert "#compdef shop" in (tmp_path / ".zfunc" / "_shop").read_text()
    rc = (tmp_path / ".zshrc").read_text()
    assert rc.startswith("export EDITOR=vi") and "fpath+=~/.zfunc" in rc and "compinit" in rc


def test_show_completion_prints_the_script(tmp_path: Path) -> None:
    run = shop("--show-completion", "zsh", env=_env(tmp_path, "zsh"))
    assert run.code == 0 and run.out.startswith("#compdef shop") and not list(tmp_path.iterdir())


def test_the_installed_script_completes_commands_and_options() -> None:
    env = {"_SHOP_COMPLETE": "complete_bash", "COMP_WORDS": "shop search --ca", "COMP_CWORD": "2"}
    assert set(shop(env=env).out.split()) == {"--catalog", "--category"}
    env |= {"COMP_WORDS": "shop se", "COMP_CWORD": "1"}
    assert shop(env=env).out.split() == ["search"]


def test_unknown_shell_is_a_usage_error(tmp_path: Path) -> None:
    run = shop("--install-completion", "tcsh", env=_env(tmp_path, "tcsh"))
    assert run.code == 2 and "bash, zsh, fish, powershell" in run.err and not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("named", "running", "login", "expected"),
    [
        ("zsh", "bash", "/bin/bash", "zsh"),  # the shell named wins (typer ignored it)
        (None, "zsh", "/bin/bash", "zsh"),  # else the shell shop runs in
        (None, None, "/usr/bin/zsh", "zsh"),  # else the login shell: CI, Docker, a script
        (None, "sh", "/bin/bash", "bash"),  # `sh -c` has no completion of its own
    ],
)
def test_which_shell(named: str | None, running: str | None, login: str, expected: str) -> None:
    assert completion.shell_name(named, detect=lambda: running, env={"SHELL": login}) == expected


def test_no_shell_found_says_how_to_name_one() -> None:
    with pytest.raises(UsageError, match="shop --install-completion bash"):
        completion.shell_name(None, detect=lambda: None, env={})
