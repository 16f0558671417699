"""Real servers on loopback for the OpenAI-compatible backend: no mocks.

- `llama_server` (session): llama-cpp-python's own OpenAI-compatible server (`python -m
  llama_cpp.server`, the `server` extra) on a free 127.0.0.1 port with the tiny model, requiring an
  API key so every test also exercises the Authorization header. Stopped at the end of the session.
- `start_llama_server()`: a private one, for tests that kill it.
- `misbehaving_server()`: a few lines of http.server that lists a model and then stalls, stalls mid-
  stream, or answers with a fixed error: the failures a real server shows under load or breakage.

Skips (or fails under SHOPCLI_REQUIRE_LLM=1) when llama_cpp.server cannot be imported.
"""

from __future__ import annotations

import importlib.util
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from llama_server import Server, free_port, launch, wait_ready
from model_fixture import _unavailable

__all__ = ["Server", "free_port", "launch"]  # re-exported for the tests

API_KEY = "sk-test-7f3a9c-never-print-me"
ALIAS = "tiny"
START_S = 180  # a busy 2-core machine took ~10 s to import the server and load the tiny model


def start_llama_server(model: Path, log: Path, *, api_key: str = API_KEY) -> Server:
    """llama-cpp-python's server on a free loopback port; returns once /v1/models answers."""
    if importlib.util.find_spec("llama_cpp.server") is None or importlib.util.find_spec("uvicorn") is None:
        _unavailable("llama-cpp-python's server is not installed (pip install 'llama-cpp-python[server]')")
    server = launch(model, log, alias=ALIAS, api_key=api_key)
    if (problem := wait_ready(server, api_key=api_key, timeout=START_S)) is not None:
        pytest.fail(problem)
    return server


@pytest.fixture(scope="session")
def llama_server(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_llama_server(tiny_model, tmp_path_factory.mktemp("server") / "server.log")
    yield server
    server.stop()


def wait_for(predicate: object, timeout: float = 60.0) -> bool:
    """Poll `predicate()` every 20 ms until true or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


@contextmanager
def misbehaving_server(mode: str, *, status: int = 500, body: str = "") -> Iterator[str]:
    """A loopback HTTP server that lists one model, then on POST: "stall" (never answers),
    "stall-mid-stream" (headers and one event, then nothing) or "status" (`status` with `body`)."""
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep pytest's output clean
            pass

        def _send(self, code: int, payload: bytes, kind: str = "application/json") -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            self._send(200, json.dumps({"object": "list", "data": [{"id": ALIAS}]}).encode())

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if mode == "status":
                self._send(status, body.encode())
            elif mode == "stall-mid-stream":
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                chunk = {"choices": [{"index": 0, "delta": {"content": "Hello"}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
                release.wait(60)
            else:
                release.wait(60)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        release.set()
        httpd.shutdown()
        httpd.server_close()
