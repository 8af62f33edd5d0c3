"""Fixtures of the staff console tests: a fake Rasa, settings, the console client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from support.fake_rasa import FakeRasa
from support.gateway import make_settings
from support.staff_console import Console, open_console

from common.settings import Settings


@pytest.fixture
async def fake_rasa() -> AsyncIterator[FakeRasa]:
    async with FakeRasa() as rasa:
        yield rasa


@pytest.fixture
def settings(tmp_path: Path, fake_rasa: FakeRasa) -> Settings:
    return make_settings(tmp_path, rasa_url=fake_rasa.url)


@pytest.fixture
async def console(aiohttp_client: Any, settings: Settings) -> Console:
    return await open_console(aiohttp_client, settings)


@pytest.fixture
async def console_on_each_database(
    database_url: str, aiohttp_client: Any, tmp_path: Path, fake_rasa: FakeRasa
) -> Console:
    """The console on SQLite and on PostgreSQL (the two params of `database_url`)."""
    settings = make_settings(tmp_path, rasa_url=fake_rasa.url, database_url=database_url)
    return await open_console(aiohttp_client, settings)
