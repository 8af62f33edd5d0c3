"""The worker inside the gateway: to Telegram through the fake Bot API, to web chat windows."""

from __future__ import annotations

import random

from outbound_gateway import Gateway
from prometheus_client.parser import text_string_to_metric_families
from support.webchat import ChatSocket

DIGEST = [
    {"text": "**2 new jobs** for welder in Kazan"},
    {
        "text": "Welder, Kazan Steel",
        "buttons": [{"title": "Details", "payload": '/vacancy_details{"vacancy_id":"v1"}'}],
    },
]


def chat() -> int:
    return random.randint(10**9, 2 * 10**9)  # the blocked-chat marks live in the shared Redis


async def metric(gateway: Gateway, channel: str, kind: str, outcome: str) -> float:
    text = await (await gateway.client.get("/metrics")).text()
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "pes_outbound_total" and sample.labels == {
                "channel": channel,
                "kind": kind,
                "outcome": outcome,
            }:
                return sample.value
    return 0.0


async def test_a_digest_reaches_the_telegram_chat_with_its_buttons(gateway: Gateway) -> None:
    person = chat()
    gateway.queue("d1", f"telegram:{person}", DIGEST)
    sent = await gateway.status("d1", "sent")
    assert sent.parts_sent == 2
    assert gateway.telegram.texts(person) == [
        "2 new jobs for welder in Kazan",
        "Welder, Kazan Steel",
    ]
    [[details]] = gateway.telegram.buttons(person)[1]
    assert details["text"] == "Details"
    assert details["callback_data"] == '=/vacancy_details{"vacancy_id":"v1"}'
    assert await metric(gateway, "telegram", "alert", "sent") == 1


async def test_telegram_flood_control_is_waited_out(gateway: Gateway) -> None:
    person = chat()
    gateway.telegram.too_many_requests("sendMessage", retry_after=1)
    gateway.queue("d1", f"telegram:{person}", DIGEST)
    sent = await gateway.status("d1", "sent")
    assert sent.attempts == 1
    assert [call.ok for call in gateway.telegram.calls_to("sendMessage", ok=None)] == [
        False,
        True,
        True,
    ]
    assert gateway.telegram.texts(person) == [
        "2 new jobs for welder in Kazan",
        "Welder, Kazan Steel",
    ]
    assert await metric(gateway, "telegram", "alert", "retried") == 1


async def test_a_person_who_blocked_the_bot_is_not_written_to(gateway: Gateway) -> None:
    person = chat()
    gateway.telegram.block(person)
    gateway.queue("d1", f"telegram:{person}", DIGEST, kind="reminder")
    failed = await gateway.status("d1", "failed")
    assert failed.last_error == "blocked"
    assert gateway.telegram.texts(person) == []
    assert await metric(gateway, "telegram", "reminder", "failed") == 1


async def test_an_open_web_chat_window_shows_the_message_at_once(gateway: Gateway) -> None:
    socket = await ChatSocket.open(gateway.client)
    await socket.hello()
    session = socket.token
    assert session is not None
    recipient = "webchat:" + session.split(".")[0]
    gateway.queue("w1", recipient, DIGEST)
    frames = [await socket.expect("bot"), await socket.expect("bot")]
    assert [frame["text"] for frame in frames] == [m["text"] for m in DIGEST]
    assert frames[1]["buttons"] == DIGEST[1]["buttons"]
    await gateway.status("w1", "sent")
    await socket.close()


async def test_a_closed_web_chat_gets_the_message_at_the_next_visit(gateway: Gateway) -> None:
    socket = await ChatSocket.open(gateway.client)
    await socket.hello()
    await socket.say("hello", "m1")
    token = socket.token
    assert token is not None
    await socket.close()
    gateway.queue("w1", "webchat:" + token.split(".")[0], DIGEST)
    await gateway.status("w1", "held")

    again = await ChatSocket.open(gateway.client)
    await again.hello(token)
    frames = [await again.expect("bot"), await again.expect("bot")]
    assert [frame["text"] for frame in frames] == [m["text"] for m in DIGEST]
    await gateway.status("w1", "sent")
    await again.close()

    # and a later visit shows it in the history, not as new messages again
    third = await ChatSocket.open(gateway.client)
    welcome = await third.hello(token)
    assert [entry["text"] for entry in welcome["history"]][-2:] == [m["text"] for m in DIGEST]
    await third.close()
