"""Tracker and lock stores chosen by the REDIS_URL environment variable.

endpoints.yml names these factories as the store `type`; Rasa calls them with its usual arguments.
With REDIS_URL set, conversations and per-conversation locks live in Redis, so several Rasa servers
can share them; without it they stay in memory (the embedded default of `make run`).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, TrackerStore
from redis.connection import parse_url

logger = logging.getLogger(__name__)

TRACKER_DB_DEFAULT = 0
LOCK_KEY_PREFIX = "pes"


def redis_settings(url: str) -> dict[str, Any]:
    """Host, port, db, username, password and TLS flag of a redis:// or rediss:// URL."""
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
    url = os.environ.get("REDIS_URL")
    if not url:
        logger.info("REDIS_URL not set: conversations are kept in memory")
        return InMemoryTrackerStore(domain, event_broker=event_broker)
    settings = redis_settings(url)
    logger.info(
        "Tracker store: Redis at %s:%s db %s", settings["host"], settings["port"], settings["db"]
    )
    return RedisTrackerStore(
        domain,
        host=settings["host"],
        port=settings["port"],
        db=settings["db"],
        username=settings["username"],
        password=settings["password"],
        use_ssl=settings["use_ssl"],
        event_broker=event_broker,
        record_exp=kwargs.get("record_exp"),
        key_prefix=kwargs.get("key_prefix"),
    )


def lock_store_from_env(endpoint_config: Any = None) -> LockStore:
    url = os.environ.get("REDIS_URL")
    if not url:
        return InMemoryLockStore()
    settings = redis_settings(url)
    return RedisLockStore(
        host=settings["host"],
        port=settings["port"],
        db=settings["db"],
        username=settings["username"],
        password=settings["password"],
        use_ssl=settings["use_ssl"],
        key_prefix=LOCK_KEY_PREFIX,
    )
