"""Settings for gateway tests: a fixed secret, a temporary SQLite file, the local Redis."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from common.settings import Settings, StaffSettings

TEST_SECRET = b"test-secret-key-0123456789abcdef"
# The token of the test Rasa servers' HTTP API and REST channel (`rasa run --auth-token`).
TEST_RASA_TOKEN = "test-rasa-token-abcdefghij"
REDIS_URL = "redis://127.0.0.1:6379/0"


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Gateway settings for one test: every override is a `Settings` field (staff passwords are
    hashed with bcrypt's cheapest cost)."""
    base = Settings(
        secret_key=TEST_SECRET,
        database_url=f"sqlite:///{tmp_path / 'gateway.db'}",
        redis_url=REDIS_URL,
        rasa_token=TEST_RASA_TOKEN,
        staff=StaffSettings(bcrypt_rounds=4),
    )
    return dataclasses.replace(base, **overrides)
