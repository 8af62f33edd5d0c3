"""The gateway writes what Rasa never sees into the conversation log, and purges it every day."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from support.gateway import make_settings
from support.rasa_events import Conversation

from bot.app import create_app
from common.privacy import sensitive_slots
from common.storage import ConversationLog, InboxFilter, make_engine, upgrade
from rasa_plugins.log_events import log_entry
from relay.conversation_log import CONVERSATION_LOG, GATEWAY_LOG

ROOT = Path(__file__).resolve().parents[2]


async def wait_for(condition: Any, timeout_s: float = 30.0) -> None:
    """Poll an async condition until it holds (background work finishes in its own time)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not await condition():
        assert asyncio.get_running_loop().time() < deadline, "condition never held"
        await asyncio.sleep(0.05)


async def test_the_gateway_logs_handoffs_staff_messages_apologies_and_failed_deliveries(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    client = await aiohttp_client(create_app(make_settings(tmp_path)))
    gateway_log = client.app[GATEWAY_LOG]

    await gateway_log.unanswered(
        sender="webchat:s1",
        channel="webchat",
        text="My phone is +7 912 345-67-67",
        apology="Sorry, I can't answer right now.",
        language="en",
        message_id="m-41",
    )
    await gateway_log.handoff(sender="webchat:s1", channel="webchat", step="queued")
    await gateway_log.handoff(sender="webchat:s1", channel="webchat", step="taken", by="maria")
    await gateway_log.staff_message(
        sender="webchat:s1", channel="webchat", by="maria", text="Hello, Maria from PES here"
    )
    await gateway_log.delivery_failure(
        sender="webchat:s1", channel="webchat", reason="socket_closed", text="Are you there?"
    )

    log = client.app[CONVERSATION_LOG]
    [summary] = (await log.inbox(InboxFilter(sender_id="webchat:s1"))).conversations
    assert summary.handoff_requested and summary.had_staff
    assert (summary.user_messages, summary.bot_messages, summary.language) == (1, 1, "en")
    transcript = await log.transcript(summary.id)
    assert transcript is not None
    assert [(e.kind, e.name, e.text, e.author, e.source) for e in transcript.events] == [
        ("user", None, "My phone is +7 *** ***-**-67", None, "gateway"),
        ("bot", "rasa_unavailable", "Sorry, I can't answer right now.", None, "gateway"),
        ("handoff", "queued", None, None, "gateway"),
        ("handoff", "taken", None, "maria", "gateway"),
        ("staff", None, "Hello, Maria from PES here", "maria", "gateway"),
        ("delivery_failure", "socket_closed", "Are you there?", None, "gateway"),
    ]
    assert transcript.events[0].data == {"message_id": "m-41"}  # traceable to the channel's id


async def test_a_log_database_that_is_down_does_not_break_the_chat(
    aiohttp_client: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path, database_url="postgresql+psycopg2://postgres@127.0.0.1:1/x")
    client = await aiohttp_client(create_app(settings))

    with caplog.at_level(logging.ERROR, logger="relay.conversation_log"):
        await client.app[GATEWAY_LOG].staff_message(
            sender="telegram:123456", channel="telegram", by="maria", text="Hello Anna"
        )

    assert "staff event of telegram:****56 not written: OperationalError" in caplog.text
    assert "Anna" not in caplog.text and "123456" not in caplog.text
    response = await client.get("/healthz")
    assert response.status == 200


async def test_old_conversations_are_purged_when_the_gateway_starts(
    aiohttp_client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings(tmp_path, log_retention_days=30)
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    seeding = ConversationLog(engine, sensitive_slots=sensitive_slots(settings.content_dir))
    now = datetime.now(timezone.utc)
    for sender, age in (("webchat:old", 45), ("webchat:new", 5)):
        c = Conversation(sender, now - timedelta(days=age))
        events = c.published([*c.session_start(), c.user("hi", "greet")])
        await seeding.record(*filter(None, map(log_entry, events)))
    engine.dispose()

    client = await aiohttp_client(create_app(settings))
    log = client.app[CONVERSATION_LOG]

    async def purged() -> bool:
        return bool(await log.audit_log(action="purge"))

    await wait_for(purged)
    [entry] = await log.audit_log(action="purge")
    assert (entry.actor, entry.details["conversations"]) == ("retention job", 1)
    assert [s.sender_id for s in (await log.inbox()).conversations] == ["webchat:new"]
