"""The console's server-sent events: the queue updates without a reload, and a conversation's page
sees the person's messages, staff replies and the end of the hold live (masked like the log)."""

from __future__ import annotations

from support.handoff import HANDOFF_PAYLOAD, EventStream
from support.staff_console import Console
from support.webchat import ChatSocket


async def ask_for_a_human(chat: ChatSocket, message_id: str) -> None:
    await chat.send(
        {"type": "message", "id": message_id, "payload": HANDOFF_PAYLOAD, "title": "A person"}
    )
    await chat.receive_until("done")


async def test_a_new_request_appears_in_the_queue_stream(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))
    stream = await EventStream.open(console.client, "/staff/handoff/events")
    assert await stream.next() == ("queue", {"entries": []})  # the state when it opened

    chat = await ChatSocket.open(console.client)
    await chat.hello(lang="ru")
    await ask_for_a_human(chat, "m1")

    _, queue = await stream.next("queue")
    [entry] = queue["entries"]
    session = (chat.token or "").split(".")[0]
    assert entry["person"] == f"webchat:{'*' * (len(session) - 2)}{session[-2:]}"
    assert entry["person"] != f"webchat:{session}"
    assert (entry["status"], entry["position"], entry["reason"]) == ("waiting", 1, "asked")
    assert (entry["channel"], entry["language"]) == ("webchat", "ru")
    stream.close()


async def test_a_conversation_stream_follows_the_person_and_the_staff(console: Console) -> None:
    chat = await ChatSocket.open(console.client)
    await chat.hello()
    await ask_for_a_human(chat, "m1")
    await console.log_in(await console.add_user("reviewer"))
    queue = await EventStream.open(console.client, "/staff/handoff/events")
    _, snapshot = await queue.next("queue")
    handoff_id = snapshot["entries"][0]["id"]
    stream = await EventStream.open(console.client, f"/staff/handoff/events?handoff={handoff_id}")
    assert (await stream.next())[1]["status"] == "waiting"

    await console.post(f"/staff/handoff/{handoff_id}/take")
    _, state = await stream.next("state")
    assert state["status"] == "active" and state["taken_by"].startswith("reviewer-")
    _, queue_after_take = await queue.next("queue")
    assert [e["status"] for e in queue_after_take["entries"]] == ["active"]

    await chat.expect("bot")  # joined
    await chat.send({"type": "message", "id": "m2", "text": "call me on +7 912 345-67-89"})
    _, from_person = await stream.next("message")
    assert from_person["role"] == "person"
    assert from_person["text"] == "call me on +7 *** ***-**-89"  # masked like the log

    await console.post(f"/staff/handoff/{handoff_id}/reply", {"text": "We will call you."})
    _, from_staff = await stream.next("message")
    assert (from_staff["role"], from_staff["text"]) == ("staff", "We will call you.")
    assert from_staff["delivered"] is True

    await console.post(f"/staff/handoff/{handoff_id}/release")
    _, ended = await stream.next("state")
    assert ended["status"] == "closed"
    stream.close()
    queue.close()
