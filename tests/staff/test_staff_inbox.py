"""The inbox: latest activity first, paged on the server, filtered by the URL, masked."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from support.gateway import make_settings
from support.staff_console import Console, conversation, moment, open_console, unique_name

from common.settings import StaffSettings
from common.storage.log_entries import LogEntry
from relay.conversation_log import CONVERSATION_LOG


class Seeded:
    """Four conversations: greeting (reviewed, tagged), Russian low-confidence fallback on
    Telegram, handoff with a phone number, and one from three days ago."""

    def __init__(self) -> None:
        self.greeting = f"webchat:{unique_name('greet')}"
        self.benefit = f"telegram:{unique_name('benefit')}"
        self.handoff = f"webchat:{unique_name('handoff')}"
        self.old = f"webchat:{unique_name('old')}"

    async def write(self, console: Console) -> None:
        await console.record(
            *conversation(self.old, text="where is the office", minutes_ago=3 * 24 * 60)
        )
        await console.record(*conversation(self.greeting, text="hello there", minutes_ago=30))
        benefit = conversation(
            self.benefit,
            text="хочу пособие",
            intent="nlu_fallback",
            confidence=0.41,
            channel="telegram",
            language="ru",
            minutes_ago=20,
        )
        benefit.append(
            LogEntry(self.benefit, "fallback", moment(19), name="action_handle_fallback")
        )
        await console.record(*benefit)
        handoff = conversation(
            self.handoff,
            text="call me on +7 912 345-67-89 please",
            intent="human_handoff",
            confidence=0.88,
            minutes_ago=10,
        )
        handoff.append(LogEntry(self.handoff, "handoff", moment(9), name="utter_handoff"))
        await console.record(*handoff)
        log = console.app[CONVERSATION_LOG]
        greeting_id = (await log.inbox(where_sender(self.greeting))).conversations[0].id
        await log.set_reviewed(greeting_id, by="someone")
        await log.add_tag(greeting_id, "good answer")


def where_sender(sender: str) -> Any:
    from common.storage.log_filters import InboxFilter

    return InboxFilter(sender_id=sender)


@pytest.fixture
async def seeded(console: Console) -> Seeded:
    data = Seeded()
    await data.write(console)
    await console.log_in(await console.add_user("reviewer"))
    return data


async def senders_for(console: Console, query: str) -> list[str]:
    response = await console.get(f"/staff/api/conversations?{query}")
    assert response.status == 200, await response.text()
    body = await response.json()
    log = console.app[CONVERSATION_LOG]
    found = []
    for item in body["conversations"]:
        transcript = await log.transcript(item["id"])
        found.append(transcript.conversation.sender_id)
    return found


async def test_the_latest_conversation_comes_first_with_its_last_message_masked(
    console: Console, seeded: Seeded
) -> None:
    response = await console.get("/staff/inbox")
    page = await response.text()

    assert response.status == 200
    assert "Conversations found: 4" in page
    assert page.index("call me on") < page.index("хочу пособие") < page.index("hello there")
    assert "+7 *** ***-**-89" in page
    assert "345-67" not in page
    assert seeded.handoff not in page  # sender ids are masked too


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("channel=telegram", ["benefit"]),
        ("language=ru", ["benefit"]),
        ("intent=human_handoff", ["handoff"]),
        ("below=0.5", ["benefit"]),
        ("fallback=yes", ["benefit"]),
        ("handoff=yes", ["handoff"]),
        ("reviewed=yes", ["greeting"]),
        ("reviewed=no", ["handoff", "benefit", "old"]),
        ("tag=good+answer", ["greeting"]),
        ("q=пособ", ["benefit"]),
        ("q=office", ["old"]),
        ("channel=webchat&handoff=no", ["greeting", "old"]),
    ],
)
async def test_each_filter_narrows_the_inbox(
    console: Console, seeded: Seeded, query: str, expected: list[str]
) -> None:
    assert await senders_for(console, query) == [getattr(seeded, name) for name in expected]


async def test_a_date_range_selects_by_activity(console: Console, seeded: Seeded) -> None:
    today = moment().date()
    recent = await senders_for(console, f"since={(today - timedelta(days=1)).isoformat()}")
    old = await senders_for(console, f"until={(today - timedelta(days=2)).isoformat()}")

    assert seeded.old not in recent and len(recent) == 3
    assert old == [seeded.old]


async def test_the_filters_stay_in_the_url_of_every_page(
    aiohttp_client: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    console = await open_console(
        aiohttp_client, dataclasses.replace(settings, staff=StaffSettings(page_size=2))
    )
    for number in range(5):
        await console.record(*conversation(f"webchat:{unique_name('page')}", minutes_ago=number))
    await console.log_in(await console.add_user("reviewer"))

    first = await (await console.get("/staff/inbox?channel=webchat&reviewed=no")).text()
    second = await (await console.get("/staff/inbox?channel=webchat&reviewed=no&page=2")).text()

    assert "Conversations found: 5 · page 1 of 3" in first
    assert 'href="?channel=webchat&amp;reviewed=no&amp;page=2"' in first
    assert "page 2 of 3" in second
    assert 'href="?channel=webchat&amp;reviewed=no&amp;page=1"' in second
    assert 'option value="webchat" selected' in second


async def test_an_unreadable_filter_is_explained_not_crashed_on(
    console: Console, seeded: Seeded
) -> None:
    page = await console.get("/staff/inbox?since=yesterday")
    api = await console.get("/staff/api/conversations?below=lots")

    assert page.status == 400
    assert "The filter could not be used: since must be a date" in await page.text()
    assert api.status == 400
    assert (await api.json())["error"] == "bad_filter"


async def test_all_conversations_of_one_person_without_their_id_in_the_url(
    console: Console, seeded: Seeded
) -> None:
    await console.record(*conversation(seeded.handoff, text="again", minutes_ago=1))
    ids = [
        item["id"]
        for item in (await (await console.get("/staff/api/conversations")).json())["conversations"]
    ]

    response = await console.get(f"/staff/inbox?person={ids[0]}")
    page = await response.text()

    assert "Conversations found: 2" in page
    assert seeded.handoff not in page
    assert (await console.get("/staff/inbox?person=999999")).status == 404


async def test_the_inbox_works_on_postgresql(
    aiohttp_client: Any, tmp_path: Any, fake_rasa: Any, postgresql_database_url: str
) -> None:
    settings = make_settings(tmp_path, rasa_url=fake_rasa.url, database_url=postgresql_database_url)
    console = await open_console(aiohttp_client, settings)
    data = Seeded()
    await data.write(console)
    await console.log_in(await console.add_user("reviewer"))

    assert await senders_for(console, "q=пособ") == [data.benefit]
    assert await senders_for(console, "below=0.5&channel=telegram") == [data.benefit]
    assert await senders_for(console, "tag=good+answer&reviewed=yes") == [data.greeting]
    page = await (await console.get("/staff/inbox")).text()
    assert "+7 *** ***-**-89" in page
