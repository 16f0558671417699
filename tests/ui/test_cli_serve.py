"""`shop ask --backend openai` through the real CLI against a real llama-cpp-python server (tiny model)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import REPO, shop
from model_fixture import tiny_model  # noqa: F401  (fixture)
from server_fixture import API_KEY, free_port, llama_server, start_llama_server, wait_for  # noqa: F401

pytestmark = pytest.mark.llm
KEY_ENV = {"SHOPCLI_API_KEY": API_KEY}


def remote(url: str, *args: str) -> list[str]:
    return ["ask", "--backend", "openai", "--base-url", url, *args]


def test_ask_through_a_server_prints_the_table_and_a_grounded_answer(llama_server) -> None:  # noqa: F811
    r = shop(*remote(llama_server.url, "--limit", "5", "red dress under $80"), env=KEY_ENV, timeout=300)
    assert r.code == 0, r.err
    assert r.out.index("Filters:") < r.out.index("┃ #") and "$29.99" in r.out
    assert r.out.strip().splitlines()[-1].strip() and API_KEY not in r.out + r.err


def test_ask_json_through_a_server_cites_only_its_own_rows(llama_server) -> None:  # noqa: F811
    env = {**KEY_ENV, "SHOPCLI_BACKEND": "openai", "SHOPCLI_BASE_URL": llama_server.url}
    r = shop(
        "ask",
        "--json",
        "--stats",
        "--limit",
        "4",
        "我想买一款适合运动的蓝牙耳机，预算300元以内",
        env=env,
        timeout=300,
    )
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert all(1 <= n <= len(data["products"]) for n in data["citations"])
    assert data["stats"]["backend"] == "openai:tiny" and data["stats"]["generated_tokens"] > 0


def test_unknown_model_and_missing_server_exit_4_in_one_line(llama_server) -> None:  # noqa: F811
    for args in (remote(llama_server.url, "--model", "gpt-9", "red dress"),
                 remote(f"http://127.0.0.1:{free_port()}/v1", "red dress")):  # fmt: skip
        r = shop(*args, env=KEY_ENV)
        assert r.code == 4 and r.out == "" and len(r.err.strip().splitlines()) == 1, r.err
        assert "Traceback" not in r.err and API_KEY not in r.err


def test_search_without_a_server_warns_and_uses_the_rules() -> None:
    r = shop("search", "--backend", "openai", "--base-url", f"http://127.0.0.1:{free_port()}/v1", "red dress")
    assert r.code == 0 and "no server at" in r.err and "rules only" in r.err and "Dress" in r.out


def test_unknown_backend_is_a_usage_error() -> None:
    r = shop("ask", "--backend", "gpu-cloud", "red dress")
    assert r.code == 2 and "local, openai" in r.err


def test_key_stays_out_of_debug_output(llama_server) -> None:  # noqa: F811
    env = {"SHOPCLI_API_KEY": "sk-wrong-" + API_KEY, "SHOPCLI_DEBUG": "1"}
    r = shop(*remote(llama_server.url, "red dress"), env=env)
    assert r.code == 4 and "refused the API key" in r.err and API_KEY not in r.out + r.err


@pytest.mark.slow
def test_server_killed_mid_answer_exits_4_with_one_line(tiny_model: Path, tmp_path: Path) -> None:  # noqa: F811
    server = start_llama_server(tiny_model, tmp_path / "server.log")
    try:
        env = {**os.environ, **KEY_ENV, "COLUMNS": "160"}
        cmd = [sys.executable, "-m", "shopcli", *remote(server.url, "--limit", "3", "red dress under $80")]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO)
        # uvicorn logs the streamed reply's request as soon as its headers are sent, before any token
        assert wait_for(lambda: "POST /v1/chat/completions" in server.log_text(), timeout=240)
        server.proc.send_signal(signal.SIGKILL)
        out, err = (b.decode() for b in proc.communicate(timeout=120))
    finally:
        server.stop()
    assert proc.returncode == 4, err
    assert "┃ #" in out  # the products were already on screen
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "stopped answering" in err
