"""A test gateway with the Telegram channel on, in front of a fake Rasa and a fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from support.fake_rasa import FakeRasa
from support.fake_telegram import TOKEN, FakeTelegram
from support.gateway import make_settings
from support.telegram_gateway import WEBHOOK_SECRET, TelegramGateway

from bot.app import create_app


class Gateway(TelegramGateway):
    """The Telegram gateway with the fake Rasa behind it."""

    def __init__(self, client: TestClient, telegram: FakeTelegram, rasa: FakeRasa) -> None:
        super().__init__(client, telegram)
        self.rasa = rasa

    async def rasa_started(self, count: int) -> None:
        """Wait until Rasa has received `count` messages (it may still be answering)."""
        for _ in range(200):
            if len(self.rasa.received) >= count:
                return
            await asyncio.sleep(0.02)
        raise AssertionError(f"Rasa received {len(self.rasa.received)} messages, not {count}")


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
    """Start a gateway with Telegram on; overrides are `Settings` fields. (The fakes come first:
    they are torn down after the gateways, which may still talk to them while stopping.)"""

    async def start(**overrides: Any) -> Gateway:
        settings = make_settings(
            tmp_path,
            **{
                "rasa_url": fake_rasa.url,
                "telegram_bot_token": TOKEN,
                "telegram_webhook_secret": WEBHOOK_SECRET,
                "telegram_api_base_url": fake_telegram.base_url,
                **overrides,
            },
        )
        client: TestClient = await aiohttp_client(create_app(settings))
        return Gateway(client, fake_telegram, fake_rasa)

    return start


@pytest.fixture
async def gateway(start_gateway: StartGateway) -> Gateway:
    return await start_gateway()
