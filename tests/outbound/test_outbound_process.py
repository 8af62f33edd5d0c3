"""`python -m bot outbound`: the worker as a process of its own, beside gateways that run none."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import select
from support.fake_telegram import TOKEN, FakeTelegram
from support.gateway import make_settings

from bot.outbound_app import RUNTIME, create_outbound_app
from common.settings import OutboundSettings
from common.storage import outbox
from common.storage.outbox import OutboundMessage
from common.storage.sessions import reading, writing
from relay.conversation_log import GATEWAY_LOG
from relay.keys import DATABASE


async def status(client: TestClient, key: str, wanted: str) -> None:
    for _ in range(300):
        with reading(client.app[DATABASE]) as session:
            query = select(OutboundMessage.status).filter_by(dedup_key=key)
            if session.execute(query).scalar_one() == wanted:
                return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{key} never became {wanted}")


async def test_the_worker_process_sends_and_counts(
    aiohttp_client: Any, fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    settings = make_settings(
        tmp_path,
        telegram_bot_token=TOKEN,
        telegram_api_base_url=fake_telegram.base_url,
        outbound=OutboundSettings(worker="off", poll_s=0.05),  # what the gateways are told
    )
    client: TestClient = await aiohttp_client(create_outbound_app(settings))
    await client.app[GATEWAY_LOG].schema_ready()
    for _ in range(300):
        if client.app[RUNTIME].ready:
            break
        await asyncio.sleep(0.02)
    chat = random.randint(10**9, 2 * 10**9)
    with writing(client.app[DATABASE]) as session:
        for key, recipient in (("t", f"telegram:{chat}"), ("w", "webchat:nobody-here")):
            outbox.enqueue(
                session,
                channel=recipient.partition(":")[0],
                recipient=recipient,
                kind="reminder",
                dedup_key=key,
                language="en",
                messages=[{"text": "Your appointment is tomorrow at 10:00"}],
            )

    await status(client, "t", "sent")
    await status(client, "w", "held")  # no gateway here holds a window of that session

    assert fake_telegram.texts(chat) == ["Your appointment is tomorrow at 10:00"]
    metrics = await (await client.get("/metrics")).text()
    assert 'pes_outbound_total{channel="telegram",kind="reminder",outcome="sent"} 1.0' in metrics
    assert 'pes_outbound_total{channel="webchat",kind="reminder",outcome="held"} 1.0' in metrics
    assert (await client.get("/healthz")).status == 200
    assert fake_telegram.calls_to("getUpdates", ok=None) == []  # updates are the gateway's
