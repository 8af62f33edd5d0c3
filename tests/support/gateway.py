"""Settings for gateway tests: a fixed secret, a temporary SQLite file, the local Redis."""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path
from typing import Any

from common.settings import Settings, StaffSettings

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


REDIS_URL = "redis://127.0.0.1:6379/0"


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Gateway settings for one test: every override is a `Settings` field (staff passwords are
    hashed with bcrypt's cheapest cost)."""
    base = Settings(
        secret_key=TEST_SECRET,
        database_url=f"sqlite:///{tmp_path / 'gateway.db'}",
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
