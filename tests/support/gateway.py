"""Settings for gateway tests: a fixed secret, a temporary migrated SQLite file, the local Redis."""

from __future__ import annotations

import atexit
import dataclasses
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

from support.shared_redis import REDIS_URL

from common.settings import Settings, StaffSettings
from common.storage.migrate import upgrade

TEST_SECRET = b"test-secret-key-0123456789abcdef"


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
        staff=StaffSettings(bcrypt_rounds=4),
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
