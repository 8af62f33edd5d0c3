"""The web chat protocol as a client sees it: hello/welcome, message → ack → typing → bot, history,
button presses, and sessions that cannot be forged."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from support.fake_rasa import FakeRasa
from support.gateway import TEST_SECRET
from support.webchat import ChatSocket, kinds

from channels.webchat.tokens import SessionTokens


async def test_a_new_visitor_gets_a_signed_session_and_no_history(gateway: TestClient) -> None:
    chat = await ChatSocket.open(gateway)

    welcome = await chat.hello(session=None, lang="en")

    session_id = SessionTokens(TEST_SECRET).verify(welcome["session"])
    assert session_id is not None
    assert welcome["history"] == []


async def test_a_message_is_acknowledged_then_answered(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    frames = await chat.say("hello there", "m1")

    assert kinds(frames) == ["ack", "typing", "bot"]
    assert frames[0] == {"type": "ack", "id": "m1"}
    reply = frames[2]
    assert reply["text"] == "echo: hello there"
    assert reply["buttons"] == [
        {"title": "Yes", "payload": "/affirm"},
        {"title": "No", "payload": "/deny"},
    ]
    assert isinstance(reply["ts"], float)
    assert reply["reply_to"] == "m1"

    session_id = SessionTokens(TEST_SECRET).verify(chat.token or "")
    [received] = fake_rasa.received
    assert received.sender == f"webchat:{session_id}"
    assert received.input_channel == "webchat"
    assert received.metadata["channel"] == "webchat"
    assert received.metadata["language_hint"] == "en"
    assert received.metadata["message_id"] == "m1"


async def test_a_reply_ends_with_done_even_when_the_assistant_says_nothing(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.reply_with(lambda sender, text, metadata: [])
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    await chat.send({"type": "message", "id": "quiet", "text": "..."})
    frames = await chat.receive_until("done")

    assert frames == [
        {"type": "ack", "id": "quiet"},
        {"type": "typing"},
        {"type": "done", "id": "quiet"},
    ]


async def test_every_message_of_a_reply_is_a_bot_frame(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.reply_with(
        lambda sender, text, metadata: [
            {"text": "Here is a picture"},
            {"image": "https://pes.example/map.png"},
            {"custom": {"kind": "vacancy", "id": 7}},
            {"text": "   "},  # empty: nothing to show
        ]
    )
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    frames = await chat.say("map", "m1")
    first, second, third = [frame for frame in frames if frame["type"] == "bot"]

    assert first["text"] == "Here is a picture"
    assert second["image"] == "https://pes.example/map.png"
    assert third["custom"] == {"kind": "vacancy", "id": 7}
    await chat.send({"type": "message", "id": "m2", "text": "next"})
    assert (await chat.receive())["type"] == "ack"  # the empty message was not sent


async def test_a_button_press_sends_the_payload_and_shows_the_title(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello(lang="ru")

    frames = await chat.press("/affirm", "Да", "b1")

    assert kinds(frames) == ["ack", "typing", "bot"]
    [received] = fake_rasa.received
    assert received.text == "/affirm"
    assert received.metadata["display_text"] == "Да"
    assert received.metadata["language_hint"] == "ru"


async def test_a_message_id_may_be_a_number(gateway: TestClient) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    await chat.send({"type": "message", "id": 41, "text": "hi"})

    assert await chat.receive() == {"type": "ack", "id": 41}


async def test_resuming_with_the_token_shows_the_whole_conversation(gateway: TestClient) -> None:
    first = await ChatSocket.open(gateway)
    await first.hello()
    await first.say("I need a job", "m1")
    await first.press("/affirm", "Yes", "m2")
    await first.close()

    again = await ChatSocket.open(gateway)
    welcome = await again.hello(session=first.token)

    assert welcome["session"] == first.token
    history = welcome["history"]
    assert [(entry["type"], entry.get("text")) for entry in history] == [
        ("user", "I need a job"),
        ("bot", "echo: I need a job"),
        ("user", "Yes"),  # the button's title, not its payload
        ("bot", "echo: /affirm"),
    ]
    assert history[1]["buttons"][0] == {"title": "Yes", "payload": "/affirm"}
    assert [entry.get("id") for entry in history] == ["m1", None, "m2", None]
    assert all(isinstance(entry["ts"], float) for entry in history)
    assert history[0]["ts"] <= history[-1]["ts"]


async def test_the_history_is_limited_to_the_latest_messages(
    start_gateway: object, fake_rasa: FakeRasa
) -> None:
    gateway = await start_gateway(webchat_history_limit=3)  # type: ignore[operator]
    chat = await ChatSocket.open(gateway)
    await chat.hello()
    for number in range(3):
        await chat.say(f"message {number}", f"m{number}")

    again = await ChatSocket.open(gateway)
    welcome = await again.hello(session=chat.token)

    assert [entry.get("text") for entry in welcome["history"]] == [
        "echo: message 1",
        "message 2",
        "echo: message 2",
    ]


async def test_a_new_conversation_is_a_hello_without_a_session(gateway: TestClient) -> None:
    chat = await ChatSocket.open(gateway)
    old = await chat.hello()
    await chat.say("first conversation", "m1")

    # The widget's "new conversation" forgets its token and says hello without one.
    await chat.send({"type": "hello", "session": None, "lang": "en"})
    fresh = await chat.expect("welcome")

    assert fresh["session"] != old["session"]
    assert fresh["history"] == []
    frames = await chat.say("second conversation", "m1")  # the same id, but a new session
    assert frames[-1]["text"] == "echo: second conversation"


async def test_a_second_hello_switches_the_socket_to_that_session(gateway: TestClient) -> None:
    first = await ChatSocket.open(gateway)
    await first.hello()
    await first.say("in the first session", "m1")
    other = await ChatSocket.open(gateway)
    await other.hello()

    welcome = await other.hello(session=first.token)

    assert welcome["history"][0]["text"] == "in the first session"
    await first.say("both see this", "m2")
    assert (await other.expect("user"))["text"] == "both see this"


async def _someone_with_history(gateway: TestClient) -> ChatSocket:
    victim = await ChatSocket.open(gateway)
    await victim.hello()
    await victim.say("my phone is +7 912 345-67-89", "m1")
    return victim


async def _refused_and_renewed(gateway: TestClient, token: object, victim: ChatSocket) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.send({"type": "hello", "session": token, "lang": "en"})

    error = await chat.expect("error")
    welcome = await chat.expect("welcome")

    assert error["code"] == "invalid_session"
    assert error["message"] == (
        "Your chat session could not be verified, so a new conversation was started."
    )
    assert welcome["history"] == []
    assert welcome["session"] != victim.token
    assert SessionTokens(TEST_SECRET).verify(welcome["session"]) is not None
    frames = await ChatSocket(chat.ws).say("still works", "x1")
    assert frames[-1]["text"] == "echo: still works"


async def test_a_token_with_a_changed_signature_is_refused(gateway: TestClient) -> None:
    victim = await _someone_with_history(gateway)
    assert victim.token is not None
    last = victim.token[-1]
    forged = victim.token[:-1] + ("A" if last != "A" else "B")

    await _refused_and_renewed(gateway, forged, victim)


async def test_a_token_with_a_swapped_session_id_is_refused(gateway: TestClient) -> None:
    victim = await _someone_with_history(gateway)
    attacker = await ChatSocket.open(gateway)
    await attacker.hello()
    assert victim.token is not None and attacker.token is not None
    victim_id = victim.token.split(".")[0]
    attacker_signature = attacker.token.split(".")[1]

    await _refused_and_renewed(gateway, f"{victim_id}.{attacker_signature}", victim)


async def test_a_token_signed_with_another_key_is_refused(gateway: TestClient) -> None:
    victim = await _someone_with_history(gateway)
    assert victim.token is not None
    victim_id = victim.token.split(".")[0]
    forged = SessionTokens(b"another-secret-key-0123456789").sign(victim_id)

    await _refused_and_renewed(gateway, forged, victim)


async def test_garbage_tokens_are_refused(gateway: TestClient) -> None:
    victim = await _someone_with_history(gateway)
    assert victim.token is not None
    victim_id = victim.token.split(".")[0]

    for garbage in ("", "garbage", victim_id, f"{victim_id}.", "ш" * 60, 12345, {"id": 1}):
        await _refused_and_renewed(gateway, garbage, victim)


async def test_the_session_refusal_is_told_in_the_hello_language(gateway: TestClient) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.send({"type": "hello", "session": "forged.token", "lang": "ru"})

    error = await chat.expect("error")

    assert error["message"] == "Не удалось подтвердить сеанс чата, поэтому начат новый разговор."
    await chat.expect("welcome")


async def test_frames_are_sent_uncompressed_even_to_a_client_offering_deflate(
    gateway: TestClient,
) -> None:
    """Small JSON frames: deflating each one costs both ends more than the bytes it saves."""
    socket = await gateway.ws_connect("/webchat/ws", compress=15)  # as browsers offer it

    assert socket.compress == 0
    await socket.close()
