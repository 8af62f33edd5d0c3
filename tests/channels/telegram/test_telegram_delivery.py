"""Getting replies to people: at-least-once updates, flood limits, network errors, blocked bots,
and the order of messages."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from support.fake_telegram import TOKEN, FakeTelegram
from support.gateway import REDIS_URL
from support.telegram_updates import my_chat_member_update, text_update, user
from telegram import Bot

from bot.app import SHARED_STATE
from channels.telegram.blocked import BlockedChats
from channels.telegram.delivery import Delivery, Outgoing
from relay.keys import LEASES
from relay.metrics import Metrics
from relay.shared_state import SharedState, installation_key


def several(sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"text": f"{text}: part {n}"} for n in range(1, 4)]


async def test_an_update_delivered_twice_is_handled_once(start_gateway):
    first, second = await start_gateway(), await start_gateway()  # two replicas behind Telegram
    person = user()
    update = text_update("hello", person)
    await first.deliver(update)
    await first.deliver(update)  # Telegram did not see the 200 and sent it again
    await second.deliver(update)  # ... to another replica

    assert first.rasa.texts_from(f"telegram:{person['id']}") == ["hello"]
    assert first.telegram.texts(person["id"]) == ["echo: hello"]


async def test_too_many_requests_waits_retry_after_and_delivers(gateway):
    gateway.telegram.too_many_requests("sendMessage", retry_after=1)
    person = user()
    await gateway.deliver(text_update("a < b & *c* _d_", person))

    attempts = gateway.telegram.calls_to("sendMessage", ok=None)
    assert [call.ok for call in attempts] == [False, True]
    assert gateway.telegram.texts(person["id"]) == ["echo: a < b & *c* _d_"]


async def test_network_errors_are_retried_a_bounded_number_of_times(gateway):
    person = user()
    gateway.telegram.drop_next("sendMessage", times=2)
    await gateway.deliver(text_update("first", person))
    assert gateway.telegram.texts(person["id"]) == ["echo: first"]

    gateway.telegram.drop_next("sendMessage", times=10)
    await gateway.deliver(text_update("second", person))
    assert len(gateway.telegram.calls_to("sendMessage", ok=False)) == 2 + 4  # 1 try + 3 retries
    assert gateway.telegram.texts(person["id"]) == ["echo: first"]
    check = (await (await gateway.client.get("/readyz")).json())["checks"]["telegram"]
    assert check["state"] == "degraded"
    assert check["detail"].startswith("last send failed: NetworkError")

    gateway.telegram.behave()
    await gateway.deliver(text_update("third", person))
    assert gateway.telegram.texts(person["id"]) == ["echo: first", "echo: third"]
    check = (await (await gateway.client.get("/readyz")).json())["checks"]["telegram"]
    assert check["state"] == "ok"


async def test_a_refused_message_is_skipped_and_the_next_ones_still_sent(gateway):
    gateway.rasa.reply_with(
        lambda sender, text, metadata: [
            {"text": "Here is our office:"},
            {"image": "https://demo-pes.example/missing.jpg"},
            {"text": "Open Mon–Fri."},
        ]
    )
    gateway.telegram.fail_next(
        "sendPhoto", 400, "Bad Request: wrong file identifier/HTTP URL specified"
    )
    person = user()
    await gateway.deliver(text_update("where is the office?", person))
    assert gateway.telegram.texts(person["id"]) == ["Here is our office:", "Open Mon–Fri."]


async def test_a_person_who_blocked_the_bot_gets_nothing_until_they_come_back(gateway):
    gateway.rasa.reply_with(several)
    blocked = BlockedChats(gateway.client.app[SHARED_STATE])
    person = user()
    gateway.telegram.block(person["id"])  # blocked while the assistant was thinking
    await gateway.deliver(text_update("hello", person))

    assert len(gateway.telegram.calls_to("sendMessage", ok=None)) == 1  # 403: the rest not tried
    assert await blocked.is_blocked(person["id"])

    # Telegram tells the bot it was unblocked (the person pressed "Restart"), then they write
    gateway.telegram.unblock(person["id"])
    await gateway.deliver(my_chat_member_update(person, "member"))
    assert not await blocked.is_blocked(person["id"])
    await gateway.deliver(text_update("hello again", person))
    assert gateway.telegram.texts(person["id"]) == [f"hello again: part {n}" for n in (1, 2, 3)]

    await gateway.deliver(my_chat_member_update(person, "kicked"))
    assert await blocked.is_blocked(person["id"])


async def test_nothing_is_sent_to_a_chat_known_to_have_blocked_the_bot(fake_telegram: FakeTelegram):
    state = SharedState(REDIS_URL)
    blocked = BlockedChats(state)
    person = user()
    async with Bot(TOKEN, base_url=fake_telegram.base_url) as bot:
        delivery = Delivery(bot, blocked, Metrics())
        await blocked.block(person["id"])
        message = Outgoing("sendMessage", {"text": "Your appointment is tomorrow"})
        assert await delivery.send(person["id"], [message]) is False
        async with delivery.typing(person["id"]):
            await asyncio.sleep(0)
        assert fake_telegram.calls_to("sendMessage", ok=None) == []
        assert fake_telegram.calls_to("sendChatAction", ok=None) == []

        await blocked.unblock(person["id"])
        assert await delivery.send(person["id"], [message]) is True
    await state.close()
    assert fake_telegram.texts(person["id"]) == ["Your appointment is tomorrow"]


async def test_a_reply_of_several_messages_arrives_in_order(gateway):
    gateway.rasa.reply_with(several)
    person = user()
    await gateway.deliver(text_update("tell me", person))
    assert gateway.telegram.texts(person["id"]) == [f"tell me: part {n}" for n in (1, 2, 3)]


async def test_one_persons_messages_are_answered_in_order_while_others_go_ahead(gateway):
    anna, boris = user(), user()
    gateway.rasa.delay_s = 0.5
    assert await gateway.post(text_update("one", anna)) == 200
    await gateway.rasa_started(1)
    gateway.rasa.delay_s = 0.0  # Anna's second message and Boris' are answered at once...
    assert await gateway.post(text_update("two", anna)) == 200
    assert await gateway.post(text_update("hi", boris)) == 200
    await gateway.settled()

    # ... but Anna's second waits for her first, while Boris does not wait for Anna
    assert gateway.telegram.texts(anna["id"]) == ["echo: one", "echo: two"]
    order = [call.params["chat_id"] for call in gateway.telegram.calls_to("sendMessage")]
    assert order == [boris["id"], anna["id"], anna["id"]]


async def test_a_custom_payload_telegram_cannot_send_is_skipped(gateway):
    gateway.rasa.reply_with(
        lambda sender, text, metadata: [
            {"custom": {"method": "sendLocation"}},  # no coordinates
            {"custom": {"method": "sendLocation", "latitude": 55.79, "longitude": 49.12}},
            {"text": "Our office is here."},
        ]
    )
    person = user()
    await gateway.deliver(text_update("where is the office?", person))
    [location] = gateway.telegram.calls_to("sendLocation")
    assert (location.params["latitude"], location.params["longitude"]) == (55.79, 49.12)
    assert gateway.telegram.texts(person["id"])[-1] == "Our office is here."


async def test_an_update_taken_by_a_gateway_that_died_is_handled_when_delivered_again(
    start_gateway, tmp_path
):
    gateway = await start_gateway()
    person = user()
    update = text_update("hello", person)
    dead_gateway = SharedState(
        REDIS_URL, namespace=installation_key(f"sqlite:///{tmp_path / 'gateway.db'}")
    )
    key = f"telegram:update:{TOKEN.split(':')[0]}:{update['update_id']}"
    await dead_gateway.claim(key, ttl_s=3600, value="gateway-that-died")  # took it, died
    await dead_gateway.close()

    await gateway.deliver(update)  # Telegram delivers it again

    assert gateway.rasa.texts_from(f"telegram:{person['id']}") == ["hello"]
    assert gateway.telegram.texts(person["id"]) == ["echo: hello"]


async def test_an_update_a_gateway_died_handling_is_handled_by_another_one(start_gateway, tmp_path):
    gateway = await start_gateway()
    person = user()
    update = text_update("hello", person)
    dead_gateway = SharedState(
        REDIS_URL, namespace=installation_key(f"sqlite:///{tmp_path / 'gateway.db'}")
    )
    key = f"telegram:update:{TOKEN.split(':')[0]}:{update['update_id']}"
    await dead_gateway.claim(key, ttl_s=3600, value="gateway-that-died")
    pending = {"holder": "gateway-that-died", "update": update}
    await dead_gateway.keep("telegram:pending", key, json.dumps(pending))

    # Telegram does not deliver it again (the dead gateway had it): this gateway finds it
    await gateway.telegram.wait_for("sendMessage", chat_id=person["id"], timeout=20)
    await gateway.settled()
    left = await dead_gateway.kept("telegram:pending")
    await dead_gateway.close()

    assert gateway.rasa.texts_from(f"telegram:{person['id']}") == ["hello"]
    assert gateway.telegram.texts(person["id"]) == ["echo: hello"]
    assert left == {}


async def test_a_left_over_pending_update_under_the_gateways_own_name_is_forgotten(
    start_gateway, tmp_path
):
    gateway = await start_gateway()
    person = user()
    update = text_update("hello", person)
    state = gateway.client.app[SHARED_STATE]
    key = f"telegram:update:{TOKEN.split(':')[0]}:{update['update_id']}"
    # handled while Redis was down: its removal from the pending updates (and its "done" mark)
    # never reached Redis, which came back with the entry
    left_over = {"holder": gateway.client.app[LEASES].holder, "update": update}
    await state.keep("telegram:pending", key, json.dumps(left_over))

    for _ in range(100):  # the gateway looks every second
        if await state.kept("telegram:pending") == {}:
            break
        await asyncio.sleep(0.1)
    left = await state.kept("telegram:pending")

    assert left == {}  # else another gateway would answer it again once this one died
    assert gateway.rasa.received == []
