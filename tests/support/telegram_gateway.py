"""The gateway as Telegram sees it: a webhook to post updates to, for Telegram channel tests.

gateway = TelegramGateway(client, fake_telegram)   # client: aiohttp_client(create_app(...))
await gateway.deliver(text_update("hello", person))  # posted, and handled
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp.test_utils import TestClient
from support.fake_telegram import FakeTelegram

from channels.telegram.app import TELEGRAM
from channels.telegram.webhook import SECRET_HEADER

WEBHOOK_SECRET = "test_webhook-secret-0123456789"
SETTLE_TIMEOUT_S = 60.0  # a hang fails the test instead of blocking the run


class TelegramGateway:
    def __init__(self, client: TestClient, telegram: FakeTelegram) -> None:
        self.client = client
        self.telegram = telegram
        self.secret = WEBHOOK_SECRET

    async def post(self, update: Any, *, secret: str | None = WEBHOOK_SECRET) -> int:
        """POST one update as Telegram does; the HTTP status of the answer."""
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        response = await self.client.post("/telegram/webhook", json=update, headers=headers)
        return response.status

    async def deliver(self, *updates: dict[str, Any]) -> None:
        """Post the updates (each must be accepted) and wait until they are all handled."""
        for update in updates:
            assert await self.post(update) == 200
        await self.settled()

    async def settled(self) -> None:
        """Wait until every update received so far has been handled."""
        queue = self.client.app[TELEGRAM].application.update_queue
        try:
            await asyncio.wait_for(queue.join(), SETTLE_TIMEOUT_S)
        except asyncio.TimeoutError:
            stuck = [task for task in asyncio.all_tasks() if not task.done()]
            raise AssertionError(f"updates still not handled: {stuck}") from None
