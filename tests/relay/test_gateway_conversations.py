"""Every channel's messages go through one place that apologises when Rasa cannot answer."""

from pathlib import Path
from typing import Any

from support.fake_rasa import FakeRasa
from support.gateway import make_settings

from bot.app import CONVERSATIONS, create_app


async def test_the_channel_and_language_hint_travel_with_the_message(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    async with FakeRasa() as rasa:
        app = create_app(make_settings(tmp_path, rasa_url=rasa.url))
        await aiohttp_client(app)
        reply = await app[CONVERSATIONS].reply(
            channel="telegram", sender="telegram:42", text="привет", language="ru"
        )

    assert reply.delivered_by_rasa
    assert reply.messages[0].text == "echo: привет"
    assert rasa.received[0].metadata == {"channel": "telegram", "language_hint": "ru"}


async def test_rasa_down_gives_an_apology_in_the_language_the_person_writes(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    app = create_app(make_settings(tmp_path, rasa_url="http://127.0.0.1:9"))
    await aiohttp_client(app)
    conversations = app[CONVERSATIONS]

    russian = await conversations.reply(
        channel="webchat", sender="webchat:a", text="Как встать на учёт?"
    )
    english = await conversations.reply(
        channel="webchat", sender="webchat:b", text="How do I register?", language="ru"
    )
    payload = await conversations.reply(
        channel="webchat", sender="webchat:c", text="/affirm", language="ru"
    )

    assert not russian.delivered_by_rasa
    assert russian.messages[0].text is not None and russian.messages[0].text.startswith("Извините")
    assert english.messages[0].text is not None and english.messages[0].text.startswith("Sorry")
    assert payload.messages[0].text is not None and payload.messages[0].text.startswith("Извините")


async def test_the_failure_is_logged_with_the_sender_and_message_masked(
    aiohttp_client: Any, tmp_path: Path, caplog: Any
) -> None:
    app = create_app(make_settings(tmp_path, rasa_url="http://127.0.0.1:9"))
    await aiohttp_client(app)

    await app[CONVERSATIONS].reply(
        channel="telegram", sender="telegram:987654321", text="my phone is +372 5123 4567"
    )

    logged = caplog.text
    assert "Rasa could not answer telegram:*******21" in logged
    assert "987654321" not in logged
    assert "my phone is" in logged
    assert "5123 4567" not in logged
