"""`python -m bot staff …`: staff accounts of the console, from the shell.

    python -m bot staff add-user NAME --role admin|reviewer
    python -m bot staff list
    python -m bot staff disable NAME
    python -m bot staff set-password NAME

Passwords are asked twice on a terminal (never echoed), or read from the first line of stdin
when it is not a terminal (`echo "$PASSWORD" | python -m bot staff add-user anna --role admin`).
The database is DATABASE_URL (else var/pes.db), migrated first; the bcrypt cost is
STAFF_BCRYPT_ROUNDS (default 12). Every change goes to the audit log as `cli:<system user>`.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from typing import Any


def add_staff_commands(groups: Any) -> None:
    staff = groups.add_parser("staff", help="staff console accounts")
    commands = staff.add_subparsers(dest="command", required=True, metavar="COMMAND")

    add = commands.add_parser(
        "add-user",
        help="add a staff account (password prompted, or read from stdin)",
        description="Add an account for the staff console at /staff. Reviewers read, tag and "
        "review conversations; admins also manage accounts, reveal, export unmasked and erase.",
    )
    add.add_argument("name", metavar="NAME", help="2-64 characters: a-z 0-9 . _ -")
    add.add_argument("--role", required=True, choices=("admin", "reviewer"))
    add.set_defaults(run=_add_user)

    listing = commands.add_parser("list", help="the accounts, their roles and last logins")
    listing.set_defaults(run=_list_users)

    disable = commands.add_parser("disable", help="disable an account (its sessions end)")
    disable.add_argument("name", metavar="NAME")
    disable.set_defaults(run=_disable_user)

    password = commands.add_parser(
        "set-password", help="set a new password (the account's sessions end)"
    )
    password.add_argument("name", metavar="NAME")
    password.set_defaults(run=_set_password)


def _add_user(args: argparse.Namespace) -> int:
    from staff.passwords import PasswordError
    from staff.users import UserError

    store = _open_store()
    password = _read_password()
    if store is None or password is None:
        return 1
    try:
        account = asyncio.run(store.add(args.name, args.role, password, by=_actor()))
    except (UserError, PasswordError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"added {account.role} {account.username!r}")
    return 0


def _list_users(_args: argparse.Namespace) -> int:
    store = _open_store()
    if store is None:
        return 1
    accounts = asyncio.run(store.all())
    if not accounts:
        print("no staff accounts yet: python -m bot staff add-user NAME --role admin")
    for account in accounts:
        last = f"{account.last_login_at:%Y-%m-%d %H:%M} UTC" if account.last_login_at else "never"
        state = "active" if account.active else "disabled"
        print(f"{account.username:<24} {account.role:<9} {state:<9} last login: {last}")
    return 0


def _disable_user(args: argparse.Namespace) -> int:
    from staff.users import UserError

    store = _open_store()
    if store is None:
        return 1
    try:
        account = asyncio.run(store.set_active(args.name, False, by=_actor()))
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"disabled {account.username!r}")
    return 0


def _set_password(args: argparse.Namespace) -> int:
    from staff.passwords import PasswordError
    from staff.users import UserError

    store = _open_store()
    if store is None:
        return 1
    if asyncio.run(store.get(args.name)) is None:
        print(f"error: there is no user {args.name!r}", file=sys.stderr)
        return 1
    password = _read_password()
    if password is None:
        return 1
    try:
        account = asyncio.run(store.set_password(args.name, password, by=_actor()))
    except (UserError, PasswordError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"new password set for {account.username!r}; their sessions have ended")
    return 0


def _actor() -> str:
    """Who runs the command, for the audit log."""
    return f"cli:{getpass.getuser()}"


def _read_password() -> str | None:
    """Twice from the terminal, or the first line of stdin; None (after saying why) if unusable."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password again: "):
            print("error: the passwords are not the same", file=sys.stderr)
            return None
        return first
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        print("error: no password on stdin", file=sys.stderr)
        return None
    return line


def _open_store() -> Any:
    """The account store of DATABASE_URL, migrated; None (after saying why) if unreachable."""
    from common.settings import settings
    from common.storage.engine import make_engine
    from common.storage.errors import describe_error
    from common.storage.migrate import upgrade
    from staff.users import UserStore

    database_url = settings().database_url
    rounds = settings().staff.bcrypt_rounds
    try:
        upgrade(database_url)
    except Exception as error:
        print(f"error: the database cannot be used: {describe_error(error)}", file=sys.stderr)
        return None
    return UserStore(make_engine(database_url), bcrypt_rounds=rounds)
