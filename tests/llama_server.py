"""Start and stop llama-cpp-python's own OpenAI-compatible server on a free loopback port.

Plain functions (no pytest), shared by the test fixtures (server_fixture.py) and the load test
(benchmarks/bench_serve.py). Loopback only: the server binds 127.0.0.1 and nothing else.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx


@dataclass
class Server:
    url: str  # base URL, ending in /v1
    proc: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def launch(model: Path, log: Path, *, alias: str, api_key: str | None = None, n_ctx: int = 2048) -> Server:
    """Start the server (it loads the model in the background); see `wait_ready`."""
    port = free_port()
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", alias,
           "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx)]  # fmt: skip
    cmd += ["--api_key", api_key] if api_key else []
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # its log lines reach the file as they happen
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    return Server(f"http://127.0.0.1:{port}/v1", proc, log)


def wait_ready(server: Server, *, api_key: str | None = None, timeout: float = 180) -> str | None:
    """None once /v1/models answers 200, else why not (the server exited, or `timeout` passed)."""
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            return f"llama_cpp.server exited with {server.proc.returncode}: {server.log_text()[-2000:]}"
        try:
            if httpx.get(server.url + "/models", headers=headers, timeout=2).status_code == 200:
                return None
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    return f"llama_cpp.server did not answer within {timeout:g} s: {server.log_text()[-2000:]}"
