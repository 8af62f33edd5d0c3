"""One conversation, several sockets and resends: nothing is answered twice, nothing out of order,
and every tab of a session sees the whole conversation."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient
from support.fake_rasa import FakeRasa, echo
from support.webchat import ChatSocket, kinds


async def test_a_resent_message_is_acknowledged_but_answered_once(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()
    await chat.say("register me", "m1")

    await chat.send({"type": "message", "id": "m1", "text": "register me"})
    assert await chat.receive() == {"type": "ack", "id": "m1"}
    frames = await chat.say("next", "m2")

    assert kinds(frames) == ["ack", "typing", "bot"]  # nothing came for the resend but its ack
    assert [message.text for message in fake_rasa.received] == ["register me", "next"]


async def test_a_resend_after_reconnecting_is_not_answered_again(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()
    await chat.say("hello", "m1")
    await chat.close()

    again = await ChatSocket.open(gateway)
    welcome = await again.hello(session=chat.token)
    await again.send({"type": "message", "id": "m1", "text": "hello"})

    assert await again.receive() == {"type": "ack", "id": "m1"}
    assert [entry.get("text") for entry in welcome["history"]] == ["hello", "echo: hello"]
    assert len(fake_rasa.received) == 1


async def test_a_message_rasa_could_not_answer_can_be_sent_again(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()
    fake_rasa.fail_with = 500
    apology = await chat.say("hello", "m1")

    fake_rasa.fail_with = None
    answer = await chat.say("hello", "m1")

    assert apology[-1]["text"].startswith("Sorry, I can't answer right now")
    assert answer[-1]["text"] == "echo: hello"
    assert [message.text for message in fake_rasa.received] == ["hello", "hello"]


async def test_messages_sent_back_to_back_are_answered_in_order(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.delay_s = 0.1
    replied_after: list[int] = []

    def counting_echo(sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        replied_after.append(len(fake_rasa.received))
        return echo(sender, text, metadata)

    fake_rasa.reply_with(counting_echo)
    chat = await ChatSocket.open(gateway)
    await chat.hello()
    texts = [f"message {number}" for number in range(5)]

    for number, text in enumerate(texts):
        await chat.send({"type": "message", "id": f"m{number}", "text": text})
    frames = []
    while sum(frame["type"] == "bot" for frame in frames) < len(texts):
        frames.append(await chat.receive())

    assert [frame["text"] for frame in frames if frame["type"] == "bot"] == [
        f"echo: {text}" for text in texts
    ]
    assert [frame["id"] for frame in frames if frame["type"] == "ack"] == [
        f"m{number}" for number in range(5)
    ]
    assert [message.text for message in fake_rasa.received] == texts
    assert replied_after == [1, 2, 3, 4, 5]  # Rasa never had two of them at once


async def test_two_tabs_of_one_session_both_see_the_conversation(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    first = await ChatSocket.open(gateway)
    await first.hello()
    second = await ChatSocket.open(gateway)
    await second.hello(session=first.token)

    mine = await first.say("hello from tab one", "t1-1")
    seen = await second.receive_until("done")

    assert kinds(mine) == ["ack", "typing", "bot"]
    assert kinds(seen) == ["user", "typing", "bot", "done"]
    assert seen[0]["id"] == "t1-1"
    assert seen[0]["text"] == "hello from tab one"
    assert isinstance(seen[0]["ts"], float)
    assert seen[2]["text"] == mine[2]["text"] == "echo: hello from tab one"

    await second.press("/affirm", "Yes", "t2-1")
    seen_by_first = await first.receive_until("done")

    assert seen_by_first[0] == {
        "type": "user",
        "id": "t2-1",
        "text": "Yes",
        "ts": seen_by_first[0]["ts"],
    }
    assert [message.text for message in fake_rasa.received] == ["hello from tab one", "/affirm"]


async def test_two_tabs_sending_at_once_are_answered_one_at_a_time(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.delay_s = 0.1
    replied_after: list[int] = []

    def counting_echo(sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        replied_after.append(len(fake_rasa.received))
        return echo(sender, text, metadata)

    fake_rasa.reply_with(counting_echo)
    first = await ChatSocket.open(gateway)
    await first.hello()
    second = await ChatSocket.open(gateway)
    await second.hello(session=first.token)

    await first.send({"type": "message", "id": "a", "text": "from one"})
    await second.send({"type": "message", "id": "b", "text": "from two"})
    # Each tab: the ack of its message, typing, bot and done for it; user, typing, bot and done
    # for the other.
    first_sees = [await first.receive() for _ in range(8)]
    second_sees = [await second.receive() for _ in range(8)]

    assert replied_after == [1, 2]
    order = [message.text for message in fake_rasa.received]
    assert sorted(order) == ["from one", "from two"]
    # Both tabs show the conversation in the order Rasa answered it (a tab has its own message
    # already, so it gets no echo of it).
    conversation = [order[0], f"echo: {order[0]}", order[1], f"echo: {order[1]}"]
    shown_first = [frame["text"] for frame in first_sees if frame["type"] in ("user", "bot")]
    shown_second = [frame["text"] for frame in second_sees if frame["type"] in ("user", "bot")]
    assert shown_first == [text for text in conversation if text != "from one"]
    assert shown_second == [text for text in conversation if text != "from two"]


async def test_a_dedup_key_is_shared_by_gateway_replicas(
    start_gateway: Any, fake_rasa: FakeRasa
) -> None:
    replica_one = await start_gateway()
    replica_two = await start_gateway()
    chat = await ChatSocket.open(replica_one)
    await chat.hello()
    await chat.say("hello", "m1")

    moved = await ChatSocket.open(replica_two)  # the load balancer sent the reconnect elsewhere
    await moved.hello(session=chat.token)
    await moved.send({"type": "message", "id": "m1", "text": "hello"})

    assert await moved.receive() == {"type": "ack", "id": "m1"}
    assert len(fake_rasa.received) == 1
