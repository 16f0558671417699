"""Shared test set-up: every test gets its own user dir, never the real home."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["model_fixture", "chat_fixture"]

REPO = Path(__file__).resolve().parent.parent
DEMO_CATALOG = REPO / "catalog.parquet"


@pytest.fixture(autouse=True)
def _isolated_user_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("shopcli-home")
    monkeypatch.setenv("SHOPCLI_HOME", str(home))
    for var in ("SHOPCLI_CATALOG", "SHOPCLI_MODEL", "SHOPCLI_CNY_PER_USD", "SHOPCLI_N_CTX", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    server = ("BACKEND", "BASE_URL", "API_KEY", "API_KEY_ENV", "TIMEOUT")
    for var in (f"SHOPCLI_{name}" for name in server):  # a developer's own server stays out
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("SHOPCLI_RATES", raising=False)  # exchange rates change budgets
    return home
