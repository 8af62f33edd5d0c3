"""A test gateway in front of a local fake Rasa, and web chat sockets to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from support.fake_rasa import FakeRasa
from support.gateway import make_settings

from bot.app import create_app

StartGateway = Callable[..., Awaitable[TestClient]]


@pytest.fixture
async def fake_rasa() -> AsyncIterator[FakeRasa]:
    async with FakeRasa() as rasa:
        yield rasa


@pytest.fixture
def start_gateway(aiohttp_client: Any, tmp_path: Path, fake_rasa: FakeRasa) -> StartGateway:
    """Start a gateway (a new one per call: several replicas share Redis); overrides are
    `Settings` fields."""

    async def start(**overrides: Any) -> TestClient:
        settings = make_settings(tmp_path, **{"rasa_url": fake_rasa.url, **overrides})
        client: TestClient = await aiohttp_client(create_app(settings))
        return client

    return start


@pytest.fixture
async def gateway(start_gateway: StartGateway) -> TestClient:
    return await start_gateway()
