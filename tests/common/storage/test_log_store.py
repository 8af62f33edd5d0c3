"""The conversation log as staff use it: inbox filters, masked transcripts, audited reveals and
exports, review marks, analytics and retention, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from support.rasa_events import Conversation, registration
from support.shared_redis import REDIS_URL

from common.privacy import sensitive_slots
from common.storage import (
    ConversationLog,
    InboxFilter,
    IntakeStore,
    LogEntry,
    NewIntake,
)
from common.storage.log_models import ConversationEvent
from common.storage.log_records import Transcript
from rasa_plugins.log_events import log_entry

ROOT = Path(__file__).resolve().parents[3]
SENSITIVE = sensitive_slots(ROOT / "data" / "content")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.fixture
def log(engine: Engine) -> ConversationLog:
    return ConversationLog(engine, sensitive_slots=SENSITIVE, redis_url=REDIS_URL)


async def seed(log: ConversationLog, events: list[dict[str, Any]]) -> int:
    """Write Rasa's published events as the broker does; the id of the last conversation."""
    entries = [entry for entry in map(log_entry, events) if entry is not None]
    return (await log.record(*entries))[-1]


def chat(
    sender: str,
    start: datetime,
    turns: list[tuple[str, str, float]],
    *,
    channel: str = "webchat",
    language: str = "en",
    **user_options: Any,
) -> list[dict[str, Any]]:
    """A session in which each message is answered by one response."""
    c = Conversation(sender, start)
    events = c.session_start(language)
    for text, intent, confidence in turns:
        events.append(
            c.user(text, intent, confidence, channel=channel, language=language, **user_options)
        )
        if intent == "nlu_fallback":
            events.append(c.action("action_handle_fallback"))
        response = "utter_handoff" if intent == "human_handoff" else f"utter_{intent}"
        events.extend(c.bot(f"(answer to {intent})", response))
        events.append(c.listen())
    return c.published(events)


def everything_shown(transcript: Transcript) -> str:
    """Every text, entity and data value of the transcript, as staff could see it."""
    return json.dumps(dataclasses.asdict(transcript), ensure_ascii=False, default=str)


@pytest.fixture
async def four_conversations(log: ConversationLog) -> dict[str, int]:
    """A: web, English, FAQ. B: Telegram, Russian, fallback then handoff. C: web, vacancy search
    answered by a member of staff. D: a greeting more than a year old."""
    a = await seed(
        log,
        chat(
            "webchat:a",
            utc(2025, 3, 3, 9),
            [("hello", "greet", 0.95), ("which documents do I need", "faq", 0.8)],
            faq_topic="documents",
        ),
    )
    b = await seed(
        log,
        chat(
            "telegram:42",
            utc(2025, 3, 4, 10),
            [("ыыы", "nlu_fallback", 0.3), ("позовите человека", "human_handoff", 0.9)],
            channel="telegram",
            language="ru",
            ranking=[("nlu_fallback", 0.3), ("greet", 0.2)],
        ),
    )
    c = await seed(
        log,
        chat(
            "webchat:c",
            utc(2025, 3, 4, 12),
            [("I need a welder job in Kazan", "search_vacancies", 0.7)],
            entities=[{"entity": "occupation", "value": "welder", "start": 9, "end": 15}],
        ),
    )
    await log.record(
        LogEntry(
            "webchat:c",
            "staff",
            utc(2025, 3, 4, 12, 5),
            source="gateway",
            text="Hello, this is Maria from PES",
            author="maria",
        )
    )
    d = await seed(log, chat("webchat:old", utc(2024, 1, 10, 8), [("hi", "greet", 0.99)]))
    return {"a": a, "b": b, "c": c, "d": d}


async def senders(log: ConversationLog, **filters: Any) -> list[str]:
    page = await log.inbox(InboxFilter(**filters))
    return [conversation.sender_id for conversation in page.conversations]


