"""When Rasa or Redis fail, people still get an answer in their language, and the chat recovers by
itself once the service is back."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient
from support.fake_rasa import FakeRasa
from support.gateway import TEST_SECRET
from support.shared_redis import REDIS_URL, unreachable_redis_url
from support.webchat import ChatSocket, kinds

from bot.app import RASA
from channels.webchat.tokens import SessionTokens
from relay.shared_state import SharedState, installation_key

APOLOGY_EN = "Sorry, I can't answer right now because of a technical problem."
APOLOGY_RU = "Извините, сейчас я не могу ответить из-за технической неполадки."
CLOSED_PORT_REDIS = unreachable_redis_url()


async def test_rasa_down_gets_an_apology_and_the_chat_recovers(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    english = await ChatSocket.open(gateway)
    await english.hello(lang="en")
    russian = await ChatSocket.open(gateway)
    await russian.hello(lang="ru")
    await fake_rasa.stop()

    english_apology = await english.say("hello", "m1")
    russian_apology = await russian.say("привет", "m1")

    assert kinds(english_apology) == ["ack", "typing", "bot"]
    assert english_apology[-1]["text"].startswith(APOLOGY_EN)
    assert russian_apology[-1]["text"].startswith(APOLOGY_RU)

    await fake_rasa.restart()
    assert (await english.say("hello again", "m2"))[-1]["text"] == "echo: hello again"
    assert (await russian.say("снова привет", "m2"))[-1]["text"] == "echo: снова привет"


async def test_rasa_answering_with_an_error_gets_an_apology(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello(lang="ru")
    fake_rasa.fail_with = 500

    frames = await chat.press("/affirm", "Да", "b1")

    assert frames[-1]["text"].startswith(APOLOGY_RU)  # a payload says nothing: the hello's language
    fake_rasa.fail_with = None
    assert (await chat.say("ещё раз", "b2"))[-1]["text"] == "echo: ещё раз"


async def test_rasa_too_slow_gets_an_apology(start_gateway: Any, fake_rasa: FakeRasa) -> None:
    gateway = await start_gateway(rasa_timeout_s=0.3)
    chat = await ChatSocket.open(gateway)
    await chat.hello()
    fake_rasa.delay_s = 1.0

    frames = await chat.say("are you there?", "m1")

    assert frames[-1]["text"].startswith(APOLOGY_EN)
    fake_rasa.delay_s = 0
    assert (await chat.say("and now?", "m2"))[-1]["text"] == "echo: and now?"


async def test_the_welcome_comes_without_history_while_rasa_is_down(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()
    await chat.say("remember me", "m1")
    fake_rasa.fail_with = 503

    again = await ChatSocket.open(gateway)
    welcome = await again.hello(session=chat.token)

    assert welcome["session"] == chat.token
    assert welcome["history"] == []
    fake_rasa.fail_with = None
    later = await (await ChatSocket.open(gateway)).hello(session=chat.token)
    assert [entry.get("text") for entry in later["history"]] == ["remember me", "echo: remember me"]


async def test_an_unexpected_failure_is_reported_and_the_socket_keeps_working(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello(lang="ru")
    rasa_client = gateway.server.app[RASA]
    await rasa_client.close()  # a bug: the gateway lost its Rasa client

    await chat.send({"type": "message", "id": "m1", "text": "привет"})
    frames = await chat.receive_until("error")
    welcome = await (await ChatSocket.open(gateway)).hello(session=chat.token, lang="ru")

    assert kinds(frames) == ["ack", "typing", "error"]
    assert frames[-1]["code"] == "internal"
    assert frames[-1]["id"] == "m1"
    assert re.search("[а-я]", frames[-1]["message"])  # in the hello's language
    assert welcome["history"] == []  # the welcome still comes

    await rasa_client.start()
    assert (await chat.say("привет", "m1"))[-1]["text"] == "echo: привет"  # not a duplicate
    assert fake_rasa.texts_from(fake_rasa.received[0].sender) == ["привет"]


async def test_with_redis_down_the_chat_works_with_in_process_limits(
    start_gateway: Any, fake_rasa: FakeRasa
) -> None:
    gateway = await start_gateway(redis_url=CLOSED_PORT_REDIS, webchat_rate_limit=3)
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    first = await chat.say("hello", "m1")
    await chat.send({"type": "message", "id": "m1", "text": "hello"})
    resend_ack = await chat.receive()
    await chat.say("two", "m2")
    await chat.say("three", "m3")
    await chat.send({"type": "message", "id": "m4", "text": "four"})
    limited = await chat.expect("error")
    readiness = await gateway.get("/readyz")

    assert first[-1]["text"] == "echo: hello"
    assert resend_ack == {"type": "ack", "id": "m1"}
    assert [message.text for message in fake_rasa.received] == ["hello", "two", "three"]
    assert limited["code"] == "rate_limited"
    assert limited["id"] == "m4"
    assert readiness.status == 200
    body = await readiness.json()
    assert body["status"] == "degraded"
    assert body["checks"]["redis"]["state"] == "degraded"


async def test_a_message_taken_by_a_gateway_that_died_is_answered_by_the_next_one(
    start_gateway: Any, fake_rasa: FakeRasa, tmp_path: Path
) -> None:
    gateway = await start_gateway()
    chat = await ChatSocket.open(gateway)
    await chat.hello()
    session = SessionTokens(TEST_SECRET).verify(chat.token or "")
    dead_gateway = SharedState(
        REDIS_URL, namespace=installation_key(f"sqlite:///{tmp_path / 'gateway.db'}")
    )
    # a gateway took the message, then died: its lease holds, its heartbeat has stopped
    await dead_gateway.claim(f"webchat:seen:{session}:m1", ttl_s=3600, value="gateway-that-died")
    await dead_gateway.close()

    await chat.send({"type": "message", "id": "m1", "text": "hello"})  # the widget's resend
    ack = await chat.expect("ack")
    reply = await chat.reply_to("m1")

    assert ack == {"type": "ack", "id": "m1"}
    assert [frame["text"] for frame in reply if frame["type"] == "bot"] == ["echo: hello"]
    assert fake_rasa.texts_from(f"webchat:{session}") == ["hello"]


async def test_a_resend_while_the_message_is_being_answered_is_not_answered_twice(
    start_gateway: Any, fake_rasa: FakeRasa
) -> None:
    fake_rasa.delay_s = 0.5
    gateway = await start_gateway(rasa_timeout_s=2)  # lease: 5 s, longer than the answer
    chat = await ChatSocket.open(gateway)
    await chat.hello()
    other_tab = await ChatSocket.open(gateway)
    await other_tab.hello(session=chat.token)

    await chat.send({"type": "message", "id": "m1", "text": "hello"})
    await chat.expect("ack")
    await other_tab.send({"type": "message", "id": "m1", "text": "hello"})  # a resend
    first = await chat.reply_to("m1")
    await gateway.close()  # waits for the resend's watch: the lease runs out, "done" is found

    assert [frame["text"] for frame in first if frame["type"] == "bot"] == ["echo: hello"]
    assert len(fake_rasa.received) == 1
