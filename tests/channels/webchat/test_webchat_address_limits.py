"""Limits per client address: open sockets, `hello` frames and messages a minute, whatever the
sessions (a new session is free), with the address from X-Forwarded-For only behind a trusted
proxy; and a session's history is not read from Rasa again for every `hello` (finding 2 of
issue 14)."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from support.fake_rasa import FakeRasa
from support.gateway import TRUSTING_THE_TEST_CLIENT, fresh_address
from support.webchat import ChatSocket


async def start_behind_proxy(start_gateway: Any, **limits: Any) -> Any:
    return await start_gateway(trusted_proxies=TRUSTING_THE_TEST_CLIENT, **limits)


async def outcome(chat: ChatSocket, message_id: str) -> str:
    """Send a message: "answered", or the code of the error that refused it."""
    await chat.send({"type": "message", "id": message_id, "text": "hi"})
    while True:
        frame = await chat.receive()
        if frame["type"] == "done":
            return "answered"
        if frame["type"] == "error":
            return str(frame["code"])


async def test_a_new_session_on_the_same_socket_does_not_reset_the_limits(
    start_gateway: Any, fake_rasa: FakeRasa
) -> None:
    gateway = await start_behind_proxy(
        start_gateway, webchat_rate_limit=3, webchat_address_rate_limit=5
    )
    chat = await ChatSocket.open(gateway, headers={"X-Forwarded-For": fresh_address()})
    outcomes = []
    for round_ in range(3):
        await chat.send({"type": "hello", "session": None, "lang": "en"})  # a new session
        await chat.expect("welcome")
        outcomes.append([await outcome(chat, f"{round_}-{number}") for number in range(3)])

    assert outcomes == [
        ["answered", "answered", "answered"],
        ["answered", "answered", "rate_limited"],
        ["rate_limited", "rate_limited", "rate_limited"],
    ]
    assert len(fake_rasa.received) == 5


async def test_too_many_sockets_from_one_address_are_refused(start_gateway: Any) -> None:
    gateway = await start_behind_proxy(start_gateway, webchat_connections_per_address=3)
    crowd = {"X-Forwarded-For": fresh_address()}
    opened = [await ChatSocket.open(gateway, headers=crowd) for _ in range(3)]

    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await ChatSocket.open(gateway, headers=crowd)
    someone_else = await ChatSocket.open(gateway, headers={"X-Forwarded-For": fresh_address()})

    assert refused.value.status == 429
    assert (await someone_else.hello())["type"] == "welcome"
    assert all(not chat.ws.closed for chat in opened)


async def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(
    start_gateway: Any,
) -> None:
    gateway = await start_gateway(webchat_connections_per_address=2)  # trusts no proxy
    await ChatSocket.open(gateway, headers={"X-Forwarded-For": fresh_address()})
    await ChatSocket.open(gateway, headers={"X-Forwarded-For": fresh_address()})

    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await ChatSocket.open(gateway, headers={"X-Forwarded-For": fresh_address()})

    assert refused.value.status == 429  # all three came from 127.0.0.1, whatever they claim


async def test_hello_frames_are_limited_per_address(start_gateway: Any) -> None:
    gateway = await start_behind_proxy(start_gateway, webchat_hello_limit=3)
    address = {"X-Forwarded-For": fresh_address()}
    chat = await ChatSocket.open(gateway, headers=address)
    for _ in range(3):
        await chat.send({"type": "hello", "session": None, "lang": "en"})
        await chat.expect("welcome")

    await chat.send({"type": "hello", "session": None, "lang": "en"})
    refused = await chat.expect("error")
    other_socket = await ChatSocket.open(gateway, headers=address)
    await other_socket.send({"type": "hello", "session": None, "lang": "en"})

    assert refused["code"] == "rate_limited"
    assert (await other_socket.expect("error"))["code"] == "rate_limited"


async def test_repeated_hellos_read_the_history_from_rasa_once_until_it_changes(
    gateway: Any, fake_rasa: FakeRasa
) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()
    await chat.say("remember me", "m1")

    welcomes = [await chat.hello() for _ in range(10)]
    tabs = [await (await ChatSocket.open(gateway)).hello(session=chat.token) for _ in range(5)]
    reads_before_a_change = fake_rasa.tracker_reads
    await chat.say("and this", "m2")
    after_the_change = await (await ChatSocket.open(gateway)).hello(session=chat.token)

    assert reads_before_a_change == 1
    assert fake_rasa.tracker_reads == 2
    assert all(len(welcome["history"]) == 2 for welcome in welcomes + tabs)
    assert [entry["text"] for entry in after_the_change["history"]] == [
        "remember me",
        "echo: remember me",
        "and this",
        "echo: and this",
    ]
