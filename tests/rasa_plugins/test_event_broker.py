"""The Rasa event broker writes what Rasa sees into the conversation log, and never gets in
Rasa's way: events come from Rasa's own tracker store, as in the Rasa server."""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import Engine
from support.rasa_events import Conversation, registration

from common.privacy import sensitive_slots
from common.storage import ConversationLog, InboxFilter, make_engine, upgrade
from rasa_plugins.broker import ConversationLogBroker
from rasa_plugins.log_events import log_entry

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain"))
DOWN_DATABASE = "postgresql+psycopg2://postgres@127.0.0.1:1/pes"


def log_of(engine: Engine) -> ConversationLog:
    return ConversationLog(engine, sensitive_slots=sensitive_slots(ROOT / "data" / "content"))


async def converse(broker: EventBroker, sender_id: str, turns: list[list[dict[str, Any]]]) -> None:
    """Save the tracker after each turn, as Rasa does: its tracker store publishes what is new."""
    store = InMemoryTrackerStore(DOMAIN, event_broker=broker)
    tracker = DialogueStateTracker(sender_id, DOMAIN.slots)
    for turn in turns:
        for event in turn:
            tracker.update(Event.from_parameters(event))
        await store.save(tracker)


async def test_a_conversation_saved_by_rasa_arrives_in_the_log(
    database_url: str, engine: Engine, journal_dir: Path
) -> None:
    c = Conversation("telegram:5551234")
    broker = ConversationLogBroker(database_url, journal_dir=journal_dir)
    await converse(
        broker,
        c.sender_id,
        [
            [
                *c.session_start("ru"),
                c.user("привет", "greet", 0.96, language="ru", channel="telegram"),
            ],
            [*c.bot("Здравствуйте!", "utter_greet"), c.listen()],
            [
                c.user(
                    "ыыы",
                    "nlu_fallback",
                    0.3,
                    language="ru",
                    channel="telegram",
                    ranking=[("nlu_fallback", 0.3), ("greet", 0.12)],
                ),
                c.action("action_handle_fallback"),
                *c.bot("Переформулируйте, пожалуйста", "utter_ask_rephrase"),
                c.listen(),
            ],
            [
                c.user(
                    "позовите человека", "human_handoff", 0.88, language="ru", channel="telegram"
                ),
                *c.bot("Позвоните нам", "utter_handoff"),
                c.listen(),
            ],
        ],
    )
    await broker.close()

    log = log_of(engine)
    [summary] = (await log.inbox()).conversations
    assert (summary.sender_id, summary.channel, summary.language) == (
        "telegram:5551234",
        "telegram",
        "ru",
    )
    assert (summary.user_messages, summary.bot_messages) == (3, 3)
    assert summary.had_fallback and summary.handoff_requested
    assert summary.min_confidence == 0.12  # the best real intent of the fallback message
    transcript = await log.transcript(summary.id)
    assert transcript is not None
    shown = [(e.kind, e.name, e.text, e.intent) for e in transcript.events]
    assert shown == [
        ("session", "session_started", None, None),
        ("slot", "language", None, None),
        ("user", None, "привет", "greet"),
        ("action", "utter_greet", None, None),
        ("bot", "utter_greet", "Здравствуйте!", None),
        ("user", None, "ыыы", "nlu_fallback"),
        ("fallback", "action_handle_fallback", None, None),
        ("action", "utter_ask_rephrase", None, None),
        ("bot", "utter_ask_rephrase", "Переформулируйте, пожалуйста", None),
        ("user", None, "позовите человека", "human_handoff"),
        ("handoff", "utter_handoff", None, None),
        ("bot", "utter_handoff", "Позвоните нам", None),
    ]
    greeting = transcript.events[2]
    assert (greeting.confidence, greeting.language, greeting.channel) == (0.96, "ru", "telegram")
    assert greeting.data["metadata"] == {"channel": "telegram", "language_hint": "ru"}
    reply = transcript.events[4]
    assert (reply.language, reply.channel) == ("ru", "telegram")  # the conversation's
    assert list(journal_dir.iterdir()) == []  # all written: the journal is gone


async def test_the_log_of_a_registration_keeps_what_was_typed_for_an_audited_reveal(
    database_url: str, engine: Engine, journal_dir: Path
) -> None:
    broker = ConversationLogBroker(database_url, journal_dir=journal_dir, batch_size=7)
    for event in registration(Conversation("webchat:anna")):
        broker.publish(event)
    await broker.close()

    log = log_of(engine)
    [summary] = (await log.inbox(InboxFilter(intent="register_start"))).conversations
    masked = await log.transcript(summary.id)
    revealed = await log.reveal(summary.id, by="olga", reason="test")
    assert masked is not None and revealed is not None
    name = [e for e in masked.events if e.kind == "user"][2]
    assert (name.text, name.intent, name.sensitive) == ("***", "inform", True)
    assert [e for e in revealed.events if e.kind == "user"][2].text == "Anna Ivanova"
    assert (await log.analytics(date(2025, 3, 3), date(2025, 3, 3))).user_messages == 7


