"""Settings: one order (defaults < config.toml < environment < flags) and one check for every source."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopcli.config import SPEC, load_settings
from shopcli.errors import UsageError


def config(home: Path, text: str) -> None:
    (home / "config.toml").write_text(text, encoding="utf-8")


def test_order_config_then_environment_then_flags(
    _isolated_user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config(_isolated_user_dir, "limit = 20\nn_ctx = 4096\nmodel = 'smollm2-135m'\n")
    monkeypatch.setenv("SHOPCLI_N_CTX", "8192")
    settings = load_settings(limit=30)
    assert (settings.limit, settings.n_ctx, settings.model) == (30, 8192, "smollm2-135m")


@pytest.mark.parametrize(
    ("env", "value"),
    [("SHOPCLI_N_CTX", "99999999999"), ("SHOPCLI_N_CTX", "-1"), ("SHOPCLI_N_CTX", "abc"),
     ("SHOPCLI_GPU_LAYERS", "-5"), ("SHOPCLI_THREADS", "0"), ("SHOPCLI_CNY_PER_USD", "0"),
     ("SHOPCLI_CNY_PER_USD", "nan"), ("SHOPCLI_CNY_PER_USD", "inf"), ("SHOPCLI_N_CTX", "2048.5")],
)  # fmt: skip
def test_environment_out_of_range_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(UsageError, match=env) as err:
        load_settings()
    assert "from" in str(err.value) or "must be" in str(err.value)


@pytest.mark.parametrize(
    "line",
    ["limit = 100000", "limit = 0", "limit = true", "threads = 1.5", "cny_per_usd = nan", "n_ctx = '4k'",
     "model = ''", "catalog = 5", "gpu_layers = [1]"],
)  # fmt: skip
def test_config_is_checked_like_flags(_isolated_user_dir: Path, line: str) -> None:
    config(_isolated_user_dir, line + "\n")
    with pytest.raises(UsageError, match=line.split("=")[0].strip()):
        load_settings()


def test_empty_environment_values_mean_not_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPCLI_MODEL", "")
    monkeypatch.setenv("SHOPCLI_N_CTX", "")
    assert load_settings().n_ctx == 2048


def test_flags_are_checked_too() -> None:
    with pytest.raises(UsageError, match="--limit"):
        load_settings(limit=500)
    assert load_settings(limit=SPEC["limit"].high).limit == 200


@pytest.mark.parametrize("kind", ["fifo", "dir", "huge", "junk"])
def test_an_unreadable_config_file_is_one_usage_error(_isolated_user_dir: Path, kind: str) -> None:
    import os

    path = _isolated_user_dir / "config.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dir":
        path.mkdir()
    else:
        path.write_bytes(b"# x\n" * 100_000 if kind == "huge" else b"\xff\xfe = [")
    with pytest.raises(UsageError, match="config"):
        load_settings()
