"""A person in the web chat asks for a human: queued with the expected wait, taken by a member of
staff, answered live while the assistant stays silent, and handed back to the assistant."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from support.fake_rasa import FakeRasa
from support.handoff import HANDOFF_PAYLOAD
from support.staff_console import Console
from support.webchat import ChatSocket

from common.storage.log_models import Conversation, ConversationEvent
from handoff.app import HANDOFF
from relay.keys import DATABASE

TAKE_FORM = re.compile(r'action="/staff/handoff/(\d+)/take"')


def bot_texts(frames: list[dict[str, Any]]) -> list[str]:
    return [frame["text"] for frame in frames if frame["type"] == "bot"]


async def ask_for_a_human(chat: ChatSocket, message_id: str = "ask") -> list[dict[str, Any]]:
    await chat.send(
        {
            "type": "message",
            "id": message_id,
            "payload": HANDOFF_PAYLOAD,
            "title": "Talk to a person",
        }
    )
    return await chat.receive_until("done")


async def logged_events(console: Console, sender: str) -> list[tuple[str, str | None, str | None]]:
    with Session(console.app[DATABASE]) as session:
        rows = session.execute(
            select(ConversationEvent.kind, ConversationEvent.name, ConversationEvent.text)
            .join(Conversation)
            .where(Conversation.sender_id == sender)
            .order_by(ConversationEvent.timestamp, ConversationEvent.id)
        )
        return [tuple(row) for row in rows]


async def test_the_person_is_queued_and_told_the_expected_wait(console: Console) -> None:
    chat = await ChatSocket.open(console.client)
    await chat.hello()

    frames = await ask_for_a_human(chat)

    assert bot_texts(frames) == [
        "I'll ask a member of staff to join this chat.",
        "I've asked a member of staff to join this chat. You are number 1 in the queue; the "
        "expected wait is about 6 min. You can keep asking me questions meanwhile — staff will "
        "see this conversation.",
    ]
    assert not any("custom" in frame for frame in frames)  # the signal is the gateway's business

    second = await ChatSocket.open(console.client)
    await second.hello()
    second_frames = await ask_for_a_human(second, "ask-2")
    assert "number 2 in the queue; the expected wait is about 12 min" in bot_texts(second_frames)[1]

    again = await ask_for_a_human(chat, "ask-again")
    assert bot_texts(again)[1] == (
        "You are already in the queue for a member of staff: number 1, about 6 min to wait."
    )


async def test_staff_take_reply_and_hand_back_while_the_assistant_stays_silent(
    console: Console, fake_rasa: FakeRasa
) -> None:
    chat = await ChatSocket.open(console.client)
    await chat.hello()
    sender = f"webchat:{chat.token.split('.')[0]}" if chat.token else ""
    await ask_for_a_human(chat)
    reviewer = await console.add_user("reviewer")
    await console.log_in(reviewer)

    queue = await (await console.get("/staff/handoff")).text()
    [handoff_id] = TAKE_FORM.findall(queue)
    taken = await console.post(f"/staff/handoff/{handoff_id}/take")
    assert taken.status == 303 and taken.headers["Location"] == f"/staff/handoff/{handoff_id}"
    joined = await chat.expect("bot")
    assert joined["text"] == "A member of staff has joined the chat and will answer you here."

    replied = await console.post(
        f"/staff/handoff/{handoff_id}/reply", {"text": "Hello, this is the employment office."}
    )
    assert replied.status == 303
    from_staff = await chat.expect("bot")
    assert from_staff["text"] == "Hello, this is the employment office."
    assert from_staff["from"] == "staff" and "reply_to" not in from_staff

    asked_rasa = len(fake_rasa.received)
    await chat.send({"type": "message", "id": "held-1", "text": "I lost my job yesterday"})
    held = await chat.receive_until("done")
    assert [frame["type"] for frame in held] == ["ack", "typing", "done"]  # no bot frame
    assert len(fake_rasa.received) == asked_rasa  # Rasa never saw it

    reloaded = await ChatSocket.open(console.client)  # the page is reloaded: the history
    history = (await reloaded.hello(chat.token))["history"]
    shown = [(e["type"], e.get("from"), e["text"]) for e in history if "text" in e]
    assert shown[-4:] == [
        (
            "bot",
            None,
            "I've asked a member of staff to join this chat. You are number 1 in "
            "the queue; the expected wait is about 6 min. You can keep asking me questions "
            "meanwhile — staff will see this conversation.",
        ),
        ("bot", None, "A member of staff has joined the chat and will answer you here."),
        ("bot", "staff", "Hello, this is the employment office."),
        ("user", None, "I lost my job yesterday"),
    ]
    await reloaded.close()

    live = await (await console.get(f"/staff/handoff/{handoff_id}")).text()
    assert "I lost my job yesterday" in live and "Hello, this is the employment office." in live

    released = await console.post(f"/staff/handoff/{handoff_id}/release")
    assert released.status == 303
    back = await chat.expect("bot")
    assert back["text"] == (
        "The member of staff has left the chat. You are talking to the assistant again."
    )
    answer = await chat.say("thanks", "after")
    assert bot_texts(answer) == ["echo: thanks"]

    kinds = [(kind, name) for kind, name, _ in await logged_events(console, sender)]
    assert ("handoff", "queued") in kinds and ("handoff", "taken") in kinds
    assert ("staff", None) in kinds and ("handoff", "released") in kinds
    held_logged = [text for kind, _, text in await logged_events(console, sender) if kind == "user"]
    assert "I lost my job yesterday" in held_logged


async def test_a_reply_nobody_can_read_is_logged_as_not_delivered(console: Console) -> None:
    chat = await ChatSocket.open(console.client)
    await chat.hello()
    sender = f"webchat:{chat.token.split('.')[0]}" if chat.token else ""
    await ask_for_a_human(chat)
    reviewer = await console.add_user("reviewer")
    await console.log_in(reviewer)
    [handoff_id] = TAKE_FORM.findall(await (await console.get("/staff/handoff")).text())
    await console.post(f"/staff/handoff/{handoff_id}/take")
    await chat.expect("bot")
    await chat.close()

    response = await console.client.post(
        f"/staff/handoff/{handoff_id}/reply",
        data={"text": "Are you still there?"},
        headers={"X-CSRF-Token": await console.token(), "Accept": "application/json"},
    )

    assert await response.json() == {"delivered": False}
    failures = [
        (name, text)
        for kind, name, text in await logged_events(console, sender)
        if kind == "delivery_failure"
    ]
    assert failures == [("no_open_chat", "Are you still there?")]


async def test_a_hold_the_staff_forgot_goes_back_to_the_assistant(console: Console) -> None:
    chat = await ChatSocket.open(console.client)
    await chat.hello()
    await ask_for_a_human(chat)
    service = console.app[HANDOFF]
    [entry] = await service.queue()
    await service.take(entry["id"], by="anna")
    await chat.expect("bot")  # joined
    service.clock = lambda: datetime.now(timezone.utc) + timedelta(minutes=31)

    await chat.send({"type": "message", "id": "later", "text": "hello?"})
    frames = await chat.receive_until("done")

    assert bot_texts(frames) == [
        "The member of staff is no longer in the chat, so the assistant answers again. If you "
        "still need a person, ask for one.",
        "echo: hello?",
    ]
    assert await service.queue() == []
