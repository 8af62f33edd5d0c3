"""The webhook as Telegram and intruders see it, and what /readyz says about the channel."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from support.fake_telegram import FakeTelegram
from support.gateway import make_settings
from support.telegram_updates import text_update, user
from telegram import Update
from telegram.ext import TypeHandler

from bot.app import create_app
from channels.telegram.app import TELEGRAM
from channels.telegram.webhook import SECRET_HEADER


async def test_an_update_without_the_secret_token_is_refused_and_not_processed(gateway):
    person = user()
    assert await gateway.post(text_update("hello", person), secret=None) == 403
    assert await gateway.post(text_update("hello", person), secret="wrong-secret") == 403
    assert await gateway.post(text_update("hello", person), secret="") == 403
    await gateway.settled()
    assert gateway.rasa.received == []
    assert gateway.telegram.calls_to("sendMessage") == []


async def test_an_update_with_the_secret_is_answered_with_an_inline_keyboard(gateway):
    person = user()
    assert await gateway.post(text_update("hello", person)) == 200
    [call] = await gateway.telegram.wait_for("sendMessage", chat_id=person["id"])

    assert gateway.rasa.texts_from(f"telegram:{person['id']}") == ["hello"]
    assert call.params["parse_mode"] == "HTML"
    assert gateway.telegram.texts(person["id"]) == ["echo: hello"]
    [[yes, no]] = gateway.telegram.buttons(person["id"])[0]
    assert (yes["text"], no["text"]) == ("Yes", "No")
    assert yes["callback_data"] == "=/affirm"


async def test_the_bot_token_and_the_persons_words_stay_out_of_the_logs(gateway, caplog):
    caplog.set_level(logging.INFO)
    person = user(first_name="Zinaida")
    await gateway.deliver(text_update("my passport number is 4510 123456", person))
    assert gateway.telegram.texts(person["id"])  # answered
    assert "ABC-test-token" not in caplog.text
    assert "Zinaida" not in caplog.text
    assert "123456" not in caplog.text
    assert str(person["id"]) not in caplog.text


async def test_unreadable_bodies_are_dropped_with_200_so_telegram_does_not_retry(gateway):
    for body in ("not json at all", "[1, 2, 3]", '{"no_update_id": true}', '{"update_id": "x"}'):
        response = await gateway.client.post(
            "/telegram/webhook",
            data=body,
            headers={SECRET_HEADER: gateway.secret},
        )
        assert response.status == 200
    # an update whose message is not what Telegram sends (no chat, no date): dropped, not a 500
    assert await gateway.post({"update_id": 5, "message": {"text": "hi"}}) == 200
    await gateway.settled()
    assert gateway.rasa.received == []


async def test_readiness_reports_the_channel(gateway):
    await gateway.telegram.wait_for("getMe")
    await gateway.settled()
    response = await gateway.client.get("/readyz")
    check = (await response.json())["checks"]["telegram"]
    assert check["state"] == "ok"
    assert "@pes_test_bot" in check["detail"]


async def test_without_a_token_the_channel_is_off_and_the_gateway_runs(aiohttp_client, tmp_path):
    client = await aiohttp_client(create_app(make_settings(tmp_path, telegram_bot_token=None)))
    body = await (await client.get("/readyz")).json()
    assert body["checks"]["telegram"] == {"state": "off", "detail": "TELEGRAM_BOT_TOKEN not set"}
    assert (await client.post("/telegram/webhook", json={"update_id": 1})).status == 404
    assert (await client.get("/healthz")).status == 200


async def test_without_a_webhook_secret_every_request_is_refused(start_gateway):
    gateway = await start_gateway(telegram_webhook_secret=None)
    assert await gateway.post(text_update("hello", user()), secret="anything") == 403
    assert await gateway.post(text_update("hello", user()), secret="") == 403
    check = await _telegram_check(gateway.client)
    assert check["state"] == "degraded"
    assert "TELEGRAM_WEBHOOK_SECRET" in check["detail"]


async def test_an_unreachable_bot_api_degrades_readiness_and_updates_wait(
    start_gateway, fake_telegram: FakeTelegram
):
    fake_telegram.fail_next("getMe", 502, "Bad Gateway")
    gateway = await start_gateway()
    person = user()
    assert await gateway.post(text_update("hello", person)) == 200  # kept until connected
    check = await _check_until(gateway.client, lambda check: "not reachable" in check["detail"])
    assert check == {"state": "degraded", "detail": "Bot API not reachable yet: Bad Gateway"}

    # the channel retries getMe by itself, then handles what arrived meanwhile
    await fake_telegram.wait_for("sendMessage", chat_id=person["id"])
    assert (await _telegram_check(gateway.client))["state"] == "ok"


async def test_a_token_telegram_refuses_leaves_the_channel_degraded(
    start_gateway, fake_telegram: FakeTelegram
):
    fake_telegram.refuse_token = True
    gateway = await start_gateway()
    check = await _check_until(gateway.client, lambda check: "refused" in check["detail"])
    assert check == {"state": "degraded", "detail": "Telegram refused TELEGRAM_BOT_TOKEN"}
    assert (await gateway.client.get("/healthz")).status == 200


async def _telegram_check(client: Any) -> dict[str, str]:
    body = await (await client.get("/readyz")).json()
    check: dict[str, str] = body["checks"]["telegram"]
    return check


async def _check_until(client: Any, wanted: Callable[[dict[str, str]], bool]) -> dict[str, str]:
    """The channel's readiness check once `wanted` (it changes in the background)."""
    for _ in range(100):
        check = await _telegram_check(client)
        if wanted(check):
            break
        await asyncio.sleep(0.05)
    return check


async def test_a_failure_while_handling_is_logged_once_and_updates_still_flow(gateway, caplog):
    async def fail(update: Update, context: object) -> None:
        if update.effective_message and update.effective_message.text == "break":
            raise RuntimeError("something unexpected")

    # a fault inside the handling of one update (injected: no real input makes the channel fail)
    gateway.client.app[TELEGRAM].application.add_handler(TypeHandler(Update, fail), group=-2)
    person = user()
    assert await gateway.post(text_update("break", person)) == 200
    await gateway.deliver(text_update("hello", person))

    errors = [r for r in caplog.records if r.message.endswith("could not be handled")]
    assert len(errors) == 1
    assert errors[0].exc_info is not None
    # the other handlers of the failing update did their part, and the next update its own
    assert gateway.telegram.texts(person["id"]) == ["echo: break", "echo: hello"]
    metrics = await (await gateway.client.get("/metrics")).text()
    assert 'pes_errors_total{channel="telegram",kind="handler"} 1.0' in metrics
