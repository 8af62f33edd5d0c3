"""The REST channel the gateway talks to never answers a message it could not handle with
silence: a message whose handling failed gets 503 (the gateway apologises and logs it), a reply
that lost a failed custom action's messages ends with the apology, in the person's language.
A real Sanic server with the channel's blueprint; Rasa's handling stands in as functions."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import aiohttp
import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic
from support.processes import free_port

from rasa_plugins.channel import GatewayRestInput

APOLOGY_EN = (
    "Sorry, I can't answer right now because of a technical problem. Please try again in a few "
    "minutes. If it's urgent, call the employment office or visit it in person."
)
APOLOGY_RU = (
    "Извините, сейчас я не могу ответить из-за технической неполадки. Пожалуйста, попробуйте "
    "ещё раз через несколько минут. Если вопрос срочный, позвоните в центр занятости или "
    "приходите лично."
)


@pytest.fixture(scope="module")
def channel_url() -> Iterator[str]:
    """One Sanic server with the channel's blueprint (Sanic 21 starts one app per process), in
    a thread of its own; the sender id names how Rasa's handling behaves (`HANDLERS`)."""

    async def handle(message: UserMessage) -> None:
        await HANDLERS[message.sender_id](message)

    app = Sanic("rest_channel_test")
    app.blueprint(GatewayRestInput().blueprint(handle), url_prefix="/webhooks/rest")
    port = free_port()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    done = asyncio.Event()

    async def serve() -> None:
        server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
        assert server is not None
        await server.startup()
        await server.start_serving()
        started.set()
        await done.wait()
        server.close()
        await server.wait_closed()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    assert started.wait(30), "the Sanic server did not start"
    yield f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    loop.call_soon_threadsafe(done.set)
    thread.join(30)


async def post(url: str, sender: str, text: str, language_hint: str = "en") -> tuple[int, Any]:
    body = {"sender": sender, "message": text, "metadata": {"language_hint": language_hint}}
    async with aiohttp.ClientSession() as http, http.post(url, json=body) as answer:
        return answer.status, await answer.json()


async def answers(message: UserMessage) -> None:
    await message.output_channel.send_text_message(message.sender_id, "Here is the list.")


async def loses_an_action(message: UserMessage) -> None:
    await message.output_channel.send_text_message(message.sender_id, "Let me check.")
    try:
        raise ConnectionRefusedError("action server down")
    except ConnectionRefusedError:  # what rasa.core.processor does with a failed action
        logging.getLogger("rasa.core.processor").exception(
            "Encountered an exception while running action 'action_search_vacancies'."
            "Bot will continue, but the actions events are lost."
        )


async def cannot_reach_the_tracker_store(message: UserMessage) -> None:
    raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


HANDLERS: dict[str, Callable[[UserMessage], Awaitable[None]]] = {
    "answers": answers,
    "loses_an_action": loses_an_action,
    "fails": cannot_reach_the_tracker_store,
}


async def test_a_message_handled_in_full_is_answered_as_rasa_answered_it(channel_url: str) -> None:
    assert await post(channel_url, "answers", "hello") == (
        200,
        [{"recipient_id": "answers", "text": "Here is the list."}],
    )


async def test_a_message_whose_handling_failed_is_refused_with_503(channel_url: str) -> None:
    assert await post(channel_url, "fails", "hello") == (
        503,
        {"error": "the message could not be handled"},
    )


async def test_a_reply_that_lost_a_failed_action_ends_with_an_apology(channel_url: str) -> None:
    assert await post(channel_url, "loses_an_action", "any jobs for a driver?") == (
        200,
        [
            {"recipient_id": "loses_an_action", "text": "Let me check."},
            {"recipient_id": "loses_an_action", "text": APOLOGY_EN},
        ],
    )


async def test_the_apology_is_in_the_language_the_person_writes_in(channel_url: str) -> None:
    status, reply = await post(channel_url, "loses_an_action", "есть работа водителем?")

    assert (status, reply[-1]["text"]) == (200, APOLOGY_RU)


async def test_a_failure_in_one_request_does_not_touch_the_next(channel_url: str) -> None:
    await post(channel_url, "fails", "hello")

    assert await post(channel_url, "answers", "hello") == (
        200,
        [{"recipient_id": "answers", "text": "Here is the list."}],
    )