async def test_a_registration_is_shown_with_personal_data_masked(log: ConversationLog) -> None:
    conversation_id = await seed(log, registration(Conversation("webchat:anna")))

    transcript = await log.transcript(conversation_id)

    assert transcript is not None and not transcript.revealed
    shown = everything_shown(transcript)
    for secret in ("Anna", "Ivanova", "1988", "912 345", "anna.ivanova", "112-233-445"):
        assert secret not in shown
    users = [event for event in transcript.events if event.kind == "user"]
    assert [event.text for event in users] == [
        "I want to register",
        "Yes, I agree",  # a button: its title, not the payload
        "***",  # the name, asked for by a sensitive slot
        "***",
        "***",
        "Kazan, and my SNILS is [SNILS]",
        "Thanks! Write to a***@example.com, ***",
    ]
    assert [(event.intent, event.confidence) for event in users[:3]] == [
        ("register_start", 0.97),
        ("affirm", 1.0),
        ("inform", 0.41),
    ]
    summary = next(
        e for e in transcript.events if e.name == "utter_registration_summary" and e.text
    )
    assert summary.text == (
        "Please check: Name: ***; Date of birth: ***; Contact: +7********67; City: Kazan"
    )
    slots = {e.name: e.data["value"] for e in transcript.events if e.kind == "slot"}
    assert slots["full_name"] == slots["birth_date"] == slots["contact"] == "***"
    assert slots["region"] == "Kazan"


async def test_an_admin_reveals_one_conversation_with_a_reason_and_it_is_audited(
    log: ConversationLog,
) -> None:
    conversation_id = await seed(log, registration(Conversation("telegram:777123")))

    with pytest.raises(ValueError, match="reason"):
        await log.reveal(conversation_id, by="admin", reason="  ")
    revealed = await log.reveal(conversation_id, by="olga", reason="Complaint #12 from the person")

    assert revealed is not None and revealed.revealed
    texts = [event.text for event in revealed.events if event.kind == "user"]
    assert "Anna Ivanova" in texts and "8 912 345 67 67" in texts
    [entry] = await log.audit_log()
    assert (entry.actor, entry.action, entry.target, entry.reason) == (
        "olga",
        "reveal",
        f"conversation:{conversation_id}",
        "Complaint #12 from the person",
    )
    assert entry.details == {"sender": "telegram:****23"}
    assert await log.reveal(999_999, by="olga", reason="typo") is None
    assert len(await log.audit_log()) == 1  # nothing revealed, nothing audited


async def test_each_rasa_session_is_a_conversation_of_its_own(log: ConversationLog) -> None:
    c = Conversation("webchat:twice", utc(2025, 3, 3, 9))
    first = c.published(
        [*c.session_start(), c.user("hello", "greet"), *c.bot("Hi!", "utter_greet")]
    )
    later = Conversation("webchat:twice", utc(2025, 3, 3, 15))
    second = later.published([*later.session_start(), later.user("bye", "goodbye")])

    first_id = await seed(log, first)
    second_id = await seed(log, second)

    assert first_id != second_id
    page = await log.inbox(InboxFilter(sender_id="webchat:twice"))
    assert [(s.id, s.user_messages, s.bot_messages) for s in page.conversations] == [
        (second_id, 1, 0),
        (first_id, 1, 1),
    ]


async def test_gateway_events_join_the_current_conversation_or_start_one_after_an_hour(
    log: ConversationLog,
) -> None:
    rasa_id = await seed(log, chat("webchat:g", utc(2025, 3, 3, 9), [("hello", "greet", 0.9)]))

    [same] = await log.record(
        LogEntry("webchat:g", "delivery_failure", utc(2025, 3, 3, 9, 30), source="gateway")
    )
    [new, new_again] = await log.record(
        LogEntry("webchat:g", "user", utc(2025, 3, 3, 11), source="gateway", text="hello?"),
        LogEntry("webchat:g", "bot", utc(2025, 3, 3, 11), source="gateway", text="Sorry…"),
    )

    assert same == rasa_id
    assert new == new_again != rasa_id


