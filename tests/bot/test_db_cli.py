"""`python -m bot db upgrade`, in a subprocess as an operator runs it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from common.storage.migrate import revisions

ROOT = Path(__file__).resolve().parents[2]


def test_db_upgrade_migrates_the_database_once_before_the_processes_start(tmp_path: Path):
    database = tmp_path / "var" / "pes.db"
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{database}"}

    result = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "database schema is current" in result.stdout
    with sqlite3.connect(database) as connection:
        [(revision,)] = connection.execute("SELECT version_num FROM alembic_version")
    assert revision == revisions()[-1]
