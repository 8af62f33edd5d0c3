"""Fixtures for action tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import intakes


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def intake_database(database_url: str) -> Iterator[str]:
    """The actions store intakes in a fresh database (SQLite, then PostgreSQL)."""
    intakes.use_database(database_url)
    yield database_url
    intakes.use_database(intakes.CONFIG.database_url)
