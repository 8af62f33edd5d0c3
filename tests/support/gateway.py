"""Settings for gateway tests: a fixed secret, a temporary migrated SQLite file, the local Redis."""

from __future__ import annotations

import atexit
import dataclasses
import functools
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

from support.shared_redis import REDIS_URL

from common.settings import Settings, StaffSettings
from common.storage.migrate import upgrade

TEST_SECRET = b"test-secret-key-0123456789abcdef"
# The token of the test Rasa servers' HTTP API and REST channel (`rasa run --auth-token`).
TEST_RASA_TOKEN = "test-rasa-token-abcdefghij"
UNLIMITED = 10**9
# For tests of per-address limits: the gateway trusts 127.0.0.1 (the test client) as a proxy,
# and each test names a client address of its own in X-Forwarded-For.
TRUSTING_THE_TEST_CLIENT = ("127.0.0.1",)


def fresh_address() -> str:
    """A client address no other test (or test run) uses: its per-address counters are fresh."""
    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Gateway settings for one test: every override is a `Settings` field (staff passwords are
    hashed with bcrypt's cheapest cost). The database, unless overridden, is a SQLite file at
    the newest migration, as `python -m bot db upgrade` leaves it before the gateway starts."""
    database_url = (
        overrides["database_url"]
        if "database_url" in overrides
        else migrated_sqlite(tmp_path / "gateway.db")
    )
    base = Settings(
        secret_key=TEST_SECRET,
        database_url=database_url,
        redis_url=REDIS_URL,
        rasa_token=TEST_RASA_TOKEN,
        # Every test client calls from 127.0.0.1, and the counters live in the shared Redis:
        # per-address limits are out of the way unless a test sets them (and then calls from
        # an address of its own, see `fresh_address`).
        webchat_connections_per_address=UNLIMITED,
        webchat_hello_limit=UNLIMITED,
        webchat_address_rate_limit=UNLIMITED,
        staff=StaffSettings(bcrypt_rounds=4, login_attempts_per_address=UNLIMITED),
    )
    return dataclasses.replace(base, **overrides)


def migrated_sqlite(path: Path) -> str:
    """The URL of a SQLite file at `path` at the newest migration: a copy of one file migrated
    once per test session (migrating costs more than copying), unless the file is there already
    (gateway replicas of one test share it)."""
    if not path.exists():
        shutil.copyfile(_migrated_template(), path)
    return f"sqlite:///{path}"


@functools.cache
def _migrated_template() -> Path:
    directory = Path(tempfile.mkdtemp(prefix="pes-schema-"))
    atexit.register(shutil.rmtree, directory, True)
    template = directory / "template.db"
    upgrade(f"sqlite:///{template}")
    return template
