"""Rasa's tracker and lock stores follow REDIS_URL (real Redis at 127.0.0.1:6379)."""

import json
import uuid
from pathlib import Path

import pytest
from rasa.core.brokers.broker import EventBroker
from rasa.core.lock_store import InMemoryLockStore, LockError, LockStore, RedisLockStore
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.constants import ACTION_SESSION_START_NAME, SESSION_START_METADATA_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from support.shared_redis import REDIS_URL

from common.settings import settings
from rasa_plugins.redis_tracker_store import continuation
from rasa_plugins.stores import lock_store_from_env, redis_settings, tracker_store_from_env

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.from_dict({"slots": {"language": {"type": "text", "mappings": []}}})


def test_redis_urls_are_read_with_redis_own_parser():
    settings = redis_settings("rediss://user:secret@cache.example:6380/3")
    assert settings == {
        "host": "cache.example",
        "port": 6380,
        "db": 3,
        "username": "user",
        "password": "secret",
        "use_ssl": True,
    }


async def test_rasa_builds_the_stores_named_in_endpoints_yml(monkeypatch):
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    tracker_store = TrackerStore.create(endpoints.tracker_store, DOMAIN)
    lock_store = LockStore.create(endpoints.lock_store)
    assert isinstance(tracker_store, RedisTrackerStore)
    assert isinstance(lock_store, RedisLockStore)
    assert endpoints.action.url == "http://127.0.0.1:5055/webhook"  # each worker its own
    monkeypatch.delenv("REDIS_URL")
    settings.cache_clear()  # another Rasa server process, started without REDIS_URL
    assert isinstance(TrackerStore.create(endpoints.tracker_store, DOMAIN), InMemoryTrackerStore)
    assert isinstance(LockStore.create(endpoints.lock_store), InMemoryLockStore)