async def test_the_inbox_filters_by_every_criterion(
    log: ConversationLog, four_conversations: dict[str, int]
) -> None:
    ids = four_conversations
    await log.set_reviewed(ids["a"], by="olga")
    await log.add_tag(ids["c"], "vacancies")

    assert await senders(log) == ["webchat:c", "telegram:42", "webchat:a", "webchat:old"]
    assert await senders(log, channel="telegram") == ["telegram:42"]
    assert await senders(log, language="ru") == ["telegram:42"]
    assert await senders(log, since=date(2025, 3, 4)) == ["webchat:c", "telegram:42"]
    assert await senders(log, until=date(2025, 3, 3)) == ["webchat:a", "webchat:old"]
    assert await senders(log, since=date(2025, 3, 3), until=date(2025, 3, 3)) == ["webchat:a"]
    assert await senders(log, intent="faq") == ["webchat:a"]  # faq/documents
    assert await senders(log, intent="faq/documents") == ["webchat:a"]
    assert await senders(log, intent="greet") == ["webchat:a", "webchat:old"]
    assert await senders(log, low_confidence_below=0.5) == ["telegram:42"]
    assert await senders(log, had_fallback=True) == ["telegram:42"]
    assert await senders(log, had_fallback=False) == ["webchat:c", "webchat:a", "webchat:old"]
    assert await senders(log, handoff_requested=True) == ["telegram:42"]
    assert await senders(log, reviewed=True) == ["webchat:a"]
    assert await senders(log, reviewed=False) == ["webchat:c", "telegram:42", "webchat:old"]
    assert await senders(log, tag="vacancies") == ["webchat:c"]
    assert await senders(log, sender_id="telegram:42") == ["telegram:42"]
    assert await senders(log, channel="webchat", intent="greet", reviewed=False) == ["webchat:old"]


async def test_full_text_search_finds_words_and_word_beginnings_in_one_message(
    log: ConversationLog, four_conversations: dict[str, int]
) -> None:
    assert await senders(log, search="welder") == ["webchat:c"]
    assert await senders(log, search="WELD") == ["webchat:c"]
    assert await senders(log, search="kazan welder") == ["webchat:c"]
    assert await senders(log, search="человека") == ["telegram:42"]
    assert await senders(log, search="Maria") == ["webchat:c"]  # staff messages too
    assert await senders(log, search="documents") == ["webchat:a"]
    assert await senders(log, search="welder documents") == []


async def test_personal_data_cannot_be_found_by_searching_for_it(log: ConversationLog) -> None:
    await seed(log, registration(Conversation("webchat:anna")))

    assert await senders(log, search="345") == []
    assert await senders(log, search="112") == []
    assert await senders(log, search="ivanova@example") == []
    assert await senders(log, search="Ivanova") == []  # typed as the answer to the name question
    assert await senders(log, search="snils") == ["webchat:anna"]  # its label is searchable


async def test_numbers_written_with_unicode_separators_cannot_be_found_or_read(
    log: ConversationLog,
) -> None:
    written = [
        "call me on 8.912.345.67.89",
        "or 8\u00a0(912)\u00a0345\u00a067\u00a089",
        "or 8 (912) 345–67–89",
        "паспорт серия 4508 номер 123456, СНИЛС 112.233.445 95",
        '/inform{"latitude": 55.796127, "longitude": 49.106414}',
    ]
    turns = [(text, "inform", 0.9) for text in written]
    conversation_id = await seed(log, chat("webchat:dots", utc(2026, 3, 1, 10), turns))

    transcript = await log.transcript(conversation_id)

    for digits in ("912", "345", "4508", "123456", "112", "55.79", "49.10"):
        assert await senders(log, search=digits) == [], digits
    assert transcript is not None
    assert [event.text for event in transcript.events if event.kind == "user"] == [
        "call me on *.***.***.**.89",
        "or * (***) *** ** 89",
        "or * (***) ***-**-89",
        "паспорт серия [passport], СНИЛС [SNILS]",
        '/inform{"latitude": [location], "longitude": [location]}',
    ]


async def test_the_inbox_is_paged_by_latest_activity_with_masked_previews(
    log: ConversationLog, four_conversations: dict[str, int]
) -> None:
    await seed(log, registration(Conversation("webchat:anna", utc(2025, 3, 5, 9))))

    first = await log.inbox(page=1, page_size=2)
    second = await log.inbox(page=2, page_size=2)
    last = await log.inbox(page=3, page_size=2)

    assert (first.total, first.pages) == (5, 3)
    assert [s.sender_id for s in first.conversations] == ["webchat:anna", "webchat:c"]
    assert [s.sender_id for s in second.conversations] == ["telegram:42", "webchat:a"]
    assert [s.sender_id for s in last.conversations] == ["webchat:old"]
    anna, c = first.conversations
    assert anna.preview == "Thanks! Write to a***@example.com, ***"
    assert c.preview == "I need a welder job in Kazan"
    assert c.tags == () and c.had_staff and not c.handoff_requested


