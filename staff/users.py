"""Staff accounts: add, list, disable, change passwords, check a login.

Like the other stores, the public methods are async and run their SQL and bcrypt work in a
worker thread; they return frozen dataclasses, never ORM objects. Usernames are case-insensitive
(stored case-folded). Every change names who made it (`by`) and is written to the audit log in
the same transaction.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.storage import audit
from common.storage.columns import utc_now
from common.storage.sessions import reading, writing
from common.storage.staff_models import ROLES, StaffUser
from staff.passwords import dummy_hash, hash_password, verify_password

_USERNAME: Final = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")


class UserError(ValueError):
    """A request about an account cannot be done. `code` names why (texts: staff_console.yml)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class StaffAccount:
    id: int
    username: str
    role: str
    active: bool
    created_at: datetime
    credentials_changed_at: datetime
    last_login_at: datetime | None


def normalize_username(username: str) -> str:
    """The stored form of a username; UserError when it is not 2-64 of a-z 0-9 . _ -."""
    name = username.strip().casefold()
    if not _USERNAME.fullmatch(name):
        raise UserError(
            "bad_username",
            "a username is 2 to 64 characters: letters a-z, digits, '.', '_' or '-'",
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError("bad_role", f"role must be one of {', '.join(ROLES)}")
    return role


class UserStore:
    def __init__(self, engine: Engine, *, bcrypt_rounds: int = 12) -> None:
        self._engine = engine
        self._rounds = bcrypt_rounds

    async def add(self, username: str, role: str, password: str, *, by: str) -> StaffAccount:
        """A new active account. UserError: bad name or role, or the name is taken;
        PasswordError: the password breaks a rule."""
        return await asyncio.to_thread(self._add, username, role, password, by)

    async def get(self, username: str) -> StaffAccount | None:
        return await asyncio.to_thread(self._get, username)

    async def by_id(self, account_id: int) -> StaffAccount | None:
        return await asyncio.to_thread(self._by_id, account_id)

    async def all(self) -> list[StaffAccount]:
        return await asyncio.to_thread(self._all)

    async def set_active(self, username: str, active: bool, *, by: str) -> StaffAccount:
        """Enable or disable an account; disabling ends its open sessions."""
        return await asyncio.to_thread(self._set_active, username, active, by)

    async def set_password(self, username: str, password: str, *, by: str) -> StaffAccount:
        """A new password; the account's other sessions end."""
        return await asyncio.to_thread(self._set_password, username, password, by)

    async def authenticate(self, username: str, password: str) -> StaffAccount | None:
        """The active account with this name and password, else None.

        An unknown or disabled name costs a bcrypt check too, so timing does not tell
        which names exist. A successful login is recorded (`last_login_at`).
        """
        return await asyncio.to_thread(self._authenticate, username, password)

    def _add(self, username: str, role: str, password: str, by: str) -> StaffAccount:
        name = normalize_username(username)
        check_role(role)
        password_hash = hash_password(password, self._rounds)
        now = utc_now()
        row = StaffUser(
            username=name,
            role=role,
            password_hash=password_hash,
            active=True,
            created_at=now,
            credentials_changed_at=now,
        )
        try:
            with writing(self._engine) as session:
                session.add(row)
                session.flush()
                _audit(session, by, "staff_user_added", name, {"role": role})
                return _account(row)
        except IntegrityError:
            raise UserError("username_taken", f"there is already a user {name!r}") from None

    def _get(self, username: str) -> StaffAccount | None:
        try:
            name = normalize_username(username)
        except UserError:
            return None
        with reading(self._engine) as session:
            row = session.execute(select(StaffUser).where(StaffUser.username == name)).scalar()
            return None if row is None else _account(row)

    def _by_id(self, account_id: int) -> StaffAccount | None:
        with reading(self._engine) as session:
            row = session.get(StaffUser, account_id)
            return None if row is None else _account(row)

    def _all(self) -> list[StaffAccount]:
        with reading(self._engine) as session:
            rows = session.execute(select(StaffUser).order_by(StaffUser.username)).scalars()
            return [_account(row) for row in rows]

    def _set_active(self, username: str, active: bool, by: str) -> StaffAccount:
        with writing(self._engine) as session:
            row = self._row(session, username)
            if row.active != active:
                row.active = active
                row.credentials_changed_at = utc_now()
                action = "staff_user_enabled" if active else "staff_user_disabled"
                _audit(session, by, action, row.username)
            return _account(row)

    def _set_password(self, username: str, password: str, by: str) -> StaffAccount:
        password_hash = hash_password(password, self._rounds)
        with writing(self._engine) as session:
            row = self._row(session, username)
            row.password_hash = password_hash
            row.credentials_changed_at = utc_now()
            _audit(session, by, "staff_password_set", row.username)
            return _account(row)

    def _authenticate(self, username: str, password: str) -> StaffAccount | None:
        try:
            name = normalize_username(username)
        except UserError:
            name = None
        with writing(self._engine) as session:
            row = None
            if name is not None:
                query = select(StaffUser).where(StaffUser.username == name)
                row = session.execute(query).scalar()
            if row is None or not row.active:
                verify_password(password, dummy_hash(self._rounds))
                return None
            if not verify_password(password, row.password_hash):
                return None
            row.last_login_at = utc_now()
            return _account(row)

    def _row(self, session: Session, username: str) -> StaffUser:
        name = normalize_username(username)
        row = session.execute(
            select(StaffUser).where(StaffUser.username == name).with_for_update()
        ).scalar()
        if row is None:
            raise UserError("no_such_user", f"there is no user {name!r}")
        return row


def _audit(
    session: Session, by: str, action: str, username: str, details: dict[str, str] | None = None
) -> None:
    audit.record(session, actor=by, action=action, target=f"staff_user:{username}", details=details)


def _account(row: StaffUser) -> StaffAccount:
    return StaffAccount(
        id=row.id,
        username=row.username,
        role=row.role,
        active=row.active,
        created_at=row.created_at,
        credentials_changed_at=row.credentials_changed_at,
        last_login_at=row.last_login_at,
    )