def test_without_redis_url_conversations_stay_in_memory(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(tracker_store_from_env(DOMAIN), InMemoryTrackerStore)
    assert isinstance(lock_store_from_env(), InMemoryLockStore)


async def test_with_redis_url_a_conversation_survives_in_redis(monkeypatch):
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    prefix = f"test{uuid.uuid4().hex[:8]}"
    store = tracker_store_from_env(DOMAIN, key_prefix=prefix)
    assert isinstance(store, RedisTrackerStore)
    sender = "telegram:123"
    tracker = DialogueStateTracker.from_events(
        sender, [UserUttered("привет"), SlotSet("language", "ru")], slots=DOMAIN.slots
    )
    await store.save(tracker)

    reopened = tracker_store_from_env(DOMAIN, key_prefix=prefix)
    restored = await reopened.retrieve(sender)
    assert restored is not None
    assert restored.get_slot("language") == "ru"
    store.red.delete(store.key_prefix + sender)


async def test_with_redis_url_locks_are_shared_through_redis(monkeypatch):
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    first, second = lock_store_from_env(), lock_store_from_env()
    assert isinstance(first, RedisLockStore)
    conversation = f"webchat:{uuid.uuid4().hex}"
    ticket = first.issue_ticket(conversation)
    lock = second.get_lock(conversation)
    assert lock is not None
    assert lock.last_issued == ticket
    first.delete_lock(conversation)
    assert second.get_lock(conversation) is None


def test_a_redis_that_does_not_answer_fails_loudly(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    with pytest.raises(LockError, match=r"connecting to 127\.0\.0\.1:1\b"):
        lock_store_from_env().issue_ticket("webchat:any")


def test_the_lock_store_takes_its_key_prefix_from_endpoints_yml(monkeypatch):
    from rasa.utils.endpoints import EndpointConfig

    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    configured = EndpointConfig(type="rasa_plugins.stores.EnvLockStore", key_prefix="run42")

    assert lock_store_from_env(configured).key_prefix == "run42:lock:"
    assert lock_store_from_env().key_prefix == "pes:lock:"


class CollectingBroker(EventBroker):
    """An event broker that keeps what it is given."""

    def __init__(self) -> None:
        self.published: list[dict] = []

    def publish(self, event: dict) -> None:
        self.published.append(event)


GATEWAY_METADATA = {"channel": "webchat", "message_id": "m-1", "language_hint": "ru"}


async def converse(store: TrackerStore, metadata: dict | None = None) -> list[dict]:
    """Two turns, a new session, one more turn: each saved as Rasa's processor saves them (the
    tracker retrieved, events added, saved). The events published, without their times.
    With `metadata`, the first session starts as Rasa starts one for a message carrying it:
    the `session_started_metadata` slot is set before `action_session_start`."""
    sender = "webchat:counting"
    opening = [SlotSet(SESSION_START_METADATA_SLOT, metadata)] if metadata else []
    turns = [
        [
            *opening,
            ActionExecuted(ACTION_SESSION_START_NAME),
            SessionStarted(),
            ActionExecuted("action_listen"),
        ],
        [UserUttered("привет"), SlotSet("language", "ru"), BotUttered("Здравствуйте!")],
        [UserUttered("спасибо"), BotUttered("Пожалуйста!"), ActionExecuted("action_listen")],
        [ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted(), SlotSet("language", "ru")],
        [UserUttered("hello"), BotUttered("Hello!")],
    ]
    for events in turns:
        tracker = await store.retrieve(sender) or DialogueStateTracker(sender, DOMAIN.slots)
        tracker.update_with_events(events, DOMAIN)
        await store.save(tracker)
    assert isinstance(store.event_broker, CollectingBroker)
    return [
        {key: value for key, value in event.items() if key != "timestamp"}
        for event in store.event_broker.published
    ]


async def test_the_in_memory_store_publishes_exactly_what_rasas_own_publishes(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    ours = tracker_store_from_env(DOMAIN, event_broker=CollectingBroker())
    rasas = InMemoryTrackerStore(DOMAIN, event_broker=CollectingBroker())

    published = await converse(ours)

    assert published == await converse(rasas)
    assert [event["event"] for event in published] == [
        *["action", "session_started", "action"],
        *["user", "slot", "bot"],
        *["user", "bot", "action"],
        *["action", "session_started", "slot"],
        *["user", "bot"],
    ]
    assert (await ours.retrieve("webchat:counting")).events == (
        await rasas.retrieve("webchat:counting")
    ).events


def stored_events(store: RedisTrackerStore, sender: str) -> list[dict]:
    """Every event stored for `sender` (all sessions), without their times."""
    dialogue = json.loads(store.red.get(store.key_prefix + sender))
    return [{k: v for k, v in event.items() if k != "timestamp"} for event in dialogue["events"]]


@pytest.mark.parametrize("metadata", [None, GATEWAY_METADATA], ids=["plain", "gateway-metadata"])
async def test_the_redis_store_stores_and_publishes_exactly_what_rasas_own_does(
    monkeypatch, metadata
):
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    run = uuid.uuid4().hex[:8]
    ours = tracker_store_from_env(DOMAIN, event_broker=CollectingBroker(), key_prefix=f"ours{run}")
    redis = redis_settings(REDIS_URL)
    rasas = RedisTrackerStore(
        DOMAIN, **redis, event_broker=CollectingBroker(), key_prefix=f"rasa{run}"
    )
    try:
        published = await converse(ours, metadata)

        assert published == await converse(rasas, metadata)
        assert stored_events(ours, "webchat:counting") == stored_events(rasas, "webchat:counting")
        first_session = ["slot"] if metadata else []
        assert [event["event"] for event in stored_events(ours, "webchat:counting")] == [
            *first_session,
            *["action", "session_started", "action"],
            *["user", "slot", "bot"],
            *["user", "bot", "action"],
            *["action", "session_started", "slot"],
            *["user", "bot"],
        ]
    finally:
        for store in (ours, rasas):
            store.red.delete(store.key_prefix + "webchat:counting")


def test_a_session_started_with_metadata_is_continued_without_rasas_slow_merge():
    """The case Rasa's `_merge_trackers` misses (and then compares every event with every
    other): the retrieved last session lacks the metadata slot stored before it."""
    opening = {"event": "slot", "name": SESSION_START_METADATA_SLOT, "value": GATEWAY_METADATA}
    session = [
        {"event": "action", "name": ACTION_SESSION_START_NAME},
        {"event": "session_started"},
        {"event": "user", "text": "привет"},
    ]
    new = [{"event": "bot", "text": "Здравствуйте!"}]

    assert continuation([opening, *session], [*session, *new]) == ([opening], 3)
    assert continuation([opening, *session], [opening, *session, *new]) == ([], 4)
    assert continuation([opening, *session], [session[0], *new]) is None  # not a continuation
