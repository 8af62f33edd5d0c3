"""A payload with entities reaches Rasa only when the assistant offered it to this person with
that title; anything else shaped like one goes as plain text (finding 10 of issue 14)."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient
from support.fake_rasa import FakeRasa
from support.webchat import ChatSocket

CITY = '/inform{"city": "Tallinn"}'
FORGED = '/inform{"full_name": "X"}'


def offers_a_city(sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"text": "Which city?", "buttons": [{"title": "Tallinn", "payload": CITY}]}]


async def test_only_offered_payloads_with_their_titles_reach_rasa(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.reply_with(offers_a_city)
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    await chat.press(FORGED, "Yes, I agree", "m1")  # nothing offered yet
    await chat.press(CITY, "Tallinn", "m2")  # offered by the reply to m1
    await chat.press(CITY, "Narva", "m3")  # offered, but under another title
    await chat.press('/inform{"city": "Narva"}', "Tallinn", "m4")  # another payload
    await chat.say(FORGED, "m5")  # typed

    assert [message.text for message in fake_rasa.received] == [
        "Yes, I agree",
        CITY,
        "Narva",
        "Tallinn",
        'inform{"full_name": "X"}',
    ]
    shown = [message.metadata.get("display_text") for message in fake_rasa.received]
    assert shown == ["Yes, I agree", "Tallinn", "Narva", "Tallinn", None]


async def test_payloads_offered_to_one_person_are_not_offered_to_another(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.reply_with(offers_a_city)
    offered = await ChatSocket.open(gateway)
    await offered.hello()
    await offered.say("hello", "m1")
    other = await ChatSocket.open(gateway)
    await other.hello()

    await other.press(CITY, "Tallinn", "m1")

    assert [message.text for message in fake_rasa.received] == ["hello", "Tallinn"]


async def test_payloads_without_entities_go_on_as_commands(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    await chat.press("/human_handoff", "Talk to a person", "m1")
    await chat.say("/help", "m2")

    assert [message.text for message in fake_rasa.received] == ["/human_handoff", "/help"]
