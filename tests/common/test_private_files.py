"""Generated secrets and the embedded SQLite database are readable by their owner only, from the
moment they exist (finding 8 of issue 14)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy import text

from common.private_files import local_secret
from common.storage.engine import make_engine


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_generated_secret_is_created_0600_in_a_0700_directory(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    old_umask = os.umask(0)  # a permissive umask must not widen what the file is created with
    try:
        secret = local_secret(path)
    finally:
        os.umask(old_umask)

    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert len(secret) == 64
    assert local_secret(path) == secret  # kept: the next start reads the same secret


def test_the_embedded_sqlite_database_is_created_0600_in_a_0700_directory(tmp_path: Path) -> None:
    database = tmp_path / "var" / "pes.db"
    old_umask = os.umask(0o022)
    try:
        engine = make_engine(f"sqlite:///{database}")
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
        engine.dispose()
    finally:
        os.umask(old_umask)

    assert mode(database) == 0o600
    assert mode(database.parent) == 0o700
