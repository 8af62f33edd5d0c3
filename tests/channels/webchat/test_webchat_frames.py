"""Parsing of client frames into typed frames, without a socket."""

from __future__ import annotations

import json

import pytest

from channels.webchat.protocol import ErrorCode, FrameError, Hello, UserMessage, parse_frame


def parse(frame: object) -> Hello | UserMessage:
    return parse_frame(json.dumps(frame), max_text=20)


def test_a_hello_keeps_the_token_and_the_language() -> None:
    assert parse({"type": "hello", "session": "abc.def", "lang": "ru"}) == Hello("abc.def", "ru")
    assert parse({"type": "hello", "session": None}) == Hello(None, None)
    assert parse({"type": "hello"}) == Hello(None, None)


def test_a_session_that_is_not_a_string_is_a_token_that_cannot_verify() -> None:
    assert parse({"type": "hello", "session": 42, "lang": 7}) == Hello("", None)


def test_a_typed_message_is_shown_as_typed_and_trimmed() -> None:
    message = parse({"type": "message", "id": "m1", "text": "  hello  "})

    assert message == UserMessage("m1", "hello", "hello", is_button=False)
    assert isinstance(message, UserMessage) and message.key == "m1"


def test_a_button_press_sends_the_payload_and_shows_the_title() -> None:
    message = parse({"type": "message", "id": 7, "payload": "/affirm", "title": "Yes"})

    assert message == UserMessage(7, "/affirm", "Yes", is_button=True)
    assert isinstance(message, UserMessage) and message.key == "7"


def test_a_payload_wins_over_a_text() -> None:
    message = parse({"type": "message", "id": "b", "payload": "/deny", "title": "No", "text": "x"})

    assert isinstance(message, UserMessage) and message.text == "/deny"


@pytest.mark.parametrize(
    ("frame", "code", "message_id"),
    [
        ({"type": "message", "id": "t", "text": "x" * 21}, ErrorCode.TEXT_TOO_LONG, "t"),
        (
            {"type": "message", "id": "t", "payload": "/a", "title": "x" * 21},
            ErrorCode.TEXT_TOO_LONG,
            "t",
        ),
        ({"type": "message", "id": "t"}, ErrorCode.MISSING_FIELD, "t"),
        ({"type": "message", "text": "hi"}, ErrorCode.MISSING_FIELD, None),
        ({"type": "message", "id": 1.5, "text": "hi"}, ErrorCode.MISSING_FIELD, None),
        ({"type": 3}, ErrorCode.UNKNOWN_TYPE, None),
        ({}, ErrorCode.MISSING_FIELD, None),
    ],
)
def test_refused_frames_name_their_error(
    frame: object, code: ErrorCode, message_id: str | None
) -> None:
    with pytest.raises(FrameError) as refused:
        parse(frame)

    assert refused.value.code is code
    assert refused.value.message_id == message_id
