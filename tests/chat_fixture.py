"""A chat over the demo catalog for conversation tests: fixture `demo_catalog`, helper `chat_session`.

Registered for the whole suite in conftest.py; import `chat_session` where needed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import DEMO_CATALOG

from shopcli import advisor
from shopcli.chat import ChatSession
from shopcli.llm.backends.base import Backend
from shopcli.money import Rates
from shopcli.store.catalog import Catalog


@pytest.fixture(scope="module")
def demo_catalog() -> Iterator[Catalog]:
    with Catalog.open(DEMO_CATALOG) as cat:
        yield cat


def chat_session(catalog: Catalog, backend: Backend | None = None) -> ChatSession:
    """A session like `shop chat`'s: hybrid understanding and model acts when `backend` is given."""
    vocab = catalog.vocabulary()
    return ChatSession(
        catalog, understand=lambda q: advisor.understand(q, vocab, rates=Rates.of(), backend=backend),
        backend=backend,
    )  # fmt: skip