async def test_reviewing_tagging_and_notes(
    log: ConversationLog, four_conversations: dict[str, int]
) -> None:
    conversation_id = four_conversations["b"]

    assert await log.set_reviewed(conversation_id, by="olga")
    assert await log.add_tag(conversation_id, "handoff")
    assert await log.add_tag(conversation_id, "handoff")  # kept once
    assert await log.add_tag(conversation_id, "nlu")
    note = await log.add_note(conversation_id, author="olga", text="Call back +7 912 345-67-67")
    await log.remove_tag(conversation_id, "nlu")

    transcript = await log.transcript(conversation_id)
    assert transcript is not None and note is not None
    summary = transcript.conversation
    assert (summary.reviewed, summary.reviewed_by, summary.tags) == (True, "olga", ("handoff",))
    assert [n.text for n in transcript.notes] == ["Call back +7 *** ***-**-67"]
    assert await log.tags() == ["handoff"]
    assert "nlu_fallback" in await log.intents()
    await log.set_reviewed(conversation_id, by="olga", reviewed=False)
    assert (await senders(log, reviewed=True)) == []
    assert not await log.add_tag(999_999, "missing")
    with pytest.raises(ValueError):
        await log.add_tag(conversation_id, " ")


async def test_an_export_is_masked_unless_an_admin_asks_and_is_always_audited(
    log: ConversationLog,
) -> None:
    await seed(log, registration(Conversation("webchat:anna")))
    await seed(log, chat("webchat:other", utc(2025, 3, 3, 12), [("hello", "greet", 0.9)]))

    masked = await log.export(InboxFilter(intent="register_start"), by="ivan")
    with pytest.raises(ValueError, match="reason"):
        await log.export(by="olga", reveal=True)
    revealed = await log.export(by="olga", reveal=True, reason="Court order 5/2025")

    assert [t.conversation.sender_id for t in masked] == ["webchat:anna"]
    assert "Ivanova" not in everything_shown(masked[0])
    assert len(revealed) == 2 and all(t.revealed for t in revealed)
    assert "Anna Ivanova" in everything_shown(revealed[1])
    newest, oldest = await log.audit_log(action="export")
    assert (oldest.actor, oldest.reason, oldest.details) == (
        "ivan",
        None,
        {"filter": {"intent": "register_start"}, "conversations": 1, "revealed": False},
    )
    assert (newest.actor, newest.reason, newest.details["revealed"]) == (
        "olga",
        "Court order 5/2025",
        True,
    )


async def test_analytics_over_a_period(
    log: ConversationLog, four_conversations: dict[str, int]
) -> None:
    figures = await log.analytics(date(2025, 3, 3), date(2025, 3, 4))

    assert figures.conversations == 3
    assert [(d.day, d.channel, d.count) for d in figures.conversations_per_day] == [
        (date(2025, 3, 3), "webchat", 1),
        (date(2025, 3, 4), "telegram", 1),
        (date(2025, 3, 4), "webchat", 1),
    ]
    assert [(d.day, d.channel, d.count) for d in figures.messages_per_day] == [
        (date(2025, 3, 3), "webchat", 4),
        (date(2025, 3, 4), "telegram", 4),
        (date(2025, 3, 4), "webchat", 3),  # with the staff message
    ]
    assert figures.user_messages == 5
    assert figures.top_intents[0] == ("faq/documents", 1)
    assert dict(figures.top_intents) == {
        "faq/documents": 1,
        "greet": 1,
        "human_handoff": 1,
        "nlu_fallback": 1,
        "search_vacancies": 1,
    }
    assert figures.languages == (("en", 2), ("ru", 1))
    assert figures.channels == (("webchat", 2), ("telegram", 1))
    assert figures.fallback_rate == pytest.approx(1 / 3)
    assert figures.handoff_rate == pytest.approx(1 / 3)
    assert figures.containment_rate == pytest.approx(1 / 3)  # B asked for a person, C got one
    assert figures.average_confidence == pytest.approx((0.95 + 0.8 + 0.2 + 0.9 + 0.7) / 5)
    telegram = await log.analytics(date(2025, 3, 3), date(2025, 3, 4), channel="telegram")
    assert (telegram.conversations, telegram.handoff_rate) == (1, 1.0)
    empty = await log.analytics(date(2023, 1, 1), date(2023, 1, 2))
    assert (empty.conversations, empty.fallback_rate, empty.average_confidence) == (0, None, None)


