"""HTTP to an OpenAI-compatible server, on httpx: requests, server-sent events, and one-line errors.

Every way a server can fail (not running, too slow, killed mid-reply, a refused key, an unknown
model) becomes a ModelError (exit 4) that says how to fix it. Messages name the server by its URL
without any user:password part, and server text is shown only with the API key masked out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from shopcli.errors import ModelError, UsageError

CONNECT_S = 5.0  # a loopback or LAN server accepts at once; longer means it is not there
CONNECT_RETRIES = 2  # httpx retries only failed connections (refused, unreachable), with backoff
START_HINT = (
    "start one (e.g. `python -m llama_cpp.server --model FILE --port 8080`, llama-server, vllm serve, "
    "ollama serve) or use the local model with --backend local"
)
TOKENIZERS = (  # (path under the server root, request field, reply reader)
    ("/tokenize", "content", lambda r: len(r["tokens"])),  # llama.cpp's llama-server
    ("/extras/tokenize/count", "input", lambda r: int(r["count"])),  # llama-cpp-python's server
)


def read_api_key(environ: dict[str, str], name: str) -> str | None:
    """The key in variable `name`, or None; a value no HTTP header can carry is refused unshown."""
    key = environ.get(name, "").strip()
    if key and not (key.isascii() and key.isprintable()):
        raise ModelError(f"${name} holds characters an HTTP header cannot carry: set it to the bare key")
    return key or None


class ServerApi:
    def __init__(self, base_url: str, api_key: str | None, timeout: float, *, key_env: str = "") -> None:
        url = _parse_url(base_url)
        self.base_url = str(url).rstrip("/")
        self.where = str(url.copy_with(username=None, password=None)).rstrip("/")
        self.root = self.base_url.removesuffix("/v1")  # llama.cpp's own endpoints live beside /v1
        if not timeout > 0:
            raise UsageError(f"timeout must be more than 0 seconds, got {timeout}: e.g. SHOPCLI_TIMEOUT=60")
        self.timeout = timeout
        self._key, self._key_env = api_key, key_env
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            headers=headers, timeout=httpx.Timeout(timeout, connect=min(CONNECT_S, timeout)),
            transport=httpx.HTTPTransport(retries=CONNECT_RETRIES),
        )  # fmt: skip
        self._listing: list[dict[str, Any]] | None = None
        self._n_ctx: int | None = -1  # -1: not asked yet
        self._tokenizer: int | None = -1

    # --- models and context ---------------------------------------------------------------------

    def listing(self) -> list[dict[str, Any]] | None:
        """The server's /models entries, or None when it has no such endpoint."""
        if self._listing is None:
            with self._errors():
                r = self._client.get(self.base_url + "/models")
            if r.status_code in (404, 405):
                return None
            self._raise_for(r)
            data = _json_body(r).get("data")
            self._listing = [m for m in data if isinstance(m, dict)] if isinstance(data, list) else []
        return self._listing

    def pick_model(self, wanted: str) -> str:
        """`wanted` if the server serves it; with no name, the one model it serves."""
        listing = self.listing()
        if listing is None:
            return wanted  # nothing to check against: the server judges the name itself
        served = [str(m.get("id")) for m in listing if m.get("id")]
        if wanted in served:
            return wanted
        if not served:
            raise ModelError(f"the server at {self.where} lists no models yet: wait until it has loaded one")
        if not wanted and len(served) == 1:
            return served[0]
        names = ", ".join(repr(s) for s in served[:6]) + (", ..." if len(served) > 6 else "")
        lead = f"has no model {wanted!r}" if wanted else "serves several models"
        raise ModelError(f"the server at {self.where} {lead}: it serves {names}; pass --model NAME")

    def context_size(self) -> int | None:
        """The context the server runs with, where it says (llama-server /props, vLLM max_model_len)."""
        if self._n_ctx == -1:
            self._n_ctx = self._props_n_ctx() or _listed_n_ctx(self._listing or [])
        return self._n_ctx

    def _props_n_ctx(self) -> int | None:
        reply = self._optional("GET", "/props", None)
        settings = reply.get("default_generation_settings") if reply else None
        n = (settings or {}).get("n_ctx") if isinstance(settings, dict) else None
        return n if isinstance(n, int) and n > 0 else None

    def count_tokens(self, text: str) -> int | None:
        """Tokens of `text` by the server's own tokenizer, or None when it offers none."""
        if self._tokenizer is None:
            return None
        for i in [self._tokenizer] if self._tokenizer >= 0 else range(len(TOKENIZERS)):
            path, field, read = TOKENIZERS[i]
            reply = self._optional("POST", path, {field: text})
            try:
                count = read(reply) if reply else None
            except (KeyError, TypeError, ValueError):
                count = None
            if count is not None:
                self._tokenizer = i
                return int(count)
        self._tokenizer = None  # neither endpoint: stop asking
        return None

    def _optional(self, method: str, path: str, body: Any) -> dict[str, Any] | None:
        """An extra endpoint's JSON reply, or None if the server lacks it or fails: never an error."""
        try:
            r = self._client.request(method, self.root + path, json=body)
        except httpx.HTTPError:
            return None
        return _json_body(r) if r.is_success else None

    # --- completions ----------------------------------------------------------------------------

    def post_json(self, path: str, body: dict[str, Any], *, refusable: bool = False) -> dict[str, Any] | None:
        """The JSON reply; None when `refusable` and the server refused the request's output format."""
        with self._errors():
            r = self._client.post(self.base_url + path, json=body)
        # llama-cpp-python's server answers a form it rejects with 500 (its error handler), others 400/422
        if refusable and r.status_code in (400, 422, 500) and _about_format(r.text):
            return None
        self._raise_for(r)
        return _json_body(r)

    def stream_events(self, path: str, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """The JSON events of a streamed reply, until `[DONE]`; a reply cut short is an error."""
        finished = False
        with self._errors(), self._client.stream("POST", self.base_url + path, json=body) as r:
            if not r.is_success:
                r.read()
                self._raise_for(r)
            for data in sse_data(r.iter_lines()):
                if data.strip() == "[DONE]":
                    return
                event = _json_text(data)
                if "error" in event:
                    raise ModelError(f"the server at {self.where} failed mid-reply: {self._detail(data)}")
                finished = finished or any(c.get("finish_reason") for c in event.get("choices") or ())
                yield event
        if not finished:
            raise ModelError(f"the server at {self.where} ended the reply early: check that it still runs")

    # --- errors ---------------------------------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise ModelError(f"no server at {self.where} ({self._reason(exc)}): {START_HINT}") from exc
        except httpx.TimeoutException as exc:
            raise ModelError(
                f"the server at {self.where} sent nothing for {self.timeout:g} s: it may be overloaded; "
                "try again, raise SHOPCLI_TIMEOUT, or use the local model with --backend local"
            ) from exc
        except httpx.HTTPError as exc:  # reset, closed mid-body, protocol errors
            raise ModelError(
                f"the server at {self.where} stopped answering ({self._reason(exc)}): check that it is "
                "still running, or use the local model with --backend local"
            ) from exc

    def _raise_for(self, r: httpx.Response) -> None:
        if r.is_success:
            return
        code = r.status_code
        if code in (401, 403):  # the body is never shown: some servers echo part of the key
            fix = f"set ${self._key_env} to a valid key" if self._key_env else "check the API key"
            raise ModelError(f"the server at {self.where} refused the API key (HTTP {code}): {fix}")
        detail = self._detail(r.text)
        if code == 404 and "model" in detail.lower():
            raise ModelError(f"the server at {self.where} has no such model ({detail}): pass --model NAME")
        if code == 404:
            raise ModelError(f"no OpenAI API at {self.where} (HTTP 404): base_url usually ends in /v1")
        hint = "; the prompt may not fit the server's context" if "context" in detail.lower() else ""
        raise ModelError(f"the server at {self.where} answered HTTP {code} ({detail}){hint}")

    def _detail(self, text: str) -> str:
        """A server's error text, one short line, with the API key masked out."""
        try:
            parsed = json.loads(text)
            err = parsed.get("error", parsed.get("detail", parsed)) if isinstance(parsed, dict) else parsed
            text = err.get("message", json.dumps(err)) if isinstance(err, dict) else str(err)
        except ValueError:
            pass
        line = " ".join(text.split())[:200] or "no details"
        return line.replace(self._key, "***") if self._key else line

    def _reason(self, exc: Exception) -> str:
        return self._detail(str(exc) or type(exc).__name__)


def sse_data(lines: Iterable[str]) -> Iterator[str]:
    """The data of each server-sent event (several `data:` lines join with newlines; comments,
    which servers send as keep-alive pings, and other fields are skipped)."""
    data: list[str] = []
    for line in lines:
        if not line:
            if data:
                yield "\n".join(data)
            data = []
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
    if data:
        yield "\n".join(data)


def _parse_url(base_url: str) -> httpx.URL:
    try:
        url = httpx.URL(base_url.strip())
    except httpx.InvalidURL as exc:
        raise UsageError(f"base_url is not a URL ({exc}): e.g. http://127.0.0.1:8080/v1") from exc
    if url.scheme not in ("http", "https") or not url.host:
        raise UsageError(f"base_url {base_url!r} is not an http(s) URL: e.g. http://127.0.0.1:8080/v1")
    return url


def _json_body(r: httpx.Response) -> dict[str, Any]:
    return _json_text(r.text)


def _json_text(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _about_format(text: str) -> bool:
    """Whether a 400/422 complains about the output format (not, say, the prompt's length)."""
    lowered = text.lower()
    return any(word in lowered for word in ("response_format", "schema", "json_object", "grammar"))


def _listed_n_ctx(listing: list[dict[str, Any]]) -> int | None:
    sizes = [m.get("max_model_len") for m in listing]
    return next((n for n in sizes if isinstance(n, int) and n > 0), None)
