"""`python -m bot staff …` in a subprocess, as an operator runs it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from common.storage.engine import make_engine
from staff.users import UserStore

ROOT = Path(__file__).resolve().parents[2]


def run_staff(
    database_url: str, *args: str, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "STAFF_BCRYPT_ROUNDS": "4",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "staff", *args],
        cwd=ROOT,
        env=environment,
        input="" if password is None else password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )


def authenticate(database_url: str, name: str, password: str) -> bool:
    store = UserStore(make_engine(database_url))
    return asyncio.run(store.authenticate(name, password)) is not None


def test_an_operator_manages_accounts_from_the_shell(sqlite_database_url: str) -> None:
    url = sqlite_database_url

    added = run_staff(url, "add-user", "Anna", "--role", "admin", password="first password!")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "added admin 'anna'"
    assert authenticate(url, "anna", "first password!")

    listed = run_staff(url, "list")
    assert listed.returncode == 0
    assert listed.stdout.split()[:3] == ["anna", "admin", "active"]
    assert "last login: " in listed.stdout

    changed = run_staff(url, "set-password", "anna", password="second password!")
    assert changed.returncode == 0, changed.stderr
    assert "their sessions have ended" in changed.stdout
    assert not authenticate(url, "anna", "first password!")
    assert authenticate(url, "anna", "second password!")

    disabled = run_staff(url, "disable", "anna")
    assert disabled.returncode == 0
    assert not authenticate(url, "anna", "second password!")
    assert "disabled" in run_staff(url, "list").stdout


def test_mistakes_are_reported_with_a_failing_exit_code(sqlite_database_url: str) -> None:
    url = sqlite_database_url
    run_staff(url, "add-user", "boris", "--role", "reviewer", password="a fine password")

    duplicate = run_staff(url, "add-user", "BORIS", "--role", "admin", password="a fine password")
    short = run_staff(url, "add-user", "vera", "--role", "admin", password="short")
    no_password = run_staff(url, "add-user", "vera", "--role", "admin")
    unknown = run_staff(url, "disable", "nobody")
    bad_role = run_staff(url, "add-user", "vera", "--role", "owner", password="a fine password")

    assert (duplicate.returncode, duplicate.stderr.strip()) == (
        1,
        "error: there is already a user 'boris'",
    )
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    assert no_password.returncode == 1 and "no password on stdin" in no_password.stderr
    assert unknown.returncode == 1 and "there is no user 'nobody'" in unknown.stderr
    assert bad_role.returncode == 2 and "invalid choice: 'owner'" in bad_role.stderr
