"""The live handoff on Telegram: staff replies reach the person's chat through the Bot API, the
assistant stays silent meanwhile, and a person who blocked the bot is not written to (logged)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from support.fake_rasa import FakeRasa
from support.fake_telegram import TOKEN, FakeTelegram
from support.gateway import make_settings
from support.staff_console import Console, open_console
from support.telegram_gateway import WEBHOOK_SECRET, TelegramGateway
from support.telegram_updates import text_update, user

from common.storage.log_models import Conversation, ConversationEvent
from relay.keys import DATABASE

TAKE_FORM = re.compile(r'action="/staff/handoff/(\d+)/take"')


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as telegram:
        yield telegram


@pytest.fixture
async def telegram_console(
    fake_rasa: FakeRasa, fake_telegram: FakeTelegram, aiohttp_client: Any, tmp_path, open_content
) -> Console:
    settings = make_settings(
        tmp_path,
        rasa_url=fake_rasa.url,
        content_dir=open_content,
        telegram_bot_token=TOKEN,
        telegram_webhook_secret=WEBHOOK_SECRET,
        telegram_api_base_url=fake_telegram.base_url,
    )
    return await open_console(aiohttp_client, settings)


async def take_the_conversation(console: Console) -> str:
    reviewer = await console.add_user("reviewer")
    await console.log_in(reviewer)
    [handoff_id] = TAKE_FORM.findall(await (await console.get("/staff/handoff")).text())
    assert (await console.post(f"/staff/handoff/{handoff_id}/take")).status == 303
    return handoff_id


async def reply(console: Console, handoff_id: str, text: str) -> Any:
    response = await console.client.post(
        f"/staff/handoff/{handoff_id}/reply",
        data={"text": text},
        headers={"X-CSRF-Token": await console.token(), "Accept": "application/json"},
    )
    assert response.status == 200, await response.text()
    return await response.json()


async def test_staff_reply_reaches_the_telegram_chat_and_the_bot_stays_silent(
    telegram_console: Console, fake_telegram: FakeTelegram, fake_rasa: FakeRasa
) -> None:
    gateway = TelegramGateway(telegram_console.client, fake_telegram)
    person = user()
    chat_id = person["id"]
    await gateway.deliver(text_update("/human_handoff", person))
    assert fake_telegram.texts(chat_id)[1].startswith(
        "I've asked a member of staff to join this chat. You are number 1 in the queue"
    )

    handoff_id = await take_the_conversation(telegram_console)
    assert (await reply(telegram_console, handoff_id, "Hello from the office <3 & co")) == {
        "delivered": True
    }
    assert fake_telegram.texts(chat_id)[-2:] == [
        "A member of staff has joined the chat and will answer you here.",
        "Hello from the office <3 & co",
    ]

    asked_rasa = len(fake_rasa.received)
    await gateway.deliver(text_update("When can I come in?", person))
    assert len(fake_rasa.received) == asked_rasa
    assert fake_telegram.texts(chat_id)[-1] == "Hello from the office <3 & co"  # no bot answer


async def test_a_person_who_blocked_the_bot_is_not_written_to(
    telegram_console: Console, fake_telegram: FakeTelegram
) -> None:
    gateway = TelegramGateway(telegram_console.client, fake_telegram)
    person = user(language_code="ru")
    chat_id = person["id"]
    await gateway.deliver(text_update("/human_handoff", person))
    handoff_id = await take_the_conversation(telegram_console)
    fake_telegram.block(chat_id)

    assert await reply(telegram_console, handoff_id, "Вы здесь?") == {"delivered": False}
    assert await reply(telegram_console, handoff_id, "Ещё раз") == {"delivered": False}

    attempts = [call for call in fake_telegram.calls_to("sendMessage", ok=False)]
    assert len(attempts) == 1  # after the first 403 the chat is known to be blocked
    with Session(telegram_console.app[DATABASE]) as session:
        failures = session.execute(
            select(ConversationEvent.name, ConversationEvent.text)
            .join(Conversation)
            .where(
                Conversation.sender_id == f"telegram:{chat_id}",
                ConversationEvent.kind == "delivery_failure",
            )
            .order_by(ConversationEvent.id)
        ).all()
    assert [tuple(row) for row in failures] == [("blocked", "Вы здесь?"), ("blocked", "Ещё раз")]
