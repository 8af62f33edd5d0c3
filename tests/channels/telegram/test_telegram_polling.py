"""TELEGRAM_MODE=polling: development without a public URL, by long polling the Bot API."""

from __future__ import annotations

from support.fake_telegram import FakeTelegram
from support.telegram_updates import text_update, user


async def test_polling_mode_answers_updates_fetched_from_telegram(
    start_gateway, fake_telegram: FakeTelegram
):
    fake_telegram.webhook = {"url": "https://old.example.org/telegram/webhook"}
    gateway = await start_gateway(telegram_mode="polling", telegram_webhook_secret=None)
    person = user()
    fake_telegram.push_update(text_update("hello", person))
    fake_telegram.push_update(text_update("/start", person))

    await fake_telegram.wait_for("sendMessage", 2, chat_id=person["id"])
    assert gateway.rasa.texts_from(f"telegram:{person['id']}") == ["hello", "/greet"]
    assert fake_telegram.texts(person["id"]) == ["echo: hello", "echo: /greet"]
    # polling needs the webhook gone (PTB deletes it), and asks for the updates the bot handles
    assert fake_telegram.calls_to("deleteWebhook")
    polls = fake_telegram.calls_to("getUpdates")
    assert polls[0].params["allowed_updates"] == [
        "message",
        "edited_message",
        "callback_query",
        "my_chat_member",
    ]

    # the next poll confirms what was handled: nothing is handled twice
    fake_telegram.push_update(text_update("again", person))
    await fake_telegram.wait_for("sendMessage", 3, chat_id=person["id"])
    assert gateway.rasa.texts_from(f"telegram:{person['id']}") == ["hello", "/greet", "again"]

    readiness = await (await gateway.client.get("/readyz")).json()
    assert readiness["checks"]["telegram"] == {
        "state": "ok",
        "detail": "@pes_test_bot, polling mode",
    }
    # there is no webhook to post to in polling mode
    assert (await gateway.client.post("/telegram/webhook", json={"update_id": 1})).status == 404


async def test_polling_errors_show_in_readiness(start_gateway, fake_telegram: FakeTelegram):
    fake_telegram.fail_next("getUpdates", 502, "Bad Gateway")
    gateway = await start_gateway(telegram_mode="polling", telegram_webhook_secret=None)
    await fake_telegram.wait_for("getUpdates", ok=False)
    readiness = await (await gateway.client.get("/readyz")).json()
    assert readiness["checks"]["telegram"] == {
        "state": "degraded",
        "detail": "polling failed: NetworkError: Bad Gateway",
    }
    # polling goes on by itself
    person = user()
    fake_telegram.push_update(text_update("hello", person))
    await fake_telegram.wait_for("sendMessage", chat_id=person["id"])
