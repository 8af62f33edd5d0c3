"""A test gateway with Telegram and web chat on (fake Rasa, fake Bot API) and a fast worker."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from sqlalchemy.engine import Engine
from support.fake_rasa import FakeRasa
from support.fake_telegram import TOKEN, FakeTelegram
from support.gateway import make_settings
from support.telegram_gateway import WEBHOOK_SECRET

from bot.app import create_app
from channels.telegram.app import TELEGRAM
from common.settings import OutboundSettings
from common.storage import outbox
from common.storage.outbox import OutboundMessage
from common.storage.sessions import reading, writing
from relay.conversation_log import GATEWAY_LOG
from relay.keys import DATABASE

WAIT_S = 15.0


@dataclass
class Gateway:
    client: TestClient
    telegram: FakeTelegram

    @property
    def engine(self) -> Engine:
        return self.client.app[DATABASE]

    def queue(self, key: str, recipient: str, messages: list[dict[str, Any]], **kw: Any) -> None:
        channel = recipient.partition(":")[0]
        with writing(self.engine) as session:
            assert outbox.enqueue(
                session,
                channel=channel,
                recipient=recipient,
                kind=kw.pop("kind", "alert"),
                dedup_key=key,
                language=kw.pop("language", "en"),
                messages=messages,
                **kw,
            )

    def row(self, key: str) -> OutboundMessage:
        with reading(self.engine) as session:
            found = session.execute(select(OutboundMessage).filter_by(dedup_key=key)).scalar_one()
            session.expunge(found)
            return found

    async def status(self, key: str, wanted: str) -> OutboundMessage:
        """The row once its status is `wanted` (fails after WAIT_S)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT_S
        while (found := self.row(key)).status != wanted:
            assert loop.time() < deadline, f"row {key} is {found.status}, not {wanted}"
            await asyncio.sleep(0.02)
        return found


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
