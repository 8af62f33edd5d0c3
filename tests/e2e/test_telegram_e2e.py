"""Telegram conversations with the real Rasa model: the gateway's Telegram channel in front of
`rasa run` (and the action server), Telegram itself replaced by the local fake Bot API."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from support.fake_telegram import TOKEN, FakeTelegram
from support.gateway import make_settings
from support.telegram_gateway import WEBHOOK_SECRET, TelegramGateway
from support.telegram_updates import (
    callback_update,
    contact_update,
    location_update,
    photo_update,
    text_update,
    user,
)

from bot.app import create_app

pytestmark = pytest.mark.model


class Person:
    """Someone chatting with the bot in a private Telegram chat."""

    def __init__(self, gateway: TelegramGateway, language_code: str) -> None:
        self.gateway = gateway
        self.telegram = gateway.telegram
        self.user = user(language_code=language_code, first_name="Ольга")
        self.chat_id = self.user["id"]

    async def say(self, words: str) -> str:
        """Send a text; everything the bot answered, as the person reads it."""
        return await self._answer(text_update(words, self.user))

    async def press(self, title: str) -> str:
        """Press the button titled `title` on the bot's latest keyboard."""
        for message in reversed(self.telegram.shown(self.chat_id)):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"] == title:
                        return await self._answer(
                            callback_update(self.user, message, button["callback_data"])
                        )
        raise AssertionError(f"no button {title!r} in {self.telegram.buttons(self.chat_id)}")

    async def send(self, update: dict[str, Any]) -> str:
        return await self._answer(update)

    def buttons(self) -> list[str]:
        """The titles on the latest keyboard."""
        keyboards = [k for k in self.telegram.buttons(self.chat_id) if k]
        return [button["text"] for row in keyboards[-1] for button in row] if keyboards else []

    async def _answer(self, update: dict[str, Any]) -> str:
        before = len(self.telegram.shown(self.chat_id))
        await self.gateway.deliver(update)
        return "\n".join(self.telegram.texts(self.chat_id)[before:])


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as telegram:
        yield telegram


@pytest.fixture
async def gateway(
    rasa_server_url: str, fake_telegram: FakeTelegram, aiohttp_client: Any, tmp_path: Path
) -> TelegramGateway:
    settings = make_settings(
        tmp_path,
        rasa_url=rasa_server_url,
        rasa_timeout_s=30,
        telegram_bot_token=TOKEN,
        telegram_webhook_secret=WEBHOOK_SECRET,
        telegram_api_base_url=fake_telegram.base_url,
    )
    return TelegramGateway(await aiohttp_client(create_app(settings)), fake_telegram)


async def test_a_russian_pre_registration_from_start_to_reference_number(
    gateway: TelegramGateway, e2e_database_url: str
):
    olga = Person(gateway, language_code="ru")

    greeting = await olga.say("/start")
    assert greeting.startswith("Здравствуйте!")
    assert "Встать на учёт" in olga.buttons()

    assert "согласны" in await olga.press("Встать на учёт")
    assert "зовут" in await olga.press("Да, согласен(на)")
    assert "рождения" in await olga.say("Смирнова Ольга Петровна")
    assert "Не получилось распознать дату" in await olga.say("31.02.1990")
    assert "связаться" in await olga.say("12.05.1988")
    assert "город" in await olga.send(contact_update(olga.user, phone_number="79123456789"))
    assert "ситуация" in await olga.say("Казань")
    await olga.press("Безработный(ая)")
    assert "образования" in await olga.say("сварщик")
    summary = await olga.press("Профессиональное")
    assert "Смирнова Ольга Петровна" in summary
    assert "12.05.1988" in summary
    assert "**" not in summary  # the bold of the summary arrived as formatting
    done = await olga.say("да")
    assert "номер заявки" in done
    reference = re.search(r"DP-[\w-]+", done)
    assert reference is not None

    engine = create_engine(e2e_database_url)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT full_name, contact, language FROM intakes WHERE reference = :r"),
            {"r": reference.group()},
        ).one()
    engine.dispose()
    assert tuple(row) == ("Смирнова Ольга Петровна", "+79123456789", "ru")
    # every press was answered, and its keyboard reduced to the choice
    assert len(gateway.telegram.calls_to("answerCallbackQuery")) == 4
    assert ["✓ Профессиональное"] in [
        [b["text"] for row in keyboard for b in row]
        for keyboard in olga.telegram.buttons(olga.chat_id)
    ]


async def test_an_english_conversation_with_help_language_location_and_a_photo(
    gateway: TelegramGateway,
):
    anna = Person(gateway, language_code="en")

    assert (await anna.say("/start")).startswith("Hello!")
    help_text = await anna.say("/help")
    assert "Here is what I can do:\n• Register — pre-register you" in help_text
    help_html = gateway.telegram.calls_to("sendMessage")[-1].params["text"]
    assert "• <b>Register</b> —" in help_html

    # a location is answered politely (the assistant has no use for coordinates yet)
    answer = await anna.send(location_update(anna.user))
    assert answer
    assert "technical problem" not in answer

    assert (await anna.send(photo_update(anna.user))).startswith("Sorry, I can only read text")

    await anna.say("/language")
    assert anna.buttons() == ["English", "Русский"]
    assert "по-русски" in await anna.press("Русский")
    duration = await anna.say("how long is unemployment benefit paid?")
    assert "180" in duration
    assert re.search("[а-яё]", duration)  # the explicit choice of Russian wins

    assert (await anna.say("/restart")).startswith("Hello!")  # the language choice is gone too
