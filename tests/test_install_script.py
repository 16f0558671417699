"""The install script builds the llama-cpp-python version that pyproject.toml pins."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_build_script_builds_the_pinned_version() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    pinned = next(r for r in extras["llm"] if r.startswith("llama-cpp-python"))
    script = (ROOT / "scripts" / "build_llama.sh").read_text()
    built = re.search(r"^VERSION=(\S+)", script, re.M)
    assert built is not None
    assert pinned == f"llama-cpp-python=={built.group(1)}"


def test_default_build_leaves_amx_out() -> None:
    script = (ROOT / "scripts" / "build_llama.sh").read_text()
    assert "-mno-amx-int8" in script
