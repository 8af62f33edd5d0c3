"""Tracker and lock stores chosen by the REDIS_URL setting (`common.settings`).

endpoints.yml names `EnvTrackerStore` and `EnvLockStore` as the store `type`. Rasa only accepts a
class there and instantiates it with its usual arguments; constructing one of these classes
returns Rasa's own Redis stores when REDIS_URL is set (so several Rasa servers share conversations
and per-conversation locks; for the tracker, a subclass that saves a message's events with one
read, redis_tracker_store.py) and Rasa's in-memory stores otherwise (the embedded default of
`make run`; for the tracker, a subclass that saves without reading it back first,
memory_tracker_store.py).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import TrackerStore
from redis.connection import parse_url

from common.settings import settings as current_settings
from rasa_plugins import patches
from rasa_plugins.memory_tracker_store import CountingInMemoryTrackerStore
from rasa_plugins.redis_tracker_store import AppendingRedisTrackerStore

logger = logging.getLogger(__name__)

TRACKER_DB_DEFAULT = 0
LOCK_KEY_PREFIX = "pes"


def redis_settings(url: str) -> dict[str, Any]:
    """Host, port, db, username, password and TLS flag of a redis:// or rediss:// URL, named as
    Rasa's Redis tracker and lock stores take them."""
    parsed = parse_url(url)
    return {
        "host": parsed.get("host", "localhost"),
        "port": int(parsed.get("port", 6379)),
        "db": int(parsed.get("db", TRACKER_DB_DEFAULT)),
        "username": parsed.get("username"),
        "password": parsed.get("password"),
        "use_ssl": url.startswith("rediss://"),
    }


def tracker_store_from_env(
    domain: Any = None, event_broker: Any = None, host: str | None = None, **kwargs: Any
) -> TrackerStore:
    """Rasa's Redis tracker store for REDIS_URL, or its in-memory one without it."""
    url = current_settings().redis_url
    if not url:
        logger.info("REDIS_URL not set: conversations are kept in memory")
        return CountingInMemoryTrackerStore(domain, event_broker=event_broker)
    settings = redis_settings(url)
    logger.info(
        "Tracker store: Redis at %s:%s db %s", settings["host"], settings["port"], settings["db"]
    )
    return AppendingRedisTrackerStore(
        domain,
        **settings,
        event_broker=event_broker,
        record_exp=kwargs.get("record_exp"),
        key_prefix=kwargs.get("key_prefix"),
    )


def lock_store_from_env(endpoint_config: Any = None) -> LockStore:
    """Rasa's Redis lock store for REDIS_URL, or its in-memory one without it. Its keys start
    with `key_prefix` from endpoints.yml (letters and digits; tests use one per run), else "pes"."""
    url = current_settings().redis_url
    if not url:
        return InMemoryLockStore()
    options = getattr(endpoint_config, "kwargs", None) or {}
    return RedisLockStore(
        **redis_settings(url), key_prefix=options.get("key_prefix", LOCK_KEY_PREFIX)
    )


class EnvTrackerStore:
    """The `type` for endpoints.yml: instantiating it gives `tracker_store_from_env(...)`.

    Rasa builds it once per process from endpoints.yml, which makes it the place that also
    installs the project's changes to Rasa's turn (rasa_plugins/patches.py)."""

    def __new__(cls, *args: Any, **kwargs: Any) -> TrackerStore:
        patches.install()
        return tracker_store_from_env(*args, **kwargs)


class EnvLockStore:
    """The `type` for endpoints.yml: instantiating it gives `lock_store_from_env(...)`."""

    def __new__(cls, *args: Any, **kwargs: Any) -> LockStore:
        return lock_store_from_env(*args, **kwargs)
