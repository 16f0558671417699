"""Settings, resolved in one order: defaults < config file < environment < flags.

User files live under one directory (like simonw/llm's LLM_USER_PATH): `SHOPCLI_HOME`, else
`$XDG_DATA_HOME/shopcli`, else `~/.local/share/shopcli`. It holds `config.toml` and `history`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from shopcli.errors import UsageError
from shopcli.money import Rates, parse_rates

PACKAGE_ROOT = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_ROOT.parent
DEFAULT_MODEL = "qwen2.5-coder-1.5b"
DEFAULT_CNY_PER_USD = 7.2  # documented fixed rate (money.DEFAULT_RATES); SHOPCLI_CNY_PER_USD or config


def user_dir() -> Path:
    """The directory for the user's config, history and state."""
    if home := os.environ.get("SHOPCLI_HOME"):
        return Path(home).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "shopcli"


def default_models_dir() -> Path:
    """`models/` beside the package in a checkout (the designed layout), else under the user dir."""
    if env := os.environ.get("SHOPCLI_MODELS_DIR"):
        return Path(env).expanduser()
    checkout = REPO_ROOT / "models"
    if (REPO_ROOT / "pyproject.toml").exists() and checkout.is_dir():
        return checkout
    return user_dir() / "models"


def default_catalog() -> Path:
    return REPO_ROOT / "catalog.parquet"


@dataclass(frozen=True)
class Settings:
    catalog: Path
    model: str  # a registry name or a path to a .gguf file
    models_dir: Path
    cny_per_usd: float | None = None  # None: the [rates] table's CNY, else DEFAULT_CNY_PER_USD
    rates: tuple[tuple[str, float], ...] = ()  # [rates] in config.toml or SHOPCLI_RATES: units per USD
    gpu_layers: int = 0
    n_ctx: int = 2048
    threads: int | None = None  # None: all cores
    limit: int = 10

    def exchange_rates(self) -> Rates:
        """The rates table budgets are converted with: defaults < [rates] < SHOPCLI_CNY_PER_USD."""
        overrides = dict(self.rates)
        if self.cny_per_usd is not None:
            overrides["CNY"] = self.cny_per_usd
        return Rates.of(overrides)


# environment variable -> (field, converter)
_ENV: dict[str, tuple[str, Any]] = {
    "SHOPCLI_CATALOG": ("catalog", Path),
    "SHOPCLI_MODEL": ("model", str),
    "SHOPCLI_MODELS_DIR": ("models_dir", Path),
    "SHOPCLI_CNY_PER_USD": ("cny_per_usd", float),
    "SHOPCLI_RATES": ("rates", parse_rates),
    "SHOPCLI_GPU_LAYERS": ("gpu_layers", int),
    "SHOPCLI_N_CTX": ("n_ctx", int),
    "SHOPCLI_THREADS": ("threads", int),
}


def _defaults() -> Settings:
    return Settings(catalog=default_catalog(), model=DEFAULT_MODEL, models_dir=default_models_dir())


def _from_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"config file {path} is not valid TOML ({exc}): fix or delete it") from exc
    known = {f.name: f.type for f in fields(Settings)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise UsageError(f"unknown setting(s) {', '.join(unknown)} in {path}: allowed are {', '.join(known)}")
    return data


def _convert(name: str, value: Any, conv: Any, source: str) -> Any:
    try:
        return conv(value)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{source}: {name} must be a {conv.__name__}, got {value!r}") from exc


def load_settings(**flags: Any) -> Settings:
    """Resolve settings; `flags` holds only options the user actually gave (None means not given)."""
    settings = _defaults()
    convs = {f: c for f, c in _ENV.values()} | {"limit": int}
    config_path = user_dir() / "config.toml"
    for name, value in _from_file(config_path).items():
        settings = replace(settings, **{name: _convert(name, value, convs.get(name, str), str(config_path))})
    for env, (name, conv) in _ENV.items():
        if (value := os.environ.get(env)) not in (None, ""):
            settings = replace(settings, **{name: _convert(name, value, conv, env)})
    given = {k: v for k, v in flags.items() if v is not None}
    return replace(settings, **given)
