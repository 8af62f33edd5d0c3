"""A conversation's transcript: what the person said and how it was understood, masked; review,
tags and notes; an admin's audited reveal and erasure."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from support.staff_console import Console, conversation, moment, unique_name

from common.storage.log_entries import LogEntry
from relay.conversation_log import CONVERSATION_LOG

PERSONAL_DATA = [
    ("phone", "my number is +7 912 345-67-89", "+7 *** ***-**-89", "345-67-89"),
    ("e-mail", "write to anna.ivanova@example.com", "a***@example.com", "anna.ivanova@"),
    ("SNILS", "СНИЛС 112-233-445 95", "[SNILS]", "112-233-445"),
    ("INN", "ИНН 7707083893", "[INN]", "7707083893"),
    ("passport", "паспорт 4508 123456", "[passport]", "4508 123456"),
    ("card", "card 4111 1111 1111 1111", "[card]", "4111 1111"),
    ("isikukood", "isikukood 37605030299", "[isikukood]", "37605030299"),
]


def registration_form(sender: str) -> list[LogEntry]:
    """The person starts the registration form and gives their name (a sensitive slot)."""
    at = moment(10)
    return [
        LogEntry(sender, "session", at, name="session_started", channel="webchat"),
        LogEntry(
            sender,
            "user",
            at + timedelta(seconds=1),
            text="I want to register in Kazan",
            intent="register_start",
            confidence=0.31,
            entities=[{"entity": "location", "value": "Kazan", "start": 22, "end": 27}],
            language="en",
            channel="webchat",
        ),
        LogEntry(sender, "action", at + timedelta(seconds=2), name="registration_form"),
        LogEntry(sender, "form", at + timedelta(seconds=2), name="registration_form"),
        LogEntry(
            sender,
            "slot",
            at + timedelta(seconds=2),
            name="requested_slot",
            data={"value": "full_name"},
        ),
        LogEntry(
            sender,
            "bot",
            at + timedelta(seconds=3),
            name="utter_ask_full_name",
            text="What is your full name?",
            data={"buttons": [{"title": "Stop", "payload": "/stop"}]},
        ),
        LogEntry(
            sender,
            "user",
            at + timedelta(seconds=4),
            text="Anna Ivanova",
            intent="inform",
            confidence=0.97,
            language="en",
            channel="webchat",
        ),
        LogEntry(
            sender,
            "slot",
            at + timedelta(seconds=5),
            name="full_name",
            data={"value": "Anna Ivanova"},
        ),
        LogEntry(
            sender,
            "bot",
            at + timedelta(seconds=6),
            text="Thank you, Anna Ivanova. When were you born?",
        ),
        LogEntry(sender, "form", at + timedelta(seconds=7), name=None),
    ]


async def open_as(console: Console, role: str, entries: list[LogEntry]) -> int:
    await console.log_in(await console.add_user(role))
    return (await console.record(*entries))[0]


async def test_a_transcript_shows_how_each_message_was_understood(console: Console) -> None:
    conversation_id = await open_as(
        console, "reviewer", registration_form(f"webchat:{unique_name('t')}")
    )

    response = await console.get(f"/staff/conversations/{conversation_id}")
    page = await response.text()

    assert response.status == 200
    assert "I want to register in Kazan" in page
    assert "register_start" in page and "0.31" in page
    assert 'class="event user low"' in page  # below the low-confidence threshold, highlighted
    assert "location = Kazan" in page
    assert "registration_form" in page and "Form ended" in page
    assert '<code>requested_slot</code> = <code>"full_name"</code>' in page
    assert "What is your full name?" in page and '<span class="tag">Stop</span>' in page
    assert re.search(r"UTC</time>\s*· Person · webchat · en", page)  # time and channel


async def test_answers_to_sensitive_form_questions_are_hidden_everywhere(console: Console) -> None:
    conversation_id = await open_as(
        console, "reviewer", registration_form(f"webchat:{unique_name('t')}")
    )

    page = await (await console.get(f"/staff/conversations/{conversation_id}")).text()
    api = await (await console.get(f"/staff/api/conversations/{conversation_id}")).text()

    for shown in (page, api):
        assert "Anna" not in shown and "Ivanova" not in shown
    assert "Thank you, ***. When were you born?" in page


@pytest.mark.parametrize(("kind", "text", "masked", "hidden"), PERSONAL_DATA)
async def test_personal_data_in_messages_is_masked(
    console: Console, kind: str, text: str, masked: str, hidden: str
) -> None:
    sender = f"webchat:{unique_name('pii')}"
    conversation_id = await open_as(console, "reviewer", conversation(sender, text=text))

    page = await (await console.get(f"/staff/conversations/{conversation_id}")).text()
    inbox = await (await console.get("/staff/inbox")).text()
    api = await (await console.get(f"/staff/api/conversations/{conversation_id}")).text()

    for shown in (page, inbox):
        assert masked in shown, kind
        assert hidden not in shown, kind
    assert hidden not in api, kind


async def test_a_reviewer_marks_reviewed_tags_and_writes_notes(console: Console) -> None:
    conversation_id = await open_as(
        console, "reviewer", conversation(f"webchat:{unique_name('review')}")
    )
    path = f"/staff/conversations/{conversation_id}"

    await console.post(f"{path}/review", {"reviewed": "yes"})
    await console.post(f"{path}/tags", {"tag": "wrong answer"})
    await console.post(f"{path}/tags", {"tag": "to train"})
    await console.post(f"{path}/tags/remove", {"tag": "to train"})
    await console.post(f"{path}/notes", {"text": "The greeting should mention registration."})
    page = await (await console.get(path)).text()

    assert "Reviewed by reviewer-" in page
    assert '<span class="tag">wrong answer</span>' in page
    assert "to train" not in page
    assert "The greeting should mention registration." in page
    unreview = await console.post(f"{path}/review", {"reviewed": "no"})
    assert unreview.status == 303
    assert "Not reviewed yet." in await (await console.get(path)).text()


async def test_an_empty_tag_or_note_is_explained(console: Console) -> None:
    conversation_id = await open_as(
        console, "reviewer", conversation(f"webchat:{unique_name('bad')}")
    )
    path = f"/staff/conversations/{conversation_id}"

    tag = await console.post(f"{path}/tags", {"tag": "   "})
    note = await console.post(f"{path}/notes", {"text": ""})

    assert tag.status == 400
    assert "A tag needs 1 to 64 characters." in await tag.text()
    assert note.status == 400
    assert "A note needs 1 to 5000 characters." in await note.text()


async def test_an_admin_reveals_one_conversation_with_a_reason_and_it_is_audited(
    console: Console,
) -> None:
    sender = f"webchat:{unique_name('reveal')}"
    conversation_id = await open_as(
        console, "admin", conversation(sender, text="my number is +7 912 345-67-89")
    )
    path = f"/staff/conversations/{conversation_id}"

    refused = await console.post(f"{path}/reveal", {"reason": "  "})
    revealed = await console.post(f"{path}/reveal", {"reason": "the person asked for a copy"})
    page = await revealed.text()
    again = await (await console.get(path)).text()

    assert refused.status == 400
    assert "Please state why you need to see the personal data" in await refused.text()
    assert revealed.status == 200
    assert "+7 912 345-67-89" in page and sender in page
    assert "Personal data is shown unmasked" in page
    assert "345-67-89" not in again  # the reveal is not kept in the session
    entries = await console.app[CONVERSATION_LOG].audit_log(action="reveal")
    assert len(entries) == 1
    assert entries[0].target == f"conversation:{conversation_id}"
    assert entries[0].reason == "the person asked for a copy"
    assert entries[0].actor.startswith("admin-")


async def test_an_admin_erases_a_person_with_a_reason_and_a_confirmation(console: Console) -> None:
    sender = f"webchat:{unique_name('erase')}"
    conversation_id = await open_as(console, "admin", conversation(sender))
    await console.record(*conversation(sender, text="second visit", minutes_ago=1))
    path = f"/staff/conversations/{conversation_id}"

    unconfirmed = await console.post(f"{path}/erase", {"reason": "the person asked"})
    assert unconfirmed.status == 400
    assert (await console.get(path)).status == 200

    erased = await console.post(f"{path}/erase", {"reason": "the person asked", "confirm": "yes"})

    page = await erased.text()
    assert erased.status == 200
    assert "Data erased" in page
    assert "<dt>Conversations</dt><dd>2</dd>" in page
    assert sender not in page
    assert (await console.get(path)).status == 404
    entries = await console.app[CONVERSATION_LOG].audit_log(action="erase")
    assert [entry.reason for entry in entries] == ["the person asked"]
    assert entries[0].details["conversations"] == 2


async def test_an_unknown_conversation_is_a_polite_404(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))

    response = await console.get("/staff/conversations/987654")
    api = await console.get("/staff/api/conversations/987654")

    assert response.status == 404
    assert "There is nothing here" in await response.text()
    assert api.status == 404
    assert (await api.json())["error"] == "not_found"


async def test_the_api_changes_tags_with_json(console: Console) -> None:
    from staff.csrf import HEADER

    conversation_id = await open_as(
        console, "reviewer", conversation(f"webchat:{unique_name('api')}")
    )
    token = (await (await console.get("/staff/api/session")).json())["csrf_token"]
    path = f"/staff/api/conversations/{conversation_id}/tags"

    added = await console.client.post(path, json={"add": ["a", "b"]}, headers={HEADER: token})
    removed = await console.client.post(path, json={"remove": ["a"]}, headers={HEADER: token})
    broken = await console.client.post(path, data="not json", headers={HEADER: token})

    assert (await added.json()) == {"tags": ["a", "b"]}
    assert (await removed.json()) == {"tags": ["b"]}
    assert broken.status == 400
    assert (await broken.json())["error"] == "bad_json"
