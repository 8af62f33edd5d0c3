"""What the web chat writes to the log: never a session id (with its signature it opens the
conversation), only a reference derived from it (finding 7 of issue 14)."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import pytest
from support.fake_rasa import FakeRasa
from support.webchat import ChatSocket


async def test_a_failing_history_is_logged_without_the_session_id(
    start_gateway: Any, fake_rasa: FakeRasa, caplog: pytest.LogCaptureFixture
) -> None:
    gateway = await start_gateway()
    first = await ChatSocket.open(gateway)
    await first.hello()
    await first.say("hello", "m1")
    session = str(first.token).partition(".")[0]
    caplog.set_level(logging.DEBUG)
    fake_rasa.fail_with = 500

    again = await ChatSocket.open(gateway)
    welcome = await again.hello(session=first.token)

    assert welcome["history"] == []
    assert "history of webchat:#" + hashlib.sha256(session.encode()).hexdigest()[:8] in caplog.text
    assert session not in caplog.text
    assert session[-8:] not in caplog.text
