"""The gateway's Rasa client against a local server speaking Rasa's HTTP format."""

import pytest
from support.fake_rasa import FakeRasa

from common.messages import Button
from relay.rasa_client import RasaClient, RasaUnavailable


async def test_a_message_goes_to_the_rest_channel_with_its_metadata() -> None:
    async with FakeRasa() as rasa:
        client = RasaClient(rasa.url)
        await client.start()
        try:
            reply = await client.send(
                "webchat:abc", "hello", {"channel": "webchat", "language_hint": "en"}
            )
        finally:
            await client.close()

    assert [message.text for message in reply] == ["echo: hello"]
    assert reply[0].buttons == (Button("Yes", "/affirm"), Button("No", "/deny"))
    received = rasa.received[0]
    assert (received.sender, received.text) == ("webchat:abc", "hello")
    assert received.metadata == {"channel": "webchat", "language_hint": "en"}
    assert received.input_channel == "webchat"


async def test_history_shows_the_title_of_a_pressed_button_not_its_payload() -> None:
    async with FakeRasa() as rasa:
        client = RasaClient(rasa.url)
        await client.start()
        try:
            await client.send("webchat:h", "hi")
            await client.send("webchat:h", "/affirm", {"display_text": "Yes"})
            history = await client.history("webchat:h", limit=10)
            last_two = await client.history("webchat:h", limit=2)
        finally:
            await client.close()

    assert [(turn.role, turn.message.text) for turn in history] == [
        ("user", "hi"),
        ("bot", "echo: hi"),
        ("user", "Yes"),
        ("bot", "echo: /affirm"),
    ]
    assert history[1].message.buttons[0].title == "Yes"
    assert [turn.message.text for turn in last_two] == ["Yes", "echo: /affirm"]


async def test_a_slow_rasa_is_reported_unavailable_after_the_timeout() -> None:
    async with FakeRasa(delay_s=1.0) as rasa:
        client = RasaClient(rasa.url, timeout_s=0.2)
        await client.start()
        try:
            with pytest.raises(RasaUnavailable, match="in time"):
                await client.send("webchat:slow", "hello")
        finally:
            await client.close()


async def test_errors_and_a_stopped_server_are_unavailable_and_recovery_needs_no_restart() -> None:
    async with FakeRasa() as rasa:
        client = RasaClient(rasa.url)
        await client.start()
        try:
            rasa.fail_with = 500
            with pytest.raises(RasaUnavailable, match="500"):
                await client.send("webchat:x", "hello")
            assert not await client.is_ready()

            rasa.fail_with = None
            await rasa.stop()
            with pytest.raises(RasaUnavailable):
                await client.send("webchat:x", "hello")

            await rasa.restart()
            assert await client.is_ready()
            reply = await client.send("webchat:x", "back again")
        finally:
            await client.close()

    assert reply[0].text == "echo: back again"