async def test_rasa_builds_the_broker_named_in_endpoints_yml(
    sqlite_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_database_url)
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))

    broker = await EventBroker.create(endpoints.event_broker)

    assert isinstance(broker, ConversationLogBroker)
    assert broker.database_url == sqlite_database_url
    assert broker.is_ready()
    await broker.close()
    assert not broker.is_ready()


async def test_a_database_that_is_down_costs_rasa_nothing_and_loses_nothing(
    journal_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broker = ConversationLogBroker(DOWN_DATABASE, journal_dir=journal_dir, retry_delays_s=(0.01,))

    with caplog.at_level(logging.WARNING, logger="rasa_plugins.broker"):
        for event in registration(Conversation("webchat:anna")):
            broker.publish(event)  # returns at once, raises nothing
        for _ in range(500):  # the writer keeps trying while Rasa runs
            if caplog.text.count("retrying in 0.01s") >= 3:
                break
            await asyncio.sleep(0.01)
        await broker.close()

    assert caplog.text.count("retrying in 0.01s") >= 3
    assert "events stay in the journal for the next start" in caplog.text
    assert "Connection refused" in caplog.text or "OperationalError" in caplog.text
    for secret in ("Anna", "Ivanova", "912"):
        assert secret not in caplog.text
    assert broker.dropped == 0
    [journal] = journal_dir.iterdir()
    assert "Anna Ivanova" in journal.read_text(encoding="utf-8")  # kept for the next broker


async def test_events_published_before_the_database_is_migrated_arrive_once_it_is(
    sqlite_database_url: str, journal_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The broker never writes into a database without the schema: the events wait in the
    journal, and the next Rasa server writes them once `python -m bot db upgrade` ran."""
    early = ConversationLogBroker(
        sqlite_database_url, journal_dir=journal_dir, retry_delays_s=(0.01,)
    )
    with caplog.at_level(logging.WARNING, logger="rasa_plugins.broker"):
        for event in registration(Conversation("webchat:early")):
            early.publish(event)
        await early.close()

    assert "the database has no schema yet: run `python -m bot db upgrade`" in caplog.text
    engine = make_engine(sqlite_database_url)
    with engine.connect() as connection:
        tables = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert tables.fetchall() == []

    upgrade(sqlite_database_url)
    later = ConversationLogBroker(sqlite_database_url, journal_dir=journal_dir)
    await later.close()

    [summary] = (await log_of(engine).inbox()).conversations
    assert (summary.sender_id, summary.user_messages, summary.bot_messages) == (
        "webchat:early",
        7,
        7,
    )
    assert list(journal_dir.iterdir()) == []
    engine.dispose()


async def test_a_journal_that_would_fill_the_disk_drops_new_events_instead(
    journal_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broker = ConversationLogBroker(
        DOWN_DATABASE, journal_dir=journal_dir, max_journal_bytes=2_000, retry_delays_s=(0.5,)
    )
    events = registration(Conversation("webchat:many"))

    with caplog.at_level(logging.ERROR, logger="rasa_plugins.broker"):
        for event in events:
            broker.publish(event)
        await broker.close()

    assert 0 < broker.dropped < len(events)
    assert "the journal is full (the database has been down for long)" in caplog.text
    [journal] = journal_dir.iterdir()
    assert journal.stat().st_size <= 2_000


def test_rasa_events_become_log_entries_of_the_right_kind() -> None:
    c = Conversation("webchat:k")
    [session_action, session, *_] = c.published(c.session_start())
    [payload] = c.published([c.user("/affirm", "affirm", 1.0, display_text="Yes")])
    [faq] = c.published([c.user("documents?", "faq", 0.7, faq_topic="documents")])
    [fallback, default_fallback, listen, handoff, other] = c.published(
        [
            c.action("action_handle_fallback"),
            c.action("action_default_fallback"),
            c.listen(),
            c.action("utter_handoff"),
            c.action("action_registration_status"),
        ]
    )

    assert log_entry(session_action) is None
    assert log_entry(listen) is None
    assert (entry := log_entry(session)) is not None and entry.kind == "session"
    assert (entry := log_entry(payload)) is not None
    assert (entry.text, entry.name, entry.data and entry.data["payload"]) == (
        "Yes",
        "payload",
        "/affirm",
    )
    assert (entry := log_entry(faq)) is not None and entry.intent == "faq/documents"
    kinds = [log_entry(event) for event in (fallback, default_fallback, handoff, other)]
    assert [(e.kind, e.name) for e in kinds if e] == [
        ("fallback", "action_handle_fallback"),
        ("fallback", "action_default_fallback"),
        ("handoff", "utter_handoff"),
        ("action", "action_registration_status"),
    ]
    assert log_entry({"event": "user", "text": "no sender"}) is None
    assert log_entry({"sender_id": "webchat:k", "event": "user_featurization"}) is None
