"""A web chat with the real Rasa server lands in the conversation log — intents, confidences,
the channel and the bot's answers — with the phone number masked, on SQLite and on PostgreSQL."""

import asyncio
from pathlib import Path
from typing import Any

import pytest
from support.gateway import make_settings
from support.webchat import ChatSocket

from bot.app import create_app
from channels.webchat.tokens import SessionTokens
from common.storage.log_filters import InboxFilter
from common.storage.log_records import Transcript
from relay.conversation_log import CONVERSATION_LOG

pytestmark = pytest.mark.model


@pytest.fixture(params=["sqlite", "postgresql"])
def rasa_and_database(request: pytest.FixtureRequest) -> tuple[str, str]:
    if request.param == "sqlite":
        return (
            request.getfixturevalue("rasa_server_url"),
            request.getfixturevalue("e2e_database_url"),
        )
    return tuple(request.getfixturevalue("rasa_server_on_postgresql"))  # type: ignore[return-value]


async def wait_for_transcript(app: Any, sender: str, user_messages: int) -> Transcript:
    """Rasa's event broker writes in the background: wait until the conversation is there."""
    log = app[CONVERSATION_LOG]
    for _ in range(100):
        page = await log.inbox(InboxFilter(sender_id=sender))
        if page.conversations and page.conversations[0].user_messages >= user_messages:
            transcript = await log.transcript(page.conversations[0].id)
            assert transcript is not None
            return transcript
        await asyncio.sleep(0.2)
    raise AssertionError(f"no logged conversation with {user_messages} messages for {sender}")


async def test_a_web_chat_is_logged_with_intents_and_masked_phone_numbers(
    rasa_and_database: tuple[str, str], aiohttp_client: Any, tmp_path: Path
) -> None:
    rasa_url, database_url = rasa_and_database
    settings = make_settings(
        tmp_path, rasa_url=rasa_url, rasa_timeout_s=30, database_url=database_url
    )
    app = create_app(settings)
    client = await aiohttp_client(app)
    chat = await ChatSocket.open(client)
    await chat.hello(lang="en")

    await chat.say("hello", "l1")
    await chat.say("which documents do I need to register?", "l2")
    await chat.say("you can call me on +372 5123 4567", "l3")
    sender = f"webchat:{SessionTokens(settings.secret_key).verify(chat.token or '')}"
    transcript = await wait_for_transcript(app, sender, user_messages=3)

    assert transcript.conversation.channel == "webchat"
    users = [event for event in transcript.events if event.kind == "user"]
    assert [event.intent for event in users[:2]] == ["greet", "faq/registration_documents"]
    assert all(event.confidence is not None and 0 < event.confidence <= 1 for event in users)
    assert all(event.channel == "webchat" for event in users)
    assert any(event.kind == "bot" and event.text for event in transcript.events)
    assert users[2].text is not None and "5123 4567" not in users[2].text
    assert users[2].text.startswith("you can call me on +372")
