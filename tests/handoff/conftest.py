"""Fixtures of the live handoff tests: a fake Rasa that asks for a human, a gateway whose office
is always open, the console on it, and a person chatting in the web chat."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from support.fake_rasa import FakeRasa
from support.gateway import make_settings
from support.handoff import ALWAYS_OPEN, asks_for_a_human, content_with_hours
from support.staff_console import Console, open_console

from common.settings import Settings


@pytest.fixture
async def fake_rasa() -> AsyncIterator[FakeRasa]:
    async with FakeRasa() as rasa:
        rasa.reply_with(asks_for_a_human)
        yield rasa


@pytest.fixture
def open_content(tmp_path: Path) -> Path:
    """Content whose office hours are always open."""
    return content_with_hours(tmp_path, ALWAYS_OPEN)


@pytest.fixture
def settings(tmp_path: Path, fake_rasa: FakeRasa, open_content: Path) -> Settings:
    return make_settings(tmp_path, rasa_url=fake_rasa.url, content_dir=open_content)


@pytest.fixture
async def console(aiohttp_client: Any, settings: Settings) -> Console:
    return await open_console(aiohttp_client, settings)
