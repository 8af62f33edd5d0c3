"""The start-up cannot race: against 20 new SQLite files, two migration runs and the first
database uses of the gateway, the Rasa event broker and the action server, all at once in
separate processes, end without a single migration error, and every file at the newest schema."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "support" / "startup_race.py"
ROLES = ("upgrade", "upgrade", "serve", "serve", "serve")
NEWEST_REVISION = "0009"  # the last file in common/storage/migrations/versions


def test_twenty_fresh_starts_against_one_new_sqlite_file_each_never_fail(tmp_path: Path) -> None:
    databases = [tmp_path / f"start-{round_}" / "pes.db" for round_ in range(20)]
    urls = [f"sqlite:///{database}" for database in databases]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}

    processes = [
        subprocess.Popen(
            [sys.executable, str(SCRIPT), role, *urls],
            cwd=ROOT,
            env=environment,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in ROLES
    ]
    failures = []
    for role, process in zip(ROLES, processes, strict=True):
        _, stderr = process.communicate(timeout=300)
        if process.returncode != 0:
            failures.append(f"{role}: {stderr.strip()[-2000:]}")

    assert failures == []
    for database in databases:
        with sqlite3.connect(database) as connection:
            [(revision,)] = connection.execute("SELECT version_num FROM alembic_version")
            [(conversations,)] = connection.execute("SELECT count(*) FROM conversations")
        assert (revision, conversations) == (NEWEST_REVISION, 3)
