"""Settings, resolved in one order: defaults < config file < environment < flags.

User files live under one directory (like simonw/llm's LLM_USER_PATH): `SHOPCLI_HOME`, else
`$XDG_DATA_HOME/shopcli`, else `~/.local/share/shopcli`. It holds `config.toml` and `history`.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from shopcli.errors import UsageError
from shopcli.money import Rates, parse_rates

PACKAGE_ROOT = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_ROOT.parent
DEFAULT_MODEL = "qwen2.5-coder-1.5b"
DEFAULT_CNY_PER_USD = 7.2  # documented fixed rate (money.DEFAULT_RATES); SHOPCLI_CNY_PER_USD or config
BACKENDS = ("local", "openai")  # llama.cpp in this process, or any OpenAI-compatible server


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
    backend: str = "local"  # one of BACKENDS
    base_url: str = "http://127.0.0.1:8080/v1"  # llama.cpp's llama-server default; used by backend openai
    # The NAME of the variable that holds the server's API key, never the key itself: a key in a
    # config file ends up in backups and screenshots. Not OPENAI_API_KEY, so a real OpenAI key is
    # never sent to a local server by accident.
    api_key_env: str = "SHOPCLI_API_KEY"
    timeout: float = 60.0  # seconds a server may stay silent before the call fails

    def exchange_rates(self) -> Rates:
        """The rates table budgets are converted with: defaults < [rates] < SHOPCLI_CNY_PER_USD."""
        overrides = dict(self.rates)
        if self.cny_per_usd is not None:
            overrides["CNY"] = self.cny_per_usd
        return Rates.of(overrides)

    def yuan_per_usd(self) -> float:
        """The CNY/USD rate Chinese answers show beside dollar prices: the one budgets convert with."""
        return self.exchange_rates().rate("CNY") or DEFAULT_CNY_PER_USD


@dataclass(frozen=True)
class Spec:
    """How one setting is read and checked, wherever it comes from: config file, environment or flag.

    New settings join by adding a Spec (and a Settings field); flags take their bounds from here too."""

    name: str  # the Settings field and the config.toml key
    kind: type  # int, float, str or Path
    env: str | None = None  # environment variable, if any
    low: float | None = None  # inclusive bounds for numbers
    high: float | None = None
    flag: str | None = None  # the command-line flag, for messages


SPECS: tuple[Spec, ...] = (
    Spec("catalog", Path, "SHOPCLI_CATALOG", flag="--catalog"),
    Spec("model", str, "SHOPCLI_MODEL", flag="--model"),
    Spec("models_dir", Path, "SHOPCLI_MODELS_DIR"),
    Spec("cny_per_usd", float, "SHOPCLI_CNY_PER_USD", 0.01, 1000.0),
    Spec("rates", tuple, "SHOPCLI_RATES"),  # [rates] table or "INR=83.5,EUR=0.91": money.parse_rates
    Spec("gpu_layers", int, "SHOPCLI_GPU_LAYERS", -1, 1000, flag="--gpu-layers"),
    Spec("n_ctx", int, "SHOPCLI_N_CTX", 512, 131_072),  # the prompts need ~600 tokens; Qwen2.5 knows 128k
    Spec("threads", int, "SHOPCLI_THREADS", 1, 1024),
    Spec("limit", int, None, 1, 200, flag="--limit"),
    Spec("backend", str, "SHOPCLI_BACKEND", flag="--backend"),  # checked against BACKENDS where it is used
    Spec("base_url", str, "SHOPCLI_BASE_URL", flag="--base-url"),
    Spec("api_key_env", str, "SHOPCLI_API_KEY_ENV"),
    Spec("timeout", float, "SHOPCLI_TIMEOUT", 0.1, 3600.0),
)
SPEC = {spec.name: spec for spec in SPECS}
MAX_CONFIG_BYTES = 1 << 16  # a config file is a few lines; reading more is a mistake, not a setting


def _defaults() -> Settings:
    return Settings(catalog=default_catalog(), model=DEFAULT_MODEL, models_dir=default_models_dir())


def _from_file(path: Path) -> dict[str, Any]:
    from shopcli.state import read_bounded

    try:
        data, longer = read_bounded(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return {}
    except OSError as exc:  # a FIFO, a device, a folder, no permission
        raise UsageError(f"cannot read config file {path} ({exc.strerror or exc}): fix or delete it") from exc
    try:
        if longer:
            raise ValueError(f"longer than {MAX_CONFIG_BYTES:,} bytes")
        parsed = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise UsageError(f"config file {path} is not valid TOML ({exc}): fix or delete it") from exc
    unknown = sorted(set(parsed) - set(SPEC))
    if unknown:
        raise UsageError(f"unknown setting(s) {', '.join(unknown)} in {path}: allowed are {', '.join(SPEC)}")
    return parsed


def convert(spec: Spec, value: Any, source: str) -> Any:
    """`value` as the setting's type, within its bounds, or a UsageError naming `source` and the range."""
    if spec.kind is tuple:  # the rates table checks itself and names its own fix
        return parse_rates(value)
    what = _expected(spec)
    # TOML and the environment give different types; a bool is never a number, a float never a count
    wrong_type = isinstance(value, bool) or (spec.kind is int and isinstance(value, float))
    try:
        if wrong_type or isinstance(value, (list, dict)):
            raise ValueError
        converted = spec.kind(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise UsageError(f"{source}: {spec.name} must be {what}, not {value!r}") from None
    if spec.kind in (str, Path) and not str(value).strip():
        raise UsageError(f"{source}: {spec.name} must be {what}, not empty")
    if spec.kind in (int, float) and not _within(spec, converted):
        raise UsageError(f"{source}: {spec.name} must be {what}, not {value!r}")
    return converted


def _within(spec: Spec, value: float) -> bool:
    if not math.isfinite(value):
        return False
    return (spec.low is None or value >= spec.low) and (spec.high is None or value <= spec.high)


def _expected(spec: Spec) -> str:
    noun = {int: "a whole number", float: "a number", str: "a name", Path: "a path"}[spec.kind]
    if spec.low is not None and spec.high is not None:
        return f"{noun} from {spec.low:g} to {spec.high:g}"
    return noun


def load_settings(**flags: Any) -> Settings:
    """Resolve settings; `flags` holds only options the user actually gave (None means not given).

    Every value is checked against its Spec, so a bad one fails here (exit 2) with its source named,
    not later as a misleading error (an n_ctx of 10^11 once read as "the model file is corrupt")."""
    settings = _defaults()
    config_path = user_dir() / "config.toml"
    for name, value in _from_file(config_path).items():
        settings = replace(settings, **{name: convert(SPEC[name], value, str(config_path))})
    for spec in SPECS:
        if spec.env and (value := os.environ.get(spec.env)) not in (None, ""):
            settings = replace(settings, **{spec.name: convert(spec, value, spec.env)})
    for name, value in flags.items():
        if value is not None:
            spec = SPEC[name]
            settings = replace(settings, **{name: convert(spec, value, spec.flag or name)})
    return settings
