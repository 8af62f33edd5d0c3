"""The outbound tests' gateway: queue rows in its database and wait for what becomes of them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import select
from sqlalchemy.engine import Engine
from support.fake_telegram import FakeTelegram

from common.storage import outbox
from common.storage.outbox import OutboundMessage
from common.storage.sessions import reading, writing
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
