"""The installed version, read from the package's metadata (pyproject.toml is the one place it is set)."""

from __future__ import annotations

FALLBACK = "0+unknown"  # a source tree on sys.path that was never installed, with no pyproject beside it


def version() -> str:
    """The version pip installed; else the checkout's pyproject.toml; else FALLBACK."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("shopcli")
    except PackageNotFoundError:
        return _from_checkout()


def _from_checkout() -> str:
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return FALLBACK
    return str(project.get("version") or FALLBACK) if project.get("name") == "shopcli" else FALLBACK