async def test_purge_deletes_conversations_older_than_the_retention_period(
    log: ConversationLog, engine: Engine
) -> None:
    now = datetime.now(timezone.utc)
    old = await seed(log, chat("webchat:old", now - timedelta(days=400), [("hi", "greet", 0.9)]))
    recent = await seed(log, chat("webchat:new", now - timedelta(days=3), [("hi", "greet", 0.9)]))
    await log.add_note(old, author="olga", text="old note")
    await log.add_tag(old, "old")

    report = await log.purge(older_than_days=365, by="cli:root")

    assert (report.conversations, report.events) == (1, 5)
    assert await log.transcript(old) is None
    assert await log.transcript(recent) is not None
    assert await log.tags() == []
    with engine.connect() as connection:
        events = select(func.count()).where(ConversationEvent.conversation_id == old)
        assert connection.execute(events).scalar_one() == 0
    [entry] = await log.audit_log(action="purge")
    assert entry.actor == "cli:root"
    assert entry.details["conversations"] == 1 and entry.details["older_than_days"] == 365


async def test_erase_removes_a_persons_log_intakes_and_rasa_tracker(
    log: ConversationLog, engine: Engine
) -> None:
    sender = f"telegram:{uuid.uuid4().int % 10**9}"
    await seed(log, registration(Conversation(sender)))
    await seed(log, chat(sender, utc(2025, 4, 1), [("hi", "greet", 0.9)], channel="telegram"))
    kept = await seed(log, chat("telegram:someone-else", utc(2025, 4, 1), [("hi", "greet", 0.9)]))
    intakes = IntakeStore(engine)
    await intakes.create(_intake(sender))
    client = redis.Redis.from_url(REDIS_URL)
    client.set(f"tracker:{sender}", '{"events": []}')
    try:
        report = await log.erase(sender, by="olga", reason="Request 2025-17")

        assert (report.conversations, report.intakes, report.tracker_keys) == (2, 1, 1)
        assert report.events > 20 and not report.tracker_failed
        assert client.exists(f"tracker:{sender}") == 0
        assert await intakes.latest_for_sender(sender) is None
        assert await senders(log, sender_id=sender) == []
        assert await log.transcript(kept) is not None
        [entry] = await log.audit_log(action="erase")
        assert (entry.actor, entry.reason) == ("olga", "Request 2025-17")
        assert entry.target is not None and sender not in entry.target
        assert entry.details["intakes"] == 1 and entry.details["tracker_keys"] == 1
    finally:
        client.delete(f"tracker:{sender}")
        client.close()


async def test_erase_still_clears_the_database_when_redis_is_down(engine: Engine) -> None:
    log = ConversationLog(engine, sensitive_slots=SENSITIVE, redis_url="redis://127.0.0.1:1/0")
    await seed(log, chat("webchat:x", utc(2025, 4, 1), [("hi", "greet", 0.9)]))

    report = await log.erase("webchat:x", by="olga")

    assert report.conversations == 1
    assert report.tracker_failed and "Redis failed" in report.tracker_note


def _intake(sender: str) -> NewIntake:
    return NewIntake(
        sender_id=sender,
        channel="telegram",
        language="en",
        full_name="Anna Ivanova",
        birth_date=date(1988, 5, 12),
        contact="+79123456767",
        contact_kind="phone",
        region="Kazan",
        employment_status="unemployed",
        consent_given_at=utc(2025, 3, 3),
    )
