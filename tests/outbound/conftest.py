"""A test gateway with Telegram and web chat on (fake Rasa, fake Bot API) and a fast worker."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from outbound_gateway import WAIT_S, Gateway
from support.fake_rasa import FakeRasa
from support.fake_telegram import TOKEN, FakeTelegram
from support.gateway import make_settings
from support.telegram_gateway import WEBHOOK_SECRET

from bot.app import create_app
from channels.telegram.app import TELEGRAM
from common.settings import OutboundSettings
from relay.conversation_log import GATEWAY_LOG

StartGateway = Callable[..., Awaitable[Gateway]]


@pytest.fixture
async def fake_rasa() -> AsyncIterator[FakeRasa]:
    async with FakeRasa() as rasa:
        yield rasa


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as telegram:
        yield telegram


@pytest.fixture
def start_gateway(
    fake_rasa: FakeRasa, fake_telegram: FakeTelegram, aiohttp_client: Any, tmp_path: Path
) -> StartGateway:
    async def start(**overrides: Any) -> Gateway:
        settings = make_settings(
            tmp_path,
            **{
                "rasa_url": fake_rasa.url,
                "telegram_bot_token": TOKEN,
                "telegram_webhook_secret": WEBHOOK_SECRET,
                "telegram_api_base_url": fake_telegram.base_url,
                "outbound": OutboundSettings(poll_s=0.05),
                **overrides,
            },
        )
        client: TestClient = await aiohttp_client(create_app(settings))
        await client.app[GATEWAY_LOG].schema_ready()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT_S
        while not client.app[TELEGRAM].ready:
            assert loop.time() < deadline, "the Telegram channel did not connect"
            await asyncio.sleep(0.02)
        return Gateway(client, fake_telegram)

    return start


@pytest.fixture
async def gateway(start_gateway: StartGateway) -> Gateway:
    return await start_gateway()
