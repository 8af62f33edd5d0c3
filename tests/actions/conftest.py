"""Fixtures for action tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import intakes
from common.storage.migrate import upgrade


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def intake_database(database_url: str) -> Iterator[str]:
    """The actions store intakes in a fresh database (SQLite, then PostgreSQL), migrated as
    `python -m bot db upgrade` does before the action server starts."""
    upgrade(database_url)
    intakes.use_database(database_url)
    yield database_url
    intakes.use_database(intakes.CONFIG.database_url)
