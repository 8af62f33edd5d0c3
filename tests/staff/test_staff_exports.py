"""Downloads: filtered sets as CSV and JSON, one conversation, a conversation as a test story.
Masked unless an admin asks otherwise with a reason; every download is audited."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

from support.rasa_reads import story_events
from support.staff_console import Console, conversation, moment, unique_name

from common.storage.log_entries import LogEntry
from relay.conversation_log import CONVERSATION_LOG

ROOT = Path(__file__).resolve().parents[2]
PHONE = "+7 912 345-67-89"


async def seed(console: Console) -> tuple[str, str]:
    web = f"webchat:{unique_name('web')}"
    telegram = f"telegram:{unique_name('tg')}"
    await console.record(*conversation(web, text=f"call me at {PHONE}", minutes_ago=5))
    await console.record(
        *conversation(telegram, text='=HYPERLINK("x")', channel="telegram", minutes_ago=3)
    )
    return web, telegram


async def export_entries(console: Console) -> list:
    return await console.app[CONVERSATION_LOG].audit_log(action="export")


async def test_a_reviewer_exports_the_filtered_set_as_masked_csv(console: Console) -> None:
    web, _ = await seed(console)
    await console.log_in(await console.add_user("reviewer"))

    response = await console.post("/staff/exports", {"format": "csv", "channel": "webchat"})

    assert response.status == 200
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="conversations-'
    )
    rows = list(csv.DictReader(io.StringIO(await response.text())))
    assert {row["conversation_channel"] for row in rows} == {"webchat"}
    texts = [row["text"] for row in rows if row["kind"] == "user"]
    assert texts == ["call me at +7 *** ***-**-89"]
    assert web not in await response.text()
    entries = await export_entries(console)
    assert len(entries) == 1
    assert entries[0].details["revealed"] is False
    assert entries[0].details["filter"] == {"channel": "webchat"}


async def test_a_spreadsheet_never_runs_a_cell_as_a_formula(console: Console) -> None:
    await seed(console)
    await console.log_in(await console.add_user("reviewer"))

    response = await console.post("/staff/exports", {"format": "csv", "channel": "telegram"})

    rows = list(csv.DictReader(io.StringIO(await response.text())))
    assert [row["text"] for row in rows if row["kind"] == "user"] == ['\'=HYPERLINK("x")']


async def test_an_admin_exports_unmasked_json_with_a_reason(console: Console) -> None:
    web, _ = await seed(console)
    await console.log_in(await console.add_user("admin"))

    response = await console.post(
        "/staff/exports",
        {
            "format": "json",
            "unmasked": "yes",
            "reason": "court order 12/2025",
            "channel": "webchat",
        },
    )

    document = json.loads(await response.text())
    assert document["masked"] is False
    [exported] = document["conversations"]
    assert exported["sender"] == web
    assert [event["text"] for event in exported["events"] if event["kind"] == "user"] == [
        f"call me at {PHONE}"
    ]
    [entry] = await export_entries(console)
    assert entry.details["revealed"] is True
    assert entry.reason == "court order 12/2025"


async def test_an_unmasked_export_needs_a_reason(console: Console) -> None:
    await seed(console)
    await console.log_in(await console.add_user("admin"))

    response = await console.post("/staff/exports", {"format": "json", "unmasked": "yes"})

    assert response.status == 400
    assert "Please state why" in await response.text()
    assert await export_entries(console) == []


async def test_a_bad_format_or_filter_is_explained(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))

    bad_format = await console.post("/staff/exports", {"format": "xlsx"})
    bad_filter = await console.post("/staff/exports", {"format": "csv", "since": "soon"})

    assert bad_format.status == 400
    assert "Choose CSV or JSON." in await bad_format.text()
    assert bad_filter.status == 400
    assert await export_entries(console) == []


async def test_the_export_page_keeps_the_inbox_filters(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))

    page = await (await console.get("/staff/exports?channel=telegram&q=help")).text()

    assert 'option value="telegram" selected' in page
    assert 'name="q" type="search" value="help"' in page
    assert "Export unmasked" not in page  # reviewers only get masked data


async def test_one_conversation_is_exported_masked_and_audited(console: Console) -> None:
    await seed(console)
    await console.log_in(await console.add_user("reviewer"))
    conversation_id = (await console.app[CONVERSATION_LOG].inbox()).conversations[1].id

    response = await console.post(
        f"/staff/conversations/{conversation_id}/export", {"format": "json"}
    )

    document = json.loads(await response.text())
    assert [item["id"] for item in document["conversations"]] == [conversation_id]
    assert PHONE not in await response.text()
    [entry] = await export_entries(console)
    assert entry.target == f"conversation:{conversation_id}"
    assert entry.details["format"] == "json"


async def test_a_conversation_becomes_a_test_story_rasa_can_read(console: Console) -> None:
    sender = f"webchat:{unique_name('story')}"
    at = moment(5)
    ids = await console.record(
        LogEntry(sender, "session", at, name="session_started", channel="webchat"),
        LogEntry(
            sender,
            "user",
            at + timedelta(seconds=1),
            text="any welder jobs in Kazan?",
            intent="search_vacancies",
            confidence=0.92,
            entities=[{"entity": "location", "value": "Kazan", "start": 20, "end": 25}],
            language="en",
        ),
        LogEntry(sender, "action", at + timedelta(seconds=2), name="vacancy_form"),
        LogEntry(sender, "form", at + timedelta(seconds=2), name="vacancy_form"),
        LogEntry(
            sender, "slot", at + timedelta(seconds=2), name="location", data={"value": "Kazan"}
        ),
        LogEntry(sender, "form", at + timedelta(seconds=3), name=None),
        LogEntry(
            sender,
            "user",
            at + timedelta(seconds=4),
            text="Register",
            intent="register_start",
            confidence=1.0,
            name="payload",
            data={"payload": "/register_start"},
        ),
        LogEntry(sender, "action", at + timedelta(seconds=5), name="utter_register_intro"),
        LogEntry(
            sender, "slot", at + timedelta(seconds=6), name="full_name", data={"value": "Anna"}
        ),
    )
    await console.log_in(await console.add_user("reviewer"))

    response = await console.post(f"/staff/conversations/{ids[0]}/story")

    text = await response.text()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="test-story-conversation-{ids[0]}.yml"'
    )
    assert "Anna" not in text  # a sensitive slot's value is left out
    events = story_events(text)
    users = [event for event in events if "user" in event]
    assert [user["intent"] for user in users] == ["search_vacancies", "register_start"]
    assert users[0]["user"] == "any welder jobs in Kazan?"
    assert users[0]["entities"] == ["Kazan"]
    assert users[1]["user"] == "/register_start"
    actions = [event["action"] for event in events if "action" in event]
    assert actions == ["vacancy_form", "utter_register_intro"]
    assert [(e["slot"], e["value"]) for e in events if "slot" in e] == [("location", "Kazan")]
    [entry] = await export_entries(console)
    assert entry.details["format"] == "story"
