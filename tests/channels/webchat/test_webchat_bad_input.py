"""Whatever a client sends, it gets an error frame with a code and a text in its language, and the
same connection keeps working."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aiohttp import WSCloseCode, WSMsgType
from aiohttp.test_utils import TestClient
from support.fake_rasa import FakeRasa
from support.webchat import ChatSocket

MAX_TEXT = 2000  # Settings.webchat_max_text, the default the tests run with

BAD_FRAMES: list[tuple[str, Any, str]] = [
    ("not JSON", "hello?", "invalid_json"),
    ("truncated JSON", '{"type": "message", "id": "a", "text": "hi"', "invalid_json"),
    ("a JSON list", [1, 2, 3], "invalid_json"),
    ("a JSON string", '"message"', "invalid_json"),
    ("deeply nested JSON", "[" * 5000 + "]" * 5000, "invalid_json"),
    ("a lone surrogate", '{"type":"message","id":"s","text":"\\ud800"}', "invalid_json"),
    ("no type", {"id": "a", "text": "hi"}, "missing_field"),
    ("an unknown type", {"type": "upload", "id": "a"}, "unknown_type"),
    ("a type that is not text", {"type": ["message"], "id": "a"}, "unknown_type"),
    ("no id", {"type": "message", "text": "hi"}, "missing_field"),
    ("an empty id", {"type": "message", "id": "", "text": "hi"}, "missing_field"),
    ("a boolean id", {"type": "message", "id": True, "text": "hi"}, "missing_field"),
    ("an id too long", {"type": "message", "id": "x" * 129, "text": "hi"}, "missing_field"),
    ("no text", {"type": "message", "id": "a"}, "missing_field"),
    ("blank text", {"type": "message", "id": "a", "text": "   "}, "missing_field"),
    ("text that is a number", {"type": "message", "id": "a", "text": 42}, "missing_field"),
    (
        "a payload without title",
        {"type": "message", "id": "a", "payload": "/affirm"},
        "missing_field",
    ),
    ("a title without payload", {"type": "message", "id": "a", "title": "Yes"}, "missing_field"),
    (
        "text over the limit",
        {"type": "message", "id": "a", "text": "x" * (MAX_TEXT + 1)},
        "text_too_long",
    ),
    (
        "a payload over the limit",
        {"type": "message", "id": "a", "payload": "/" + "x" * MAX_TEXT, "title": "Yes"},
        "text_too_long",
    ),
    ("a frame over 16 KiB", {"type": "message", "id": "a", "text": "я" * 9000}, "text_too_long"),
]


@pytest.mark.parametrize(
    ("frame", "code"),
    [(frame, code) for _, frame, code in BAD_FRAMES],
    ids=[name for name, _, _ in BAD_FRAMES],
)
async def test_a_bad_frame_gets_an_error_and_the_chat_goes_on(
    gateway: TestClient, fake_rasa: FakeRasa, frame: Any, code: str
) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    await chat.send(frame)
    error = await chat.expect("error")

    assert error["code"] == code
    assert error["message"]
    frames = await chat.say("still there?", "ok-1")
    assert frames[-1]["text"] == "echo: still there?"
    assert fake_rasa.texts_from(fake_rasa.received[0].sender) == ["still there?"]


async def test_a_refused_message_is_named_by_its_id(gateway: TestClient) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    await chat.send({"type": "message", "id": "long-1", "text": "x" * (MAX_TEXT + 1)})
    error = await chat.expect("error")

    assert error == {
        "type": "error",
        "code": "text_too_long",
        "message": "Your message is too long. Please keep it under 2000 characters.",
        "id": "long-1",
    }


async def test_text_at_the_limit_is_accepted(gateway: TestClient, fake_rasa: FakeRasa) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    frames = await chat.say("я" * MAX_TEXT, "full")

    assert frames[0] == {"type": "ack", "id": "full"}
    assert fake_rasa.received[0].text == "я" * MAX_TEXT


async def test_a_binary_frame_is_refused(gateway: TestClient) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    await chat.ws.send_bytes(json.dumps({"type": "message", "id": "b", "text": "hi"}).encode())
    error = await chat.expect("error")

    assert error["code"] == "binary_frame"
    assert error["message"] == "Only text messages are accepted."
    assert (await chat.say("as text then", "t1"))[-1]["text"] == "echo: as text then"


async def test_a_message_before_hello_is_refused(gateway: TestClient, fake_rasa: FakeRasa) -> None:
    chat = await ChatSocket.open(gateway)

    await chat.send({"type": "message", "id": "early", "text": "hi"})
    error = await chat.expect("error")

    assert error["code"] == "not_ready"
    assert error["id"] == "early"
    assert fake_rasa.received == []
    await chat.hello()
    assert (await chat.say("hi", "early"))[0] == {"type": "ack", "id": "early"}


async def test_errors_are_told_in_the_language_of_the_hello(gateway: TestClient) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello(lang="ru")

    await chat.send("{oops")
    invalid = await chat.expect("error")
    await chat.send({"type": "message", "id": "a", "text": "я" * (MAX_TEXT + 1)})
    too_long = await chat.expect("error")

    assert invalid["message"] == "Не удалось прочитать сообщение."
    assert too_long["message"] == (
        "Сообщение слишком длинное. Пожалуйста, уложитесь в 2000 символов."
    )


async def test_before_hello_errors_use_the_default_language(start_gateway: Any) -> None:
    gateway = await start_gateway(default_language="ru")
    chat = await ChatSocket.open(gateway)

    await chat.send({"type": "ping"})
    error = await chat.expect("error")

    assert error == {
        "type": "error",
        "code": "unknown_type",
        "message": "Неизвестный тип сообщения.",
    }


async def test_an_unknown_hello_language_falls_back_to_the_default(gateway: TestClient) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello(lang="de")
    await chat.send("[")
    assert (await chat.expect("error"))["message"] == "The message could not be read."

    await chat.hello(lang="ru-RU")
    await chat.send("[")
    assert (await chat.expect("error"))["message"] == "Не удалось прочитать сообщение."


async def test_a_huge_frame_closes_only_that_connection(gateway: TestClient) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    await chat.send("x" * (512 * 1024))
    closing = await chat.ws.receive(timeout=10)

    assert closing.type == WSMsgType.CLOSE
    assert closing.data == WSCloseCode.MESSAGE_TOO_BIG
    other = await ChatSocket.open(gateway)
    await other.hello()
    assert (await other.say("fine", "f1"))[-1]["text"] == "echo: fine"
