"""Two gateway processes sharing Redis and the database: the person chats on gateway A, staff
take over and reply on gateway B. And with Redis down, one gateway still does it all alone."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from support.fake_rasa import FakeRasa
from support.handoff import HANDOFF_PAYLOAD, EventStream
from support.staff_console import Console, open_console
from support.webchat import ChatSocket

from common.settings import Settings
from handoff.app import HANDOFF

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens there: connection refused


async def subscribed(console: Console) -> None:
    """Wait until the gateway receives the other gateways' events through Redis."""
    await asyncio.wait_for(console.app[HANDOFF].bus.listening.wait(), 10)


async def handoff_story(person_side: Console, staff_side: Console, rasa: FakeRasa) -> None:
    """The whole story: asked, taken, replied, held, handed back (person and staff may be on
    different gateways)."""
    chat = await ChatSocket.open(person_side.client)
    await chat.hello()
    await chat.send({"type": "message", "id": "m1", "payload": HANDOFF_PAYLOAD, "title": "Person"})
    await chat.receive_until("done")

    await staff_side.log_in(await staff_side.add_user("reviewer"))
    queue = await EventStream.open(staff_side.client, "/staff/handoff/events")
    _, snapshot = await queue.next("queue")
    [entry] = snapshot["entries"]
    live = await EventStream.open(staff_side.client, f"/staff/handoff/events?handoff={entry['id']}")
    await live.next("state")

    assert (await staff_side.post(f"/staff/handoff/{entry['id']}/take")).status == 303
    assert (await chat.expect("bot"))["text"].startswith("A member of staff has joined")

    await staff_side.post(f"/staff/handoff/{entry['id']}/reply", {"text": "How can I help?"})
    from_staff = await chat.expect("bot")
    assert (from_staff["text"], from_staff["from"]) == ("How can I help?", "staff")
    _, mine = await live.next("message")
    assert (mine["role"], mine["delivered"]) == ("staff", True)

    asked_rasa = len(rasa.received)
    await chat.send({"type": "message", "id": "m2", "text": "My benefit has not arrived"})
    assert [frame["type"] for frame in await chat.receive_until("done")] == [
        "ack",
        "typing",
        "done",
    ]
    _, from_person = await live.next("message")
    assert (from_person["role"], from_person["text"]) == ("person", "My benefit has not arrived")
    assert len(rasa.received) == asked_rasa  # the assistant stayed silent

    assert (await staff_side.post(f"/staff/handoff/{entry['id']}/release")).status == 303
    assert (await chat.expect("bot"))["text"].startswith("The member of staff has left the chat")
    answered = await chat.say("thank you", "m3")
    assert answered[-1]["text"] == "echo: thank you"
    live.close()
    queue.close()


async def test_staff_on_one_gateway_talk_to_a_person_on_another(
    settings: Settings, aiohttp_client: Any, fake_rasa: FakeRasa
) -> None:
    gateway_a = await open_console(aiohttp_client, settings)
    gateway_b = await open_console(aiohttp_client, settings)
    assert gateway_a.client.port != gateway_b.client.port
    await subscribed(gateway_a)
    await subscribed(gateway_b)

    await handoff_story(gateway_a, gateway_b, fake_rasa)


async def test_with_redis_down_one_gateway_still_does_it_all(
    settings: Settings, aiohttp_client: Any, fake_rasa: FakeRasa
) -> None:
    gateway = await open_console(
        aiohttp_client, dataclasses.replace(settings, redis_url=DEAD_REDIS)
    )
    assert not gateway.app[HANDOFF].bus.listening.is_set()

    await handoff_story(gateway, gateway, fake_rasa)


async def test_a_take_on_another_gateway_holds_the_next_message_of_a_person_chatting(
    settings: Settings, aiohttp_client: Any, fake_rasa: FakeRasa
) -> None:
    person_side = await open_console(aiohttp_client, settings)
    staff_side = await open_console(aiohttp_client, settings)
    chat = await ChatSocket.open(person_side.client)
    await chat.hello()
    await chat.send({"type": "message", "id": "m1", "payload": HANDOFF_PAYLOAD, "title": "Person"})
    await chat.receive_until("done")
    for number in range(3):  # the person's gateway has read who is held, and keeps it
        assert (await chat.say(f"still there {number}", f"chat-{number}"))[-1]["type"] == "bot"
    await staff_side.log_in(await staff_side.add_user("reviewer"))
    [entry] = await staff_side.app[HANDOFF].queue()

    assert (await staff_side.post(f"/staff/handoff/{entry['id']}/take")).status == 303
    assert (await chat.expect("bot"))["text"].startswith("A member of staff has joined")
    asked_rasa = len(fake_rasa.received)
    held = await chat.say("are you a person?", "after-take")

    assert [frame["type"] for frame in held] == ["ack", "typing"]
    assert len(fake_rasa.received) == asked_rasa
    assert (await staff_side.post(f"/staff/handoff/{entry['id']}/release")).status == 303
    assert (await chat.expect("bot"))["text"].startswith("The member of staff has left the chat")
    assert (await chat.say("hello again", "after-release"))[-1]["text"] == "echo: hello again"
