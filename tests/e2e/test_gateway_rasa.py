"""The gateway against the real Rasa server: metadata reaches the tracker, history reads back."""

import uuid
from pathlib import Path
from typing import Any

import pytest
from support.gateway import make_settings

from bot.app import CONVERSATIONS, RASA, create_app

pytestmark = pytest.mark.model


async def test_a_russian_language_hint_greets_a_new_person_in_russian(
    rasa_server_url: str, aiohttp_client: Any, tmp_path: Path
) -> None:
    app = create_app(make_settings(tmp_path, rasa_url=rasa_server_url, rasa_timeout_s=30))
    await aiohttp_client(app)
    sender = f"telegram:{uuid.uuid4().int % 10**9}"

    reply = await app[CONVERSATIONS].reply(
        channel="telegram", sender=sender, text="/greet", language="ru"
    )

    assert reply.delivered_by_rasa
    assert reply.messages[0].text is not None
    assert reply.messages[0].text.startswith("Здравствуйте")
    assert [button.payload for button in reply.messages[0].buttons][:2] == [
        "/register_start",
        "/estimate_benefit",
    ]


async def test_history_shows_what_the_person_saw_and_pressed(
    rasa_server_url: str, aiohttp_client: Any, tmp_path: Path
) -> None:
    app = create_app(make_settings(tmp_path, rasa_url=rasa_server_url, rasa_timeout_s=30))
    await aiohttp_client(app)
    sender = f"webchat:{uuid.uuid4().hex}"
    conversations = app[CONVERSATIONS]

    await conversations.reply(channel="webchat", sender=sender, text="hello", language="en")
    await conversations.reply(
        channel="webchat",
        sender=sender,
        text="/search_vacancies",
        language="en",
        metadata={"display_text": "Find a job"},
    )
    history = await app[RASA].history(sender, limit=50)

    users = [turn.message.text for turn in history if turn.role == "user"]
    assert users == ["hello", "Find a job"]
    bots = [turn for turn in history if turn.role == "bot"]
    assert bots[0].message.text is not None and bots[0].message.text.startswith("Hello!")
    assert len(bots) >= 2


async def test_a_web_chat_in_both_languages_resumes_with_its_history(
    rasa_server_url: str, aiohttp_client: Any, tmp_path: Path
) -> None:
    from support.webchat import ChatSocket

    settings = make_settings(tmp_path, rasa_url=rasa_server_url, rasa_timeout_s=30)
    client = await aiohttp_client(create_app(settings))
    chat = await ChatSocket.open(client)
    await chat.hello(lang="en")

    greeting = await chat.say("hello", "e1")
    documents = await chat.say("which documents do I need to register?", "e2")
    russian = await chat.say("какие документы нужны для регистрации?", "e3")
    await chat.close()

    bot_text = [frame["text"] for frame in greeting if frame["type"] == "bot"]
    assert bot_text[0].startswith("Hello!")
    assert any("passport" in frame.get("text", "").lower() for frame in documents)
    assert any("паспорт" in frame.get("text", "").lower() for frame in russian)

    again = await ChatSocket.open(client)
    welcome = await again.hello(session=chat.token)
    users = [entry["text"] for entry in welcome["history"] if entry["type"] == "user"]
    assert users == [
        "hello",
        "which documents do I need to register?",
        "какие документы нужны для регистрации?",
    ]


async def test_rasa_refuses_its_api_and_its_rest_channel_without_the_token(
    rasa_server_url: str, aiohttp_client: Any, tmp_path: Path
) -> None:
    import aiohttp
    from support.gateway import TEST_RASA_TOKEN

    app = create_app(make_settings(tmp_path, rasa_url=rasa_server_url, rasa_timeout_s=30))
    await aiohttp_client(app)
    sender = f"telegram:{uuid.uuid4().int % 10**9}"
    await app[CONVERSATIONS].reply(channel="telegram", sender=sender, text="hello", language="en")
    tracker = f"{rasa_server_url}/conversations/{sender}/tracker"
    webhook = f"{rasa_server_url}/webhooks/rest/webhook"
    post = {"sender": sender, "message": '/inform{"full_name": "Someone Else"}'}

    async with aiohttp.ClientSession() as http:
        async with http.get(tracker) as response:
            tracker_status = response.status
        async with http.get(tracker, params={"token": "wrong-token-000000"}) as response:
            wrong_token_status = response.status
        async with http.post(webhook, json=post) as response:
            webhook_status = response.status
        async with http.put(f"{rasa_server_url}/model", json={}) as response:
            model_status = response.status
        async with http.get(tracker, params={"token": TEST_RASA_TOKEN}) as response:
            with_token = await response.json()

    assert (tracker_status, wrong_token_status, webhook_status, model_status) == (
        401,
        401,
        401,
        401,
    )
    assert [e["text"] for e in with_token["events"] if e["event"] == "user"] == ["hello"]
